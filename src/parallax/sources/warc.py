"""WARC files (Common Crawl's CC-NEWS): every HTML ``response`` record is one article.

Other records (warcinfo, requests, metadata, images, PDFs) are skipped without an
error: a crawl holds them by design. The record's target URI and fetch date are the
article's URL and published hint; the record id keeps each article addressable.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from parallax.model import RawDocument, ReadError
from parallax.sources.dates import to_iso_date
from parallax.sources.encoding import decode_bytes
from parallax.sources.html import extract_html

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 8 * 1024 * 1024


def is_html_response(record: Any) -> bool:
    """A ``response`` record whose payload is an HTML page (by identified type or HTTP header)."""
    if record.rec_type != "response":
        return False
    identified = record.rec_headers.get_header("WARC-Identified-Payload-Type") or ""
    http_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
    return "html" in (identified or http_type).lower()


def http_charset(record: Any) -> str | None:
    """The charset the HTTP Content-Type header declares, if any."""
    content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
    if "charset=" not in content_type.lower():
        return None
    return content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None


def iter_records(stream: IO[bytes], path: str) -> Iterator[Any]:
    """The records of a WARC stream, then one ReadError if it breaks off.

    warcio raises assorted errors on damaged records (ArchiveLoadFailed, and AttributeError
    for a response with no target URI); after any of them the stream cannot be resumed.
    """
    records = iter(ArchiveIterator(stream))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except ArchiveLoadFailed as exc:
            yield ReadError(path, f"WARC stream broken after the readable records: {exc}")
            return
        except (AttributeError, ValueError, KeyError, IndexError, TypeError) as exc:
            yield ReadError(
                path, f"WARC stream broken after the readable records: {type(exc).__name__}: {exc}"
            )
            return
        yield record


def read_response(record: Any, path: str, *, favor_precision: bool) -> RawDocument | ReadError:
    """One HTML response record as an article, or why it is not one."""
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    source = f"{path}#{record_id}"
    try:  # content_stream() undoes chunking and HTTP gzip/deflate, which may be damaged
        payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        return ReadError(source, f"WARC record payload unreadable: {type(exc).__name__}: {exc}")
    if len(payload) > MAX_PAYLOAD_BYTES:
        return ReadError(source, f"HTML payload larger than {MAX_PAYLOAD_BYTES} bytes, not read")
    if getattr(record.raw_stream, "limit", 0) > 0:  # bytes the record header promised but never came
        return ReadError(source, "WARC record truncated (the file ends inside it)")
    markup, _ = decode_bytes(payload, declared=http_charset(record))
    return extract_html(
        markup,
        source,
        favor_precision=favor_precision,
        fmt="warc",
        url=record.rec_headers.get_header("WARC-Target-URI"),
        published=to_iso_date(record.rec_headers.get_header("WARC-Date")),
        source_id=record_id or None,
    )


def read_warc(
    stream: IO[bytes], path: str, *, favor_precision: bool = True
) -> Iterator[RawDocument | ReadError]:
    """Articles from the HTML responses of a WARC stream (already gunzipped or per-record gzip)."""
    skipped = 0
    for record in iter_records(stream, path):
        if isinstance(record, ReadError):
            yield record
        elif is_html_response(record):
            yield read_response(record, path, favor_precision=favor_precision)
        else:
            skipped += 1
    log.debug("%s: skipped %d non-HTML WARC records", path, skipped)
