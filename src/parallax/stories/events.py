"""One event from many reports: story dates for undated articles, then cross-article merging.

Outlets report the same call or meeting in different words, on different days, some without a
date of their own. We first give undated articles the story's earliest known date, re-resolve each
event's time phrase against it, drop what did not happen (negated, hypothetical), and merge reports
that agree on type, actors, date window and place into one event with every report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from parallax.model import Actor, Article, Event, stable_id
from parallax.nlp.dates import parse_iso_date, period_bounds, resolve_time

DAY_SLACK = 1  # days two day-precision reports may differ (time zones, "late Monday")
INFERRED_SLACK = 2  # when one date only comes from an article's publication day
FINE = ("day", "week")
REPORT_LAG = 7  # days an article may report an event after it happened without restating its day


def infer_article_dates(articles: Sequence[Article]) -> list[Article]:
    """Undated articles get their story's earliest known publication date (``published_inferred``).

    Articles without a story id are taken as one story, as a caller passing one story's articles.
    """
    earliest: dict[str | None, str] = {}
    for a in articles:
        d = parse_iso_date(a.published)
        if d is not None and (a.story_id not in earliest or d.isoformat() < earliest[a.story_id]):
            earliest[a.story_id] = d.isoformat()
    return [
        a
        if a.published or a.story_id not in earliest
        else replace(a, published=earliest[a.story_id], published_inferred=True)
        for a in articles
    ]


def redate_event(event: Event, published: str | None) -> Event:
    """Resolve the event's time phrase again against the (possibly inferred) publication date."""
    if event.background:
        return event
    if event.time_text:
        r = resolve_time(event.time_text, published)
        if r.date is None:
            return replace(event, date=None, date_precision=None, date_inferred=False)
        return replace(event, date=r.date, date_precision=r.precision, date_inferred=False)
    if published:
        return replace(event, date=published[:10], date_precision="day", date_inferred=True)
    return event


