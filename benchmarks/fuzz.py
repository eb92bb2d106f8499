"""Fuzz the readers and the cleaner: no input may crash them, hang them or leave unstorable text.

Seeds are small valid samples of every format the readers take (crawler text with its
``date`` header, HTML, JSON Lines, JSON, CSV, WARC written with warcio, RSS, Atom), each
also gzipped. Every input is a seed put through one to four mutations (bit flips, spliced
seeds, repeated spans, hostile tokens such as lone surrogates, ``http://[::1``, year-0
dates, ``charset=utf-16``, deep nesting, 5,000-digit integers, re-encoding, gzip); it is
written to a file, read with ``read_paths`` and every RawDocument is cleaned with
``clean_document``.

Counted as failures, each printed with a reproducer (the input is saved under --out):
an exception out of ``read_paths`` or ``clean_document``; a ReadError standing for a
reader bug (reason starting with ``INTERNAL_ERROR``); a broken invariant (no item, a
source not naming the file, a NUL or lone surrogate in a string); an input taking over
``--slow`` seconds (2 by default). Input ``i`` of a run is a function of ``--seed`` and
``i`` alone, so ``--only i`` replays it.

Times are CPU seconds of this process (``time.process_time``), so other work on a busy
machine does not inflate them. An input still running after ``--limit`` CPU seconds is
stopped there (a hang, or a slow input whose full time is not waited for) and reported.

usage: python benchmarks/fuzz.py [--n 100000] [--seed 0] [--only I] [--out DIR] [--slow 2] [--limit 10]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import gzip
import io
import json
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from htmldate.extractors import external_date_parser
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.clean import clean_document
from parallax.clean.document import ArticleTooLongError
from parallax.clean.metadata import detect_language
from parallax.model import RawDocument, ReadError
from parallax.resources import Resources
from parallax.settings import Settings
from parallax.sources import INTERNAL_ERROR, read_paths
from parallax.sources.dates import to_iso_date

MAX_INPUT_BYTES = 64 * 1024  # big enough for every structure; the size caps have their own tests
BAD_CHARS_RE = re.compile("[\x00\ud800-\udfff]")

PARAGRAPHS = [
    "The foreign ministers of Norway and Chile met in Oslo on Monday to discuss fisheries quotas.",
    '"We agreed to keep talking," the Norwegian minister told reporters after the meeting.',
    "The Chilean delegation described the talks as frank and constructive, the state agency said.",
]
TEXT = "\n\n".join(PARAGRAPHS)
# One line in each script the cleaner's language detector knows, to load its models before timing.
SCRIPTS = [
    "The minister met reporters in the capital on Monday.",
    "Министр встретился с журналистами в столице в понедельник.",
    "Міністр зустрівся з журналістами у столиці в понеділок.",
    "التقى الوزير بالصحفيين في العاصمة يوم الاثنين",
    "وزیر روز دوشنبه با خبرنگاران در پایتخت دیدار کرد",
    "部长周一在首都会见了记者。",
    "大臣は月曜日に首都で記者団と会った。",
    "장관은 월요일 수도에서 기자들을 만났다.",
    "Ο υπουργός συναντήθηκε με δημοσιογράφους στην πρωτεύουσα.",
    "השר נפגש עם עיתונאים בבירה ביום שני.",
    "मंत्री ने सोमवार को राजधानी में पत्रकारों से मुलाकात की।",
    "Bộ trưởng đã gặp các phóng viên tại thủ đô vào thứ Hai.",
]
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ministers meet | Ledger</title>'
    '<meta name="author" content="Kari Holm"><meta property="article:published_time" '
    'content="2024-05-06T10:00:00Z"></head><body><nav><a href="/">Home</a></nav><article><h1>Ministers meet'
    "</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>(c) Ledger</footer></body></html>"
)


def record(i: int) -> dict[str, object]:
    return {
        "id": f"r{i}",
        "url": f"https://example.org/{i}",
        "title": f"Ministers meet {i}",
        "author": "Kari Holm",
        "published": "2024-05-06T10:00:00Z",
        "outlet": "Ledger",
        "text": TEXT if i % 2 else f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>",
    }


def warc_seed() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(
        writer.create_warc_record("urn:x", "warcinfo", payload=io.BytesIO(b"software: x\r\n"))
    )
    for i in range(2):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        payload = io.BytesIO(PAGE.replace("Ministers meet", f"Ministers meet {i}").encode())
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=payload, http_headers=headers
            )
        )
    return buffer.getvalue()


def csv_seed() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "published", "text"])
    writer.writerows([i, f"T{i}", "2024-05-06", TEXT] for i in range(2))
    return out.getvalue().encode()


def seeds() -> list[tuple[str, bytes]]:
    """(extension, bytes) of a valid sample of every format, and of each gzipped."""
    items = [
        ("txt", f"date 2024-05-06 en fr Photo: handout\n\n{TEXT}\n".encode()),
        ("html", PAGE.encode()),
        ("jsonl", "".join(json.dumps(record(i)) + "\n" for i in range(3)).encode()),
        ("json", json.dumps([record(i) for i in range(2)], indent=1).encode()),
        ("csv", csv_seed()),
        ("warc", warc_seed()),
        (
            "xml",
            (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ledger</title>'
                "<link>https://example.org/</link><language>en</language>"
                + "".join(
                    f"<item><title>T{i}</title><link>/a/{i}</link><guid>g{i}</guid>"
                    f"<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>{TEXT}</p>]]>"
                    "</description></item>"
                    for i in range(2)
                )
                + "</channel></rss>"
            ).encode(),
        ),
        (
            "atom",
            (
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><link href="https://example.org/"/>'
                + "".join(
                    f"<entry><title>T{i}</title><id>e{i}</id><link href='/e/{i}'/><updated>2024-05-06T10:00:00Z"
                    f"</updated><content type='html'>&lt;p&gt;{TEXT}&lt;/p&gt;</content></entry>"
                    for i in range(2)
                )
                + "</feed>"
            ).encode(),
        ),
    ]
    return items + [(f"{ext}.gz", gzip.compress(data, mtime=0)) for ext, data in items]


TOKENS = [
    b"\x00",
    b"\\u0000",
    b"\\ud800",
    b"\\udfff x",
    b"\xed\xa0\x80",
    b"&#xD800;",
    b"&#0;",
    b"&#1114112;",
    b"http://[::1",
    b"charset=utf-16",
    b'<meta charset="utf-16">',
    b'encoding="utf-7"',
    b"charset=idna",
    b"charset=unicode_escape",
    b"Mon, 01 Jan 0000 00:00:00 GMT",
    b"0000-01-01T00:00:00Z",
    b"9999-12-31T23:59:59Z",
    b"date 0000-00-00 en ",
    b"date 2025-13-45 xx ",
    b"9" * 5000,
    b"1e999999",
    b"[" * 3000,
    b'{"a":' * 3000,
    b"<div>" * 3000,
    b"\r",
    b"\r\n",
    b"\n\n\n",
    b'"',
    b"'",
    b",",
    b"\t",
    b";",
    b"|",
    b"<",
    b">",
    b"&",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?xml",
    b"?>",
    b"<!DOCTYPE html>",
    b"<html>",
    b"<script>",
    b"</p>",
    b"<p>",
    b'{"text": "',
    b"WARC/1.0\r\n",
    b"Content-Length: 999999999\r\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x1f\x8b",
    "\u202e\u200b\u0301\u2028\x85\u00a0\U0001f600".encode(),
    "Москва «цитата» — ".encode("cp1251"),
    "naïve café ’q’ ".encode("cp1252"),
    b"\x0c\x0b\x1b",
]


def insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def flip_bits(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buffer:
            buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    return bytes(buffer)


def random_bytes(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return insert(rng, data, rng.randbytes(rng.randint(1, 64)))


def delete_span(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 256) :]


def repeat_span(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    start = rng.randrange(len(data) + 1)
    span = data[start : start + rng.randint(1, 64)]
    return data[:start] + span * rng.choice([2, 10, 100, 1000]) + data[start:]


def truncate(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(rng: random.Random, data: bytes, pool: list[bytes]) -> bytes:
    other = rng.choice(pool)
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def add_token(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    return insert(rng, data, rng.choice(TOKENS) * rng.choice([1, 1, 1, 2, 50]))


def reencode(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    text = data.decode("utf-8", errors=rng.choice(["ignore", "replace", "surrogateescape"]))
    encoding = rng.choice(
        ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "cp1251", "latin-1", "utf-8-sig"]
    )
    return text.encode(encoding, errors="replace")


def regzip(rng: random.Random, data: bytes, _: list[bytes]) -> bytes:
    packed = gzip.compress(data, mtime=0)
    return packed if rng.random() < 0.5 else packed[: rng.randrange(len(packed) + 1)]


MUTATORS: list[Callable[[random.Random, bytes, list[bytes]], bytes]] = [
    flip_bits,
    random_bytes,
    delete_span,
    repeat_span,
    truncate,
    splice,
    add_token,
    add_token,
    add_token,
    reencode,
    regzip,
]
EXTENSIONS = ["txt", "html", "jsonl", "json", "csv", "tsv", "warc", "xml", "rss", "", "csv.gz", "jsonl.gz"]


def generate(seed: int, index: int, pool: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """Input ``index`` of run ``seed``: (extension, bytes); a pure function of both numbers."""
    rng = random.Random(f"{seed}:{index}")
    ext, data = rng.choice(pool)
    if index % 50 == 0:  # now and then an unmutated seed, so valid input is known to still read
        return ext, data
    bodies = [b for _, b in pool]
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATORS)(rng, data, bodies)[:MAX_INPUT_BYTES]
    if rng.random() < 0.1:
        ext = rng.choice(EXTENSIONS)
    return ext, data


class Hang(BaseException):
    """Raised by the timer in an input that runs past --limit (a BaseException: no reader net catches it)."""


def on_alarm(signum: int, frame: object) -> None:
    raise Hang("stopped at the --limit")


def bad_strings(item: RawDocument | ReadError) -> list[str]:
    """Names of the item's string fields that hold a NUL or a lone surrogate."""
    return [
        f.name
        for f in dataclasses.fields(item)
        if isinstance(value := getattr(item, f.name), str) and BAD_CHARS_RE.search(value)
    ]


