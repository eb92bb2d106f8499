"""Cross-language story linking: pairwise links and B-cubed on invented multilingual stories.

usage: .venv/bin/python benchmarks/crosslingual.py [--split dev|test] [--threshold T] [--gap D]
       [--mix] [--seed N] [--cosines] [--show]

Data: benchmarks/data/crosslingual/articles_{dev,test}.txt, short news reports written for
Parallax (16 happenings, each told in 2-4 of en/ru/uk/de/pt/es/fr by different outlets, plus
same-day reports of other happenings about the same countries). Tune on dev; report test.
The articles stream in date order (then id) through StoryClusterer as ``parallax analyze``
would feed them, without NLP stages (language as the gold gives it). Scored: every pair of
articles in different languages is a link when both land in one story (pairwise precision,
recall, F1 against the gold stories), and B-cubed over all articles (same-language pairs
too). ``--mix`` streams two weeks of English AllSides reports (June 2021, 1-14, shifted onto
the gold's March 2026 days; /work/shared/data/story_clusters, skipped when absent) in among them,
so every foreign report meets ~100 unrelated English stories in its window: a link to one of them
is a wrong link. ``--seed N`` shuffles the order within each day (online clustering depends on
it). ``--cosines`` prints the gist cosines of gold cross-language pairs, same story or not;
``--show`` lists the wrong links and the missed ones.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from itertools import combinations
from pathlib import Path

from parallax.model import Article
from parallax.stories.cluster import StoryClusterer
from parallax.stories.crosslingual import MAX_GAP_DAYS, SAME_STORY, CrossLingualIndex, gist_of

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import DATA as SHARED
from stories import bcubed  # the AllSides benchmark scorer

DATA = Path(__file__).resolve().parent / "data" / "crosslingual"


def load(split: str) -> tuple[list[Article], dict[str, str]]:
    """The split's articles in date-then-id order and their gold stories."""
    articles, gold = [], {}
    blocks = (DATA / f"articles_{split}.txt").read_text(encoding="utf-8").split("\n=== ")[1:]
    for block in blocks:
        head, title, *body = block.strip().splitlines()
        aid, story, language, outlet, day = (x.strip() for x in head.split("|"))
        articles.append(
            Article(
                id=aid,
                source=f"crosslingual/{split}",
                text="\n".join(body).strip(),
                title=title.strip(),
                outlet=outlet,
                published=day,
                language=language,
            )
        )
        gold[aid] = story
    articles.sort(key=lambda a: (a.published, a.id))
    return articles, gold


def english_distractors() -> tuple[list[Article], dict[str, str]]:
    """AllSides reports of 2021-06-01..14 as English stories on 2026-03-01..14 (their own gold stories)."""
    path = SHARED / "story_clusters" / "allsides_neus_stories.jsonl"
    if not path.exists():
        sys.exit(f"--mix needs {path}")
    shift = date(2026, 3, 1) - date(2021, 6, 1)
    articles, gold = [], {}
    for row in map(json.loads, path.open(encoding="utf-8")):
        if "2021-06-01" <= row["date"][:10] <= "2021-06-14":
            day = (date.fromisoformat(row["date"][:10]) + shift).isoformat()
            articles.append(
                Article(
                    id=f"allsides-{row['id']}",
                    source="allsides",
                    text=row["text"],
                    title=row["title"],
                    outlet=row["source"],
                    published=day,
                    language="en",
                )
            )
            gold[articles[-1].id] = f"allsides:{row['cluster_id']}"
    return articles, gold


def cross_pairs(articles: list[Article]) -> list[tuple[Article, Article]]:
    return [(a, b) for a, b in combinations(articles, 2) if a.language != b.language]


def score_links(articles: list[Article], pred: dict[str, str], gold: dict[str, str]):
    tp = fp = fn = 0
    wrong, missed = [], []
    for a, b in cross_pairs(articles):
        linked, same = pred[a.id] == pred[b.id], gold[a.id] == gold[b.id]
        tp += linked and same
        fp += linked and not same
        fn += same and not linked
        if linked and not same:
            wrong.append((a.id, b.id))
        if same and not linked:
            missed.append((a.id, b.id))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return (tp, fp, fn, p, r, f), wrong, missed


def print_cosines(articles: list[Article], gold: dict[str, str]) -> None:
    index = CrossLingualIndex()
    vectors = dict(zip((a.id for a in articles), index.encode([gist_of(a) for a in articles]), strict=True))
    same, other = [], []
    for a, b in cross_pairs(articles):
        cos = float(vectors[a.id] @ vectors[b.id])
        (same if gold[a.id] == gold[b.id] else other).append((cos, a.id, b.id))
    same.sort()
    other.sort(reverse=True)
    print("lowest same-story cosines: " + ", ".join(f"{c:.2f} {a}~{b}" for c, a, b in same[:8]))
    print("highest other-story cosines: " + ", ".join(f"{c:.2f} {a}~{b}" for c, a, b in other[:8]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test", "fresh"), default="dev")
    ap.add_argument("--threshold", type=float, default=SAME_STORY)
    ap.add_argument("--gap", type=int, default=MAX_GAP_DAYS)
    ap.add_argument("--seed", type=int, default=None, help="shuffle the articles of each day")
    ap.add_argument("--mix", action="store_true", help="stream English AllSides stories in among them")
    ap.add_argument("--cosines", action="store_true")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    articles, gold = load(args.split)
    if args.mix:
        extra, extra_gold = english_distractors()
        articles = sorted([*articles, *extra], key=lambda a: (a.published, a.id))
        gold.update(extra_gold)
    if args.seed is not None:
        random.Random(args.seed).shuffle(articles)
        articles.sort(key=lambda a: a.published)
    clusterer = StoryClusterer()
    if clusterer.crosslingual is None:
        sys.exit("the sentence encoder is missing or switched off (PARALLAX_NO_EMBEDDINGS)")
    clusterer.crosslingual.threshold, clusterer.crosslingual.max_gap_days = args.threshold, args.gap
    clusterer.crosslingual.encode(["warm up"])  # load the encoder outside the timing
    start = time.process_time()
    pred = {a.id: clusterer.add(a) for a in articles}
    seconds = time.process_time() - start
    (tp, fp, fn, p, r, f), wrong, missed = score_links(articles, pred, gold)
    bp, br, bf = bcubed(pred, gold)
    print(
        f"{args.split}: {len(articles)} articles, {len(set(gold.values()))} gold stories, "
        f"{len(set(pred.values()))} predicted (threshold {args.threshold}, gap {args.gap} days)"
    )
    print(f"cross-language links  P={p:.3f} R={r:.3f} F1={f:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"B-cubed               P={bp:.3f} R={br:.3f} F1={bf:.3f}")
    print(
        f"gists encoded: {clusterer.crosslingual.encoded - 1}; clustering {seconds:.2f} CPU s "
        f"({1000 * seconds / len(articles):.1f} ms/article)"
    )
    if args.show:
        print("wrong links: " + ", ".join(f"{a}~{b}" for a, b in wrong))
        print("missed links: " + ", ".join(f"{a}~{b}" for a, b in missed))
    if args.cosines:
        print_cosines(articles, gold)


if __name__ == "__main__":
    main()
