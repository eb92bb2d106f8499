"""Text repair: Unicode and whitespace normalisation, glued sentences, broken paragraphs.

Feeds deliver text with non-breaking spaces, zero-width marks, sentences glued without a
space ("this year.Regular") and paragraphs cut in the middle of a sentence. Each repair here
is idempotent on its own, so the whole cleaner can be run to a fixed point.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces that are not plain spaces (no-break, thin, ideographic ...) become one space.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible marks that feeds leave behind; ZWJ/ZWNJ are kept (they matter in some scripts).
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]|[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")

# A sentence end glued to the next sentence: "year.Regular", "cooperation.Guided", "said.”The".
# The letter before must be lowercase (keeps "U.S.Army"-like abbreviations and "3.5" intact),
# and the next word must start Upper + lower (keeps "Ph.D." and "e.g." intact).
_GLUED = re.compile(r"(?<=[a-z\)%][.!?])(?=[A-Z][a-z])|(?<=[a-z\)%][.!?][\u201d\u2019])(?=[A-Z][a-z])")
# Pieces of a whitespace-free token that make it a link or an address. Each is tested on its
# own with a fixed-width or possessive pattern: one regex for the whole shape backtracks
# quadratically or worse on tokens like "x@x@x@..." or "a.a.a.a...".
_TOKEN = re.compile(r"\S++")
_DOMAIN_END = re.compile(r"[\w-]\.[\w-]++$")
_DOT_WORD = re.compile(r"\.\w")

# What a complete paragraph ends with (a closing quote or bracket may follow the stop).
_TERMINAL_STOPS = ".!?…:;。！？"
_CLOSERS = "\"'\u201d\u2019)]」』"
# Scripts written without spaces between words (kana, CJK ideographs, Thai, Lao, Myanmar, Khmer).
_UNSPACED = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
_CONNECTOR_END = re.compile(
    r"(?:,|\b(?:the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|that|which|who|as|its|their|his|her))$"
)
# How much of a paragraph's end the end-of-sentence rules look at.
_END_WINDOW = 40


def normalize_text(text: str) -> str:
    """NFC, one kind of space and line break, no invisible marks, trimmed lines.

    Typographic quotes and dashes are kept: they carry meaning (quotes delimit speech).
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def split_blocks(text: str) -> list[str]:
    """Non-empty lines: feeds separate paragraphs by one or by two line breaks."""
    return [line for line in (ln.strip() for ln in text.split("\n")) if line]


def join_blocks(blocks: list[str]) -> str:
    """Paragraphs separated by one blank line, the shape every later stage reads."""
    return "\n\n".join(blocks)


def count_words(block: str) -> int:
    """Words in a paragraph; each character counts as a word in scripts written without spaces.

    Length rules ("at most six words") would otherwise read a whole Japanese or Chinese
    paragraph as one word.
    """
    unspaced = len(_UNSPACED.findall(block))
    if not unspaced:
        return len(block.split())
    return unspaced + len(_UNSPACED.sub(" ", block).split())


def ends_complete(block: str) -> bool:
    """Whether a paragraph ends where a sentence can end (a closing quote or bracket may follow the stop)."""
    bare = block.rstrip(_CLOSERS)
    return (bare[-1:] != "" and bare[-1] in _TERMINAL_STOPS) or block.endswith(('"', "\u201d"))


def is_link(token: str) -> bool:
    """Whether a whitespace-free token is a URL, a domain with a path, or an e-mail address."""
    if "http://" in token or "https://" in token or "www." in token:
        return True
    at = token.find("@", 1)
    if at > 0 and _DOT_WORD.search(token, at + 2):
        return True
    # A domain right before a slash: "example.com/page". Pieces between slashes do not overlap.
    return any(_DOMAIN_END.search(piece) for piece in token.split("/")[:-1])


def join_broken_paragraphs(blocks: list[str]) -> list[str]:
    """Join a paragraph cut mid-sentence to the paragraph that continues it.

    A cut paragraph ends without terminal punctuation and the next one starts in
    lowercase, or the cut one ends on a comma or a word that cannot end a sentence.
    A joined paragraph is kept as its pieces (and a running word count) until the end:
    re-reading the whole growing paragraph at each join would be quadratic.
    """
    paragraphs: list[list[str]] = []
    words: list[int] = []
    for block in blocks:
        if (
            paragraphs
            and not ends_complete(paragraphs[-1][-1])
            and _continues(paragraphs[-1][-1], words[-1], block)
        ):
            paragraphs[-1].append(block)
            words[-1] += len(block.split())
        else:
            paragraphs.append([block])
            words.append(len(block.split()))
    return [" ".join(pieces) for pieces in paragraphs]


def _continues(previous: str, words: int, block: str) -> bool:
    """Whether ``block`` continues a paragraph of ``words`` words that ends with ``previous``."""
    first = block[0]
    if words < 5 or is_link(block.split(maxsplit=1)[0]):
        return False
    if first.islower():
        return True
    end = _CONNECTOR_END.search(previous, max(0, len(previous) - _END_WINDOW))
    return bool(end) and words >= 8 and first.isalnum()


def split_glued_sentences(block: str) -> str:
    """Insert the missing space in "this year.Regular", but never inside URLs or e-mail addresses."""
    glued = [match.start() for match in _GLUED.finditer(block)]
    if not glued:
        return block
    protected = [m.span() for m in _TOKEN.finditer(block) if is_link(m.group())]
    pieces: list[str] = []
    last = next_link = 0
    for pos in glued:
        while next_link < len(protected) and protected[next_link][1] <= pos:
            next_link += 1
        if next_link < len(protected) and protected[next_link][0] < pos:
            continue
        pieces.append(block[last:pos])
        last = pos
    pieces.append(block[last:])
    return " ".join(pieces)
