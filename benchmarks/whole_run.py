"""The whole ``parallax analyze`` next to spaCy's ``nlp.pipe`` alone, same texts, same run.

Takes the first N records of the AllSides sample in ../shared/data (long real articles),
writes them to one JSONL file and runs, each as its own subprocess so that CPU time and
memory are the process tree's: spaCy alone (the stock model as ``spacy.load`` gives it,
``nlp.pipe`` over the texts, one process; Parallax's own ``load_spacy`` runs two of its
components over token arrays, with the same output, and is not the yardstick), then the real CLI ``parallax analyze`` into a fresh store with
``--processes 1`` and with ``--processes 2`` (reading, cleaning, every NLP stage, the
store and the corpus stages). It prints CPU seconds (user + system, workers included),
wall seconds, words per wall second, each run's speed against spaCy alone, and the peak
resident memory of the whole process tree. Targets: one process at >= 0.8x spaCy's
speed; two processes at >= 1.6x one spaCy process (in wall time). On a shared machine
wall time depends on the load; CPU time much less so: read both. ``--repeat K`` runs the
set K times interleaved (spaCy, 1 process, 2 processes, spaCy, ...), prints every run with
its speed against the same round's spaCy run, and then the best (least disturbed: the
minimum, as timeit takes it) of each command, CPU and wall apart.

usage: python benchmarks/whole_run.py [--limit 600] [--processes 1,2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides_sample" / "articles_sample.jsonl"
PAGE = os.sysconf("SC_PAGE_SIZE")

SPACY_ALONE = """
import json, sys
import spacy
from parallax.nlp.pipeline import SPACY_MODEL
texts = [json.loads(line)["content_original"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in spacy.load(SPACY_MODEL).pipe(texts):
    pass
"""


def write_corpus(limit: int, folder: Path) -> tuple[Path, int]:
    """The first ``limit`` records of the sample as one JSONL file, and their word count."""
    corpus = folder / f"allsides_{limit}.jsonl"
    with SAMPLE.open(encoding="utf-8") as src:
        lines = list(islice(src, limit))
    corpus.write_text("".join(lines), encoding="utf-8")
    return corpus, sum(len(json.loads(line)["content_original"].split()) for line in lines)


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            continue
    return total


def measure(command: list[str]) -> tuple[float, float, int]:
    """CPU seconds (the tree's user + system), wall seconds and peak tree RSS of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.25)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr.read()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, peak


SPACY = "spaCy nlp.pipe alone"
HEADER = f"{'run':28} {'CPU s':>7} {'wall s':>7} {'words/s':>8} {'x spaCy CPU':>11} {'x spaCy wall':>12}"


def row(name: str, run: tuple[float, float, int], spacy: tuple[float, float, int], words: int) -> str:
    """One line: a run's figures and its speed against a spaCy run (CPU and wall apart)."""
    cpu, wall, peak = run
    return (
        f"{name:28} {cpu:7.1f} {wall:7.1f} {words / wall:8.0f} {spacy[0] / cpu:11.2f} "
        f"{spacy[1] / wall:12.2f} {peak / 2**20:7.0f}MB"
    )


def one_round(corpus: Path, folder: Path, processes: list[int]) -> dict[str, tuple[float, float, int]]:
    """spaCy alone, then ``parallax analyze`` with each process count, each into a fresh store."""
    cli = [sys.executable, "-m", "parallax.cli"]
    runs = {SPACY: measure([sys.executable, "-c", SPACY_ALONE, str(corpus)])}
    for n in processes:
        db = folder / f"p{n}.duckdb"
        for stale in folder.glob(f"p{n}.duckdb*"):
            stale.unlink()
        runs[f"parallax analyze, {n} proc"] = measure(
            [*cli, "analyze", str(corpus), "--db", str(db), "--processes", str(n)]
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="records taken from the AllSides sample")
    parser.add_argument("--processes", default="1,2", help="comma-separated --processes values to time")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds, interleaved; the best of each is shown"
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each round shows as it ends
    if not SAMPLE.exists():
        raise SystemExit(f"{SAMPLE}: the AllSides sample (../shared/data) is not present")
    processes = [int(p) for p in args.processes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, words = write_corpus(args.limit, folder)
        print(f"{args.limit} AllSides articles, {words} words")
        rounds = []
        for number in range(1, args.repeat + 1):
            runs = one_round(corpus, folder, processes)
            rounds.append(runs)
            print(
                f"round {number}; load {os.getloadavg()[0]:.1f} (1-min average), speed against this round's spaCy"
            )
            print(HEADER + f" {'peak RSS':>9}")
            for name, run in runs.items():
                print(row(name, run, runs[SPACY], words))
    if args.repeat > 1:
        # CPU and wall each at its own minimum: the least disturbed figure of each
        best = {
            name: (
                min(r[name][0] for r in rounds),
                min(r[name][1] for r in rounds),
                max(r[name][2] for r in rounds),
            )
            for name in rounds[0]
        }
        print(f"best of {args.repeat} (minimum CPU and minimum wall of each; peak RSS the highest)")
        print(HEADER + f" {'peak RSS':>9}")
        for name, run in best.items():
            print(row(name, run, best[SPACY], words))


if __name__ == "__main__":
    main()
