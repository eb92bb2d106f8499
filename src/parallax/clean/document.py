"""RawDocument -> Article: the cleaning stage's one entry point.

Order matters: the crawler header first (it may carry the first sentence), then furniture
(so counters and credits never pass for metadata), then the byline in the tail and the
site name, headline and dateline in the head, and last the text repairs, run to a fixed
point so that cleaning twice equals cleaning once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from parallax.clean.furniture import FEED_FOOTER, drop_furniture, strip_tail
from parallax.clean.header import parse_header
from parallax.clean.metadata import (
    Head,
    choose_language,
    find_author,
    lookup_outlet,
    normalize_place,
    outlet_from_url,
    parse_date,
    parse_date_near,
    read_first_paragraph,
    read_head,
)
from parallax.clean.repair import (
    join_blocks,
    join_broken_paragraphs,
    normalize_text,
    split_blocks,
    split_glued_sentences,
)
from parallax.model import Article, RawDocument, stable_id
from parallax.settings import Settings

_MAX_PASSES = 5


def clean_text(text: str) -> str:
    """Article text without furniture, with glued sentences and broken paragraphs repaired."""
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str) -> str:
    blocks = drop_furniture(split_blocks(normalize_text(text)))
    blocks = join_broken_paragraphs([split_glued_sentences(b) for b in blocks])
    return join_blocks(strip_tail(blocks))


def hash_content(text: str) -> str:
    """sha256 of the text with case, Unicode form and whitespace normalised: equal texts, equal hash."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def identify_source(raw: RawDocument) -> str:
    """What names the document across runs: its URL, its record id, or its file name (+ record part)."""
    if raw.url:
        return raw.url
    if raw.source_id:
        return raw.source_id
    path, _, record = raw.source.partition("#")
    return Path(path).name + (f"#{record}" if record else "")


def clean_document(raw: RawDocument, settings: Settings | None = None) -> Article:
    """Clean a document's text and read its metadata; the result is a fresh, unannotated Article."""
    header, text = parse_header(normalize_text(raw.content))
    blocks = split_blocks(text)
    footer = next((m.group("site") for b in blocks[-3:] if (m := FEED_FOOTER.match(b))), None)
    blocks = drop_furniture(blocks)
    author, blocks = find_author(blocks)
    head, blocks = read_head(blocks, raw.title.strip() if raw.title else None)
    opening = Head()
    if blocks:
        opening, blocks[0] = read_first_paragraph(blocks[0])
    text = clean_text(join_blocks(blocks))

    dateline = (
        normalize_place(header.dateline) if header and header.dateline else head.dateline or opening.dateline
    )
    stated = header.published if header else None
    published = (
        parse_date(raw.published, require_year=False) or parse_date_near(opening.date_text, stated) or stated
    )
    return Article(
        id=stable_id("art", identify_source(raw), hash_content(text)),
        source=raw.source,
        text=text,
        raw=raw.original or raw.content,
        source_id=raw.source_id,
        url=raw.url,
        outlet=_choose_outlet(raw, head, opening, footer or (header.agency if header else None)),
        title=head.title,
        author=raw.author or author,
        published=published,
        published_inferred=False,
        dateline=dateline,
        language=choose_language(raw.language, text),
        content_hash=hash_content(text),
    )


def _choose_outlet(raw: RawDocument, head: Head, opening: Head, agency: str | None) -> str | None:
    """The container's word first, then a known site, then what the article states about itself."""
    if raw.outlet:
        return raw.outlet
    site = outlet_from_url(raw.url)
    if site and lookup_outlet(site):
        return site
    return head.outlet or opening.outlet or agency or site
