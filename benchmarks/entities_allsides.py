"""Entities on real AllSides articles: a random sample to judge by hand, and the corpus counts.

Runs ``parallax analyze`` on the first N articles of the AllSides sample (Baly et al. 2020), then
prints a seeded random sample of entities (canonical name, type, country, Wikidata id) with a
few mentions in context, for a person to judge: right canonical actor, type and country. Also
prints counts a change should move: entities, persons, entities with a Wikidata id, and the
people most mentioned. Run on demand:

    .venv/bin/python benchmarks/entities_allsides.py --articles 600 --sample 30 --out /tmp/ent_out > /tmp/ent_allsides.txt
    .venv/bin/python benchmarks/entities_allsides.py --from /tmp/ent_out --seed 2   # another sample, no re-run
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "allsides_sample"
    / "articles_sample.jsonl"
)
CONTEXT = 60


def write_input(n: int, path: Path) -> None:
    """The first N records as JSON Lines the text reader understands (id, text, outlet, date)."""
    with DATA.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= n:
                break
            row = json.loads(line)
            record = {
                "id": row["ID"],
                "title": row["title"],
                "text": row["content_original"],
                "outlet": row["source"],
                "url": row["url"],
                "published": row["date"],
            }
            out.write(json.dumps(record) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def show(entity: dict, texts: dict[str, str], n: int) -> str:
    """One entity with up to ``n`` of its mentions, each in a line of context."""
    head = (
        f"{entity['name']!r} type={entity['type']} country={entity['country']} "
        f"wikidata={entity['wikidata']} mentions={len(entity['mentions'])}"
    )
    lines = [head]
    for m in entity["mentions"][:n]:
        text = texts.get(m["article_id"], "")
        left = text[max(0, m["start"] - CONTEXT) : m["start"]].replace("\n", " ")
        right = text[m["end"] : m["end"] + CONTEXT].replace("\n", " ")
        lines.append(f"    ...{left}[[{m['text']}]]{right}...")
    return "\n".join(lines)


def read_export(out: Path) -> tuple[list[dict], dict[str, str]]:
    entities = read_jsonl(out / "entities.jsonl")
    return entities, {a["id"]: a["text"] for a in read_jsonl(out / "articles.jsonl")}


def run(n: int, keep: Path | None) -> tuple[list[dict], dict[str, str], float]:
    """``parallax analyze`` on the first N articles; the export is kept in ``keep`` when given."""
    if not DATA.exists():
        sys.exit(f"{DATA} not found")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = keep or work / "out"
        write_input(n, work / "input.jsonl")
        started = time.perf_counter()
        cmd = ["parallax", "analyze", str(work / "input.jsonl"), "--db", str(work / "s.duckdb")]
        subprocess.run([*cmd, "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - started
        return (*read_export(out), elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600, help="first N articles of the sample")
    parser.add_argument("--sample", type=int, default=30, help="entities to print for judging")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mentions", type=int, default=3, help="mentions shown per entity")
    parser.add_argument("--out", type=Path, default=None, help="keep the exported JSON Lines here")
    parser.add_argument("--from", dest="source", type=Path, default=None, help="sample a kept --out, no run")
    parser.add_argument("--top", type=int, default=15, help="most mentioned persons to list")
    args = parser.parse_args()
    if args.source is not None:
        entities, texts, elapsed = (*read_export(args.source), 0.0)
    else:
        entities, texts, elapsed = run(args.articles, args.out)
    persons = [e for e in entities if e["type"] == "person"]
    with_qid = [e for e in entities if e["wikidata"]]
    print(f"{len(texts)} articles analysed in {elapsed:.0f}s; {len(entities)} entities")
    print(
        f"persons {len(persons)}; with a Wikidata id {len(with_qid)}; by type {dict(Counter(e['type'] for e in entities))}"
    )
    top = sorted(persons, key=lambda e: -len(e["mentions"]))[: args.top]
    print("most mentioned persons: " + ", ".join(f"{e['name']} ({len(e['mentions'])})" for e in top))
    print(f"\nrandom sample of {args.sample} entities (seed {args.seed}):\n")
    for n, entity in enumerate(random.Random(args.seed).sample(entities, min(args.sample, len(entities))), 1):
        print(f"{n:>2}. {show(entity, texts, args.mentions)}")


if __name__ == "__main__":
    main()
