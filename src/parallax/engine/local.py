"""The local runner: stream documents through read -> clean -> NLP -> store, then the corpus stages.

Ingestion is streamed in batches (bounded memory) and each batch is one store
transaction; articles already stored are skipped before the expensive NLP, so a
re-run adds nothing. The corpus stages (duplicates, stories, events, statements,
comparison) then rebuild the derived tables from the store in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from parallax.model import Article, RawDocument, ReadError
from parallax.settings import Settings
from parallax.store import Store

T = TypeVar("T")
ProgressCallback = Callable[[int], None]


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    failures: list[ReadError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass
class CorpusSummary:
    articles: int = 0
    duplicates: int = 0
    stories: int = 0
    events: int = 0
    statements: int = 0


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def clean_batch(
    items: Sequence[RawDocument | ReadError], settings: Settings
) -> tuple[list[Article], list[ReadError]]:
    """Clean what was read; a document that breaks the cleaner becomes a failure, not a crash."""
    from parallax.clean import clean_document

    articles, failures = [], []
    for item in items:
        if isinstance(item, ReadError):
            failures.append(item)
            continue
        try:
            article = clean_document(item, settings)
        except Exception as exc:  # a hostile document must not stop the run
            failures.append(ReadError(item.source, f"cleaning failed: {type(exc).__name__}: {exc}"))
            continue
        if not article.text.strip():
            failures.append(ReadError(item.source, "no article text left after cleaning"))
            continue
        articles.append(article)
    return articles, failures


def annotate_batch(pipeline, articles: list[Article]) -> tuple[list[Article], list[ReadError]]:
    """Run the NLP stages on a batch; if the batch fails, retry one by one to isolate the culprit."""
    try:
        return list(pipeline(articles)), []
    except Exception:
        done, failures = [], []
        for article in articles:
            try:
                done.append(pipeline.annotate(article))
            except Exception as exc:
                failures.append(ReadError(article.source, f"analysis failed: {type(exc).__name__}: {exc}"))
        return done, failures


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Read, clean, annotate and store documents, one transaction per batch."""
    from parallax.nlp.pipeline import Pipeline
    from parallax.sources import read_paths

    settings = settings or Settings()
    summary = IngestSummary()
    pipeline: Pipeline | None = None
    seen: set[str] = set()
    for batch in batched(read_paths(paths, favor_precision=settings.favor_precision), settings.batch_size):
        summary.read += sum(1 for item in batch if not isinstance(item, ReadError))
        articles, failures = clean_batch(batch, settings)
        known = store.known_ids([a.id for a in articles])
        fresh = []
        for a in articles:
            if a.id in known or a.id in seen:
                summary.already_stored += 1
            else:
                seen.add(a.id)
                fresh.append(a)
        if fresh:
            pipeline = pipeline or Pipeline(settings)
            annotated, nlp_failures = annotate_batch(pipeline, fresh)
            failures.extend(nlp_failures)
            summary.stored += store.write_articles(annotated)
        store.record_failures(failures)
        summary.failures.extend(failures)
        if on_progress:
            on_progress(len(batch))
    if summary.stored:
        store.sort_index()
    return summary


def build_corpus(store: Store, settings: Settings | None = None) -> CorpusSummary:
    """Duplicates, stories, events, statements and comparisons over everything stored."""
    from parallax.engine.corpus import analyze_corpus

    return analyze_corpus(store, settings or Settings())


def analyze(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[IngestSummary, CorpusSummary]:
    settings = settings or Settings()
    ingested = ingest(paths, store, settings, on_progress)
    return ingested, build_corpus(store, settings)
