"""The corpus stages' scratch tables rewritten in bounded slices give what one statement over the whole gave."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from parallax.model import Actor, Event, EventReport
from parallax.store import Limits, Store
from parallax.store.codec import event_from_dict
from parallax.store.work import EVENTS, STORY_EVENTS, CorpusWork, copy_events
from parallax.stories.events import distinct_id, unique_ids

START = date(2031, 3, 2)
PEOPLE = [Actor(f"Person {n}", "NOR", f"ent_{n}") for n in range(4)]


def random_events(rng: random.Random, n: int) -> list[Event]:
    """Merged events whose ids (type, actors, day) often repeat, each with one to three reports."""
    events = []
    for i in range(n):
        source, target = rng.sample(PEOPLE, 2)
        day = (START + timedelta(days=rng.randint(0, 3))).isoformat()
        reports = tuple(
            EventReport(f"art_{rng.randint(0, 29):02d}", rng.randint(0, 500), 600, f"Sentence {i}.")
            for _ in range(rng.randint(1, 3))
        )
        key = f"ev_{source.entity_id}_{target.entity_id}_{day}"
        events.append(
            Event(key, "CONSULT", "040", source, target, date=day, date_precision="day", reports=reports)
        )
    return events


def scratch_events(store: Store) -> list[tuple]:
    """Every row of the scratch events table, in number order."""
    with store.connect() as con:
        return con.execute(f"SELECT * FROM {EVENTS} ORDER BY seq").fetchall()


def stored_after(
    tmp_path, name: str, events: list[Event], rename: bool, batch_size: int = 256
) -> list[tuple]:
    store = Store(tmp_path / f"{name}.duckdb")
    with store.session(Limits(preserve_insertion_order=False)):
        work = CorpusWork(store)
        work.create()
        work.add_events(events[:25])
        work.add_events(events[25:])
        if rename:
            work.rename_shared(distinct_id, batch_size=batch_size)
        rows = scratch_events(store)
        work.drop()
    return rows


@pytest.mark.parametrize(("seed", "batch_size"), [(0, 1), (1, 3), (2, 7), (3, 256)])
def test_renaming_in_batches_gives_the_rows_of_unique_ids_over_every_event(
    tmp_path, seed, batch_size
) -> None:
    events = random_events(random.Random(seed), 40)
    expected = unique_ids(events)
    assert sum(a.id != b.id for a, b in zip(events, expected, strict=True)) > 3, "the corpus shares ids"
    renamed = stored_after(tmp_path, "r", events, rename=True, batch_size=batch_size)
    assert renamed == stored_after(tmp_path, "u", expected, rename=False), "every column of every row"
    assert [event_from_dict(json.loads(row[-1])) for row in renamed] == expected


def test_no_shared_id_leaves_the_events_as_they_were(tmp_path) -> None:
    events = unique_ids(random_events(random.Random(5), 40))
    store = Store(tmp_path / "n.duckdb")
    with store.session():
        work = CorpusWork(store)
        work.create()
        work.add_events(events)
        before = scratch_events(store)
        assert work.rename_shared(distinct_id, batch_size=4) == 0
        assert scratch_events(store) == before
        work.drop()


def three_per_story(ids: list[str]) -> dict[str, list[str]]:
    """Ten stories of three consecutive articles each."""
    return {f"sto_{k}": ids[k * 3 : k * 3 + 3] for k in range(10)}


@contextmanager
def story_work(
    tmp_path, events: list[Event], members: dict[str, list[str]]
) -> Iterator[tuple[Store, CorpusWork]]:
    """A corpus session whose scratch tables hold ``events`` and the articles' stories."""
    store = Store(tmp_path / "s.duckdb")
    with store.session():
        work = CorpusWork(store)
        work.create()
        work.add_events(events)
        work.set_stories(members)
        yield store, work
        work.drop()


@pytest.mark.parametrize("slice_stories", [1, 2, 5])
def test_story_events_indexed_in_slices_equal_one_index(tmp_path, slice_stories: int) -> None:
    events = unique_ids(random_events(random.Random(9), 60))
    rng = random.Random(9)
    ids = [f"art_{i:02d}" for i in range(30)]
    rng.shuffle(ids)
    members = three_per_story(ids)
    found = {}
    with story_work(tmp_path, events, members) as (store, work):
        for size in (slice_stories, 10_000):
            work.index_story_events(slice_stories=size)
            with store.connect() as con:
                found[size] = con.execute(f"SELECT story_seq, id FROM {STORY_EVENTS}").fetchall()
            found[size, "read"] = work.story_events(list(range(10)))
    assert found[slice_stories] == found[10_000], "the same rows in the same (story, date, id) order"
    assert found[slice_stories, "read"] == found[10_000, "read"]
    story_of = {aid: seq for seq, aids in enumerate(members.values()) for aid in aids}
    expected = {(story_of[r.article_id], e.id) for e in events for r in e.reports}
    assert set(found[10_000]) == expected, "each story with every event one of its articles reports"


@pytest.mark.parametrize("slice_events", [1, 7])
def test_events_copied_in_slices_equal_one_copy(tmp_path, slice_events: int) -> None:
    events = unique_ids(random_events(random.Random(11), 60))
    copied = {}
    with story_work(tmp_path, events, three_per_story([f"art_{i:02d}" for i in range(30)])) as (store, _):
        for size in (slice_events, 10_000):
            with store.connect() as con:
                con.execute("DELETE FROM event_reports")
                con.execute("DELETE FROM events")
                copy_events(con, slice_events=size)
                copied[size] = (
                    con.execute("SELECT id, story_id, detail FROM events ORDER BY id").fetchall(),
                    con.execute("SELECT * FROM event_reports ORDER BY ALL").fetchall(),
                )
    assert len(copied[10_000][0]) == len(events)
    assert copied[10_000][1], "every event has reports"
    assert all(story for _, story, _ in copied[10_000][0]), "each event sits in its first article's story"
    assert copied[slice_events] == copied[10_000]
