"""Scratch tables of one corpus run: every factual report by date, the merged events, each story's events.

Why: the corpus stages must not hold a corpus-wide list in memory. What one stage hands the
next (every factual report, every merged event) goes through these tables, which DuckDB keeps
on disk (sorting past its memory limit), and comes back in the order the next stage reads it. They are
ordinary tables, not TEMP ones (a session's cursors are separate connections, and one cursor
streams the reports while another writes the merged events), created afresh by each run and
dropped at its end; a crash leaves them for the next run to replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

import duckdb

from parallax.model import Article, Event
from parallax.store.codec import event_from_dict, event_to_dict

if TYPE_CHECKING:
    from parallax.store import Store

REPORTS = "corpus_work_reports"
EVENTS = "corpus_work_events"
EVENT_REPORTS = "corpus_work_event_reports"
EVENT_ACTORS = "corpus_work_event_actors"
ARTICLES = "corpus_work_articles"
STORY_EVENTS = "corpus_work_story_events"
SHARED = "corpus_work_shared_ids"  # event ids more than one merged event has (``rename_shared``)
RENAMED = "corpus_work_renamed_events"
EVENT_COLUMNS = (
    "id", "plover", "cameo", "source_actor", "target_actor", "initiator", "date", "date_precision",
    "date_inferred", "location", "mode", "detail",
)  # fmt: skip
_TABLES = {
    # each factual report, re-dated: (story order, article position, event position) is the merge's order
    REPORTS: "story_seq BIGINT, pos BIGINT, k BIGINT, start VARCHAR, detail VARCHAR",
    ARTICLES: "article_id VARCHAR, story_seq BIGINT, pos BIGINT, story_id VARCHAR",
    EVENT_REPORTS: 'event_seq BIGINT, article_id VARCHAR, start INTEGER, "end" INTEGER, sentence VARCHAR',
    EVENT_ACTORS: "event_seq BIGINT, actor VARCHAR",
}


def report_order(story_seq: int, pos: int, k: int) -> int:
    """One integer in the order of (story, article in the story, event in the article)."""
    return (story_seq << 64) | (pos << 32) | k


def _columns(names: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in names)


class CorpusWork:
    """The scratch tables of one corpus run over a store (its methods run the SQL, nothing else)."""

    def __init__(self, store: Store):
        self._store = store
        self._events = 0

    def create(self) -> None:
        with self._store.connect() as con:
            for table, columns in _TABLES.items():
                con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")  # constant names, not input
            con.execute(
                f"CREATE OR REPLACE TABLE {EVENTS} AS SELECT 0::BIGINT AS seq, NULL::VARCHAR AS first_article, "
                f"{_columns(EVENT_COLUMNS)} FROM events LIMIT 0"
            )
            con.execute(f"DROP TABLE IF EXISTS {STORY_EVENTS}")

    def drop(self) -> None:
        with self._store.connect() as con:
            for table in (*_TABLES, EVENTS, STORY_EVENTS, SHARED, RENAMED):
                con.execute(f"DROP TABLE IF EXISTS {table}")

    def add_reports(self, rows: Sequence[tuple[int, int, int, Event]]) -> None:
        """Re-dated factual reports as (story seq, article position, event position, event)."""
        from parallax.stories.events import merge_start

        batch = [
            {"story_seq": s, "pos": p, "k": k, "start": merge_start(e), "detail": _json(event_to_dict(e))}
            for s, p, k, e in rows
        ]
        self._insert(REPORTS, batch)

    def iter_reports(self, batch_size: int = 4096) -> Iterator[tuple[int, Event]]:
        """Every report as (``report_order``, event), undated first, then by first possible day.

        Read a few days at a time (at least ``batch_size`` reports a query, a day never split),
        each read sorted on its own: one sort of every report with its event ran out of a 128 MB
        DuckDB memory limit at 100,000 articles.
        """
        seen: dict = {}  # the actors and codes read so far (``_sharing``)
        with self._store.connect() as con:
            days = con.execute(
                f"SELECT start, count(*) FROM {REPORTS} GROUP BY start ORDER BY start NULLS FIRST"
            ).fetchall()
            chunks: list[list] = []  # [first day, last day, reports]
            for day, count in days:
                if chunks and day is not None and chunks[-1][0] is not None and chunks[-1][2] < batch_size:
                    chunks[-1][1], chunks[-1][2] = day, chunks[-1][2] + count
                else:
                    chunks.append([day, day, count])
            for first, last, _ in chunks:
                where, params = (
                    ("start IS NULL", []) if first is None else ("start BETWEEN ? AND ?", [first, last])
                )
                rows = con.execute(
                    f"SELECT story_seq, pos, k, detail FROM {REPORTS} WHERE {where} "
                    "ORDER BY start, story_seq, pos, k",
                    params,
                ).fetchall()
                for s, p, k, detail in rows:
                    yield report_order(s, p, k), _sharing(event_from_dict(json.loads(detail)), seen)

    def add_events(self, events: Sequence[Event]) -> None:
        """Merged events (ids not yet told apart), with their reports and their actors."""
        rows, reports, actors = [], [], []
        for e in events:
            seq = self._events
            self._events += 1
            rows.append(_scratch_event_row(seq, e))
            seen = set()
            for r in e.reports:
                if (r.article_id, r.start) not in seen:
                    seen.add((r.article_id, r.start))
                    reports.append(
                        {"event_seq": seq, "article_id": r.article_id, "start": r.start, "end": r.end,
                         "sentence": r.sentence}
                    )  # fmt: skip
            keys = {(a.entity_id or a.name).lower() for a in (e.source_actor, e.target_actor) if a}
            actors += [{"event_seq": seq, "actor": key} for key in sorted(keys)]
        self._insert(EVENTS, rows)
        self._insert(EVENT_REPORTS, reports)
        self._insert(EVENT_ACTORS, actors)

    def rename_shared(self, rename: Callable[[Event], Event], batch_size: int = 256) -> int:
        """Give each merged event whose id another one has too the id ``rename`` gives it; returns how many.

        Why not one UPDATE: DuckDB holds an UPDATE's new values in memory until it commits, and a
        merged event's text holds every report (at 100,000 synthetic articles the renaming UPDATE
        ran out of a 128 MB limit). The shared events stream out ``batch_size`` at a time into a
        scratch table, renamed; then their old rows are deleted and the renamed ones appended.
        """
        with self._store.connect() as con:
            con.execute(
                f"CREATE OR REPLACE TABLE {SHARED} AS SELECT id FROM {EVENTS} GROUP BY id HAVING count(*) > 1"
            )
            con.execute(f"CREATE OR REPLACE TABLE {RENAMED} AS SELECT * FROM {EVENTS} LIMIT 0")
            renamed = 0
            # table names are this module's constants, never input
            reader = con.sql(
                f"SELECT seq, detail FROM {EVENTS} WHERE id IN (SELECT id FROM {SHARED})"
            ).to_arrow_reader(batch_size)
            for batch in reader:
                rows = [
                    _scratch_event_row(seq, rename(event_from_dict(json.loads(detail))))
                    for seq, detail in zip(*batch.to_pydict().values(), strict=True)
                ]
                renamed += len(rows)
                self._insert(RENAMED, rows)
            if renamed:
                con.execute(f"DELETE FROM {EVENTS} WHERE id IN (SELECT id FROM {SHARED})")
                con.execute(f"INSERT INTO {EVENTS} SELECT * FROM {RENAMED}")
            for table in (SHARED, RENAMED):
                con.execute(f"DROP TABLE {table}")
        return renamed

    def set_stories(self, members: Mapping[str, Sequence[str]]) -> None:
        """Each article's story (stories numbered in the order given)."""
        rows = (
            {"article_id": aid, "story_seq": seq, "pos": pos, "story_id": sid}
            for seq, (sid, ids) in enumerate(members.items())
            for pos, aid in enumerate(ids)
        )
        while batch := list(islice(rows, 8192)):  # the rows of a few stories at a time, not of the corpus
            self._insert(ARTICLES, batch)

    def iter_stories(self, sizes: Sequence[int], chunk: int = 500) -> Iterator[tuple[int, list[Article]]]:
        """Every story's stored articles as (story number, articles in story order), each story as soon
        as its last article is read; ``sizes``: how many articles each story number has.

        Why: the articles are read in publication order a day's chunk at a time (``article_chunks``,
        the order pass one read them in), so a story is complete by the end of its publication span
        and only the rows of stories not complete yet are held, as read, not decoded. One sorted join
        of every article row by story made DuckDB hold the corpus (~3 GB at 100,000 articles), and a
        lookup by id scans the table (37 ms at 10,000 articles), so story after story was quadratic.
        """
        from parallax.store import ARTICLE_COLUMNS, _article_from_row, article_chunks

        picked = ", ".join(f'a."{c}"' for c in ARTICLE_COLUMNS)
        pending: dict[int, list[tuple[int, tuple]]] = {}
        with self._store.connect() as con:
            for where, params in article_chunks(con, chunk, table="a"):
                rows = con.execute(
                    f"SELECT w.story_seq, w.pos, {picked} FROM articles a "
                    f"JOIN {ARTICLES} w ON w.article_id = a.id WHERE {where}",
                    params,
                ).fetchall()
                for seq, pos, *values in rows:
                    held = pending.setdefault(seq, [])
                    held.append((pos, values))
                    if len(held) == sizes[seq]:
                        del pending[seq]
                        held.sort(key=lambda row: row[0])
                        yield (
                            seq,
                            [_article_from_row(dict(zip(ARTICLE_COLUMNS, v, strict=True))) for _, v in held],
                        )
        if pending:  # the store changed under the corpus stages
            raise RuntimeError(f"{len(pending)} stories: their articles are no longer all in the store")

    def actor_counts(self) -> Iterator[tuple[str, str, int]]:
        """Per story and actor: in how many (event, article) reports of its articles the actor takes part."""
        with self._store.connect() as con:
            reader = con.sql(
                f"SELECT a.story_id, x.actor, count(*) FROM (SELECT DISTINCT event_seq, article_id FROM {EVENT_REPORTS}) r "
                f"JOIN {ARTICLES} a USING (article_id) JOIN {EVENT_ACTORS} x USING (event_seq) "
                "GROUP BY a.story_id, x.actor"
            ).to_arrow_reader(8192)
            for batch in reader:
                yield from zip(*batch.to_pydict().values(), strict=True)

    def index_story_events(self, slice_stories: int = 2048) -> None:
        """Each story's events by number, in story order and then the events' (date, id) order.

        Numbers only (``story_events`` reads the events' texts): a merged event's text holds every
        report, and a row per story and event with it was a copy of every event per story. Built
        ``slice_stories`` stories at a time, each slice sorted on its own and appended in story order.
        """
        with self._store.connect() as con:
            stories = con.execute(f"SELECT coalesce(max(story_seq) + 1, 0) FROM {ARTICLES}").fetchall()[0][0]
            con.execute(
                f"CREATE OR REPLACE TABLE {STORY_EVENTS} AS SELECT 0::BIGINT AS story_seq, seq AS event_seq, "
                f"date, id FROM {EVENTS} LIMIT 0"
            )
            for low in range(0, stories, slice_stories):
                # distinct (story, event) numbers first: the events' texts are neither hashed nor compared
                # (after ``rename_shared`` no two events share an id)
                con.execute(
                    f"INSERT INTO {STORY_EVENTS} SELECT s.story_seq, e.seq, e.date, e.id "
                    f"FROM (SELECT DISTINCT a.story_seq, r.event_seq FROM {EVENT_REPORTS} r "
                    f"JOIN {ARTICLES} a USING (article_id) WHERE a.story_seq >= ? AND a.story_seq < ?) s "
                    f"JOIN {EVENTS} e ON e.seq = s.event_seq "
                    "ORDER BY s.story_seq, coalesce(e.date::VARCHAR, ''), e.id",
                    [low, low + slice_stories],
                )

    def story_events(self, seqs: Sequence[int]) -> dict[int, list[Event]]:
        """The events of the stories with these numbers, by story number; an event several of
        them share is read and decoded once."""
        if not seqs:
            return {}
        with self._store.connect() as con:
            # the range lets DuckDB skip the row groups outside it (the table is in story order)
            pairs = con.execute(
                f"SELECT story_seq, event_seq FROM {STORY_EVENTS} WHERE story_seq BETWEEN ? AND ? "
                "AND list_contains(?, story_seq) ORDER BY story_seq, coalesce(date::VARCHAR, ''), id",
                [min(seqs), max(seqs), list(seqs)],
            ).fetchall()
            wanted = sorted({event for _, event in pairs})
            rows = con.execute(
                f"SELECT seq, detail FROM {EVENTS} WHERE seq BETWEEN ? AND ? AND list_contains(?, seq)",
                [wanted[0], wanted[-1], wanted] if wanted else [0, -1, []],
            ).fetchall()
        events = {seq: event_from_dict(json.loads(detail)) for seq, detail in rows}
        found: dict[int, list[Event]] = {}
        for story, event in pairs:
            found.setdefault(story, []).append(events[event])
        return found

    def _insert(self, table: str, rows: list[dict]) -> None:
        from parallax.store import _insert

        if rows:
            with self._store.connect() as con:
                _insert(con, table, rows)


