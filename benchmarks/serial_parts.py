"""Where ``analyze --processes N`` runs on one core: the serial parts of a pool run.

Runs ``ingest`` and the corpus stages in this process on the first N records of the
AllSides sample (or a file given) with a pool of worker processes, and timestamps every
task the workers run (the pool's task functions are wrapped here; the workers import this
script, so the wrappers reach them). It prints, in seconds from the start of ``ingest``:
when each worker was ready (model loaded) and began its first NLP task, when each did its
last, the tail after the last NLP task, the main process's own CPU seconds during ingest,
and the corpus stages' wall and CPU seconds. Unlike a wall-time ratio these figures hold up
on a shared machine: CPU seconds do not depend on the load, and start and tail show how
long one core sat idle (read them with the load printed beside them).

usage: python benchmarks/serial_parts.py [--limit 600] [--processes 2] [--path FILE.jsonl]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections import defaultdict
from functools import partial
from itertools import islice
from pathlib import Path

from parallax.engine import local
from parallax.settings import Settings
from parallax.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides_sample" / "articles_sample.jsonl"
TASKS = ("_clean_in_worker", "_annotate_in_worker")  # the pool's task functions, where present
LOG = "SERIAL_PARTS_LOG"  # the workers find the log folder here (inherited environment)


def _log(kind: str, start: float) -> None:
    with open(Path(os.environ[LOG]) / f"{os.getpid()}.log", "a", encoding="utf-8") as out:
        out.write(f"{kind} {start} {time.time()}\n")


def _timed_start(*args):
    """Runs in a worker, where ``local`` is not patched: the real initializer, then a timestamp."""
    local._start_worker(*args)
    _log("ready", time.time())


def _timed_task(name: str, *args):
    start = time.time()
    try:
        return getattr(local, name)(*args)
    finally:
        _log(name, start)


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def read_logs(folder: Path) -> dict[str, list[tuple[str, float, float]]]:
    logs = defaultdict(list)
    for file in folder.glob("*.log"):
        for line in file.read_text().splitlines():
            kind, start, end = line.split()
            logs[file.stem].append((kind, float(start), float(end)))
    return logs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="records taken from the AllSides sample")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--path", type=Path, help="a JSONL file to read instead of the sample")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ[LOG] = str(folder)
        corpus = args.path
        if corpus is None:
            corpus = folder / "corpus.jsonl"
            with SAMPLE.open(encoding="utf-8") as src:
                corpus.write_text("".join(islice(src, args.limit)), encoding="utf-8")
        local._start_worker = _timed_start  # patched here only: the workers import local afresh
        for name in TASKS:
            if hasattr(local, name):
                setattr(local, name, partial(_timed_task, name))
        store = Store(folder / "run.duckdb")
        settings = Settings().with_(n_process=args.processes)
        t0, c0 = time.time(), cpu(resource.RUSAGE_SELF)
        summary = local.ingest([corpus], store, settings)
        t1, c1 = time.time(), cpu(resource.RUSAGE_SELF)
        local.build_corpus(store, settings)
        t2, c2 = time.time(), cpu(resource.RUSAGE_SELF)
        logs = read_logs(folder)
    print(f"{summary.stored} articles stored, {args.processes} processes; load {os.getloadavg()[0]:.1f}")
    nlp_ends = []
    for number, entries in enumerate(sorted(logs.values()), 1):
        ready = min((s for k, s, _ in entries if k == "ready"), default=float("nan"))
        nlp = [(s, e) for k, s, e in entries if k == "_annotate_in_worker"]
        busy = sum(e - s for k, s, e in entries if k != "ready")
        first, last = min(s for s, _ in nlp), max(e for _, e in nlp)
        nlp_ends.append(last)
        print(
            f"worker {number}: ready {ready - t0:6.1f}  first NLP task {first - t0:6.1f}  "
            f"last NLP task done {last - t0:6.1f}  busy {busy:6.1f} s in {len(entries) - 1} tasks"
        )
    print(f"one worker idle at the end (last NLP tasks' spread): {max(nlp_ends) - min(nlp_ends):.1f} s")
    print(f"ingest after the last NLP task (store, index): {t1 - max(nlp_ends):.1f} s")
    print(f"ingest: {t1 - t0:.1f} s wall, main process {c1 - c0:.1f} CPU s")
    print(f"corpus stages: {t2 - t1:.1f} s wall, {c2 - c1:.1f} CPU s")


if __name__ == "__main__":
    main()
