"""The Ray runner: the local runner's stages on a Ray cluster, with the same output.

Documents are read on the driver (it alone knows the read order, and stdin) and sent
to Ray Data in windows of store batches (16, or 4 per actor if more). Per window:
cleaning runs as a ``map_batches`` task stage; the driver then drops ids already stored
(or seen earlier in the run) so they never reach the NLP; the NLP runs as a
``map_batches`` stage on a pool of actors that each load the spaCy model and knowledge
base once per window. Results come back to the driver, which alone writes (DuckDB is
single-writer): each batch, with the local runner's batch boundaries and in read order,
as soon as all its articles are back, so both runners store the same rows and progress
is reported while the NLP runs. Windows run one after another (the pipeline drains
between them). The corpus stages then run on the driver over the store, as locally.

Items cross Ray as pickled bytes: the model's frozen dataclasses pickle as they are,
and a binary column needs no Arrow schema for nested annotations.
"""

from __future__ import annotations

import logging
import math
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from types import ModuleType
from typing import Any

from parallax.engine.local import (
    CorpusSummary,
    IngestSummary,
    ProgressCallback,
    batched,
    clean_batch,
    write_batch,
)
from parallax.engine.local import (
    select_fresh as select_fresh_articles,
)
from parallax.model import Article, RawDocument, ReadError
from parallax.settings import Settings
from parallax.store import Store

# Store batches per Ray Data window, at least: a window bounds the driver's memory, and must
# be long enough that every actor's model load (a few seconds) is a small share of its work.
WINDOW_BATCHES = 16
BATCHES_PER_ACTOR = 4

Row = dict[str, Any]
Item = RawDocument | Article | ReadError


class RayUnavailableError(RuntimeError):
    """Raised when the Ray runner is asked for but Ray is not installed."""


def require_ray() -> ModuleType:
    """Import Ray lazily, so the core works without the optional extra."""
    try:
        import ray
        import ray.data  # the runner needs Ray Data, not only Ray core
    except ImportError as exc:
        raise RayUnavailableError(
            "the Ray runner needs Ray: install parallax-news[distributed] "
            "(pip install 'parallax-news[distributed]')"
        ) from exc
    return ray


def connect_ray(ray: ModuleType) -> None:
    """Join the cluster the caller started, else RAY_ADDRESS (ray.init reads it), else a local one."""
    if not ray.is_initialized():
        ray.init(include_dashboard=False, logging_level=logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # the caller's on_progress reports progress
    context.print_on_execution_start = False


def encode_rows(items: Sequence[tuple[int, Item]]) -> list[Row]:
    return [{"seq": seq, "item": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)} for seq, item in items]


def decode_items(batch: dict[str, Any]) -> list[Item]:
    return [pickle.loads(blob) for blob in batch["item"]]


def encode_batch(seqs: Sequence[int], items: Sequence[Item]) -> dict[str, list]:
    return {"seq": list(seqs), "item": [pickle.dumps(i, protocol=pickle.HIGHEST_PROTOCOL) for i in items]}


def clean_rows(batch: dict[str, Any], settings: Settings) -> dict[str, list]:
    """Ray task stage: each raw document becomes an Article or a ReadError saying why not."""
    from parallax.resources import Resources

    resources = Resources.load(settings)  # cached per worker process after its first task
    results: list[Item] = []
    for item in decode_items(batch):
        articles, failures = clean_batch([item], resources)
        results.append(articles[0] if articles else failures[0])
    return encode_batch(list(batch["seq"]), results)


