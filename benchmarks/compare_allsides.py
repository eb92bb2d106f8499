"""Story comparison on AllSides story clusters: every discrepancy and framing item, for reading.

Each AllSides cluster (one story, 2-3 outlets) is run through the NLP pipeline and
compare_story; the script prints each discrepancy and framing item with its context so a
person can judge precision, then the counts and compare_story's CPU time. Run on demand:

    .venv/bin/python benchmarks/compare_allsides.py --stories 505 > /tmp/compare_allsides.txt
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from parallax.model import Article, Story
from parallax.nlp.pipeline import Pipeline
from parallax.stories.compare import compare_story

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "story_clusters"
    / "allsides_neus_stories.jsonl"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50, help="first N clusters, in file order")
    args = parser.parse_args()
    clusters: dict[str, list[dict]] = defaultdict(list)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        clusters[row["cluster_id"]].append(row)
    pipe = Pipeline()
    kinds: Counter = Counter()
    cpu = 0.0
    for cid in list(clusters)[: args.stories]:
        rows = clusters[cid]
        arts = list(
            pipe(Article(id=r["id"], source=r["source"], text=r["text"], outlet=r["source"]) for r in rows)
        )
        started = time.process_time()
        story = compare_story(
            Story(id=cid, title="", article_ids=tuple(a.id for a in arts), outlets=()), arts
        )
        cpu += time.process_time() - started
        text = {a.id: a.text for a in arts}
        for d in story.discrepancies:
            kinds["discrepancy"] += 1
            print(
                "D",
                cid,
                d["about"],
                [(s.get("value"), s["claim"][:90], s["article_ids"]) for s in d["sides"]],
            )
        for f in story.framing:
            kinds[f["kind"]] += 1
            body = text[f["article_id"]]
            context = body[max(0, f["start"] - 60) : f["end"] + 40].replace("\n", " ")
            print("F", cid, f["kind"], repr(f["text"]), "|", f["about"], "| ...", context)
    print(f"{args.stories} stories: {dict(kinds)}; compare_story {cpu:.2f} s CPU", file=sys.stderr)


if __name__ == "__main__":
    main()
