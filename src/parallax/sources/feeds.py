"""RSS and Atom feeds: each entry with its fullest body, HTML turned into paragraphs.

feedparser copes with the encodings and dialects real feeds use (undeclared cp1252,
cp1251 with a default namespace, RSS without a version); an entry's body is the longest
of its ``content:encoded``/``content`` blocks, or its summary when that is longer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import feedparser

from parallax.model import RawDocument, ReadError
from parallax.sources.dates import to_iso_date
from parallax.sources.html import fragment_to_text, join_paragraphs
from parallax.sources.sanitize import sanitize_hint

MARKUP_RE = re.compile(r"<[A-Za-z/!]|&#?[A-Za-z0-9]+;")


def entry_body(entry: feedparser.FeedParserDict) -> str:
    """The fullest HTML or text the entry carries: its longest content block, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    body = max(contents, key=len, default="")
    summary = entry.get("summary", "") or ""
    return body if len(body) >= len(summary) else summary


def entry_to_document(
    entry: feedparser.FeedParserDict, index: int, feed: feedparser.FeedParserDict, path: str
) -> RawDocument | ReadError:
    """One feed entry as a RawDocument (format "feed"), or why it has no text."""
    entry_id = sanitize_hint(entry.get("id") or entry.get("link"))
    source = f"{path}#{entry_id or index}"
    body = entry_body(entry)
    text = fragment_to_text(body) if MARKUP_RE.search(body) else join_paragraphs(body)
    if not text:
        return ReadError(source, "feed entry has no text (no content and no summary)")
    link = entry.get("link")
    # dict.get: FeedParserDict.get would map a missing key to its sibling and warn about it
    parsed_date = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return RawDocument(
        source=source,
        content=text,
        format="feed",
        original=body,
        source_id=entry.get("id") or None,
        url=entry_url(feed.get("link"), link),
        title=entry.get("title") or None,
        author=entry.get("author") or None,
        published=to_iso_date(parsed_date or entry.get("published"), [feed.get("language") or ""]),
        outlet=feed.get("title") or None,
        language=feed.get("language") or None,
    )


def entry_url(base: str | None, link: str | None) -> str | None:
    """The entry's link made absolute against the feed's; None when either is not a URL (``http://[::1``)."""
    if not link:
        return None
    try:
        return urljoin(base or "", link)
    except ValueError:
        return None


def read_feed(data: bytes, path: str) -> Iterator[RawDocument | ReadError]:
    """Every entry of an RSS/Atom document; one ReadError when it holds no entries."""
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser lets its XML and date parsers' errors through
        yield ReadError(path, f"feed could not be parsed: {type(exc).__name__}: {exc}")
        return
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield ReadError(path, f"feed has no entries{f' ({problem})' if problem else ''}")
        return
    for index, entry in enumerate(parsed.entries):
        yield entry_to_document(entry, index, parsed.feed, path)
