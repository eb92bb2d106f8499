"""Every string a reader hands on is storable text: no NULs, no lone surrogates, bounded hints.

Input is hostile. JSON may spell a lone surrogate (``"\\ud800"``) that no UTF-8 writer
accepts, a file name with undecodable bytes arrives with surrogate escapes, text may hold
NULs that databases and C libraries treat as the end of a string, and a "title" may be
megabytes long. One pass at the reader boundary fixes all of that, so later stages and
the store never see such strings.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from parallax.model import RawDocument, ReadError

SURROGATE_RE = re.compile("[\ud800-\udfff]")
MAX_HINT_CHARS = 1000  # a title, author, outlet or URL longer than this is not one
MAX_REASON_CHARS = 2000
HINT_FIELDS = ("source_id", "url", "title", "author", "published", "outlet", "language")


def sanitize_text(text: str) -> str:
    """``text`` without NULs, each lone surrogate replaced by U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return SURROGATE_RE.sub("\ufffd", text)


def sanitize_hint(value: str | None) -> str | None:
    """A metadata hint as storable text, cut to ``MAX_HINT_CHARS``; None when nothing is left."""
    if value is None:
        return None
    text = sanitize_text(value[:MAX_HINT_CHARS]).strip()
    return text or None


def valid_url(url: str | None) -> str | None:
    """``url`` when urllib can parse it (``http://[::1`` it cannot), else None."""
    if url is None:
        return None
    try:
        urlsplit(url)
    except ValueError:
        return None
    return url


def sanitize_item(item: RawDocument | ReadError) -> RawDocument | ReadError:
    """The item with every string field made storable (see the module docstring)."""
    if isinstance(item, ReadError):
        return ReadError(sanitize_text(item.source), sanitize_text(item.reason[:MAX_REASON_CHARS]))
    hints = {name: sanitize_hint(getattr(item, name)) for name in HINT_FIELDS}
    hints["url"] = valid_url(hints["url"])
    return dataclasses.replace(
        item,
        source=sanitize_text(item.source),
        content=sanitize_text(item.content),
        format=sanitize_text(item.format),
        original=sanitize_text(item.original),
        **hints,
    )
