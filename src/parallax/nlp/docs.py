"""Lookups over a parsed doc that spaCy recomputes on every access, computed once per doc.

``Doc.text`` joins every token and ``Doc.sents`` walks the whole document each time it
is read: in a stage that reads them once per quote or per candidate, an article's cost
grows with the square of its length. These keep the result in ``doc.user_data``, as does
the headline's parse, made in one batch beside the bodies.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

_TEXT = "parallax.text"
_SENTENCES = "parallax.sentences"
_TITLE = "parallax.title"


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


def attach_titles(nlp: Language, pairs: list[tuple[str, Doc]]) -> None:
    """Parse headlines in one ``nlp.pipe`` call and keep each on its body's doc: one ``nlp(title)``
    per article cost three times the CPU (100 AllSides headlines: 0.78 s against 0.24 s)."""
    try:
        parsed = list(nlp.pipe([title for title, _ in pairs]))
    except Exception:  # a headline spaCy refuses: the others parse alone, that one stays unparsed
        for title, doc in pairs:
            try:
                doc.user_data[_TITLE] = nlp(title)
            except Exception:  # the wording stage then fails on this article alone
                continue
        return
    for (_, doc), title in zip(pairs, parsed, strict=True):
        doc.user_data[_TITLE] = title


class TitleNotParsedError(LookupError):
    """The headline was not parsed beside its body (spaCy refused it, or the stage ran alone)."""


def parsed_title(doc: Doc, title: str) -> Doc:
    """The headline's parse, batched beside the body by ``attach_titles`` (the pipeline does it).

    The parse comes with the body's doc so that no stage loads a model of its own.
    """
    found = doc.user_data.get(_TITLE)
    if found is None or found.text != title:
        raise TitleNotParsedError(
            "the headline was not parsed beside this doc: run the stage through Pipeline, "
            "or call attach_titles first"
        )
    return found
