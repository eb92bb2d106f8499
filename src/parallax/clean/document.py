"""RawDocument -> Article: the cleaning stage's one entry point.

Order matters: inline HTML first (its tags would read as code), then the crawler header
(it may carry the first sentence), then furniture (so counters and credits never pass for
metadata), then the byline in the tail and the site name, headline and dateline in the
head, and last the text repairs, run to a fixed point so that cleaning twice equals
cleaning once.

Every rule is linear in the text's length; a time budget (``Settings.clean_budget_s``),
checked between rules, still bounds a document. A document past its budget is a failure,
not a half-cleaned article: what a partial clean keeps would depend on the machine's speed,
so the same input could give different texts and ids from run to run.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from parallax.clean.furniture import FEED_FOOTER, drop_furniture, strip_tail
from parallax.clean.header import language_codes, parse_header
from parallax.clean.markup import strip_markup
from parallax.clean.metadata import (
    Head,
    choose_language,
    find_author,
    load_outlets,
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
from parallax.resources import Resources

_MAX_PASSES = 5


class CleaningBudgetError(TimeoutError):
    """A document whose cleaning ran past its time budget."""


@dataclass(frozen=True)
class Budget:
    """The time one document's cleaning may take, checked between rules."""

    seconds: float
    deadline: float

    @classmethod
    def start(cls, seconds: float) -> Budget:
        return cls(seconds, time.monotonic() + seconds)

    def check(self, step: str) -> None:
        """Raise CleaningBudgetError once the budget is spent (at once for a budget of 0)."""
        if time.monotonic() >= self.deadline:
            raise CleaningBudgetError(
                f"cleaning ran past its budget of {self.seconds:g} s (setting clean_budget_s) "
                f"before {step}; the document is left out rather than half cleaned"
            )


class ArticleTooLongError(ValueError):
    """The text is longer than any one article (the NLP model refuses such texts too)."""


def load_tables() -> None:
    """Load, once per process, the tables the metadata rules consult besides the run's
    ``Resources`` (outlets, language codes).

    Called before a document's clock starts: the budget times the cleaning, not a load
    (the KB and the spaCy model come loaded in the ``Resources``).
    """
    language_codes()
    load_outlets()


def clean_text(text: str, budget: Budget | None = None) -> str:
    """Article text without furniture, with glued sentences and broken paragraphs repaired."""
    budget = budget or Budget.start(float("inf"))
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text, budget)
        if cleaned == text:
            break
        text = cleaned
    return text


def _clean_once(text: str, budget: Budget) -> str:
    budget.check("text repair: furniture")
    blocks = drop_furniture(split_blocks(normalize_text(text)))
    budget.check("text repair: glued sentences and broken paragraphs")
    blocks = join_broken_paragraphs([split_glued_sentences(b) for b in blocks])
    budget.check("text repair: tail widgets")
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


def clean_document(raw: RawDocument, resources: Resources | None = None) -> Article:
    """Clean a document's text and read its metadata; the result is a fresh, unannotated Article.

    The byline and site-name rules ask the run's KB (given names, known actors) and spaCy
    model (is this line a person?), so they take the engine's ``Resources``; without one,
    the default resources load. Raises CleaningBudgetError when the work takes longer than
    ``settings.clean_budget_s``, and ArticleTooLongError for a text over
    ``settings.max_article_chars`` (a dump, not an article).
    """
    resources = resources or Resources.load()
    settings = resources.settings
    if len(raw.content) > settings.max_article_chars:
        raise ArticleTooLongError(
            f"{len(raw.content):,} characters of text, over max_article_chars "
            f"({settings.max_article_chars:,}): a dump, not one article"
        )
    load_tables()
    budget = Budget.start(settings.clean_budget_s)
    content = strip_markup(raw.content)
    budget.check("the crawler header")
    header, text = parse_header(normalize_text(content))
    blocks = split_blocks(text)
    footer = next((m.group("site") for b in blocks[-3:] if (m := FEED_FOOTER.match(b))), None)
    budget.check("furniture")
    blocks = drop_furniture(blocks)
    budget.check("the byline")
    author, blocks = find_author(blocks, resources)
    budget.check("the head")
    head, blocks = read_head(blocks, raw.title.strip() if raw.title else None, resources.nlp)
    opening = Head()
    if blocks:
        opening, blocks[0] = read_first_paragraph(blocks[0])
    text = clean_text(join_blocks(blocks), budget)

    dateline = (
        normalize_place(header.dateline) if header and header.dateline else head.dateline or opening.dateline
    )
    stated = header.published if header else None
    published = (
        parse_date(raw.published, require_year=False) or parse_date_near(opening.date_text, stated) or stated
    )
    content_hash = hash_content(text)
    return Article(
        id=stable_id("art", identify_source(raw), content_hash),
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
        content_hash=content_hash,
    )


def _choose_outlet(raw: RawDocument, head: Head, opening: Head, agency: str | None) -> str | None:
    """The container's word first, then a known site, then what the article states about itself."""
    if raw.outlet:
        return raw.outlet
    site = outlet_from_url(raw.url)
    if site and lookup_outlet(site):
        return site
    return head.outlet or opening.outlet or agency or site
