"""Cleaning-stage scores: what the heuristics keep, how fast they run, the scenario's articles.

Prints (a) the share of sentences kept by ``clean_document`` on the 181 hand-made article
bodies of the Zyte extraction benchmark (furniture-free, so every lost sentence is a loss)
and on the AllSides records (raw newspaper3k text, so the share also counts the noise the
cleaner removes: watch it for drops, not for 100%); (b) milliseconds per document; (c) the
articles section of the acceptance scenario (``shared/scenarios/check.py`` on an export of
the five scenario articles made with the cleaning stage alone); with ``--examples``, the
metadata read from the bundled examples. A sentence counts as kept when its letters and
digits appear in the clean text, with or without a leading dateline (datelines are
metadata by design). With ``--pathological``, only a scaling check: seconds to clean
adversarial texts (repeated short patterns of the characters the rules look for) at
sizes n, 2n and 4n, and the ratio of each step (linear is about 2x, quadratic 4x).

usage: python benchmarks/cleaning.py [--allsides N] [--lost N] [--examples] [--pathological [N]]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from parallax.clean import clean_document
from parallax.clean.header import DATELINE_CAPS
from parallax.clean.repair import normalize_text
from parallax.model import Article, RawDocument
from parallax.resources import Resources
from parallax.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ZYTE = SHARED / "data" / "article_extraction" / "ground-truth.json"
ALLSIDES = SHARED / "data" / "allsides_sample" / "articles_sample.jsonl"
SCENARIOS = SHARED / "scenarios"


def split_sentences(text: str) -> list[str]:
    """Sentences of three words or more, line by line (the unit tests' splitter)."""
    return [
        s
        for line in normalize_text(text).split("\n")
        for s in re.split(r"(?<=[.!?])\s+", line.strip())
        if len(s.split()) >= 3
    ]


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text)


def is_kept(sentence: str, cleaned: str) -> bool:
    """Whether the sentence survives, allowing its leading dateline to have gone to metadata."""
    if squeeze(sentence) in cleaned:
        return True
    dateline = DATELINE_CAPS.match(sentence)
    return bool(dateline) and squeeze(sentence[dateline.end() :]) in cleaned


def score_kept(
    docs: Iterable[tuple[str, str]], show_lost: int
) -> tuple[int, int, int, float, list[tuple[str, str]]]:
    """(sentences kept, sentences, documents, seconds cleaning, some lost sentences with their doc id)."""
    kept = total = count = 0
    seconds = 0.0
    lost: list[tuple[str, str]] = []
    for doc_id, text in docs:
        raw = RawDocument(source=doc_id, content=text, format="text", original=text)
        start = time.perf_counter()
        article = clean_document(raw)
        seconds += time.perf_counter() - start
        cleaned = squeeze(article.text)
        count += 1
        for sentence in split_sentences(text):
            total += 1
            if is_kept(sentence, cleaned):
                kept += 1
            elif len(lost) < show_lost:
                lost.append((doc_id, sentence))
    return kept, total, count, seconds, lost


def zyte_bodies() -> Iterable[tuple[str, str]]:
    truth = json.loads(ZYTE.read_text(encoding="utf-8"))
    return ((item, truth[item]["articleBody"]) for item in sorted(truth))


