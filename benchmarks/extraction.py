"""HTML extraction accuracy and speed on the Zyte article-extraction benchmark.

Scores, on ../shared/data/article_extraction (181 real pages with hand-made article
bodies), plain trafilatura, trafilatura with favor_precision, Parallax's HTML reader
(``read_paths``) and, when the cleaning stage exists, reader + ``clean_document``.
The metric re-implements the benchmark's: 4-word shingles over ``\\w+`` tokens counted
as multisets, TP/FP/FN normalised per page so each page weighs the same, precision and
recall averaged over pages, F1 of the two means; accuracy = share of pages whose
token list equals the ground truth exactly. ``--check`` first scores the reference
trafilatura 2.0.0 output shipped with the data, to prove the metric (published F1 0.958).

usage: python benchmarks/extraction.py [--limit N] [--check]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article_extraction"
TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float
    accuracy: float


def shingles(text: str) -> tuple[list[str], Counter[str]]:
    """The page's tokens and its 4-token shingles as a multiset (one shingle for short texts)."""
    tokens = TOKEN.findall(text or "")
    grams = [" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))]
    return tokens, Counter(g for g in grams if g)


def score_pages(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean per-page precision and recall, F1 of those means, exact-token accuracy."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = total = 0
    for truth, predicted in pairs:
        total += 1
        true_tokens, true_grams = shingles(truth)
        pred_tokens, pred_grams = shingles(predicted)
        exact += true_tokens == pred_tokens
        tp = sum((true_grams & pred_grams).values())
        fp = sum((pred_grams - true_grams).values())
        fn = sum((true_grams - pred_grams).values())
        if fp == fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(f1, precision, recall, exact / total if total else 0.0)


def load_pages(limit: int | None) -> list[tuple[str, Path, str]]:
    """(item id, gzipped page path, true article body), in id order."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    items = sorted(truth)[:limit] if limit else sorted(truth)
    return [(item, DATA / "html" / f"{item}.html.gz", truth[item]["articleBody"]) for item in items]


def extract_plain(path: Path, **options: object) -> str:
    import trafilatura

    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return trafilatura.extract(html, **options) or ""


def extract_reader(path: Path) -> str:
    from parallax.model import RawDocument
    from parallax.sources import read_paths

    docs = [d for d in read_paths([path]) if isinstance(d, RawDocument)]
    return docs[0].content if docs else ""


def make_cleaned() -> Callable[[Path], str] | None:
    """Reader then cleaning stage, or None while ``parallax.clean.clean_document`` does not exist."""
    try:
        from parallax.clean import clean_document
    except ImportError:
        return None
    from parallax.model import RawDocument
    from parallax.sources import read_paths

    def extract_cleaned(path: Path) -> str:
        docs = [d for d in read_paths([path]) if isinstance(d, RawDocument)]
        return clean_document(docs[0]).text if docs else ""

    return extract_cleaned


def run_system(
    extract: Callable[[Path], str], pages: list[tuple[str, Path, str]]
) -> tuple[Score, float, dict]:
    """Score one extractor; also return pages/s and each page's output for error analysis."""
    outputs: dict[str, str] = {}
    start = time.perf_counter()
    for item, path, _ in pages:
        outputs[item] = extract(path)
    elapsed = time.perf_counter() - start
    score = score_pages((truth, outputs[item]) for item, _, truth in pages)
    return score, len(pages) / elapsed if elapsed else 0.0, outputs


def check_metric() -> None:
    """Score the shipped trafilatura 2.0.0 output: should print F1 0.958, P 0.938, R 0.978, acc 0.293."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    output = json.loads((DATA / "output" / "trafilatura.json").read_text(encoding="utf-8"))["output"]
    score = score_pages(
        (truth[k]["articleBody"], output.get(k, {}).get("articleBody", "")) for k in sorted(truth)
    )
    print(f"metric check, reference trafilatura 2.0.0 output: F1 {score.f1:.3f}  P {score.precision:.3f}  "
          f"R {score.recall:.3f}  acc {score.accuracy:.3f}  (published 0.958 / 0.938 / 0.978 / 0.293)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (by id)")
    parser.add_argument(
        "--check", action="store_true", help="first verify the metric on the shipped reference output"
    )
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N pages where the last system lost most F1"
    )
    args = parser.parse_args()
    if args.check:
        check_metric()
    pages = load_pages(args.limit)
    systems: list[tuple[str, Callable[[Path], str]]] = [
        ("trafilatura defaults", extract_plain),
        ("trafilatura favor_precision", lambda p: extract_plain(p, favor_precision=True)),
        ("parallax read_paths", extract_reader),
    ]
    cleaned = make_cleaned()
    if cleaned is not None:
        systems.append(("parallax read_paths + clean", cleaned))
    print(f"{len(pages)} pages from {DATA}")
    print(f"{'system':<30} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6} {'pages/s':>8}")
    results = {}
    for name, extract in systems:
        score, speed, outputs = run_system(extract, pages)
        results[name] = outputs
        print(
            f"{name:<30} {score.f1:6.3f} {score.precision:6.3f} {score.recall:6.3f} {score.accuracy:6.3f} {speed:8.1f}"
        )
    if cleaned is None:
        print("(parallax.clean.clean_document not importable yet: cleaning row skipped)")
    if args.worst:
        print_worst(pages, results, args.worst)


def print_worst(pages: list[tuple[str, Path, str]], results: dict[str, dict[str, str]], n: int) -> None:
    """Pages where the last Parallax system scores lower than the reader alone: what the cleaning lost."""
    names = list(results)
    base, last = names[2], names[-1]
    losses = []
    for item, _, truth in pages:
        before = score_pages([(truth, results[base][item])]).f1
        after = score_pages([(truth, results[last][item])]).f1
        losses.append((before - after, item))
    for loss, item in sorted(losses, reverse=True)[:n]:
        if loss <= 0:
            break
        kept = " ".join(results[last][item].split())
        lost = [p for p in results[base][item].split("\n\n") if " ".join(p.split()) not in kept]
        print(f"\n{item}: F1 -{loss:.3f} ({base} -> {last}); paragraphs dropped or rewritten:")
        for paragraph in lost[:5]:
            print(f"   - {paragraph[:160]!r}")


if __name__ == "__main__":
    main()
