"""JSON Lines and CSV exports: one article per record, streamed record by record.

Field names vary by exporter, so each hint is looked up under its common spellings.
A broken record becomes a ReadError naming the file and line; the rest of the file
still reads.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from typing import IO

from parallax.model import RawDocument, ReadError
from parallax.sources.dates import to_iso_date
from parallax.sources.encoding import decode_bytes
from parallax.sources.html import extract_html, fragment_to_text, is_full_page, looks_like_html
from parallax.sources.sanitize import sanitize_hint
from parallax.sources.sniff import sniff_dialect

TEXT_KEYS = ("text", "content", "body", "articleBody", "content_original")
ID_KEYS = ("id", "_id", "guid")
URL_KEYS = ("url", "link", "source_url")
TITLE_KEYS = ("title", "headline")
AUTHOR_KEYS = ("author", "authors", "byline")
DATE_KEYS = ("published", "date", "publication_date", "datePublished", "pubDate")
OUTLET_KEYS = ("outlet", "source", "publisher", "sitename")
LANGUAGE_KEYS = ("language", "lang")

MAX_RECORD_CHARS = 8 * 1024 * 1024
MAX_HEADER_CHARS = 64 * 1024  # a header names columns; longer is not a CSV header


def pick(record: Mapping[str, object], keys: tuple[str, ...]) -> str | None:
    """The first non-empty value under one of ``keys`` (any case), as text; lists are joined."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def record_to_document(
    record: object, path: str, line: int, *, favor_precision: bool = True
) -> RawDocument | ReadError:
    """One record (a JSON object or a CSV row) as a RawDocument, or why it is not one."""
    where = f"{path}:{line}"
    if not isinstance(record, Mapping):
        return ReadError(where, f"record is a JSON {type(record).__name__}, not an object")
    text = pick(record, TEXT_KEYS)
    if text is None:
        return ReadError(where, f"record has no text field ({'|'.join(TEXT_KEYS)})")
    record_id = sanitize_hint(pick(record, ID_KEYS))
    source = f"{path}#{record_id}" if record_id is not None else f"{path}#{line}"
    hints = {
        "source_id": record_id,
        "url": pick(record, URL_KEYS),
        "title": pick(record, TITLE_KEYS),
        "author": pick(record, AUTHOR_KEYS),
        "published": to_iso_date(pick(record, DATE_KEYS)),
        "outlet": pick(record, OUTLET_KEYS),
        "language": pick(record, LANGUAGE_KEYS),
    }
    if is_full_page(text):
        page = extract_html(text, source, favor_precision=favor_precision, url=hints["url"])
        if isinstance(page, ReadError):
            return ReadError(where, page.reason)
        hints = {key: value or getattr(page, key) for key, value in hints.items()}
        return RawDocument(source=source, content=page.content, format="record", original=text, **hints)
    content = fragment_to_text(text) if looks_like_html(text) else text
    if not content.strip():
        return ReadError(where, "record text is empty")
    return RawDocument(source=source, content=content, format="record", original=text, **hints)


def read_jsonl(
    stream: IO[str], path: str, *, favor_precision: bool = True
) -> Iterator[RawDocument | ReadError]:
    """Each line of a JSON Lines file as a document; blank lines skipped, broken lines reported."""
    line_number = 0
    while line := stream.readline(MAX_RECORD_CHARS + 1):
        line_number += 1
        if len(line) > MAX_RECORD_CHARS:
            yield ReadError(
                f"{path}:{line_number}", f"record longer than {MAX_RECORD_CHARS} characters, skipped"
            )
            while line and not line.endswith("\n"):  # drop the rest of the oversized line
                line = stream.readline(MAX_RECORD_CHARS)
            continue
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except ValueError as exc:
            yield ReadError(f"{path}:{line_number}", str(exc))
            continue
        yield record_to_document(record, path, line_number, favor_precision=favor_precision)