# the fields whose values many reports repeat: the merge holds the reports a story window (or a long
# chain of one actor pair's meetings) has, each decoded apart
_SHARED_FIELDS = (
    "plover",
    "cameo",
    "source_actor",
    "target_actor",
    "initiator",
    "date",
    "date_precision",
    "mode",
)


def _sharing(event: Event, seen: dict) -> Event:
    """The event with its actors and codes as the equal objects an earlier report has (one copy of
    each, not one per report: ~40% of a decoded report's memory)."""
    return replace(
        event, **{f: seen.setdefault(v, v) for f in _SHARED_FIELDS if (v := getattr(event, f)) is not None}
    )


def _scratch_event_row(seq: int, event: Event) -> dict:
    """A merged event's row in the scratch events table: numbered, with its first report's article."""
    from parallax.store import _event_row

    row = _event_row(event, None)
    del row["story_id"]
    return {"seq": seq, "first_article": event.reports[0].article_id if event.reports else None, **row}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def copy_events(con: duckdb.DuckDBPyConnection, slice_events: int = 1024) -> None:
    """Into the events tables: the merged events, each tied to the story of its first report's
    article, and their reports (inside the rebuild transaction that holds ``con``).

    Copied ``slice_events`` scratch events at a time, so no statement's working set grows with
    the corpus (one join of every event's text ran out of a 128 MB limit at 100,000 articles)."""
    columns = _columns(EVENT_COLUMNS)
    picked = ", ".join(f'e."{c}"' for c in EVENT_COLUMNS)
    (top,) = con.execute(f"SELECT coalesce(max(seq) + 1, 0) FROM {EVENTS}").fetchone()
    for low in range(0, top, slice_events):
        bounds = [low, low + slice_events]
        # table and column names are this module's constants, never input
        con.execute(
            f"INSERT INTO events ({columns}, story_id) SELECT {picked}, a.story_id FROM {EVENTS} e "
            f"LEFT JOIN {ARTICLES} a ON a.article_id = e.first_article WHERE e.seq >= ? AND e.seq < ?",
            bounds,
        )
        con.execute(
            'INSERT INTO event_reports (event_id, article_id, start, "end", sentence) '
            f'SELECT e.id, r.article_id, r.start, r."end", r.sentence FROM {EVENT_REPORTS} r '
            f"JOIN {EVENTS} e ON e.seq = r.event_seq WHERE r.event_seq >= ? AND r.event_seq < ? "
            "ON CONFLICT DO NOTHING",
            bounds,
        )
