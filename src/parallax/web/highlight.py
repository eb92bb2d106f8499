"""Turn character spans over an article's text into flat, escapable segments.

Templates render each segment as plain text inside its marks, so hostile article text
is always escaped by Jinja2: no HTML is ever assembled from article data here.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

SNIPPET_CHARS = 160


def _valid(span: dict[str, Any], size: int) -> bool:
    start, end = span.get("start"), span.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size


def build_segments(
    text: str,
    mentions: Sequence[dict[str, Any]] = (),
    quotes: Sequence[dict[str, Any]] = (),
    terms: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """Split ``text`` at every span boundary; each piece knows the mention, quote and term covering it.

    Overlaps are allowed (a name inside a quote): a piece carries one annotation per kind,
    the innermost (shortest) one when spans of the same kind nest.
    """
    size = len(text)
    layers = {
        "mention": [m for m in mentions if _valid(m, size)],
        "quote": [q for q in quotes if _valid(q, size)],
        "term": [t for t in terms if _valid(t, size)],
    }
    cuts = {0, size}
    for spans in layers.values():
        for s in spans:
            cuts.update((s["start"], s["end"]))
    bounds = sorted(cuts)
    segments = []
    for start, end in itertools.pairwise(bounds):
        segment: dict[str, Any] = {"text": text[start:end], "start": start}
        for kind, spans in layers.items():
            covering = [s for s in spans if s["start"] <= start and end <= s["end"]]
            segment[kind] = min(covering, key=lambda s: s["end"] - s["start"]) if covering else None
        segments.append(segment)
    return segments


def build_snippet(text: str, start: int, end: int, expected: str | None = None) -> dict[str, str] | None:
    """The term at ``start:end`` with a little context either side, cut at sentence edges.

    When the stored offsets do not match ``expected`` (a text changed since), the first
    occurrence of ``expected`` is used instead; None when it cannot be found.
    """
    if expected and text[start:end] != expected:
        found = text.find(expected)
        if found < 0:
            return None
        start, end = found, found + len(expected)
    if not 0 <= start < end <= len(text):
        return None
    left = max(0, start - SNIPPET_CHARS)
    right = min(len(text), end + SNIPPET_CHARS)
    before, after = text[left:start], text[end:right]
    cut = max(before.rfind(". "), before.rfind("\n"))
    if cut >= 0:
        before = before[cut + 1 :].lstrip()
    elif left > 0:
        before = "…" + before
    stop = min((i for i in (after.find(". "), after.find("\n")) if i >= 0), default=-1)
    if stop >= 0:
        after = after[: stop + 1]
    elif right < len(text):
        after += "…"
    return {"before": before, "term": text[start:end], "after": after}


def lead_of(text: str | None, limit: int = 320) -> str:
    """The first paragraph, shortened at a word boundary: what the side-by-side columns show."""
    first = (text or "").strip().split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"