@dataclasses.dataclass
class Result:
    documents: int = 0
    read_errors: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    read_s: float = 0.0
    clean_s: float = 0.0
    phase: str = "read"  # where an input that hangs is stuck
    phase_start: float = 0.0


def run_one(path: Path, settings: Settings, result: Result) -> None:
    """Read one input file and clean what it yields; every failure is a line in ``result.problems``."""
    start = result.phase_start = time.process_time()
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # warcio prints a warning per damaged record
            items = list(read_paths([path]))
    except Exception:
        result.problems.append("read_paths raised: " + traceback.format_exc(limit=-3))
        items = []
    result.read_s = time.process_time() - start
    if not items and not result.problems:
        result.problems.append("read_paths yielded nothing")
    for item in items:
        if not item.source.startswith(str(path)):
            result.problems.append(f"source does not name the file: {item.source[:80]!r}")
        if bad := bad_strings(item):
            result.problems.append(f"NUL or lone surrogate in {bad} of {type(item).__name__}")
        if isinstance(item, ReadError):
            result.read_errors += 1
            if item.reason.startswith(INTERNAL_ERROR):
                result.problems.append(f"reader bug caught by the net: {item.reason[:300]}")
            continue
        result.documents += 1
        start = time.process_time()
        result.phase, result.phase_start = "clean", start
        try:
            clean_document(item, Resources.load(settings))
        except ArticleTooLongError:  # a named refusal the run reports, like a read error
            result.read_errors += 1
        except Exception:
            result.problems.append("clean_document raised: " + traceback.format_exc(limit=-3))
        result.clean_s += time.process_time() - start


