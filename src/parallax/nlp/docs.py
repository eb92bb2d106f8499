"""Lookups over a parsed doc that spaCy recomputes on every access, computed once per doc.

``Doc.text`` joins every token and ``Doc.sents`` walks the whole document each time it
is read: in a stage that reads them once per quote or per candidate, an article's cost
grows with the square of its length. These keep the result in ``doc.user_data``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_TEXT = "parallax.text"
_SENTENCES = "parallax.sentences"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def _sentences(doc: Doc) -> tuple[list[Span], list[int]]:
    found = doc.user_data.get(_SENTENCES)
    if found is None:
        sents = list(doc.sents)
        found = doc.user_data[_SENTENCES] = (sents, [s.end_char for s in sents])
    return found


def sentences_overlapping(doc: Doc, start: int, end: int) -> list[Span]:
    """The sentences sharing a character with [start, end), in order (as filtering ``doc.sents``)."""
    sents, ends = _sentences(doc)
    out = []
    for sent in sents[bisect_right(ends, start) :]:
        if sent.start_char >= end:
            break
        out.append(sent)
    return out
