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
class Figure:
    """A count or an ordinal stated in a claim, and the thing it counts (read off the parse).

    ``value`` is "<rank>th" for ordinals (so "2nd" and "second" agree) or the number ("60" for
    "sixty"); ``shown`` is the number as written. ``topic``, ``of`` and ``frame`` are stems of the
    counted noun with its compounds, of its "of" complement, and of the governing verb with its
    core nouns: together they say what is counted.
    """

    value: str
    shown: str
    head: str
    topic: tuple[str, ...]
    of: tuple[str, ...] = ()
    frame: tuple[str, ...] = ()
    exact: bool = True  # False for "at least 3", "about 300": a bound agrees with many values
    unit: str = ""  # the counted noun as written, with its modifiers: "cubic metres per second"
    bound: str = ""  # "min" for "at least / more than", "max" for "up to / fewer than", "~" for "about"


@dataclass(frozen=True)
class Amount:
    """A number a claim states and what it measures, read off the parse for the omission test.

    ``value`` is the number as ``stories.claims.numbers_of`` writes it ("3.5" for "$3.5 billion");
    ``measure`` the stems of the noun it measures, head first ("rate", "unemploy" for "the
    unemployment rate fell to 5.2%"; empty when the parse does not say); ``headline`` whether it is
    a value of the sentence's own predicate (its subject, object or "to"/"by" value) rather than a
    detail inside a modifier or a circumstance ("a 25-year-old", "after three missiles struck").
    """

    value: str
    measure: tuple[str, ...] = ()
    headline: bool = False
    counted: bool = False  # it counts its noun ("three jets"), not a sum, a share or a rate


@dataclass(frozen=True)
class Label:
    """A quoted name given to a thing: 'no limits' partnership -> ('no limits', 'partnership')."""

    text: str
    noun: str


@dataclass(frozen=True)
class ClaimSpan:
    """A checkable statement of one article: a sentence or one of its verb clauses."""

    start: int
    end: int
    figures: tuple[Figure, ...] = ()
    labels: tuple[Label, ...] = ()
    whole: bool = True  # a statement on its own, not a fragment ("to announce that ...")
    amounts: tuple[Amount, ...] = ()  # every number it states, with what it measures


@dataclass(frozen=True)
class Cue:
    """A word choice the parse found, for the framing comparison across outlets.

    ``kind`` is "modifier" (a word before a person's name), "term" (a loaded-lexicon hit),
    "loaded term" (such a hit used in its loaded sense, with the phrase it qualifies),
    "relative clause", "predicate" (a verb a named actor is the subject of), "scare quotes"
    or "person" (words the article puts before a surname). Offsets are into the title when
    ``field`` is "title". ``key`` is what outlets are compared by; ``candidate`` marks a cue
    that is framing if the other outlets do not share it.
    """

    start: int
    end: int
    kind: str
    key: str
    about: str | None = None
    word: str = ""  # the word the log-odds contrast is read for (predicates: the verb as written)
    field: str = "text"
    candidate: bool = False


@dataclass(frozen=True)
class InitiativeSpan:
    """A sentence stating who started a contact ("X called Y", "at the request of Y")."""

    start: int
    end: int
    initiator: str
    by: tuple[str, ...]  # the initiator's distinctive words
    with_: tuple[str, ...] = ()  # the other party's, when the sentence names one


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
    claims: tuple[ClaimSpan, ...] = ()
    cues: tuple[Cue, ...] = ()
    initiatives: tuple[InitiativeSpan, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A statement as the comparison reports it: its wording and the articles that carry it."""

    claim: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Side:
    """One side of a discrepancy: a claim, the value it gives, the articles that give it."""

    claim: str
    value: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Discrepancy:
    about: str
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class FramingItem:
    """Words one outlet uses about an actor that the story's other outlets do not."""

    article_id: str
    outlet: str
    text: str
    start: int
    end: int
    about: str | None
    kind: str
    z: float
    field: str = "text"


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
    consensus: tuple[Claim, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    framing: tuple[FramingItem, ...] = ()
    voices: dict = field(default_factory=dict)
    omissions: dict[str, tuple[Claim, ...]] = field(default_factory=dict)
    tone: dict = field(default_factory=dict)
