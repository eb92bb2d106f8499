"""The local runner: stream documents through read -> clean -> NLP -> store, then the corpus stages.

Ingestion is streamed in batches (bounded memory) and each batch is one store
transaction; articles already stored are skipped before the expensive NLP, so a
re-run adds nothing. With ``Settings.n_process`` above one and more than one batch to
read, a pool of worker processes starts at once and each loads the model and the KB
while this process reads: the workers clean and annotate, this process only reads,
drops what is already stored and writes the store (it never loads the model during
ingest). A batch is split into contiguous chunks of a few articles (a worker done early
takes the next chunk; the last batch goes out in the smallest chunks, so neither worker
is left alone at the end); batches are stored in read order, so the store gets exactly
the rows one process would write. Workers import no store code (DuckDB, Arrow). The
corpus stages (duplicates, stories, events, statements, comparison) then rebuild the
derived tables from the store in one transaction.
"""

from __future__ import annotations

import math
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import chain, islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from parallax.model import Article, RawDocument, ReadError
from parallax.resources import Resources
from parallax.settings import Settings

if TYPE_CHECKING:  # workers import this module: the store (DuckDB, Arrow) stays out of them
    from parallax.store import Store

T = TypeVar("T")
ProgressCallback = Callable[[int], None]
Annotated = Callable[[], list[Article]]  # a batch's annotated articles, once the workers are done
# Articles per task sent to a worker: small enough that the workers finish the last batch
# together, large enough that spaCy still parses a batch of docs at a time.
CHUNK_ARTICLES = 8
LAST_CHUNK_ARTICLES = 2  # the last batch: neither worker is left alone with a long chunk at the end


@dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    failures: list[ReadError] = field(default_factory=list)
    stage_failures: list[ReadError] = field(default_factory=list)  # stored, but a stage raised on it

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
    items: Sequence[RawDocument | ReadError], resources: Resources
) -> tuple[list[Article], list[ReadError]]:
    """Clean what was read; a document that breaks the cleaner becomes a failure, not a crash."""
    from parallax.clean import clean_document

    articles, failures = [], []
    for item in items:
        if isinstance(item, ReadError):
            failures.append(item)
            continue
        try:
            article = clean_document(item, resources)
        except Exception as exc:  # a hostile document must not stop the run
            failures.append(ReadError(item.source, f"cleaning failed: {type(exc).__name__}: {exc}"))
            continue
        if not article.text.strip():
            failures.append(ReadError(item.source, "no article text left after cleaning"))
            continue
        articles.append(article)
    return articles, failures


def stage_failures(articles: Iterable[Article]) -> list[ReadError]:
    """One failure-list entry per stage that raised on a stored article."""
    return [
        ReadError(a.source, f"stage {f.stage} failed: {f.error}: {f.message}")
        for a in articles
        for f in a.failed_stages
    ]


def write_batch(
    store: Store, articles: list[Article], failures: list[ReadError], summary: IngestSummary
) -> None:
    """One batch into the store (one transaction) and its failures into the failure list."""
    partial = stage_failures(articles)
    summary.stored += store.write_articles(articles)
    store.record_failures(failures + partial)
    summary.failures.extend(failures)
    summary.stage_failures.extend(partial)


# ----------------------------------------------------------------- worker processes

_worker_resources: Resources | None = None
_worker_pipeline = None


def _start_worker(settings: Settings) -> None:
    """Pool initializer: the model and the KB load once per worker process."""
    global _worker_resources, _worker_pipeline
    from parallax.nlp.pipeline import Pipeline

    _worker_resources = Resources.load(settings)
    _worker_resources.nlp  # noqa: B018 - the model loads now, while the main process reads, not in a task
    _worker_pipeline = Pipeline(_worker_resources)


def _clean_in_worker(items: list[RawDocument]) -> list[Article | ReadError]:
    """Each document cleaned (or its failure), in order; the raw page is not sent back."""
    cleaned = []
    for item in items:
        articles, failures = clean_batch([item], _worker_resources)
        cleaned.extend([replace(a, raw="") for a in articles] or failures)
    return cleaned


def _annotate_in_worker(articles: list[Article]) -> list[Article]:
    return list(_worker_pipeline(articles))


def split(items: list[T], parts: int) -> list[list[T]]:
    """Contiguous, near-equal chunks in order (none empty)."""
    size, extra = divmod(len(items), parts)
    bounds = [n * size + min(n, extra) for n in range(parts + 1)]
    return [items[a:b] for a, b in pairwise(bounds) if b > a]


def chunks_for(items: list[T], workers: int, chunk: int) -> list[list[T]]:
    return split(items, max(workers, math.ceil(len(items) / chunk)))


@dataclass
class Cleaning:
    """A batch whose documents the workers are cleaning."""

    batch: list[RawDocument | ReadError]  # as read: the raw page goes back on each cleaned article
    futures: list[Future]

    def result(self) -> tuple[list[Article], list[ReadError]]:
        """What ``clean_batch`` would give, in the same order."""
        articles, failures = [], []
        cleaned = (item for f in self.futures for item in f.result())
        for read in self.batch:
            item = read if isinstance(read, ReadError) else next(cleaned)
            if isinstance(item, ReadError):
                failures.append(item)
            else:
                articles.append(replace(item, raw=read.original or read.content))
        return articles, failures


