"""One event from many reports: story dates for undated articles, then cross-article merging.

Outlets report the same call or meeting in different words, on different days, some without a
date of their own. We first give undated articles the story's earliest known date, re-resolve each
event's time phrase against it, drop what did not happen (negated, hypothetical), and merge reports
that agree on type, actors, date window and place into one event with every report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from parallax.model import Actor, Article, Event, stable_id
from parallax.nlp.dates import parse_iso_date, period_bounds, resolve_time

DAY_SLACK = 1  # days two day-precision reports may differ (time zones, "late Monday")
INFERRED_SLACK = 2  # when one date only comes from an article's publication day
FINE = ("day", "week")
REPORT_LAG = 7  # days an article may report an event after it happened without restating its day
# days after a report's last day within which another report can still be the same event
MERGE_REACH = max(DAY_SLACK, INFERRED_SLACK, REPORT_LAG)


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
    merger = EventMerger()
    merged: list[tuple[int, Event]] = []
    for seq in sorted(range(len(events)), key=lambda i: (merge_start(events[i]) or "", i)):
        merged.extend(merger.add(seq, events[seq]))
    merged.extend(merger.finish())
    in_order = [e for _, e in sorted(merged, key=lambda m: m[0])]
    return sorted(unique_ids(in_order), key=lambda e: (e.date or "", e.id))


def merge_start(event: Event) -> str | None:
    """The first day an event can have happened (ISO), the order ``EventMerger`` reads events in."""
    return period_bounds(event.date, event.date_precision)[0].isoformat() if event.date else None


def merge_reach(event: Event) -> date:
    """The last day a report starting then can still be this event (see ``dates_overlap``)."""
    start, end = period_bounds(event.date, event.date_precision)
    return end + timedelta(days=MERGE_REACH) if event.date_precision in FINE else start


def is_datable(e: Event) -> bool:
    """Undated only because its article is: no time phrase, or a day phrase ("Monday") with nothing to resolve against."""
    if e.date is not None or e.background:
        return False
    return e.time_text is None or resolve_time(e.time_text, date(2000, 1, 1)).precision == "day"


def unique_ids(events: list[Event]) -> list[Event]:
    """Two events that share type, actors and date but not a place stay apart: their first report tells them apart."""
    counts = Counter(e.id for e in events)
    return [distinct_id(e) if counts[e.id] > 1 else e for e in events]


def distinct_id(event: Event) -> Event:
    """The event under an id of its own, for one whose id another event has too (``unique_ids``)."""
    return replace(event, id=stable_id("ev", event.id, event.reports[0].article_id, event.reports[0].start))


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


@dataclass
class _Undated:
    """An undated group that may still join the one dated event it fits (by names, else by countries)."""

    first: int
    events: list[Event]
    names: frozenset[str]
    countries: frozenset[str]
    places: set[str]
    by_name: int = 0
    by_country: int = 0

    def fits(self, group: list[Event]) -> tuple[bool, bool]:
        """Whether a dated group fits this one: (by names, by countries)."""
        places = {e.location.lower() for e in group if e.location}
        if group[0].plover != self.events[0].plover or (self.places and places and not self.places & places):
            return False, False
        by_name = any(actor_keys(e)[0] == self.names for e in group)
        by_country = len(self.countries) == 2 and any(actor_keys(e)[1] == self.countries for e in group)
        return by_name, by_country


class EventMerger:
    """Merges events read in ``merge_start`` order (undated first) within a sliding window of days.

    Why: comparing every report with every other is quadratic in the corpus. Reports further
    apart than ``MERGE_REACH`` days (at month or year precision: of another period) are never one
    event, so only the groups a new report can still reach stay here, found through an index by
    type and actors, and a group that no later report can reach is finished and handed back.
    The groups are those of comparing every pair (the connected groups of ``same_event``), each
    with its reports in ``seq`` order; reports from undated articles join the one dated event
    they fit, as ``merge_events`` always did: the dated groups they may join wait until the end.
    """

    def __init__(self) -> None:
        self._events: dict[int, Event] = {}  # members of the open groups, by seq
        self._parent: dict[int, int] = {}
        self._groups: dict[int, list[int]] = {}  # root -> member seqs
        self._reach: dict[int, date | None] = {}  # root -> last day a report can join it (None: undated)
        self._by_name: dict[tuple, dict[int, None]] = {}
        self._by_country: dict[tuple, dict[tuple, dict[int, None]]] = {}
        self._day: str | None = None
        self._undated: dict[str, list[_Undated]] | None = None  # by type, once the first dated event came
        self._held: list[list[Event]] = []
        self._held_first: list[int] = []

    def __len__(self) -> int:
        """Reports held now (open groups, and dated groups an undated one may join)."""
        return len(self._events) + sum(len(g) for g in self._held)

    def add(self, seq: int, event: Event) -> list[tuple[int, Event]]:
        """Take one event; returns the groups this one's day finished, as (first seq, merged event)."""
        start = merge_start(event)
        done: list[tuple[int, Event]] = []
        if start is None and self._undated is not None:
            raise ValueError("EventMerger reads undated events first, then dated ones by merge_start")
        if start is not None and self._undated is None:
            done = self._close_undated()
        if start is not None and start != self._day:
            self._day = start
            done += self._close_before(date.fromisoformat(start))
        self._events[seq] = event
        self._parent[seq] = seq
        self._groups[seq] = [seq]
        self._reach[seq] = merge_reach(event) if start else None
        for bucket in self._candidates(event):
            for other in list(bucket):
                if self._find(other) != self._find(seq) and same_event(self._events[other], event):
                    self._union(self._find(other), self._find(seq))
        name_key, country_key, people = index_keys(event)
        self._by_name.setdefault(name_key, {})[seq] = None
        if country_key:
            self._by_country.setdefault(country_key, {}).setdefault(people, {})[seq] = None
        return done

    def finish(self) -> list[tuple[int, Event]]:
        """The groups still open, and the undated ones that joined none, merged."""
        done = self._close_undated() if self._undated is None else []
        done += self._close_before(date.max)
        pending = sorted((u for us in (self._undated or {}).values() for u in us), key=lambda u: u.first)
        for u in pending:
            fits = [(g, u.fits(g)) for g in self._held] if u.by_name < 2 else []
            by_name = [g for g, (name, _) in fits if name]
            target = by_name or [g for g, (_, country) in fits if country]
            if len(target) == 1:
                target[0].extend(u.events)
            else:
                done.append((u.first, combine_reports(u.events)))
        done += [(first, combine_reports(g)) for first, g in zip(self._held_first, self._held, strict=True)]
        self._held, self._held_first, self._undated = [], [], {}
        return done

    def _candidates(self, event: Event) -> list[dict[int, None]]:
        name_key, country_key, people = index_keys(event)
        buckets = [self._by_name.get(name_key, {})]
        if not country_key:
            return buckets
        by_people = self._by_country.get(country_key, {})
        if all(people):  # one named person per country (see index_keys): look the four fitting keys up
            wanted = {(a, b) for a in (people[0], frozenset()) for b in (people[1], frozenset())}
            buckets += [by_people[k] for k in wanted if k in by_people]
        else:
            buckets += [
                v
                for k, v in by_people.items()
                if all(not x or not y or x & y for x, y in zip(k, people, strict=True))
            ]
        return buckets

    def _find(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _union(self, a: int, b: int) -> None:
        keep, gone = (a, b) if len(self._groups[a]) >= len(self._groups[b]) else (b, a)
        self._parent[gone] = keep
        self._groups[keep] += self._groups.pop(gone)
        reach, other = self._reach[keep], self._reach.pop(gone)
        self._reach[keep] = None if reach is None or other is None else max(reach, other)

    def _take(self, root: int) -> tuple[int, list[Event]]:
        """Remove a group from the open ones: its first seq and its events in seq order."""
        seqs = sorted(self._groups.pop(root))
        del self._reach[root]
        events = []
        for seq in seqs:
            event = self._events.pop(seq)
            del self._parent[seq]
            name_key, country_key, people = index_keys(event)
            _discard(self._by_name, name_key, seq)
            if country_key:
                _discard(self._by_country[country_key], people, seq)
                if not self._by_country[country_key]:
                    del self._by_country[country_key]
            events.append(event)
        return seqs[0], events

    def _close_undated(self) -> list[tuple[int, Event]]:
        """All undated groups are known once the first dated event comes: keep those that may join one."""
        self._undated, done = {}, []
        for first, group in sorted(self._take(root) for root in list(self._groups)):
            if all(is_datable(e) for e in group):
                names, countries = actor_keys(group[0])
                places = {e.location.lower() for e in group if e.location}
                self._undated.setdefault(group[0].plover, []).append(
                    _Undated(first, group, names, countries, places)
                )
            else:
                done.append((first, combine_reports(group)))
        return done

    def _close_before(self, day: date) -> list[tuple[int, Event]]:
        """Finish the groups no report starting on ``day`` or later can join."""
        done = []
        for root in [r for r, reach in self._reach.items() if reach is not None and reach < day]:
            first, group = self._take(root)
            hold = False
            for u in (self._undated or {}).get(group[0].plover, ()):
                if u.by_name >= 2:  # fits two dated events by name: it joins none
                    continue
                by_name, by_country = u.fits(group)
                u.by_name += by_name
                u.by_country += by_country
                hold = hold or by_name or by_country
            if hold:
                self._held.append(group)
                self._held_first.append(first)
            else:
                done.append((first, combine_reports(group)))
        return done


def index_keys(event: Event) -> tuple[tuple, tuple | None, tuple[frozenset[str], ...]]:
    """Where ``same_event`` can find this event: by type and names; by type and two countries, with the
    named person of each country (empty when none), which must not differ."""
    names, countries = actor_keys(event)
    if len(countries) != 2:
        return (event.plover, names), None, ()
    people = named_people(event)
    return (
        (event.plover, names),
        (event.plover, countries),
        tuple(frozenset(people.get(c, ())) for c in sorted(countries)),
    )


def _discard(index: dict, key, seq: int) -> None:
    bucket = index[key]
    del bucket[seq]
    if not bucket:
        del index[key]