class Annotator:
    """Ray actor stage: holds the loaded NLP pipeline, annotates batches of articles."""

    def __init__(self, settings: Settings):
        from parallax.nlp.pipeline import Pipeline
        from parallax.resources import Resources

        self.pipeline = Pipeline(Resources.load(settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        articles: list[Article] = decode_items(batch)  # type: ignore[assignment]
        return encode_batch(list(batch["seq"]), list(self.pipeline(articles)))


def stream_stage(
    ray: ModuleType, rows: list[Row], stage: Any, batch_size: int, **options: Any
) -> Iterator[tuple[int, Item]]:
    """One Ray Data pass over rows: (read position, result) pairs as they come back, in any order."""
    dataset = ray.data.from_items(rows).map_batches(
        stage, batch_size=batch_size, batch_format="numpy", **options
    )
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        yield from zip((int(s) for s in batch["seq"]), decode_items(batch), strict=True)


def number_batches(
    paths: Sequence[str | Path], settings: Settings, window_batches: int
) -> Iterator[list[list[tuple[int, RawDocument | ReadError]]]]:
    """Windows of read batches, each item tagged with its position in the read stream."""
    from parallax.sources import read_paths

    items = enumerate(read_paths(paths, favor_precision=settings.favor_precision))
    yield from batched(batched(items, settings.batch_size), window_batches)


def ingest_on_ray(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
    actors: int | None = None,
) -> IngestSummary:
    """Read, clean (Ray tasks), skip stored ids, annotate (Ray actors) and store on the driver."""
    ray = require_ray()
    connect_ray(ray)
    settings = settings or Settings()
    actors = actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    summary = IngestSummary()
    seen: set[str] = set()
    window_batches = max(WINDOW_BATCHES, BATCHES_PER_ACTOR * actors)
    for window in number_batches(paths, settings, window_batches):
        rows = encode_rows(list(chain.from_iterable(window)))
        cleaned = dict(
            stream_stage(ray, rows, clean_rows, settings.batch_size, fn_kwargs={"settings": settings})
        )
        pending = deque((batch, select_fresh(batch, cleaned, store, seen, summary)) for batch in window)
        fresh = [(seq, cleaned[seq]) for _, seqs in pending for seq in seqs]
        annotated: dict[int, Item] = {}
        for seq, result in annotate_window(ray, fresh, settings, actors):
            annotated[seq] = result
            store_ready(pending, cleaned, annotated, store, summary, on_progress)
        store_ready(pending, cleaned, annotated, store, summary, on_progress)  # nothing left to annotate
    if summary.stored:
        store.sort_index()
    return summary


def store_ready(
    pending: deque[tuple[list[tuple[int, Item]], list[int]]],
    cleaned: dict[int, Item],
    annotated: dict[int, Item],
    store: Store,
    summary: IngestSummary,
    on_progress: ProgressCallback | None,
) -> None:
    """Store the waiting batches, in read order, whose articles are all back from the NLP."""
    while pending and all(seq in annotated for seq in pending[0][1]):
        batch, fresh = pending.popleft()
        results = [cleaned[seq] for seq, _ in batch if isinstance(cleaned[seq], ReadError)]
        results += [annotated.pop(seq) for seq in fresh]
        articles = [r for r in results if isinstance(r, Article)]
        write_batch(store, articles, [r for r in results if isinstance(r, ReadError)], summary)
        if on_progress:
            on_progress(len(batch))


def select_fresh(
    batch: list[tuple[int, Item]],
    cleaned: dict[int, Item],
    store: Store,
    seen: set[str],
    summary: IngestSummary,
) -> list[int]:
    """Read positions of one batch's articles to annotate: not stored before, not seen earlier in the run."""
    summary.read += sum(1 for _, item in batch if not isinstance(item, ReadError))
    articles = [(seq, cleaned[seq]) for seq, _ in batch if isinstance(cleaned[seq], Article)]
    chosen = {id(a) for a in select_fresh_articles([a for _, a in articles], store, seen, summary)}
    return [seq for seq, article in articles if id(article) in chosen]


def annotate_window(
    ray: ModuleType, fresh: list[tuple[int, Item]], settings: Settings, actors: int
) -> Iterator[tuple[int, Item]]:
    """The NLP pass over one window's new articles, split so every actor gets work."""
    if not fresh:
        return iter(())
    pool = min(actors, len(fresh))
    batch_size = max(1, min(settings.batch_size, math.ceil(len(fresh) / (pool * 2))))
    return stream_stage(
        ray, encode_rows(fresh), Annotator, batch_size,
        fn_constructor_kwargs={"settings": settings}, num_cpus=1,
        compute=ray.data.ActorPoolStrategy(size=pool),
    )  # fmt: skip


def analyze_on_ray(
    paths: Sequence[str | Path],
    store: Store,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
    actors: int | None = None,
) -> tuple[IngestSummary, CorpusSummary]:
    """The local runner's ``analyze`` with ingestion on Ray; the corpus stages run on the driver."""
    from parallax.engine.corpus import analyze_corpus

    settings = settings or Settings()
    ingested = ingest_on_ray(paths, store, settings, on_progress, actors)
    from parallax.resources import Resources

    return ingested, analyze_corpus(store, Resources.load(settings))
