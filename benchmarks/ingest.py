"""Streaming ingest: peak memory and throughput of `parallax analyze` at two corpus sizes.

Generates N distinct documents (JSONL) from the AllSides sample in ../shared/data, runs
the real CLI in a child process per size, and prints peak RSS and documents per second.
Memory must stay bounded: the peak at 10,000 documents should be close to the peak at 1,000.

usage: python benchmarks/ingest.py [--sizes 1000,10000] [--words 250]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides_sample" / "articles_sample.jsonl"


# the child runs the real CLI in-process and reports its own peak RSS (KiB on Linux)
CHILD = """
import resource, sys
from parallax.cli import app
corpus, db = sys.argv[1:3]
try:
    app(["analyze", corpus, "--db", db], standalone_mode=False)
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_corpus(path: Path, n: int, words: int) -> None:
    """N distinct records: sample texts cut to `words` words, each tagged so none is a duplicate."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            r = records[i % len(records)]
            text = " ".join((r.get("content_original") or r.get("content") or "").split()[:words])
            record = {
                "id": f"doc-{i}",
                "title": r.get("title"),
                "outlet": r.get("source"),
                "published": r.get("date"),
                "text": f"{text}\n\nEdition {i}.",
            }
            f.write(json.dumps(record) + "\n")


def measure(n: int, words: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, n, words)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(corpus), str(Path(tmp) / "p.duckdb")],
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        peak_kib = int(done.stdout.strip().splitlines()[-1])
        return peak_kib / 1024, n / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"{SAMPLE}: the AllSides sample is needed (../shared/data)")
    print(f"{'documents':>10} {'peak RSS MiB':>13} {'docs/s':>8}")
    for n in sorted(int(s) for s in args.sizes.split(",")):
        peak, rate = measure(n, args.words)
        print(f"{n:>10} {peak:>13.0f} {rate:>8.1f}")


if __name__ == "__main__":
    main()
