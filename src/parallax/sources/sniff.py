"""Which reader a file needs, judged from its first bytes (the extension only breaks ties).

Crawlers save HTML as ``.txt``, feeds as ``.xml`` or with no extension at all, so the
content decides; the extension is consulted only where content is ambiguous (a CSV
whose header names no text column).
"""

from __future__ import annotations

import csv
import json
import re

from parallax.sources.encoding import decode_bytes

FORMATS = ("warc", "feed", "html", "jsonl", "json", "csv", "text")
TEXT_FIELDS = ("text", "content", "body", "articlebody", "content_original")

FEED_RE = re.compile(r"<(rss|rdf:rdf|feed)\b", re.IGNORECASE)
HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)
MAX_SNIFF_CHARS = 2048  # csv.Sniffer takes ~15 ms on 2 KiB of hostile text, ~50 ms on 4 KiB
RECORD_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv"}


def strip_markup_preamble(head: str) -> str:
    """The head without BOM, whitespace, XML declarations, processing instructions and comments."""
    text = head.lstrip("\ufeff \t\r\n")
    while True:
        match = re.match(r"(<\?.*?\?>|<!--.*?-->)\s*", text, re.DOTALL)
        if not match:
            return text
        text = text[match.end() :]


def is_pretty_json(body: str) -> bool:
    """One JSON document spread over lines (``{`` alone on the first line), not JSON Lines."""
    first, newline, _ = body.partition("\n")
    if not newline:
        return False
    try:
        json.loads(first)
    except (ValueError, RecursionError):  # a syntax error, an over-long integer, too deep
        return len(first) < 200
    return False


def sniff_dialect(header: str) -> type[csv.Dialect]:
    """The CSV dialect of a header line; raises csv.Error when it shows none.

    Only the first ``MAX_SNIFF_CHARS`` are shown to ``csv.Sniffer``: its quote guessing is
    worse than quadratic in the line length (a 64 KiB line of quotes takes seconds).
    """
    return csv.Sniffer().sniff(header[:MAX_SNIFF_CHARS], delimiters=",;\t|")


def looks_like_csv_header(line: str) -> bool:
    """A first line with several delimited columns, one of which names the article text."""
    try:
        dialect = sniff_dialect(line)
        columns = [c.strip().strip('"').lower() for c in next(csv.reader([line], dialect), [])]
    except csv.Error:
        return False
    return len(columns) >= 2 and any(c in TEXT_FIELDS for c in columns)


def sniff_format(head: bytes, name: str = "") -> str:
    """One of FORMATS for a file starting with ``head`` (a few KiB, already decompressed)."""
    if head.startswith(b"WARC/"):
        return "warc"
    body = strip_markup_preamble(decode_bytes(head)[0])
    if body.startswith("<"):
        if FEED_RE.match(body):
            return "feed"
        if HTML_RE.match(body) or re.search(r"<html\b", body[:2048], re.IGNORECASE):
            return "html"
        if re.search(r"<(rss|feed)\b", body[:2048], re.IGNORECASE):
            return "feed"
    if re.match(r"\[\s*[{\]]", body):  # an array of objects, not a text opening with "[Updated]"
        return "json"
    if body.startswith("{"):
        return "json" if is_pretty_json(body) else "jsonl"
    if looks_like_csv_header(next(iter(body.splitlines()), "")):
        return "csv"
    stem = name.lower().removesuffix(".gz")
    suffix = "." + stem.rsplit(".", 1)[-1] if "." in stem else ""
    return RECORD_EXTENSIONS.get(suffix, "text")