def submit_cleaning(pool: Executor, batch: list[RawDocument | ReadError], workers: int) -> Cleaning:
    """Clean on the workers, so that this process only reads and stores; the original page stays here."""
    sent = [replace(d, original="") for d in batch if isinstance(d, RawDocument)]
    futures = [pool.submit(_clean_in_worker, c) for c in chunks_for(sent, workers, CHUNK_ARTICLES)]
    return Cleaning(batch, futures)


def submit_to_pool(pool: Executor, articles: list[Article], workers: int, chunk: int) -> Annotated:
    """Annotate on the workers; the raw page stays here (no stage reads it) and is put back after."""
    futures = [
        pool.submit(_annotate_in_worker, [replace(a, raw="") for a in c])
        for c in chunks_for(articles, workers, chunk)
    ]

    def collect() -> list[Article]:
        done = (a for f in futures for a in f.result())
        return [replace(a, raw=sent.raw) for sent, a in zip(articles, done, strict=True)]

    return collect


def ready(articles: list[Article]) -> Annotated:
    return lambda: articles


def start_pool(settings: Settings) -> ProcessPoolExecutor:
    # spawn, not fork: the parent holds DuckDB's threads and the loaded model
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        settings.n_process, mp_context=context, initializer=_start_worker, initargs=(settings,)
    )


# ----------------------------------------------------------------- the runner


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Read, clean, annotate and store documents, one transaction per batch."""
    from parallax.sources import read_paths

    settings = settings or Settings()
    summary = IngestSummary()
    batches = batched(read_paths(paths, favor_precision=settings.favor_precision), settings.batch_size)
    first = next(batches, [])
    # a run that fits in one batch ends before workers could load their models
    if settings.n_process > 1 and len(first) == settings.batch_size:
        with start_pool(settings) as pool:  # the workers load their models while this process reads
            ingest_on_pool(pool, chain([first], batches), store, settings, summary, on_progress)
    else:
        ingest_here(chain([first], batches), store, settings, summary, on_progress)
    if summary.stored:
        store.sort_index()
    return summary


def ingest_here(
    batches: Iterable[list[RawDocument | ReadError]],
    store: Store,
    settings: Settings,
    summary: IngestSummary,
    on_progress: ProgressCallback | None,
) -> None:
    """Everything in this process, batch by batch."""
    from parallax.nlp.pipeline import Pipeline

    resources = Resources.load(settings)
    pipeline = Pipeline(resources)
    seen: set[str] = set()
    for batch in batches:
        summary.read += sum(1 for item in batch if not isinstance(item, ReadError))
        articles, failures = clean_batch(batch, resources)
        fresh = select_fresh(articles, store, seen, summary)
        store_pending((len(batch), failures, ready(list(pipeline(fresh)))), store, summary, on_progress)


def ingest_on_pool(
    pool: Executor,
    batches: Iterable[list[RawDocument | ReadError]],
    store: Store,
    settings: Settings,
    summary: IngestSummary,
    on_progress: ProgressCallback | None,
) -> None:
    """Clean and annotate on the workers; this process reads, drops what is stored, and stores.

    Three batches are in flight: one read and sent to clean, one cleaned and sent to
    annotate, one annotated and being stored, so the workers always have a task queued.
    The last batch goes out in chunks of two articles, so the workers finish together.
    """
    workers = settings.n_process
    seen: set[str] = set()
    cleaning: deque[Cleaning] = deque()
    annotating: deque[tuple[int, list[ReadError], Annotated]] = deque()

    def annotate_oldest(chunk: int) -> None:
        batch = cleaning.popleft()
        articles, failures = batch.result()
        fresh = select_fresh(articles, store, seen, summary)
        annotating.append((len(batch.batch), failures, submit_to_pool(pool, fresh, workers, chunk)))

    for batch in batches:
        summary.read += sum(1 for item in batch if not isinstance(item, ReadError))
        cleaning.append(submit_cleaning(pool, batch, workers))
        while len(cleaning) > 1:
            annotate_oldest(CHUNK_ARTICLES)
        while len(annotating) > 1:
            store_pending(annotating.popleft(), store, summary, on_progress)
    while cleaning:
        annotate_oldest(LAST_CHUNK_ARTICLES)
    pool.shutdown(wait=False)  # every task is in: the workers exit as they finish, while we store
    while annotating:
        store_pending(annotating.popleft(), store, summary, on_progress)


def select_fresh(
    articles: list[Article], store: Store, seen: set[str], summary: IngestSummary
) -> list[Article]:
    """The articles to annotate: not stored before, not seen earlier in this run."""
    known = store.known_ids([a.id for a in articles])
    fresh = []
    for a in articles:
        if a.id in known or a.id in seen:
            summary.already_stored += 1
        else:
            seen.add(a.id)
            fresh.append(a)
    return fresh


def store_pending(
    item: tuple[int, list[ReadError], Annotated],
    store: Store,
    summary: IngestSummary,
    on_progress: ProgressCallback | None,
) -> None:
    size, failures, annotated = item
    write_batch(store, annotated(), failures, summary)
    if on_progress:
        on_progress(size)


def build_corpus(store: Store, settings: Settings | None = None) -> CorpusSummary:
    """Duplicates, stories, events, statements and comparisons over everything stored."""
    from parallax.engine.corpus import analyze_corpus

    return analyze_corpus(store, Resources.load(settings or Settings()))


def analyze(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[IngestSummary, CorpusSummary]:
    settings = settings or Settings()
    ingested = ingest(paths, store, settings, on_progress)
    return ingested, build_corpus(store, settings)
