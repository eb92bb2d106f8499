"""Story clustering: B-cubed accuracy on AllSides same-story groups, and speed growth.

usage: .venv/bin/python benchmarks/stories.py [--limit N] [--speed] [--threshold T] [--nlp]

Accuracy: /work/shared/data/story_clusters (AllSides roundups, 505 gold stories),
streamed in date order through StoryClusterer; by default no entity stage runs (the
clusterer falls back to capitalised-name keys); --nlp runs the full NLP pipeline first, so
canonical entities and reported events take part. Speed: /work/shared/data/allsides_sample, 1,000
articles against 10,000 (the 3,000-article sample repeated with dates shifted by 40 years
per copy, so the later copies never share a window with the earlier ones); timed in
process CPU seconds (the machine is shared), with the scored candidates per article as
the load-independent measure of growth.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from parallax.model import Article
from parallax.stories.cluster import ClusterOptions, StoryClusterer

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def load_gold(limit: int | None) -> tuple[list[Article], dict[str, str]]:
    rows = [json.loads(line) for line in (DATA / "story_clusters" / "allsides_neus_stories.jsonl").open()]
    rows.sort(key=lambda r: (r["date"], r["id"]))
    rows = rows[:limit] if limit else rows
    arts = [
        Article(
            id=r["id"],
            source="bench",
            text=r["text"],
            title=r["title"],
            outlet=r["source"],
            published=r["date"],
        )
        for r in rows
    ]
    return arts, {r["id"]: r["cluster_id"] for r in rows}


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, c in pred.items():
        by_pred[c].add(item)
    for item, c in gold.items():
        by_gold[c].add(item)
    p = r = 0.0
    for item in gold:
        same = len(by_pred[pred[item]] & by_gold[gold[item]])
        p += same / len(by_pred[pred[item]])
        r += same / len(by_gold[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def run_accuracy(limit: int | None, options: ClusterOptions, nlp: bool) -> None:
    arts, gold = load_gold(limit)
    if nlp:
        from parallax.nlp.pipeline import Pipeline

        arts = list(Pipeline()(arts))
    clusterer = StoryClusterer(window_days=options.window_days, options=options)
    pred = {a.id: clusterer.add(a) for a in arts}
    p, r, f = bcubed(pred, gold)
    print(
        f"accuracy  articles={len(arts)} gold={len(set(gold.values()))} predicted={len(set(pred.values()))}"
    )
    print(f"B-cubed   P={p:.3f} R={r:.3f} F1={f:.3f}  (threshold {options.threshold})")


def sample_articles(n: int) -> list[Article]:
    rows = [json.loads(line) for line in (DATA / "allsides_sample" / "articles_sample.jsonl").open()]
    base = []
    for r in rows:
        try:
            day = date.fromisoformat(r["date"][:10])
        except ValueError:
            continue
        base.append(
            Article(
                id=r["ID"],
                source="bench",
                text=r["content_original"],
                title=r["title"],
                published=day.isoformat(),
            )
        )
    base.sort(key=lambda a: (a.published, a.id))
    out: list[Article] = []
    copy = 0
    while len(out) < n:
        shift = timedelta(days=366 * 40 * copy)
        for a in base[: n - len(out)]:
            day = date.fromisoformat(a.published) + shift
            out.append(replace(a, id=f"{a.id}-{copy}", published=day.isoformat()))
        copy += 1
    return out


def run_speed() -> None:
    timings = {}
    warm = StoryClusterer()
    for a in sample_articles(200):  # load the background table and fill the stemmer cache first
        warm.add(a)
    for n in (1000, 10000):
        arts = sample_articles(n)
        clusterer = StoryClusterer()
        start = time.process_time()
        for a in arts:
            clusterer.add(a)
        timings[n] = time.process_time() - start
        print(
            f"speed     {n:>6} articles: {timings[n]:.2f}s ({n / timings[n]:.0f}/s), stories={len(clusterer.stories())}, "
            f"scored candidates/article={clusterer.comparisons / n:.1f}"
        )
    print(f"growth    10,000 / 1,000 CPU time = {timings[10000] / timings[1000]:.1f}x (linear would be 10x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--threshold", type=float, default=ClusterOptions.threshold)
    ap.add_argument("--nlp", action="store_true", help="run the NLP stages (entities, quotes, events) first")
    args = ap.parse_args()
    run_accuracy(args.limit, ClusterOptions(threshold=args.threshold), args.nlp)
    if args.speed:
        run_speed()


if __name__ == "__main__":
    main()
