"""Omissions over the stories our own clustering builds, as a seeded sample for hand judging.

Reads a store made by ``parallax analyze`` (``--db``) and the ``stories.jsonl`` its ``--out``
wrote, compares every story that two or more outlets report with the current code (so a change
to the comparison needs no new analysis; a change to an NLP stage does), and prints the output
counts and a seeded random sample (``--seed``, ``--n``) of every omission output, each with what a
judge must read: the omitting outlet's articles whole, and every other article's outlet and
headline (a wrong cluster making a false omission counts wrong: that is what users get).

Independent sample used in round 5: articles 601-3000 of the AllSides sample, which no one judged
for omissions (as whole_run.py maps them):

    sed -n 601,3000p ../shared/data/allsides_sample/articles_sample.jsonl > /tmp/indep.jsonl
    nice -n 5 .venv/bin/parallax analyze /tmp/indep.jsonl --db /tmp/indep.duckdb --out /tmp/indep \\
        --processes 2
    .venv/bin/python benchmarks/omissions_sample.py --db /tmp/indep.duckdb \\
        --stories /tmp/indep/stories.jsonl --n 15 --seed 11
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from parallax.model import Story
from parallax.store import Store
from parallax.stories.compare import compare_story


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="store written by parallax analyze")
    parser.add_argument("--stories", type=Path, required=True, help="stories.jsonl of the same run")
    parser.add_argument("--n", type=int, default=15, help="omissions to print")
    parser.add_argument("--seed", type=int, default=1, help="seed of the judging sample")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.stories.read_text(encoding="utf-8").splitlines() if line]
    multi = [r for r in rows if len(set(r["outlets"])) >= 2]
    store = Store(args.db, read_only=True)
    omissions = []
    cpu = 0.0
    for row in multi:
        articles = store.load_articles(row["article_ids"])
        started = time.process_time()
        story = compare_story(
            Story(id=row["id"], title=row["title"], article_ids=tuple(row["article_ids"]), outlets=()),
            articles,
        )
        cpu += time.process_time() - started
        for name, claims in sorted(story.omissions.items()):
            omissions += [(row["id"], name, c, articles) for c in claims]
    rng = random.Random(args.seed)
    for k, (sid, name, claim, articles) in enumerate(rng.sample(omissions, min(args.n, len(omissions))), 1):
        by_id = {a.id: a for a in articles}
        per = [by_id[a].outlet for a in claim.article_ids if a in by_id]
        print(f"O{k}", sid, name, "omits, per", per, "|", claim.claim.replace("\n", " "))
        for a in articles:
            if a.outlet == name:
                print(f"    [{a.outlet}] {a.title} || {a.text}".replace("\n", " "))
            else:
                print(f"    (other) [{a.outlet}] {a.title}")
    print(
        f"{len(rows)} stories, {len(multi)} with two or more outlets: {len(omissions)} omissions; "
        f"compare_story {cpu:.2f} s CPU",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
