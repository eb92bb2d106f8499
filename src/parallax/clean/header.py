"""The crawler header: a first line ``date YYYY-MM-DD <tokens>`` that some feeds prepend.

The tokens after the date vary: the outlet's language codes glued together ("ukenru"),
topic words, a photo credit ("Photo: Agency"), a dateline ("CITY-") followed by the
article's first sentence on the same line, or a dateline alone ("CITY Photo: Agency").
The header never stays in the text; the sentence that shares its line does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*([^\n]*)", re.IGNORECASE)
# An all-capitals place name ended by a dash: "BEIJING-", "NEW DELHI —", "KYIV, Ukraine -".
# Linear under ``search``: a word starts only where no capital precedes it and is at most
# 40 letters, taken possessively; each later part is bounded or possessive.
DATELINE_CAPS = re.compile(
    r"(?<![A-Z'’.])(?P<city>[A-Z][A-Z'’.]{1,40}+(?:[ -][A-Z][A-Z'’.]{1,40}+){0,3})"
    r"(?:,\s*+(?P<extra>[A-Z][\w .,]{1,30}?))?"
    r"\s*+(?:\((?P<agency>[^()\n]{2,40})\))?\s*+[-–—]++\s*+(?=[\"“‘'A-Z0-9])"
)
# A header token run that is only a place in capitals ("BRENHOLT", "SAO PAULO").
_CAPS_PLACE = re.compile(r"^[A-Z][A-Z'’.-]{1,40}+(?: [A-Z][A-Z'’.-]{1,40}+){0,2}$")
# Capitalised words that open captions and notes the way a dateline opens an article.
NOT_PLACES = frozenset(
    {"FILE", "PHOTO", "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "WATCH", "EDITOR'S NOTE"}
)
_CREDIT = re.compile(
    r"\b(?:photo|photos|image|picture|credit|photo credit)\s*[:/]\s*[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CrawlerHeader:
    """What the header line states; ``body`` is article text that shared the header's line."""

    published: str
    languages: tuple[str, ...] = ()
    dateline: str | None = None
    agency: str | None = None
    body: str = ""


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639-1 codes, from the language detector's own table."""
    from lingua import Language

    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


def split_language_codes(token: str) -> tuple[str, ...]:
    """ "ukenru" -> ("uk", "en", "ru") when every two-letter piece is a language code, else ()."""
    if not re.fullmatch(r"(?:[a-z]{2})+", token):
        return ()
    codes = tuple(token[i : i + 2] for i in range(0, len(token), 2))
    return codes if all(code in language_codes() for code in codes) else ()


def parse_header(text: str) -> tuple[CrawlerHeader | None, str]:
    """Split the crawler header off ``text``; returns (header or None, text without the header)."""
    match = _HEADER.match(text)
    if not match:
        return None, text
    published, rest = match.group(1), match.group(2).strip()
    remainder = text[match.end() :].lstrip("\n")
    languages: list[str] = []
    tokens = rest.split(" ") if rest else []
    read = 0
    while read < len(tokens) and (codes := split_language_codes(tokens[read])):
        languages.extend(codes)
        read += 1
    rest = " ".join(tokens[read:])
    dateline = agency = None
    body = ""
    found = DATELINE_CAPS.search(rest)
    if found and len(found.group("city").replace(".", "")) >= 3:
        dateline, agency = found.group("city"), found.group("agency")
        body = rest[found.end() :].strip()
    elif _looks_like_sentence(_CREDIT.sub("", rest)):
        body = _CREDIT.sub("", rest).strip()
    elif is_caps_place(_CREDIT.sub("", rest).strip()):
        dateline = _CREDIT.sub("", rest).strip()
    header = CrawlerHeader(
        published=published, languages=tuple(languages), dateline=dateline, agency=agency, body=body
    )
    text_out = f"{body}\n\n{remainder}" if body else remainder
    return header, text_out


def is_caps_place(fragment: str) -> bool:
    """A place name in capitals standing alone ("BRENHOLT"), not a caption word ("FILE")."""
    return (
        bool(_CAPS_PLACE.match(fragment))
        and len(re.sub(r"[^A-Z]", "", fragment)) >= 3
        and fragment not in NOT_PLACES
    )


def _looks_like_sentence(fragment: str) -> bool:
    """Topic words ("China Russia") are capitalised nouns; a sentence has lowercase words too."""
    words = fragment.split()
    lowercase = sum(1 for w in words if w[:1].islower())
    return len(words) >= 8 and lowercase >= 3
