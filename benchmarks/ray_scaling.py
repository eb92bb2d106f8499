"""Documents per second of the local runner against the Ray runner, run on demand.

Takes the first N records of the AllSides sample in ../shared/data (JSONL), ingests them
with the local runner and then with the Ray runner at each actor count, each into a fresh
store, and prints ingest throughput (read, clean, NLP, store) and the whole ``analyze``
time (ingest plus the corpus stages, which run on the driver in both). Ray's own start-up
is timed apart. Both runners must store the same number of articles.

usage: python benchmarks/ray_scaling.py [--docs 300] [--actors 1,2] [--cpus N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from itertools import islice
from pathlib import Path

from parallax.engine.corpus import analyze_corpus
from parallax.engine.local import ingest
from parallax.engine.ray_runner import ingest_on_ray, require_ray
from parallax.resources import Resources
from parallax.settings import Settings
from parallax.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides_sample" / "articles_sample.jsonl"


def write_corpus(docs: int, folder: Path) -> Path:
    """The first ``docs`` records of the sample, as one JSONL file."""
    corpus = folder / f"allsides_{docs}.jsonl"
    with SAMPLE.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as out:
        out.writelines(islice(src, docs))
    return corpus


def time_run(label: str, run, corpus: Path, db: Path, settings: Settings) -> tuple[str, int, float, float]:
    """Ingest then corpus stages into a fresh store; returns (label, stored, ingest s, total s)."""
    store = Store(db)
    start = time.perf_counter()
    summary = run([corpus], store, settings)
    ingested = time.perf_counter()
    analyze_corpus(store, Resources.load(settings))
    return label, summary.stored, ingested - start, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="documents taken from the AllSides sample")
    parser.add_argument("--actors", default="1,2", help="comma-separated Ray actor counts to time")
    parser.add_argument("--cpus", type=int, default=os.cpu_count(), help="CPUs of the local Ray cluster")
    args = parser.parse_args()
    if not SAMPLE.exists():
        raise SystemExit(f"{SAMPLE}: the AllSides sample (../shared/data) is not present")
    ray = require_ray()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(args.docs, folder)
        rows = [time_run("local", ingest, corpus, folder / "local.duckdb", settings)]
        start = time.perf_counter()
        ray.init(num_cpus=args.cpus, include_dashboard=False, logging_level="ERROR")
        startup = time.perf_counter() - start
        for actors in (int(n) for n in args.actors.split(",")):

            def on_ray(paths, store, settings, actors=actors):
                return ingest_on_ray(paths, store, settings, actors=actors)

            rows.append(time_run(f"ray x{actors}", on_ray, corpus, folder / f"ray{actors}.duckdb", settings))
        ray.shutdown()
    print(
        f"{args.docs} AllSides documents, {os.cpu_count()} CPUs here, Ray start-up {startup:.1f} s (not counted)"
    )
    print(f"{'runner':<10}{'stored':>8}{'ingest s':>10}{'docs/s':>9}{'analyze s':>11}{'docs/s':>9}")
    for label, stored, ingest_s, total_s in rows:
        print(
            f"{label:<10}{stored:>8}{ingest_s:>10.1f}{args.docs / ingest_s:>9.2f}"
            f"{total_s:>11.1f}{args.docs / total_s:>9.2f}"
        )
    if len({stored for _, stored, _, _ in rows}) != 1:
        raise SystemExit("the runners stored different numbers of articles")


if __name__ == "__main__":
    main()
