"""Quotation-marked spans found from the characters alone, before any parsing.

News text mixes straight and typographic marks, leaves a quote open at a paragraph end
(either continued by an opening mark on the next paragraph, or simply never closed) and
carries page furniture (headlines, teasers, ad scripts) whose marks are no one's words.
Working on characters keeps this step exact and cheap; the parse only judges the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
DOUBLE_EITHER = '"″'
DOUBLE_MARKS = re.compile("''|[“„«”»\"″]")  # two apostrophes: the double mark of some newswire text
SINGLE_MARKS = re.compile("['‘’]")
TERMINAL = tuple(".!?…:;)")
CLOSING_MARKS = "\"”’'»″"
CODE_SIGNS = re.compile(r"\bfunction\s*\(|\bvar\s+\w+\s*=|=>|[{}]|\w\.\w+\(")
CODE_PUNCT = re.compile(r"[;{}=()]")
MAX_SINGLE_LEN = 240


@dataclass(frozen=True)
class MarkedSpan:
    """The content between quotation marks (marks excluded); ``closed`` is False when it never closes."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraph: int

    @property
    def outer_end(self) -> int:
        """The offset just after the closing mark, or the content end for an unclosed span."""
        return self.close_at + 1 if self.close_at is not None else self.end


def find_paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end): clean text keeps one paragraph per line."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        stripped = m.group().rstrip()
        if stripped.strip():
            spans.append((m.start(), m.start() + len(stripped)))
    return spans


def is_code(paragraph: str) -> bool:
    """Scripts leaked from the page (ad loaders, trackers) use marks as string delimiters."""
    return bool(CODE_SIGNS.search(paragraph)) and len(CODE_PUNCT.findall(paragraph)) >= 6


def is_headline(paragraph: str) -> bool:
    """A line without closing punctuation, or in title case, is a headline, teaser or caption, not prose."""
    if not paragraph.rstrip().rstrip(CLOSING_MARKS).endswith(TERMINAL):
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", paragraph)
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def is_prose(paragraph: str) -> bool:
    return not is_code(paragraph) and not is_headline(paragraph)


def _looks_opening(p: str, i: int, width: int = 1) -> bool:
    before = p[i - 1] if i > 0 else " "
    after = p[i + width] if i + width < len(p) else " "
    return not after.isspace() and (
        before.isspace() or before in "([{—–-/:" or (before in ",;" and after.isalnum())
    )


def _looks_closing(p: str, i: int, width: int = 1) -> bool:
    before = p[i - 1] if i > 0 else " "
    after = p[i + width] if i + width < len(p) else " "
    return not before.isspace() and not after.isalnum()


def pair_double_marks(p: str) -> list[tuple[int, int | None]]:
    """(open, close) indices of double-quoted spans in one paragraph; close None when unclosed."""
    pairs: list[tuple[int, int | None]] = []
    open_at: int | None = None
    for m in DOUBLE_MARKS.finditer(p):
        c, i, w = m.group(), m.start(), len(m.group())
        if open_at is None:
            if (c in DOUBLE_CLOSE + DOUBLE_EITHER or w == 2) and not _looks_opening(p, i, w):
                continue
            open_at = i
        elif c in DOUBLE_OPEN or (_looks_opening(p, i, w) and not _looks_closing(p, i, w)):
            pairs.append((open_at, None))
            open_at = i
        else:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs


def pair_single_marks(p: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Single-quoted spans outside double quotes; apostrophes (China’s, leaders’) never open one."""
    pairs = []
    open_at: int | None = None
    for m in SINGLE_MARKS.finditer(p):
        c, i = m.group(), m.start()
        if any(a <= i <= b for a, b in taken) or p[i - 1 : i] == "'" or p[i + 1 : i + 2] == "'":
            continue
        before = p[i - 1] if i > 0 else " "
        after = p[i + 1] if i + 1 < len(p) else " "
        if open_at is None:
            if c != "’" and (before.isspace() or before in "([—–-") and after.isalnum():
                open_at = i
        elif c != "‘" and _looks_closing(p, i) and not (before.isalnum() and after.isalnum()):
            if i - open_at <= MAX_SINGLE_LEN:
                pairs.append((open_at, i))
            open_at = None
    return pairs


def _width(p: str, i: int) -> int:
    return 2 if p[i : i + 2] == "''" else 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding space and the trailing comma or colon that belongs to the sentence."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every quotation-marked span in prose paragraphs, multi-paragraph quotes joined."""
    spans: list[MarkedSpan] = []
    for n, (ps, pe) in enumerate(find_paragraphs(text)):
        p = text[ps:pe]
        if not is_prose(p):
            continue
        doubles = pair_double_marks(p)
        taken = [(a, b if b is not None else len(p)) for a, b in doubles]
        pairs = doubles + [(a, b) for a, b in pair_single_marks(p, taken)]
        for a, b in sorted(pairs):
            start, end = _trim(text, ps + a + _width(p, a), ps + (b if b is not None else len(p)))
            close = ps + b + _width(p, b) - 1 if b is not None else None
            if end > start:
                spans.append(MarkedSpan(start, end, ps + a, close, n))
    return join_continued(text, spans)


def join_continued(text: str, spans: list[MarkedSpan]) -> list[MarkedSpan]:
    """An unclosed quote of a few words or more, followed by a paragraph opening with a mark, goes on."""
    out: list[MarkedSpan] = []
    for s in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.close_at is None
            and s.paragraph == prev.paragraph + 1
            and not text[text.rfind("\n", 0, s.open_at) + 1 : s.open_at].strip()
            and _word_count(text[prev.start : prev.end]) >= 5
        ):
            out[-1] = MarkedSpan(prev.start, s.end, prev.open_at, s.close_at, s.paragraph)
        else:
            out.append(s)
    return out