def allsides_records(limit: int) -> Iterable[tuple[str, str]]:
    with ALLSIDES.open(encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if i >= limit:
                break
            record = json.loads(line)
            yield record["ID"], record["content_original"]


def load_checker() -> ModuleType:
    """The scenario checker shipped beside the scenarios (not a package: loaded from its path)."""
    spec = importlib.util.spec_from_file_location("scenario_check", SCENARIOS / "check.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def export_row(article: Article) -> dict:
    """The articles.jsonl fields the checker reads (GUIDE section 2)."""
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "dateline": article.dateline,
        "language": article.language,
        "text": article.text,
    }


def score_scenario(name: str, verbose: bool) -> tuple[int, int]:
    """Passed and total checks of the scenario's articles section, on the cleaning stage alone."""
    import yaml

    checker = load_checker()
    folder = SCENARIOS / name
    rows = []
    for path in sorted((folder / "articles").iterdir()):
        content = path.read_text(encoding="utf-8")
        raw = RawDocument(source=str(path), content=content, format="text", original=content)
        rows.append(export_row(clean_document(raw)))
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    report = checker.Report(verbose)
    checker.check_articles(expected, checker.article_index(rows), report)
    return report.sections.get("articles", (0, 0))


def print_examples() -> None:
    """The metadata read from the bundled examples, one line per document, for a reader to judge."""
    from parallax.sources import read_paths

    for raw in read_paths([ROOT / "examples" / "selka-river"]):
        if not isinstance(raw, RawDocument):
            continue
        a = clean_document(raw)
        print(f"  {Path(a.source).name[:34]:<34} outlet={a.outlet!r} author={a.author!r} "
              f"dateline={a.dateline!r} published={a.published} title={(a.title or '')[:40]!r}")  # fmt: skip


# Adversarial shapes: a text of about ``n`` characters each. The first three are the issue's.
PATHOLOGICAL = {
    "x@ repeated": lambda n: "x@" * (n // 2),
    "a. repeated": lambda n: "a." * (n // 2),
    "dateline of capitals": lambda n: "A" * n + " - The talks resumed on Monday.",
    "header of capitals": lambda n: "date 2025-01-01 " + "A" * n,
    "header of language codes": lambda n: "date 2025-01-01 " + "en " * (n // 3),
    "capital words": lambda n: "AB " * (n // 3),
    "capitals and dots": lambda n: "A." * (n // 2),
    "glued sentences": lambda n: "one year.Next " * (n // 14),
    "glued in links": lambda n: "www.a.b/year.Next " * (n // 18),
    "domains without path": lambda n: "a-b.c" * (n // 5),
    "e-mail-like": lambda n: "a@b." * (n // 4),
    "camel humps": lambda n: "aAa" * (n // 3),
    "counter digits": lambda n: "1 " * (n // 2) + "views x",
    "bullets and digits": lambda n: "• 1 " * (n // 4) + "x",
    "stamp-like": lambda n: "1.1.11, 1:11 " * (n // 13),
    "closing quotes": lambda n: "a." + "”" * n,
    "broken paragraphs": lambda n: "the talks went on and\n" * (n // 22),
    "name lines": lambda n: "\n".join(f"Aa{i} Bb" for i in range(n // 8)),
    "byline of names": lambda n: "By " + " and ".join(["Ann Lee"] * (n // 12)),
    "inline tags": lambda n: "<p>The talks went on. <a href='x'>link</a></p>\n" * (n // 46),
    "nested tags": lambda n: "<b>" * (n // 3),
    "unclosed attributes": lambda n: '<a href="' * (n // 9),
    "script openings": lambda n: "<script>" * (n // 8),
}


def time_clean(text: str, repeat: int = 2) -> float:
    """Best of ``repeat`` runs of clean_document on the text, in seconds (no time budget)."""
    resources = Resources.load(Settings(clean_budget_s=float("inf")))
    raw = RawDocument(source="pathological", content=text, format="text")
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        clean_document(raw, resources)
        best = min(best, time.perf_counter() - start)
    return best


def print_scaling(n: int) -> None:
    """Seconds at n, 2n, 4n characters per shape, and each doubling's ratio."""
    print(f"{'shape':<26} {'n':>8} {'2n':>8} {'4n':>8} {'2n/n':>6} {'4n/2n':>6}   (seconds; linear ~2x)")
    for name, make in PATHOLOGICAL.items():
        t1, t2, t4 = (time_clean(make(size)) for size in (n, 2 * n, 4 * n))
        print(f"{name:<26} {t1:8.3f} {t2:8.3f} {t4:8.3f} {t2 / max(t1, 1e-6):6.1f} {t4 / max(t2, 1e-6):6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--allsides", type=int, default=3000, help="AllSides records to clean (max 3000)")
    parser.add_argument("--lost", type=int, default=0, help="print up to N lost Zyte sentences")
    parser.add_argument("--examples", action="store_true", help="print the examples' metadata")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each scenario check")
    parser.add_argument(
        "--pathological", type=int, nargs="?", const=20000, metavar="N",
        help="only time adversarial texts of N, 2N, 4N characters (default N 20000)",
    )  # fmt: skip
    args = parser.parse_args()
    clean_document(RawDocument(source="warm-up", content="Warm up the models.\n\nJane Doe", format="text"))
    if args.pathological:
        print_scaling(args.pathological)
        return
    print(f"{'set':<28} {'kept':>7} {'sentences':>9} {'share':>7} {'docs':>5} {'ms/doc':>7}")
    for label, docs, lost_n in [
        ("Zyte ground-truth bodies", zyte_bodies(), args.lost),
        (f"AllSides records ({args.allsides})", allsides_records(args.allsides), 0),
    ]:
        kept, total, count, seconds, lost = score_kept(docs, lost_n)
        print(f"{label:<28} {kept:7d} {total:9d} {kept / max(total, 1):7.2%} {count:5d} "
              f"{1000 * seconds / max(count, 1):7.2f}")  # fmt: skip
        for doc_id, sentence in lost:
            print(f"   lost {doc_id[:10]}: {sentence[:140]!r}")
    passed, total = score_scenario("xi-putin-2025", args.verbose)
    print(f"scenario xi-putin-2025 articles section (cleaning only): {passed}/{total}")
    if args.examples:
        print_examples()


if __name__ == "__main__":
    main()
