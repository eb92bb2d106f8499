"""The corpus stages' bounded state: the windowed event merge, the related-stories sweep, the duplicate index."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

from parallax.model import Actor, Article, Event, EventReport
from parallax.stories.cluster import sweep_related
from parallax.stories.dedupe import DuplicateIndex
from parallax.stories.events import MERGE_REACH, EventMerger, merge_events

START = date(2031, 3, 2)
NORTH, SOUTH = Actor("Anna Berg", "NOR", "ent_anna"), Actor("Omar Haddad", "SUD", "ent_omar")


def report(
    aid: str, day: date, actors=(NORTH, SOUTH), inferred: bool = False, plover: str = "CONSULT"
) -> Event:
    return Event(
        f"ev-{aid}", plover, "040", actors[0], actors[1], date=day.isoformat(), date_precision="day",
        date_inferred=inferred, reports=(EventReport(aid, 0, 10, "They spoke."),),
    )  # fmt: skip


def article(aid: str, day: date, *events: Event) -> Article:
    return Article(id=aid, source=aid, text="", published=day.isoformat(), events=events)


def filler(day: date, n: int) -> Article:
    """An unrelated event (other actors) on ``day``: it moves the merge window forward."""
    actors = (Actor(f"Person {n} One", "AAA", f"ent_{n}a"), Actor(f"Person {n} Two", "BBB", f"ent_{n}b"))
    return article(f"f{n}", day, report(f"f{n}", day, actors, plover="MEET"))


def merge_in_order(events: list[Event]) -> list[Event]:
    """What the corpus stages do: re-dated reports in date order through one merger."""
    merger, merged = EventMerger(), []
    for seq, event in enumerate(events):
        merged += [e for _, e in merger.add(seq, event)]
    return merged + [e for _, e in merger.finish()]


def test_reports_on_either_side_of_a_window_boundary_still_merge() -> None:
    # a stated report, days of unrelated events that close older groups, then a late report whose date is
    # only its publication day, REPORT_LAG days on: it is still the first report's event
    first = report("a1", START)
    fillers = [filler(START + timedelta(days=d), d).events[0] for d in range(1, MERGE_REACH)]
    late = report("a2", START + timedelta(days=MERGE_REACH), (SOUTH, NORTH), inferred=True)
    calls = [e for e in merge_in_order([first, *fillers, late]) if e.plover == "CONSULT"]
    assert len(calls) == 1
    assert {r.article_id for r in calls[0].reports} == {"a1", "a2"}
    assert calls[0].date == START.isoformat()  # the stated date wins over the inferred one
    # one day later it is out of reach: two events
    later = replace(late, date=(START + timedelta(days=MERGE_REACH + 1)).isoformat())
    assert len([e for e in merge_in_order([first, *fillers, later]) if e.plover == "CONSULT"]) == 2


def test_reports_a_window_apart_stay_two_events_and_the_first_is_finished_early() -> None:
    merger = EventMerger()
    assert merger.add(0, report("a1", START)) == []
    apart = START + timedelta(days=MERGE_REACH + 1)
    finished = merger.add(1, report("a2", apart, inferred=True))
    # the first group was handed back as soon as a report out of its reach came, not at the end
    assert [e.reports[0].article_id for _, e in finished] == ["a1"]
    assert len(merger) == 1
    rest = merger.finish()
    assert [e.reports[0].article_id for _, e in rest] == ["a2"]


def test_merger_holds_only_the_window() -> None:
    merger, held, finished = EventMerger(), [], 0
    per_day = 5
    for day in range(200):
        for n in range(per_day):
            pair = (Actor(f"Chief Alpha{n}", f"A{n}"), Actor(f"Chief Beta{day}", f"B{day}"))
            seq = day * per_day + n
            finished += len(merger.add(seq, report(f"d{seq}", START + timedelta(days=day), pair)))
            held.append(len(merger))
    finished += len(merger.finish())
    assert finished == 200 * per_day  # every report its own event: nothing lost
    assert max(held) <= (MERGE_REACH + 2) * per_day  # never more than the days in reach


def test_undated_report_joins_the_one_dated_event_it_fits() -> None:
    undated = Article(id="u1", source="u1", text="", events=(replace_date(report("u1", START)),))
    dated = article("a1", START, report("a1", START))
    other = article(
        "b1", START + timedelta(days=40), report("b1", START + timedelta(days=40), (SOUTH, NORTH))
    )
    merged = merge_events([undated, dated, other])
    # the undated report fits two dated events of the same people: it joins neither (as before the window)
    assert sorted(len(e.reports) for e in merged) == [1, 1, 1]
    merged = merge_events([undated, dated])
    assert [sorted(r.article_id for r in e.reports) for e in merged] == [["a1", "u1"]]


def replace_date(event: Event) -> Event:
    return replace(event, date=None, date_precision=None)


def naive_related(stories, window: int, min_shared: int) -> set[frozenset[str]]:
    """The definition: two stories sharing ``min_shared`` main actors, within ``window`` days (undated: any)."""
    pairs = set()
    for (a, a0, a1, am), (b, b0, b1, bm) in combinations(stories, 2):
        near = not (a0 and b0) or (
            (date.fromisoformat(b0) - date.fromisoformat(a1)).days <= window
            and (date.fromisoformat(a0) - date.fromisoformat(b1)).days <= window
        )
        if near and len(am & bm) >= min_shared:
            pairs.add(frozenset((a, b)))
    return pairs


def test_sweep_related_equals_comparing_every_pair() -> None:
    rng = random.Random(3)
    actors = [f"actor{i}" for i in range(8)]
    for _ in range(30):
        stories = []
        for i in range(rng.randint(2, 40)):
            first = START + timedelta(days=rng.randint(0, 60))
            last = first + timedelta(days=rng.randint(0, 5))
            dated = rng.random() > 0.1
            stories.append(
                (f"s{i}", first.isoformat() if dated else None, last.isoformat() if dated else None,
                 frozenset(rng.sample(actors, rng.randint(0, 4))))
            )  # fmt: skip
        related = sweep_related(stories, window_days=7, min_shared=2)
        found = {frozenset((a, b)) for a, others in related.items() for b in others}
        assert found == naive_related(stories, 7, 2)


def test_duplicate_index_forgets_articles_out_of_the_window() -> None:
    index = DuplicateIndex(window_days=7)
    sizes = []
    for day in range(120):
        for n in range(3):
            text = f"story {day} part {n} " + " ".join(f"word{day}x{n}x{k}" for k in range(30))
            published = (START + timedelta(days=day)).isoformat()
            index.check_and_add(Article(id=f"a{day}-{n}", source="s", text=text, published=published))
            sizes.append(len(index))
    assert max(sizes) <= 3 * 9  # the days of the window (and the current one), never the whole stream


def test_corpus_stages_merge_through_scratch_tables_and_drop_them(tmp_path) -> None:
    import duckdb

    from parallax.engine.local import build_corpus
    from parallax.store import Store

    store = Store(tmp_path / "p.duckdb")
    day2 = START + timedelta(days=1)
    store.write_articles(
        [
            article("a1", START, report("a1", START)),
            article("a2", day2, report("a2", day2, (SOUTH, NORTH))),
            article("a3", START + timedelta(days=30), report("a3", START + timedelta(days=30))),
        ]
    )
    summary = build_corpus(store)
    assert (summary.articles, summary.events) == (3, 2)  # a1 and a2 one call, a3 a month later another
    con = duckdb.connect(str(tmp_path / "p.duckdb"), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    reports = con.execute("SELECT count(*), count(DISTINCT event_id) FROM event_reports").fetchone()
    con.close()
    assert not {t for t in tables if t.startswith("corpus_work")}
    assert reports == (3, 2)
