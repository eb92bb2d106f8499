"""spaCy's attribute ruler and lemmatizer against Parallax's array versions, on the same parsed docs.

Parses the first N AllSides records (bodies and headlines) and any text files given, once,
up to the parser; then runs the stock attribute ruler + lemmatizer on one copy of each doc
and ``nlp/fast_components.py``'s on another, in the same process. Prints the CPU seconds of
each pair and how many docs differ in any of TAG, POS, MORPH, LEMMA, DEP, HEAD or sentence
starts (the target is 0).

usage: python benchmarks/spacy_components.py [--limit 600] [FILE ...]
"""

from __future__ import annotations

import argparse
import json
import time
from itertools import islice
from pathlib import Path

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from parallax.nlp.fast_components import ArrayAttributeRuler, ArrayLemmatizer
from parallax.nlp.pipeline import SPACY_MODEL

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "allsides_sample" / "articles_sample.jsonl"
COMPARED = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]


def read_texts(limit: int, files: list[Path]) -> list[str]:
    texts = []
    if SAMPLE.exists():
        with SAMPLE.open(encoding="utf-8") as lines:
            for line in islice(lines, limit):
                record = json.loads(line)
                texts += [record["content_original"], record["title"]]
    return texts + [f.read_text(encoding="utf-8", errors="replace") for f in files]


def annotations(doc) -> tuple:
    return doc.to_array(COMPARED).tolist(), [(t.lemma_, str(t.morph)) for t in doc]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="AllSides records (body and headline each)")
    parser.add_argument("files", nargs="*", type=Path, help="more text files to compare on")
    args = parser.parse_args()
    texts = read_texts(args.limit, args.files)
    if not texts:
        raise SystemExit("no texts: the AllSides sample (../shared/data) is absent and no file was given")
    nlp = spacy.load(SPACY_MODEL, exclude=["ner"])  # NER reads neither POS nor lemmas
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    array_ruler, array_lemmatizer = ArrayAttributeRuler(nlp.vocab), ArrayLemmatizer(nlp.vocab)
    array_ruler.take(ruler)
    array_lemmatizer.take(lemmatizer)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        parsed = list(nlp.pipe(texts))
    stock_docs, array_docs = [d.copy() for d in parsed], [d.copy() for d in parsed]
    start = time.process_time()
    stock_docs = [lemmatizer(ruler(d)) for d in stock_docs]
    stock = time.process_time() - start
    start = time.process_time()
    array_docs = [array_lemmatizer(array_ruler(d)) for d in array_docs]
    array = time.process_time() - start
    different = sum(annotations(a) != annotations(b) for a, b in zip(stock_docs, array_docs, strict=True))
    tokens = sum(len(d) for d in parsed)
    print(f"{len(parsed)} docs, {tokens} tokens: stock ruler + lemmatizer {stock:.2f} CPU-s, "
          f"array versions {array:.2f} CPU-s; docs with any difference: {different}")  # fmt: skip


if __name__ == "__main__":
    main()
