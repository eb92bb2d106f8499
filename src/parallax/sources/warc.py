"""WARC files (Common Crawl's CC-NEWS): every HTML ``response`` record is one article.

Other records (warcinfo, requests, metadata, images, PDFs) are skipped without an
error: a crawl holds them by design. The record's target URI and fetch date are the
article's URL and published hint; the record id keeps each article addressable.
"""

from __future__ import annotations

import logging
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


def read_warc(
    stream: IO[bytes], path: str, *, favor_precision: bool = True
) -> Iterator[RawDocument | ReadError]:
    """Articles from the HTML responses of a WARC stream (already gunzipped or per-record gzip)."""
    skipped = 0
    try:
        for record in ArchiveIterator(stream):
            if not is_html_response(record):
                skipped += 1
                continue
            record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
            source = f"{path}#{record_id}"
            payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
            if len(payload) > MAX_PAYLOAD_BYTES:
                yield ReadError(source, f"HTML payload larger than {MAX_PAYLOAD_BYTES} bytes, not read")
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:  # bytes the record header promised but never came
                yield ReadError(source, "WARC record truncated (the file ends inside it)")
                continue
            markup, _ = decode_bytes(payload, declared=http_charset(record))
            yield extract_html(
                markup,
                source,
                favor_precision=favor_precision,
                fmt="warc",
                url=record.rec_headers.get_header("WARC-Target-URI"),
                published=to_iso_date(record.rec_headers.get_header("WARC-Date")),
                source_id=record_id or None,
            )
    except ArchiveLoadFailed as exc:
        yield ReadError(path, f"WARC stream broken after the readable records: {exc}")
    log.debug("%s: skipped %d non-HTML WARC records", path, skipped)
