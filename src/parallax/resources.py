"""What every stage reads and no stage changes: settings, knowledge base, spaCy model.

The engine builds one ``Resources`` per process and hands it to the cleaner, the NLP
pipeline and the corpus stages, so the model and the KB load once, and a user's extra
KB file (``Settings.kb_extra``) reaches every stage that looks a name up. The sentence
encoder the corpus stages use (~130 MB) loads on first request, so ingest workers never load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parallax.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from parallax.kb import KnowledgeBase


@dataclass(frozen=True)
class Resources:
    settings: Settings
    kb: KnowledgeBase
    nlp: Language

    @classmethod
    def load(cls, settings: Settings | None = None) -> Resources:
        """Load the model and the KB (each cached per process) for these settings."""
        from parallax.kb import load_kb
        from parallax.nlp.pipeline import load_spacy

        settings = settings or Settings()
        # load_kb() (what cleaning calls) and load_kb(None) are two cache entries: two KB loads
        kb = load_kb(settings.kb_extra) if settings.kb_extra is not None else load_kb()
        return cls(settings=settings, kb=kb, nlp=load_spacy())

    def encoder(self) -> Any | None:
        """The sentence encoder (``stories.paraphrase.load_encoder``: loaded once per process); None
        where it is not installed or switched off."""
        from parallax.stories.paraphrase import load_encoder

        return load_encoder()
