"""Readers: files, directories, archives and stdin in, RawDocuments (or ReadErrors) out.

``read_paths`` streams: directories are walked lazily in sorted order, multi-record
files (JSONL, CSV, WARC) are read record by record, and no reader holds more than one
document. A single-document file (text, HTML) larger than ``MAX_DOCUMENT_BYTES`` is
refused with a ReadError instead of being read: no news article is that long, so such
a file is a log, a dump or a mistake, and reading only its start would pass a
truncated "article" downstream. Feeds and JSON documents (an array of articles) are
parsed whole, as their parsers need, up to ``MAX_FEED_BYTES``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from parallax.model import RawDocument, ReadError
from parallax.sources.encoding import decode_bytes, describe_binary
from parallax.sources.feeds import read_feed
from parallax.sources.files import (
    MAX_DOCUMENT_BYTES,
    MAX_FEED_BYTES,
    SourceError,
    describe_os_error,
    iter_files,
    open_input,
    read_capped,
    text_stream,
)
from parallax.sources.html import extract_html
from parallax.sources.records import read_csv, read_json, read_jsonl
from parallax.sources.sanitize import sanitize_item
from parallax.sources.sniff import sniff_format
from parallax.sources.text import read_text
from parallax.sources.warc import read_warc

__all__ = ["INTERNAL_ERROR", "MAX_DOCUMENT_BYTES", "MAX_FEED_BYTES", "read_file", "read_paths"]

# Starts the reason of a ReadError that stands for a reader bug rather than a bad input;
# the fuzzer (benchmarks/fuzz.py) counts these as unhandled exceptions.
INTERNAL_ERROR = "internal reader error"


def read_paths(
    paths: Sequence[str | Path], *, favor_precision: bool = True
) -> Iterator[RawDocument | ReadError]:
    """Every document in ``paths`` (files, directories recursively, ``-`` for stdin), in order.

    Never raises for bad input: whatever cannot be read is a ReadError naming the file (and
    record) and the reason, and reading goes on with the rest.
    """
    for path in iter_files(paths):
        if isinstance(path, ReadError):
            yield sanitize_item(path)
        else:
            yield from read_file(path, favor_precision=favor_precision)


def read_file(path: str, *, favor_precision: bool = True) -> Iterator[RawDocument | ReadError]:
    """Every document in one file (``-`` = stdin), its format sniffed from its content.

    A file always yields something: a multi-record file with no article in it (a WARC of
    only images, a CSV with only a header) yields one ReadError saying so. Every string in
    what it yields is storable (see ``sanitize``).
    """
    try:
        for item in read_items(path, favor_precision=favor_precision):
            yield sanitize_item(item)
    except Exception as exc:  # a reader bug must cost one file, never the run
        yield sanitize_item(ReadError(path, f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}"))


def read_items(path: str, *, favor_precision: bool) -> Iterator[RawDocument | ReadError]:
    """``read_file`` before sanitizing: expected failures of the input become ReadErrors here."""
    count = 0
    try:
        with open_input(path) as (stream, head):
            if not head.strip():
                yield ReadError(path, "empty file")
                return
            binary = describe_binary(head)
            if binary:
                yield ReadError(path, f"not a text document: {binary}")
                return
            fmt = sniff_format(head, path)
            for item in read_format(fmt, stream, head, path, favor_precision=favor_precision):
                count += 1
                yield item
            stream.read(1)  # surfaces a read error held back while the reader drained the stream
            if count == 0:
                yield ReadError(path, f"no articles found in this {fmt.upper()} file")
    except SourceError as exc:
        yield ReadError(path, str(exc))
    except (EOFError, OSError, zlib.error) as exc:
        yield ReadError(path, f"cannot read: {describe_read_error(exc)}")


def read_format(
    fmt: str, stream: IO[bytes], head: bytes, path: str, *, favor_precision: bool
) -> Iterator[RawDocument | ReadError]:
    """The documents of one opened file, by the reader for its sniffed format."""
    if fmt == "warc":
        yield from read_warc(stream, path, favor_precision=favor_precision)
    elif fmt in ("jsonl", "csv"):
        text = text_stream(stream, head)
        reader = read_jsonl if fmt == "jsonl" else read_csv
        try:
            yield from reader(text, path, favor_precision=favor_precision)
        finally:
            text.detach()  # the caller still owns (and checks, then closes) the byte stream
    elif fmt == "feed":
        yield from read_feed(read_capped(stream, MAX_FEED_BYTES), path)
    elif fmt == "json":
        yield from read_json(read_capped(stream, MAX_FEED_BYTES), path, favor_precision=favor_precision)
    else:
        text, _ = decode_bytes(read_capped(stream, MAX_DOCUMENT_BYTES))
        if fmt == "html":
            yield extract_html(text, path, favor_precision=favor_precision)
        else:
            yield read_text(text, path)


def describe_read_error(exc: BaseException) -> str:
    """A one-line reason that names a truncated or corrupt gzip stream as such."""
    if isinstance(exc, EOFError | zlib.error) or "gzip" in str(exc).lower():
        return f"truncated or corrupt gzip stream ({exc})"
    return describe_os_error(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
