"""Plain-text crawler dumps: the decoded text, untouched.

A dump may open with a header line ``date YYYY-MM-DD <tokens>``; it stays in the
content because the cleaning stage owns its parsing (date, languages, dateline).
"""

from __future__ import annotations

from parallax.model import RawDocument, ReadError


def read_text(text: str, source: str) -> RawDocument | ReadError:
    """A text file as one document; a ReadError when it holds only whitespace."""
    if not text.strip():
        return ReadError(source, "empty file (only whitespace)")
    return RawDocument(source=source, content=text, format="text", original=text)
