"""What every stage reads and no stage changes: settings, knowledge base, spaCy model.

The engine builds one ``Resources`` per process and hands it to the cleaner, the NLP
pipeline and the corpus stages, so the model and the KB load once, and a user's extra
KB file (``Settings.kb_extra``) reaches every stage that looks a name up. The sentence
encoder the corpus stages use (~130 MB) loads on first request, so ingest workers never load it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parallax.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from parallax.kb import KnowledgeBase


@dataclass(frozen=True)
class Resources:
    settings: Settings
    kb: KnowledgeBase
    load_model: Callable[[], Language] = field(repr=False, compare=False)

    @property
    def nlp(self) -> Language:
        """The spaCy model, loaded on first use (once per process): a process that only runs the
        corpus stages (the main one of a pool run) never parses, so never loads it."""
        return self.load_model()

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """The KB (cached per process) for these settings, and the model's loader (``nlp`` loads it)."""
        from parallax.kb import load_kb
        from parallax.nlp.pipeline import load_spacy

        settings = settings or Settings()
        # load_kb() (what cleaning calls) and load_kb(None) are two cache entries: two KB loads
        kb = load_kb(settings.kb_extra) if settings.kb_extra is not None else load_kb()
        return cls(settings=settings, kb=kb, load_model=load_spacy)

    def encoder(self) -> Any | None:
        """The sentence encoder (``stories.paraphrase.load_encoder``: loaded once per process); None
        where it is not installed or switched off."""
        from parallax.stories.paraphrase import load_encoder

        return load_encoder()
