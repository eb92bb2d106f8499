"""Named-entity accuracy and speed on CoNLL-2003 English test (eng.testb), run on demand.

Scores plain spaCy NER and spaCy + the entity stage (KB alias matches, surname and type fixes)
in the same run, entity-level exact match (conlleval style) over PER/ORG/LOC/MISC, and the speed
of the entity stage against plain ``nlp.pipe`` on the same texts.

    .venv/bin/python benchmarks/ner.py --limit 50
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from parallax.kb import load_kb
from parallax.model import Article
from parallax.nlp.entities import resolve_entities
from parallax.nlp.pipeline import add_sentences, load_spacy

DATA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "conll2003_en" / "conll2003_testb.jsonl"
)
SPACY_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
KB_TYPE_TO_CONLL = {
    "person": "PER",
    "country": "LOC",
    "government": "LOC",
    "organization": "ORG",
    "agency": "ORG",
    "outlet": "ORG",
    "event": "MISC",
}
Span = tuple[int, int, str]


def trim(text: str, start: int, end: int, titles: frozenset[str] = frozenset()) -> tuple[int, int]:
    """CoNLL spans carry no leading "the" and no title: "the United Nations" -> "United Nations"."""
    words = text[start:end].split(" ")
    while len(words) > 1 and (words[0].lower() == "the" or words[0].lower().rstrip(".") in titles):
        start += len(words.pop(0)) + 1
    return start, end


def spacy_spans(doc) -> set[Span]:
    out = set()
    for e in doc.ents:
        if e.label_ in SPACY_TO_CONLL:
            start, end = trim(doc.text, e.start_char, e.end_char)
            out.add((start, end, SPACY_TO_CONLL[e.label_]))
    return out


def kb_spans(article: Article, doc, kb) -> set[Span]:
    """spaCy's spans, with each resolved mention's span and type taking precedence where they overlap."""
    titles = frozenset(t.rstrip(".") for t in kb.titles)
    resolved = set()
    for m in article.mentions:
        if m.label in ("ROLE", "PRON"):
            continue
        actor = kb.actors.get(m.entity_key)
        kind = KB_TYPE_TO_CONLL.get(actor.type) if actor else None
        if kind is None:
            kind = {
                "PERSON": "PER",
                "ORG": "ORG",
                "GPE": "LOC",
                "GOV": "LOC",
                "NORP": "MISC",
                "EVENT": "MISC",
            }.get(m.label)
        if m.label == "NORP":
            kind = "MISC"  # CoNLL tags nationality adjectives MISC, not the country
        start, end = trim(article.text, m.start, m.end, titles)
        resolved.add((start, end, kind))
    kept = {s for s in spacy_spans(doc) if not any(r[0] < s[1] and s[0] < r[1] for r in resolved)}
    return kept | resolved


def score(gold: set, pred: set) -> tuple[float, float, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="score only the first N documents (231 in all)"
    )
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    docs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = docs[: args.limit]
    nlp, kb = load_spacy(), load_kb()
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=32))
    pipe_s = time.perf_counter() - started

    started = time.perf_counter()
    articles = []
    for d, doc in zip(docs, parsed, strict=True):
        article = Article(id=d["id"], source=d["id"], text=d["text"])
        articles.append(resolve_entities(add_sentences(article, doc, kb), doc, kb))
    stage_s = time.perf_counter() - started

    gold, plain, with_kb = set(), set(), set()
    for d, doc, article in zip(docs, parsed, articles, strict=True):
        gold |= {(d["id"], e["start"], e["end"], e["type"]) for e in d["entities"]}
        plain |= {(d["id"], *s) for s in spacy_spans(doc)}
        with_kb |= {(d["id"], *s) for s in kb_spans(article, doc, kb)}

    print(f"CoNLL-2003 eng.testb: {len(docs)} documents, {words} words, {len(gold)} gold entities")
    print(
        f"{'system':<22}{'P':>7}{'R':>7}{'F1':>7}   "
        + "  ".join(f"{t:>4} F1" for t in ("PER", "ORG", "LOC", "MISC"))
    )
    for name, pred in (("spaCy (sm)", plain), ("spaCy + KB entities", with_kb)):
        p, r, f = score(gold, pred)
        per_type = []
        for t in ("PER", "ORG", "LOC", "MISC"):
            per_type.append(score({g for g in gold if g[3] == t}, {x for x in pred if x[3] == t})[2])
        print(f"{name:<22}{p:7.3f}{r:7.3f}{f:7.3f}   " + "  ".join(f"{x:7.3f}" for x in per_type))
    errors = Counter(x[3] for x in with_kb - gold)
    print(f"false positives by type (with KB): {dict(errors)}")
    print(f"nlp.pipe: {words / pipe_s:,.0f} words/s ({pipe_s:.2f}s)")
    print(f"entity stage alone: {words / stage_s:,.0f} words/s ({stage_s:.2f}s)")
    print(f"nlp.pipe + entity stage: {words / (pipe_s + stage_s):,.0f} words/s")


if __name__ == "__main__":
    main()
