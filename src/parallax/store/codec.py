"""Plain-dict forms of the model: the shape of the export files and of JSON columns."""

from __future__ import annotations

import copy
import re
from dataclasses import fields
from functools import cache
from typing import Any

from parallax.model import (
    Actor,
    Amount,
    Article,
    ClaimSpan,
    Cue,
    Entity,
    Event,
    EventReport,
    Figure,
    InitiativeSpan,
    Label,
    Mention,
    Quote,
    Span,
    Story,
    Term,
)

# Lone surrogates are the only str characters UTF-8 cannot encode (a file name or text
# decoded with errors="surrogateescape" carries them); DuckDB and Arrow reject them.
_SURROGATE = re.compile("[\ud800-\udfff]")


_LEAVES = (str, int, float, bool, type(None))


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def asdict(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict``, the same dicts, without its deepcopy of every str and number.

    Why: the store encodes every annotation of every article through it, in the one
    process that writes the store; the library's version was most of that process's CPU.
    """
    return {name: _plain(getattr(obj, name)) for name in _field_names(type(obj))}


def _plain(value: Any) -> Any:
    if isinstance(value, _LEAVES):
        return value
    if hasattr(type(value), "__dataclass_fields__"):
        return asdict(value)
    if type(value) in (tuple, list):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return copy.deepcopy(value)


def replace_unencodable(value: Any) -> Any:
    """The value with every lone surrogate replaced by U+FFFD, in nested lists and dicts too.

    One character for one keeps every (start, end) offset into the text valid.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {replace_unencodable(k): replace_unencodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [replace_unencodable(v) for v in value]
    return value


def actor_to_dict(actor: Actor | None) -> dict | None:
    return asdict(actor) if actor else None


def actor_from_dict(data: dict | None) -> Actor | None:
    return Actor(**data) if data else None


def event_to_dict(event: Event) -> dict[str, Any]:
    data = asdict(event)
    data["reports"] = [asdict(r) for r in event.reports]
    return data


def event_from_dict(data: dict) -> Event:
    data = dict(data)
    for key in ("source_actor", "target_actor", "initiator"):
        data[key] = actor_from_dict(data.get(key))
    data["reports"] = tuple(EventReport(**r) for r in data.get("reports") or ())
    known = Event.__dataclass_fields__
    return Event(**{k: v for k, v in data.items() if k in known})


def quote_to_dict(quote: Quote, article_id: str) -> dict[str, Any]:
    data = asdict(quote)
    data["article_id"] = article_id
    return data


def quote_from_dict(data: dict) -> Quote:
    data = {k: v for k, v in data.items() if k in Quote.__dataclass_fields__}
    if data.get("speaker_mention"):
        data["speaker_mention"] = Span(**data["speaker_mention"])
    return Quote(**data)


def annotations_to_dict(article: Article) -> dict[str, Any]:
    """What the corpus stages need back from a stored article besides its rows."""
    return {
        "sentences": [list(s) for s in article.sentences],
        "terms": [asdict(t) for t in article.terms],
        "events": [event_to_dict(e) for e in article.events],
        "entities": [asdict(e) for e in article.entities],
        "mentions": [asdict(m) for m in article.mentions],
        "quotes": [asdict(q) for q in article.quotes],
        "claims": [asdict(c) for c in article.claims],
        "cues": [asdict(c) for c in article.cues],
        "initiatives": [asdict(i) for i in article.initiatives],
    }


def claim_from_dict(data: dict) -> ClaimSpan:
    figures = tuple(
        Figure(**{**f, **{k: tuple(f.get(k) or ()) for k in ("topic", "of", "frame")}})
        for f in data.get("figures") or ()
    )
    labels = tuple(Label(**x) for x in data.get("labels") or ())
    amounts = tuple(Amount(**{**x, "measure": tuple(x["measure"])}) for x in data.get("amounts") or ())
    return ClaimSpan(
        data["start"], data["end"], figures, labels, whole=data.get("whole", True), amounts=amounts
    )


def annotations_from_dict(data: dict) -> dict[str, Any]:
    return {
        "sentences": tuple(tuple(s) for s in data.get("sentences") or ()),
        "terms": tuple(Term(**t) for t in data.get("terms") or ()),
        "events": tuple(event_from_dict(e) for e in data.get("events") or ()),
        "entities": tuple(
            Entity(**{**e, "aliases": tuple(e.get("aliases") or ()), "roles": tuple(e.get("roles") or ())})
            for e in data.get("entities") or ()
        ),
        "mentions": tuple(Mention(**m) for m in data.get("mentions") or ()),
        "quotes": tuple(quote_from_dict(q) for q in data.get("quotes") or ()),
        "claims": tuple(claim_from_dict(c) for c in data.get("claims") or ()),
        "cues": tuple(Cue(**c) for c in data.get("cues") or ()),
        "initiatives": tuple(
            InitiativeSpan(**{**i, "by": tuple(i["by"]), "with_": tuple(i["with_"])})
            for i in data.get("initiatives") or ()
        ),
    }


def story_to_dict(story: Story) -> dict[str, Any]:
    data = asdict(story)
    for key in (
        "article_ids",
        "outlets",
        "event_ids",
        "related_story_ids",
        "consensus",
        "discrepancies",
        "framing",
    ):
        data[key] = list(data[key])
    return data
