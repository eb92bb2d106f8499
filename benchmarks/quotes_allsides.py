"""Quotes on AllSides articles, printed for a person to judge: a seeded random sample of all quotes
and of quotes with a via, each with its sentence, speaker, cue and via.

The first N articles of the sample file (ordered by sha1 of their id, so in effect random) are read
and cleaned as `parallax analyze` reads them and run through every NLP stage. Judge each printed
quote: is the speaker right (the person or body whose words they are, null only when the article
names none), and is the via right (the agency or outlet the words came through, null when none)?
Run on demand:

    .venv/bin/python benchmarks/quotes_allsides.py --articles 600 --sample 30 --seed 10 > /tmp/qa.txt
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from itertools import islice
from pathlib import Path

from parallax.clean import clean_document
from parallax.model import Article, Quote
from parallax.nlp.pipeline import Pipeline
from parallax.sources import read_file

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "allsides_sample"
    / "articles_sample.jsonl"
)
CONTEXT_CHARS = 160


def read_articles(count: int) -> list[Article]:
    raws = (r for r in read_file(str(DATA)) if not isinstance(r, BaseException) and hasattr(r, "content"))
    return [clean_document(raw) for raw in islice(raws, count)]


def sentence_of(article: Article, quote: Quote) -> str:
    """The sentences holding the quote, widened to its attribution a little either side."""
    bounds = [(s, e) for s, e in article.sentences if s < quote.end and quote.start < e]
    start = min((s for s, _ in bounds), default=quote.start)
    end = max((e for _, e in bounds), default=quote.end)
    start, end = max(0, min(start, quote.start - CONTEXT_CHARS)), min(len(article.text), end + 40)
    return article.text[start:end].replace("\n", " / ")


def show(n: int, article: Article, quote: Quote) -> str:
    mention = quote.speaker_mention.text if quote.speaker_mention else None
    return (
        f"[{n}] {article.outlet} {article.id[:12]} {quote.kind} cue={quote.cue!r} speaker={quote.speaker!r}"
        f" (mention {mention!r}) via={quote.via!r}\n    quote: {quote.text[:200]!r}\n"
        f"    context: {sentence_of(article, quote)}\n"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--sample", type=int, default=30, help="quotes to print from each group")
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    started = time.process_time()
    articles = list(Pipeline()(read_articles(args.articles)))
    pairs = [(a, q) for a in articles for q in a.quotes]
    with_via = [(a, q) for a, q in pairs if q.via]
    rng = random.Random(args.seed)
    print(f"{len(articles)} articles, {len(pairs)} quotes, {len(with_via)} with a via")
    for title, group in (("RANDOM QUOTES", pairs), ("QUOTES WITH A VIA", with_via)):
        print(f"\n== {title} ==")
        for n, (article, quote) in enumerate(rng.sample(group, min(args.sample, len(group))), 1):
            print(show(n, article, quote))
    print(f"{time.process_time() - started:.0f} CPU-s", file=sys.stderr)


if __name__ == "__main__":
    main()
