"""Dyad timelines: how two actors (countries, people) dealt with each other, period by period.

Each event weighs by the PLOVER cooperation-conflict score of its mode (or of its type where the
mode has none), a Goldstein-like scale from -10 (assault) to +10 (aid). The PLOVER manual gives
ACCUSE a positive type score although it files ACCUSE under verbal conflict; we take the sign from
the quad category so that a conflict never counts as cooperation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from parallax.kb import data_rows
from parallax.model import Actor, Event

PERIODS = ("day", "week", "month", "year")


@lru_cache(maxsize=1)
def load_scores() -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """PLOVER scores by type and by (type, mode), signed by the type's quad category."""
    types: dict[str, float] = {}
    conflict: set[str] = set()
    for row in data_rows("plover_event_types.tsv"):
        score = float(row["plover_score"] or 0)
        if "CONFLICT" in row["quad_category"].upper():
            conflict.add(row["event_type"])
            score = -abs(score)
        types[row["event_type"]] = score
    modes: dict[tuple[str, str], float] = {}
    for row in data_rows("plover_modes.tsv"):
        if row["plover_score"]:
            score = float(row["plover_score"])
            modes[(row["event_type"], row["mode"])] = -abs(score) if row["event_type"] in conflict else score
    return types, modes


def score_event(event: Event) -> float:
    """The event's cooperation (+) or conflict (-) weight."""
    types, modes = load_scores()
    return modes.get((event.plover, event.mode or ""), types.get(event.plover, 0.0))


def actor_matches(actor: Actor | None, key: str) -> bool:
    """A country code, an entity id, or a name (case-insensitive substring) picks the actor."""
    if actor is None:
        return False
    k = key.strip().lower()
    return (
        (actor.country or "").lower() == k
        or (actor.entity_id or "").lower() == k
        or (len(k) > 3 and k in actor.name.lower())
    )


def period_of(iso: str, by: str) -> str:
    """The label of the day, ISO week (its Monday), month or year an ISO date falls in."""
    d = date.fromisoformat(iso[:10])
    if by == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    if by == "month":
        return d.isoformat()[:7]
    if by == "year":
        return str(d.year)
    return d.isoformat()


def dyad_timeline(events: Iterable[Event], a: str, b: str, by: str = "day") -> list[dict]:
    """Rows {period, count, events, score} for the events between ``a`` and ``b``, either way round."""
    if by not in PERIODS:
        raise ValueError(f"dyad_timeline: by must be one of {', '.join(PERIODS)}, not {by!r}")
    rows: dict[str, dict] = {}
    for e in events:
        src, tgt = e.source_actor, e.target_actor
        pair = (actor_matches(src, a) and actor_matches(tgt, b)) or (
            actor_matches(src, b) and actor_matches(tgt, a)
        )
        if not pair or not e.date or e.negated or e.hypothetical:
            continue
        row = rows.setdefault(period_of(e.date, by), {"count": 0, "events": [], "score": 0.0})
        row["count"] += 1
        row["events"].append(e.id)
        row["score"] = round(row["score"] + score_event(e), 2)
    return [{"period": p, **rows[p]} for p in sorted(rows)]