@dataclasses.dataclass
class Totals:
    inputs: int = 0
    documents: int = 0
    read_errors: int = 0
    unhandled: int = 0
    slow: int = 0
    slowest: tuple[float, float, float, int] = (0.0, 0.0, 0.0, -1)  # total, read, clean, input


def fuzz_one(
    index: int, args: argparse.Namespace, pool: list[tuple[str, bytes]], work: Path, totals: Totals
) -> None:
    """Generate, run and account for input ``index``; print it with a reproducer when it fails."""
    ext, data = generate(args.seed, index, pool)
    path = work / (f"input.{ext}" if ext else "input")
    path.write_bytes(data)
    result = Result()
    signal.setitimer(signal.ITIMER_PROF, args.limit)
    try:
        run_one(path, args.settings, result)
    except Hang as exc:
        result.problems.append(f"hang in {result.phase}: {exc}")
        stuck = time.process_time() - result.phase_start
        if result.phase == "read":
            result.read_s = stuck
        else:
            result.clean_s += stuck
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    path.unlink()
    elapsed = result.read_s + result.clean_s
    totals.inputs += 1
    totals.documents += result.documents
    totals.read_errors += result.read_errors
    totals.slowest = max(totals.slowest, (elapsed, result.read_s, result.clean_s, index))
    if elapsed > args.slow:
        totals.slow += 1
        result.problems.append(
            f"slow: {elapsed:.2f} s (read {result.read_s:.2f}, clean {result.clean_s:.2f})"
        )
    if any(not p.startswith(("slow", "hang")) for p in result.problems):
        totals.unhandled += 1
    if args.only is not None:
        print(
            f"input {index} ({ext}, {len(data)} bytes): {result.documents} documents, {result.read_errors} errors"
        )
    if result.problems:
        saved = args.out / f"seed{args.seed}-{index}.{ext or 'bin'}"
        saved.write_bytes(data)
        print(f"--- input {index} ({ext}, {len(data)} bytes) saved to {saved}")
        print(f"    reproduce: python benchmarks/fuzz.py --seed {args.seed} --only {index}")
        for problem in result.problems:
            print("    " + problem.rstrip().replace("\n", "\n    "), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=0, help="run seed; input i is a function of (seed, i)")
    parser.add_argument("--only", type=int, help="replay input number ONLY and print what it yields")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "parallax-fuzz")
    parser.add_argument(
        "--slow", type=float, default=2.0, help="CPU seconds above which an input counts as slow"
    )
    parser.add_argument(
        "--limit", type=float, default=10.0, help="CPU seconds after which an input is stopped"
    )
    args = parser.parse_args()

    pool = seeds()
    args.settings = Settings()
    args.out.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGPROF, on_alarm)
    stop: list[int] = []  # kill PID: finish the input at hand, then print the counts
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.append(signum))
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    for ext, data in pool:  # warm-up: imports, model and table loads stay out of the timings
        (work / f"seed.{ext}").write_bytes(data)
        run_one(work / f"seed.{ext}", args.settings, Result())
    to_iso_date("Seg, 24 Set 2018")  # dateparser loads its locale tables on first use
    # htmldate's own dateparser compiles each locale's tables the first time a string fits none of them
    external_date_parser("24 qqzz 2018 10:00", "%Y-%m-%d")
    for sample in SCRIPTS:  # lingua loads a language's models the first time text could be in it
        detect_language(sample)  # short text: 1- to 5-gram models
        detect_language(sample * 5)  # long text: trigram models
    totals = Totals()
    began, cpu = time.perf_counter(), time.process_time()
    for index in [args.only] if args.only is not None else range(args.n):
        if stop:
            print(f"stopped (SIGTERM) before input {index}: the counts below are for the inputs run")
            break
        fuzz_one(index, args, pool, work, totals)
        if totals.inputs % 5000 == 0:
            rate = totals.inputs / (time.perf_counter() - began)
            print(f"... {totals.inputs} inputs, {rate:.1f}/s: {totals}", file=sys.stderr, flush=True)
    total, read, clean, index = totals.slowest
    print(f"inputs: {totals.inputs}")
    print(f"documents: {totals.documents}")
    print(f"read errors: {totals.read_errors}")
    print(f"unhandled exceptions (incl. reader-bug errors and broken invariants): {totals.unhandled}")
    print(f"slowest input (CPU): #{index} {total:.3f} s (read {read:.3f} s, clean {clean:.3f} s)")
    print(f"inputs over {args.slow:g} s (CPU; stopped at {args.limit:g} s): {totals.slow}")
    print(f"wall time: {time.perf_counter() - began:.0f} s, CPU time: {time.process_time() - cpu:.0f} s")


if __name__ == "__main__":
    main()