def merge_events(articles: Sequence[Article]) -> list[Event]:
    """Events of these articles, re-dated, factual only, each real-world event once with all its reports."""
    events = [
        redate_event(e, a.published) for a in articles for e in a.events if not (e.negated or e.hypothetical)
    ]
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(events)):
        for j in range(i + 1, len(events)):
            if find(i) != find(j) and same_event(events[i], events[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[Event]] = {}
    for i, e in enumerate(events):
        groups.setdefault(find(i), []).append(e)
    merged = [combine_reports(g) for g in attach_undated(list(groups.values()))]
    return sorted(unique_ids(merged), key=lambda e: (e.date or "", e.id))


def is_datable(e: Event) -> bool:
    """Undated only because its article is: no time phrase, or a day phrase ("Monday") with nothing to resolve against."""
    if e.date is not None or e.background:
        return False
    return e.time_text is None or resolve_time(e.time_text, date(2000, 1, 1)).precision == "day"


def attach_undated(groups: list[list[Event]]) -> list[list[Event]]:
    """Reports from articles with no date join the one dated event they match (by names, else by countries).

    Story clustering may leave an undated article alone; its report of a call is still that call.
    """
    dated = [g for g in groups if any(e.date for e in g)]
    kept: list[list[Event]] = []
    for group in groups:
        if not all(is_datable(e) for e in group):
            kept.append(group)
            continue
        head = group[0]
        names, countries = actor_keys(head)
        place = lambda g: {e.location.lower() for e in g if e.location}  # noqa: E731
        fits = [
            g
            for g in dated
            if g[0].plover == head.plover and (not place(group) or not place(g) or place(group) & place(g))
        ]
        by_name = [g for g in fits if any(actor_keys(e)[0] == names for e in g)]
        by_country = [
            g for g in fits if len(countries) == 2 and any(actor_keys(e)[1] == countries for e in g)
        ]
        target = by_name if by_name else by_country
        if len(target) == 1:
            target[0].extend(group)
        else:
            kept.append(group)
    return kept


def unique_ids(events: list[Event]) -> list[Event]:
    """Two events that share type, actors and date but not a place stay apart: their first report tells them apart."""
    counts = Counter(e.id for e in events)
    return [
        replace(e, id=stable_id("ev", e.id, e.reports[0].article_id, e.reports[0].start))
        if counts[e.id] > 1
        else e
        for e in events
    ]


def actor_keys(e: Event) -> tuple[frozenset[str], frozenset[str]]:
    """The unordered actor pair by name/id and by country."""
    actors = [a for a in (e.source_actor, e.target_actor) if a is not None]
    names = frozenset(a.entity_id or a.name.lower() for a in actors)
    countries = frozenset(a.country for a in actors if a.country)
    return names, (countries if len(countries) == len(actors) else frozenset())


def same_event(a: Event, b: Event) -> bool:
    """Same type, same actors (by name, or by countries when no two named people differ), overlapping dates,
    compatible places."""
    if a.plover != b.plover:
        return False
    names_a, countries_a = actor_keys(a)
    names_b, countries_b = actor_keys(b)
    by_name = names_a == names_b
    by_country = bool(countries_a) and countries_a == countries_b and len(countries_a) == 2
    if not by_name and not (by_country and not named_people_differ(a, b)):
        return False
    if a.location and b.location and a.location.lower() != b.location.lower():
        return False
    same_place = bool(a.location) and a.location == b.location
    return dates_overlap(a, b, lenient=by_name or same_place)


def named_people(e: Event) -> dict[str, set[str]]:
    """Per country, the specific named actors of an event ("Xi Jinping"), not countries or groups."""
    found: dict[str, set[str]] = {}
    for actor in (e.source_actor, e.target_actor):
        if actor is None or not actor.country:
            continue
        words = actor.name.split()
        proper = (
            len(words) >= 2
            and all(w[:1].isupper() for w in words)
            and not actor.name.startswith("Government")
        )
        if proper:
            found.setdefault(actor.country, set()).add(actor.entity_id or actor.name.lower())
    return found


def named_people_differ(a: Event, b: Event) -> bool:
    """A president meeting a minister and the same president meeting another leader share countries but are two events."""
    people_a, people_b = named_people(a), named_people(b)
    return any(people_a[c].isdisjoint(people_b[c]) for c in people_a.keys() & people_b.keys())


def dates_overlap(a: Event, b: Event, lenient: bool = False) -> bool:
    """Day or week windows that touch, with slack; coarser dates only match the same period.

    A date taken from the publication day only bounds the event from above: when the same people (or
    the same place) have an event stated for a day in the week before, that is the one the article reports.
    """
    if a.date is None or b.date is None:
        return a.date is None and b.date is None and a.background == b.background
    if a.date_precision not in FINE or b.date_precision not in FINE:
        return (a.date, a.date_precision) == (b.date, b.date_precision)
    slack = INFERRED_SLACK if (a.date_inferred or b.date_inferred) else DAY_SLACK
    a0, a1 = period_bounds(a.date, a.date_precision)
    b0, b1 = period_bounds(b.date, b.date_precision)
    if lenient and a.date_inferred != b.date_inferred:
        (s0, s1), (i0, _) = ((a0, a1), (b0, b1)) if b.date_inferred else ((b0, b1), (a0, a1))
        if s0 - timedelta(days=slack) <= i0 <= s1 + timedelta(days=REPORT_LAG):
            return True
    return a0 - timedelta(days=slack) <= b1 and b0 - timedelta(days=slack) <= a1


def most_common(values: list, default=None):
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else default


def combine_reports(group: list[Event]) -> Event:
    """One event from its reports: the best-stated date, the most reported actors, initiator, place."""
    stated = [e for e in group if e.date and not e.date_inferred] or [e for e in group if e.date] or group
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    best = min(stated, key=lambda e: order.get(e.date_precision or "", 9))
    date_value = most_common([e.date for e in stated if e.date_precision == best.date_precision], best.date)
    pair = most_common([(e.source_actor, e.target_actor) for e in group])
    source, target = pair if pair else (group[0].source_actor, group[0].target_actor)
    reports = tuple(sorted({r for e in group for r in e.reports}, key=lambda r: (r.article_id, r.start)))
    keys = sorted(actor_key(a) for a in (source, target) if a is not None)
    return replace(
        best,
        id=stable_id("ev", best.plover, *keys, date_value or ""),
        cameo=most_common([e.cameo for e in group], best.cameo),
        mode=most_common([e.mode for e in group], best.mode),
        source_actor=source,
        target_actor=target,
        initiator=most_common([e.initiator for e in group]),
        location=most_common([e.location for e in group]),
        date=date_value,
        date_inferred=all(e.date_inferred for e in group),
        reports=reports,
    )


def actor_key(actor: Actor) -> str:
    return actor.entity_id or actor.country or actor.name.lower()
