"""Words per second of the whole NLP pipeline next to spaCy's own ``nlp.pipe``, same texts, same run.

The stages Parallax adds (entities, quotes, events) must cost less than 25% on top of
spaCy. Texts are real articles from the AllSides same-story set in ../shared/data.
Each configuration runs ``--repeat`` times, alternating, and the best time is kept.

usage: python benchmarks/pipeline_speed.py [--limit 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from parallax.model import Article
from parallax.nlp.pipeline import Pipeline, add_sentences, load_spacy

DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "story_clusters" / "allsides_neus_stories.jsonl"
)


def load_texts(limit: int) -> list[str]:
    texts = []
    with DATA.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
            if len(texts) >= limit:
                break
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = load_texts(args.limit)
    articles = [
        Article(id=f"a{i}", source="bench", text=t, published="2021-01-01") for i, t in enumerate(texts)
    ]
    words = sum(len(t.split()) for t in texts)
    nlp = load_spacy()
    full = Pipeline()
    sentences_only = Pipeline(stages=(add_sentences,))
    list(full(articles[:5]))  # warm up: model, KB and lexicons loaded

    def run_spacy() -> None:
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    def run_sentences() -> None:
        list(sentences_only(articles))

    def run_full() -> None:
        list(full(articles))

    best = {
        "spacy nlp.pipe": float("inf"),
        "pipeline (sentences only)": float("inf"),
        "full pipeline": float("inf"),
    }
    runs = {
        "spacy nlp.pipe": run_spacy,
        "pipeline (sentences only)": run_sentences,
        "full pipeline": run_full,
    }
    for _ in range(args.repeat):
        for name, fn in runs.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"{len(texts)} articles, {words} words; best of {args.repeat}")
    print(f"{'configuration':28} {'seconds':>8} {'words/s':>9}")
    for name, seconds in best.items():
        print(f"{name:28} {seconds:8.2f} {words / seconds:9.0f}")
    overhead = best["full pipeline"] / best["spacy nlp.pipe"] - 1
    print(f"stages added on top of spaCy: {overhead:+.1%} (target < +25%)")


if __name__ == "__main__":
    main()
