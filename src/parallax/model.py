"""The one typed data model that flows through every stage.

Every annotation is a (start, end) span over ``Article.text``, never a copy that
could drift from it. Objects are frozen: a stage returns a new object
(``dataclasses.replace``) instead of mutating its input, so stages stay pure and
can run in any process or on any Ray worker.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def stable_id(prefix: str, *parts: object) -> str:
    """A short id derived from content, identical across runs and machines."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


@dataclass(frozen=True)
class RawDocument:
    """What a reader delivers: decoded content plus whatever metadata the container held."""

    source: str  # file path, or "path#record-id" / "path#line" inside a multi-record file
    content: str  # decoded article text to clean (for HTML and feeds: the extracted main text)
    format: str  # where it came from: "text" | "html" | "record" | "feed" | "warc"
    original: str = ""  # the raw page or text as read, kept for "show original"
    source_id: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date when the container states one
    outlet: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class ReadError:
    """A document that could not be read: where, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A reference to an actor in one article, resolved to a canonical entity key."""

    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | GOV | NORP | ROLE | PRON
    entity_key: str  # canonical key: a KB id ("kb:Q15031") or a name key ("name:person:xi jinping")


@dataclass(frozen=True)
class Entity:
    """A canonical actor: one per real-world person, government, country or organisation."""

    id: str
    name: str
    type: str  # person | government | country | organization | agency | outlet | other
    country: str | None = None  # ISO 3166 alpha-3
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    id: str
    start: int
    end: int
    text: str
    kind: str  # direct | indirect | mixed
    speaker: str | None = None  # canonical name
    speaker_entity_id: str | None = None
    speaker_mention: Span | None = None
    cue: str | None = None
    via: str | None = None
    statement_id: str | None = None


@dataclass(frozen=True)
class Term:
    """A short phrase in quotation marks that labels something rather than reports speech."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    name: str
    country: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True)
class EventReport:
    article_id: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Event:
    """One happening; several articles reporting it become several reports of one event."""

    id: str
    plover: str
    cameo: str | None
    source_actor: Actor | None
    target_actor: Actor | None
    initiator: Actor | None = None
    date: str | None = None
    date_precision: str | None = None  # day | week | month | year
    date_inferred: bool = False
    location: str | None = None
    mode: str | None = None
    trigger: str | None = None
    negated: bool = False
    hypothetical: bool = False
    reports: tuple[EventReport, ...] = ()
    time_text: str | None = None  # the raw time phrase, so the date can be re-resolved later
    background: bool = False  # told as background ("over the past decade"), not as the news


@dataclass(frozen=True)
class StageFailure:
    """An NLP stage that raised on an article: the article is kept with what earlier stages wrote."""

    stage: str
    error: str  # the exception's type name
    message: str


@dataclass(frozen=True)
class Article:
    """A clean article and, once the NLP stages ran, its annotations (all spans over ``text``)."""

    id: str
    source: str
    text: str
    raw: str = ""
    source_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_inferred: bool = False
    dateline: str | None = None
    language: str | None = None
    content_hash: str = ""
    story_id: str | None = None
    duplicate_of: str | None = None
    sentences: tuple[tuple[int, int], ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()  # the canonical entities the mentions point to
    quotes: tuple[Quote, ...] = ()
    terms: tuple[Term, ...] = ()
    events: tuple[Event, ...] = ()
    failed_stages: tuple[StageFailure, ...] = ()


@dataclass(frozen=True)
class Claim:
    text: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    first_published: str | None = None
    last_published: str | None = None
    event_ids: tuple[str, ...] = ()
    related_story_ids: tuple[str, ...] = ()
    consensus: tuple[dict, ...] = ()
    discrepancies: tuple[dict, ...] = ()
    framing: tuple[dict, ...] = ()
    voices: dict = field(default_factory=dict)
    omissions: dict = field(default_factory=dict)
    tone: dict = field(default_factory=dict)