def parse_json(text: str) -> object:
    """``json.loads``, its every refusal a ValueError with a one-line reason.

    Beyond syntax errors, hostile JSON nests arrays thousands deep (RecursionError) or
    spells integers too long to convert (Python's 4,300-digit limit).
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ValueError("invalid JSON: nested too deeply") from exc
    except ValueError as exc:  # the integer digit limit
        raise ValueError(f"invalid JSON: {exc}".split(";")[0]) from exc


def read_json(data: bytes, path: str, *, favor_precision: bool = True) -> Iterator[RawDocument | ReadError]:
    """A JSON document: an array of article objects, or one article object (read whole, capped).

    Items are numbered from 1 where JSON Lines has line numbers (``path#3``, ``path:3``).
    """
    try:
        document = parse_json(decode_bytes(data)[0])
    except ValueError as exc:
        yield ReadError(path, str(exc))
        return
    records = document if isinstance(document, list) else [document]
    for index, record in enumerate(records, start=1):
        yield record_to_document(record, path, index, favor_precision=favor_precision)


class CappedLines:
    """The lines of a text stream for ``csv.reader``, never holding more than one capped record.

    ``csv`` would otherwise read a whole physical line however long (a 2 MB gzip can hold a
    2 GB line), and a quoted field may run over many lines. A record that grows past
    ``limit`` characters raises ``csv.Error`` from here. When it is one line, the rest of
    that line is skipped (read in bounded pieces) and the next line starts afresh:
    ``csv.reader`` resets its state on every row. When it is a quoted field over many
    lines, where the next record starts cannot be known, so the rest of the file is not read.
    """

    def __init__(self, stream: IO[str], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.line = 1  # the header was line 1
        self.record_chars = 0
        self.record_lines = 0
        self.stopped = False

    def __iter__(self) -> CappedLines:
        return self

    def start_record(self) -> None:
        self.record_chars = self.record_lines = 0

    def __next__(self) -> str:
        line = "" if self.stopped else self.stream.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.line += 1
        self.record_lines += 1
        self.record_chars += len(line)
        if self.record_chars <= self.limit:
            return line
        if self.record_lines > 1:
            self.stopped = True
            raise csv.Error(
                f"record longer than {self.limit} characters in a field over many lines; rest of file not read"
            )
        while line and line[-1] not in "\r\n":
            line = self.stream.readline(self.limit)
        raise csv.Error(f"record longer than {self.limit} characters, skipped")


def read_csv(
    stream: IO[str], path: str, *, favor_precision: bool = True
) -> Iterator[RawDocument | ReadError]:
    """Each row of a CSV/TSV file with a header as a document; the delimiter is sniffed."""
    if csv.field_size_limit() < MAX_RECORD_CHARS:  # the default 128 KiB is shorter than long articles
        csv.field_size_limit(min(sys.maxsize, MAX_RECORD_CHARS))
    header = stream.readline(MAX_HEADER_CHARS + 1)
    if len(header) > MAX_HEADER_CHARS:
        yield ReadError(f"{path}:1", f"CSV header longer than {MAX_HEADER_CHARS} characters, not read")
        return
    try:
        dialect: type[csv.Dialect] | csv.Dialect = sniff_dialect(header)
    except csv.Error:
        dialect = csv.excel
    try:
        columns = next(csv.reader([header.rstrip("\r\n")], dialect), [])
    except csv.Error as exc:
        yield ReadError(f"{path}:1", f"invalid CSV header: {exc}")
        return
    lines = CappedLines(stream, MAX_RECORD_CHARS)
    # a header shows no quoting, so the sniffer says "no doubled quotes"; exports double them (RFC 4180)
    reader = csv.DictReader(lines, fieldnames=columns, dialect=dialect, doublequote=True)
    while True:
        start = lines.line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadError(f"{path}:{start}", f"invalid CSV: {exc}")
            continue
        finally:
            lines.start_record()
        if None in row:
            yield ReadError(f"{path}:{start}", "row has more fields than the header")
            continue
        yield record_to_document(row, path, start, favor_precision=favor_precision)
