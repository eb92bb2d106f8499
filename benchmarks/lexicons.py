"""Shipped statistics and lexicons on data they were not built from: coverage, load cost, tone spread.

usage: .venv/bin/python benchmarks/lexicons.py [--limit N] [--sample K] [--seed S]

On the AllSides sample (/work/shared/data/allsides_sample, news from many outlets; evaluation data,
never used to build or tune the tables): the share of content-word tokens whose stem the background
df table holds, the table's load time and size; the distribution of article tone; and K articles
drawn at random with their tone and opening, for a person to judge the tone's direction by hand
(AllSides labels outlets' leanings, not tone, so there is no gold label to score against).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from parallax.stories import content_stems
from parallax.stories.cluster import load_background_df
from parallax.stories.tone import score_tone, tone_valences

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "allsides_sample"
    / "articles_sample.jsonl"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent")
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")][: args.limit]

    tracemalloc.start()
    started = time.perf_counter()
    docs, df = load_background_df()
    tone_valences()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"tables    df: {len(df):,} stems over {docs:,} pseudo-documents; df + tone load {seconds:.2f} s, peak {peak / 2**20:.1f} MiB"
    )

    tokens = covered = 0
    for r in rows:
        stems = content_stems(r["content_original"])
        tokens += len(stems)
        covered += sum(s in df for s in stems)
    print(
        f"coverage  {covered / tokens:.3f} of {tokens:,} content-word tokens in {len(rows):,} articles have a background df"
    )

    scores = [score_tone(r["content_original"]) for r in rows]
    q = statistics.quantiles(scores, n=10)
    print(
        f"tone      mean {statistics.mean(scores):.2f}, median {statistics.median(scores):.2f}, "
        f"deciles {', '.join(f'{x:.1f}' for x in q)}; positive {sum(s > 0 for s in scores) / len(scores):.2f}, "
        f"negative {sum(s < 0 for s in scores) / len(scores):.2f}"
    )
    for r, s in random.Random(args.seed).sample(list(zip(rows, scores, strict=True)), args.sample):
        lead = " ".join(r["content_original"].split())[:300]
        print(f"\n[{s:+.1f}] {r['ID']} {r['source']}: {r['title']}\n    {lead}")


if __name__ == "__main__":
    main()
