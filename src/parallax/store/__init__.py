"""DuckDB store: the only place that runs SQL.

Writes are batched, transactional and idempotent: every row is keyed by a
content-derived id, articles are inserted with ``ON CONFLICT DO NOTHING``, and the
derived tables (stories, events, statements) are replaced as a whole in one
transaction by the corpus stages, so a crash leaves either the old or the new state.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from parallax.model import Article, Entity, Event, ReadError, Story, stable_id
from parallax.store.codec import (
    annotations_from_dict,
    annotations_to_dict,
    event_to_dict,
    replace_unencodable,
    story_to_dict,
)
from parallax.store.connection import (
    SCHEMA_VERSION,
    Limits,
    StoreError,
    check_schema,
    connect_file,
    describe_error,
    transaction,
)

__all__ = ["SCHEMA_VERSION", "WORDS_SQL", "Limits", "Store", "StoreError", "entity_id"]

SCHEMA_FILE = Path(__file__).with_name("schema.sql")

ARTICLE_COLUMNS = (
    "id", "source", "source_id", "url", "outlet", "title", "author", "published", "published_inferred",
    "dateline", "language", "text", "raw", "content_hash", "story_id", "duplicate_of", "annotations",
)  # fmt: skip


# One tokenisation for the index and for queries, in SQL so both sides always agree.
WORDS_SQL = r"list_distinct(regexp_extract_all(lower({}), '[\p{{L}}\p{{N}}_]+'))"


# the indexes on the article columns the corpus stages rewrite (as schema.sql declares them)
LINK_INDEXES = (("articles_story", "story_id"), ("articles_published", "published"))


def entity_id(entity_key: str) -> str:
    """Canonical entity ids derive from the resolver's key, so every article agrees on them."""
    return stable_id("ent", entity_key)


class Store:
    """A Parallax DuckDB file; its schema version is checked on open (and the schema applied for writing).

    Every error DuckDB raises while opening, reading or writing the file that a user can
    act on (a lock, a file that is not DuckDB, an I/O error such as a full disk) comes
    out as ``StoreError`` with a one-line message naming the file.
    """

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self._shared: duckdb.DuckDBPyConnection | None = None
        if read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (run `parallax analyze` first)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as con:
            if read_only:
                check_schema(con, self.path)
            else:
                self._migrate(con)

    @contextmanager
    def session(self, limits: Limits | None = None) -> Iterator[Store]:
        """Keep one connection open for a block of many small reads and writes (the corpus stages).

        ``limits`` bound DuckDB for the block (its settings are the database's, not one
        connection's, so the ones it had are put back at the end): past ``memory_limit`` sorts
        and joins spill to the store's temporary directory and cached pages are evicted,
        instead of DuckDB's cache growing with the corpus (its default is 80% of the machine).
        """
        with self.connect() as con:
            saved = {name: _setting(con, name) for name, _ in (limits or Limits()).sets()}
            try:
                for name, value in (limits or Limits()).sets():
                    con.execute(f"SET {name} = {value}")  # names are Limits' own, values checked there
                self._shared = con
                yield self
            finally:
                self._shared = None
                for name, value in saved.items():
                    con.execute(f"SET {name} = {value}")

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._shared is not None:
            cursor = self._shared.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        con = connect_file(self.path, self.read_only)
        try:
            yield con
        except BaseException as exc:
            with suppress(duckdb.Error):  # closing must not replace the error that got us here
                con.close()
            if isinstance(
                exc, _FILE_ERRORS
            ):  # a full disk (on write or on commit): name the file, keep the cause
                raise describe_error(exc, self.path) from exc
            raise
        try:
            con.close()
        except _FILE_ERRORS as exc:  # the checkpoint at close can meet a full disk too
            raise describe_error(exc, self.path) from exc

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        check_schema(con, self.path, creating=True)
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION])

    # ----------------------------------------------------------------- writes

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are stored already (re-ingest skips them)."""
        if not ids:
            return set()
        with self.connect() as con:
            rows = con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def write_articles(self, articles: Sequence[Article]) -> int:
        """Insert one batch in one transaction; returns how many articles were new."""
        if not articles:
            return 0
        article_rows, mention_rows, quote_rows, entity_rows = [], [], [], {}
        for a in articles:
            article_rows.append(_article_row(a))
            for m in a.mentions:
                mention_rows.append(
                    {"article_id": a.id, "start": m.start, "end": m.end, "text": m.text,
                     "label": m.label, "entity_id": entity_id(m.entity_key)}
                )  # fmt: skip
            for q in a.quotes:
                quote_rows.append(_quote_row(q, a.id))
            for e in a.entities:
                entity_rows[e.id] = _entity_row(e)
        with self.connect() as con, transaction(con):
            stored = {r[0] for r in con.execute(
                "SELECT id FROM articles WHERE list_contains(?, id)", [[r["id"] for r in article_rows]]
            ).fetchall()}  # fmt: skip
            fresh = [r for r in article_rows if r["id"] not in stored]
            _insert(con, "articles", fresh, conflict="DO NOTHING")
            _index_terms(con, [r["id"] for r in fresh])
            _insert(con, "mentions", mention_rows, conflict="DO NOTHING")
            _insert(con, "quotes", quote_rows, conflict="DO NOTHING")
            _insert(con, "entities", list(entity_rows.values()), conflict="DO NOTHING")
        return len(fresh)

    def reindex(self) -> int:
        """Rebuild the search index from the stored articles (after a bulk load outside ``write_articles``)."""
        with self.connect() as con, transaction(con):
            con.execute("DELETE FROM article_terms")
            con.execute(
                "INSERT INTO article_terms SELECT unnest("
                + WORDS_SQL.format("coalesce(title, '') || ' ' || text")
                + ") AS term, id FROM articles"
            )
        return self.sort_index()

    def sort_index(self) -> int:
        """Rewrite the search index in term order, atomically; returns its row count.

        New articles append their words unsorted; sorting restores the zone-map pruning
        that makes a word lookup cheap. The engine calls it after an ingest that stored
        something.
        """
        with self.connect() as con:
            with transaction(con):
                con.execute(
                    "CREATE TABLE article_terms_sorted AS SELECT * FROM article_terms ORDER BY term, article_id"
                )
                con.execute("DROP TABLE article_terms")
                con.execute("ALTER TABLE article_terms_sorted RENAME TO article_terms")
            return con.execute("SELECT count(*) FROM article_terms").fetchall()[0][0]

    def record_failures(self, failures: Iterable[ReadError]) -> None:
        rows = [(f.source, f.reason) for f in failures]
        if rows:
            with self.connect() as con:
                con.executemany(
                    "INSERT INTO failures (source, reason) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    replace_unencodable(rows),
                )

    def replace_derived(
        self,
        articles: Sequence[Article],
        stories: Sequence[Story],
        events: Sequence[Event],
        statement_ids: dict[str, str],
        entity_merges: dict[str, str],
    ) -> None:
        """Swap in the corpus stages' results (stories, events, statements, article links) atomically."""
        story_of_article = {aid: s.id for s in stories for aid in s.article_ids}
        with self.rebuild() as derived:
            derived.add_stories(stories)
            derived.add_events(events, story_of_article)
            derived.link_articles(articles)
            derived.set_statements(statement_ids)
            derived.merge_entities(entity_merges)

    @contextmanager
    def rebuild(self) -> Iterator[DerivedWriter]:
        """One transaction that empties the derived tables and takes their new rows in batches.

        Why: the corpus stages write each batch of compared stories as it is done, so the
        corpus never sits in memory, while readers still see the old results or the new,
        never half a rebuild (a failure rolls the whole rebuild back).
        """
        with self.connect() as con:
            # DuckDB rewrites a row whose indexed column changes as a delete and an insert of the whole
            # row (text and annotations: at 1,000 articles +83 MiB against +5 MiB unindexed), so the
            # indexes on the link columns are dropped for the rebuild and built again after it; a crash
            # in between loses no data, and the next writable open builds them again from schema.sql
            for name, _ in LINK_INDEXES:
                con.execute(f"DROP INDEX IF EXISTS {name}")  # constant names, not input
            try:
                with transaction(con):
                    for table in ("stories", "events", "event_reports"):
                        con.execute(f"DELETE FROM {table}")  # table names are constants, not input
                    con.execute("UPDATE quotes SET statement_id = NULL")
                    yield DerivedWriter(con)
            finally:
                for name, column in LINK_INDEXES:
                    con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON articles ({column})")

    # ------------------------------------------------------------------ reads

    def iter_articles(self, batch_size: int = 500, keep: Collection[str] | None = None) -> Iterator[Article]:
        """Every stored article with its annotations, streamed in publication order.

        Undated articles (and those whose date was only inferred) come last, so a re-run
        visits articles in the same order and the online stages give the same ids. ``keep``
        names the annotation kinds to decode (all when None); the others come back empty and
        ``raw`` unread, so a pass that needs a few of them does not build the rest.
        """
        columns = [_quoted(c) if keep is None or c != "raw" else 'NULL AS "raw"' for c in ARTICLE_COLUMNS]
        with self.connect() as con:
            for where, params in article_chunks(con, batch_size):
                # the id range and the day are filters DuckDB pushes into the scan: only a chunk's rows are read
                rows = con.execute(
                    f"SELECT {', '.join(columns)} FROM articles WHERE {where} ORDER BY {PUBLICATION_ORDER}",
                    params,
                ).fetchall()
                for row in rows:
                    yield _article_from_row(dict(zip(ARTICLE_COLUMNS, row, strict=True)), keep)

    def load_articles(self, ids: Sequence[str]) -> list[Article]:
        """These articles with their annotations, in the order of ``ids``."""
        query = f"SELECT {', '.join(_quoted(c) for c in ARTICLE_COLUMNS)} FROM articles WHERE list_contains(?, id)"
        with self.connect() as con:
            rows = con.execute(query, [list(ids)]).fetchall()
        by_id = {row[0]: _article_from_row(dict(zip(ARTICLE_COLUMNS, row, strict=True))) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def iter_entities(self) -> Iterator[Entity]:
        with self.connect() as con:
            cursor = con.execute(
                "SELECT id, name, type, country, wikidata, aliases, roles FROM entities ORDER BY id"
            )
            while rows := cursor.fetchmany(1000):
                for r in rows:
                    yield Entity(r[0], r[1], r[2], r[3], r[4], tuple(r[5] or ()), tuple(r[6] or ()))

    def iter_events(self) -> Iterator[Event]:
        from parallax.store.codec import event_from_dict

        with self.connect() as con:
            cursor = con.execute("SELECT detail FROM events ORDER BY date NULLS LAST, id")
            while rows := cursor.fetchmany(1000):
                for (detail,) in rows:
                    yield event_from_dict(json.loads(detail))

    def stats(self) -> dict[str, Any]:
        with self.connect() as con:
            counts = {
                table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # constant table names
                for table in ("articles", "entities", "mentions", "quotes", "events", "stories", "failures")
            }
            counts["duplicates"] = con.execute(
                "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
            ).fetchall()[0][0]
            counts["outlets"] = con.execute("SELECT count(DISTINCT outlet) FROM articles").fetchall()[0][0]
            span = con.execute("SELECT min(published), max(published) FROM articles").fetchall()[0]
            counts["first_published"] = str(span[0]) if span[0] else None
            counts["last_published"] = str(span[1]) if span[1] else None
        return counts


class DerivedWriter:
    """Appends the corpus stages' results inside the transaction ``Store.rebuild`` holds open."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def add_stories(self, stories: Iterable[Story]) -> None:
        _insert(self._con, "stories", [_story_row(s) for s in stories])

    def add_events(self, events: Iterable[Event], story_of_article: Mapping[str, str]) -> None:
        """Events, each tied to the story of its first report's article, and their reports."""
        event_rows, report_rows = [], []
        for e in events:
            first = e.reports[0].article_id if e.reports else None
            event_rows.append(_event_row(e, story_of_article.get(first or "")))
            seen = set()
            for r in e.reports:
                if (r.article_id, r.start) in seen:
                    continue
                seen.add((r.article_id, r.start))
                report_rows.append(
                    {"event_id": e.id, "article_id": r.article_id, "start": r.start, "end": r.end,
                     "sentence": r.sentence}
                )  # fmt: skip
        _insert(self._con, "events", event_rows)
        _insert(self._con, "event_reports", report_rows, conflict="DO NOTHING")

    def add_work_events(self) -> None:
        """The merged events in this run's scratch tables, and their reports (``CorpusWork.copy_events``)."""
        from parallax.store.work import copy_events

        copy_events(self._con)

    def link_articles(self, articles: Iterable[Article]) -> None:
        """Each article's story, original (when a duplicate) and possibly inferred date."""
        links = [
            {"id": a.id, "story_id": a.story_id, "duplicate_of": a.duplicate_of,
             "published": a.published, "published_inferred": a.published_inferred}
            for a in articles
        ]  # fmt: skip
        if links:
            self._con.register("links_batch", pa.Table.from_pylist(links, schema=_LINK_SCHEMA))
            self._con.execute(
                "UPDATE articles SET story_id = l.story_id, duplicate_of = l.duplicate_of, "
                "published = l.published::DATE, published_inferred = l.published_inferred "
                "FROM links_batch l WHERE articles.id = l.id"
            )
            self._con.unregister("links_batch")

    def set_statements(self, statement_ids: Mapping[str, str]) -> None:
        """The statement each of these quotes belongs to (quote id -> statement id)."""
        statements = [{"id": qid, "statement_id": sid} for qid, sid in statement_ids.items()]
        if statements:
            self._con.register("statements_batch", pa.Table.from_pylist(statements))
            self._con.execute(
                "UPDATE quotes SET statement_id = s.statement_id FROM statements_batch s WHERE quotes.id = s.id"
            )
            self._con.unregister("statements_batch")

    def merge_entities(self, entity_merges: Mapping[str, str]) -> None:
        """Point mentions and speakers of each merged entity at the one it merged into."""
        merges = [{"old": old, "new": new} for old, new in entity_merges.items() if old != new]
        if not merges:
            return
        con = self._con
        con.register("merges_batch", pa.Table.from_pylist(merges))
        con.execute(
            "UPDATE mentions SET entity_id = m.new FROM merges_batch m WHERE mentions.entity_id = m.old"
        )
        con.execute(
            "UPDATE quotes SET speaker_entity_id = m.new FROM merges_batch m WHERE quotes.speaker_entity_id = m.old"
        )
        con.execute(
            "DELETE FROM entities WHERE id IN (SELECT old FROM merges_batch) "
            "AND id NOT IN (SELECT new FROM merges_batch)"
        )
        con.unregister("merges_batch")


# DuckDB's errors about the file rather than the query: I/O, a failed commit, an invalidated database.
_FILE_ERRORS = (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)

_LINK_SCHEMA = pa.schema(
    [("id", pa.string()), ("story_id", pa.string()), ("duplicate_of", pa.string()),
     ("published", pa.string()), ("published_inferred", pa.bool_())]
)  # fmt: skip


def _to_json(value: Any) -> str:
    """JSON text for a JSON column; characters kept as they are, so ``_insert`` sees a lone surrogate."""
    return json.dumps(value, ensure_ascii=False)


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A DuckDB setting's current value, as a SQL literal to set it back to."""
    value = con.execute("SELECT current_setting(?)", [name]).fetchall()[0][0]
    return str(value).lower() if isinstance(value, bool | int) else "'" + str(value).replace("'", "''") + "'"


def _quoted(column: str) -> str:
    return f'"{column}"'


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], conflict: str | None = None
) -> None:
    """Bulk insert through Arrow (DuckDB's executemany is row-at-a-time)."""
    if not rows:
        return
    try:
        batch = pa.Table.from_pylist(rows)
    except UnicodeEncodeError:  # a lone surrogate from badly decoded input must not lose the batch
        batch = pa.Table.from_pylist(replace_unencodable(rows))
    con.register("insert_batch", batch)
    columns = ", ".join(_quoted(c) for c in batch.column_names)
    suffix = f" ON CONFLICT {conflict}" if conflict else ""
    # table and column names come from this module's constants, never from input
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM insert_batch{suffix}")
    con.unregister("insert_batch")


def _index_terms(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """Index the words of these (just inserted) articles."""
    if ids:
        con.execute(
            "INSERT INTO article_terms SELECT unnest("
            + WORDS_SQL.format("coalesce(title, '') || ' ' || text")
            + ") AS term, id FROM articles WHERE list_contains(?, id)",
            [ids],
        )


def article_chunks(
    con: duckdb.DuckDBPyConnection, size: int, table: str = "articles"
) -> Iterator[tuple[str, list]]:
    """The articles in publication order as chunks of at most ``size``: a condition on ``table``
    (the articles table or its alias in the caller's query) and its parameters; within a chunk,
    ``PUBLICATION_ORDER`` is the order.

    Why: sorting whole rows (text and annotations) would hold the corpus in DuckDB's memory;
    only the day and id of each article are sorted here, and each chunk is read on its own.
    A chunk is whole consecutive days, or a part (an id range) of one day that alone has more
    than ``size`` articles: each query reads the blocks of the annotations it touches whole
    (~40 ms at 600 articles), so one query per day made a corpus spread over many days slow.
    Undated articles (and those whose date was inferred) come last.
    """
    keys = con.execute(
        "SELECT CASE WHEN published_inferred THEN NULL ELSE published END AS day, id FROM articles "
        "ORDER BY day NULLS LAST, id"
    ).fetchall()
    bounds: list[list] = []  # [first day, last day, first id, last id, whole days?, count]
    start = 0
    while start < len(keys):
        day = keys[start][0]
        end = start
        while end < len(keys) and keys[end][0] == day:
            end += 1
        if day is not None and end - start <= size:
            if bounds and bounds[-1][4] and bounds[-1][5] + end - start <= size:
                bounds[-1][1], bounds[-1][5] = day, bounds[-1][5] + end - start
            else:
                bounds.append([day, day, None, None, True, end - start])
        else:
            for first in range(start, end, size):
                bounds.append([day, day, keys[first][1], keys[min(first + size, end) - 1][1], False, 0])
        start = end
    del keys  # only the chunks' bounds are kept
    dated = f"{table}.published_inferred IS NOT TRUE AND "  # table: the caller's constant, never input
    ids = f"{table}.id >= ? AND {table}.id <= ? AND "
    for first_day, last_day, first, last, whole, _ in bounds:
        if whole:
            yield dated + f"{table}.published >= ? AND {table}.published <= ?", [first_day, last_day]
        elif first_day is None:
            yield ids + f"({table}.published IS NULL OR {table}.published_inferred)", [first, last]
        else:
            yield ids + dated + f"{table}.published = ?", [first, last, first_day]


# the order of the articles in a chunk of ``article_chunks``: day (none last), then id
PUBLICATION_ORDER = "CASE WHEN published_inferred THEN NULL ELSE published END NULLS LAST, id"


def _article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id, "source": a.source, "source_id": a.source_id, "url": a.url, "outlet": a.outlet,
        "title": a.title, "author": a.author, "published": a.published,
        "published_inferred": a.published_inferred, "dateline": a.dateline, "language": a.language,
        "text": a.text, "raw": a.raw, "content_hash": a.content_hash, "story_id": a.story_id,
        "duplicate_of": a.duplicate_of, "annotations": _to_json(annotations_to_dict(a)),
    }  # fmt: skip


def _article_from_row(row: dict[str, Any], keep: Collection[str] | None = None) -> Article:
    data = json.loads(row.pop("annotations") or "{}")
    if keep is not None:
        data = {k: v for k, v in data.items() if k in keep}
    annotations = annotations_from_dict(data)
    published = row.pop("published")
    return Article(**row, published=str(published) if published else None, **annotations)


def _quote_row(q, article_id: str) -> dict[str, Any]:
    return {
        "id": q.id, "article_id": article_id, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
        "speaker": q.speaker, "speaker_entity_id": q.speaker_entity_id,
        "speaker_mention": _to_json(asdict(q.speaker_mention)) if q.speaker_mention else None,
        "cue": q.cue, "via": q.via, "statement_id": q.statement_id,
    }  # fmt: skip


def _entity_row(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id, "name": e.name, "type": e.type, "country": e.country, "wikidata": e.wikidata,
        "aliases": list(e.aliases), "roles": list(e.roles),
    }  # fmt: skip


def _event_row(e: Event, story_id: str | None) -> dict[str, Any]:
    detail = event_to_dict(e)
    return {
        "id": e.id, "plover": e.plover, "cameo": e.cameo,
        "source_actor": _to_json(detail["source_actor"]), "target_actor": _to_json(detail["target_actor"]),
        "initiator": _to_json(detail["initiator"]), "date": e.date, "date_precision": e.date_precision,
        "date_inferred": e.date_inferred, "location": e.location, "mode": e.mode, "story_id": story_id,
        "detail": _to_json(detail),
    }  # fmt: skip


def _story_row(s: Story) -> dict[str, Any]:
    d = story_to_dict(s)
    return {
        "id": s.id, "title": s.title, "article_ids": d["article_ids"], "outlets": d["outlets"],
        "first_published": s.first_published, "last_published": s.last_published,
        "article_count": len(s.article_ids), "event_ids": d["event_ids"],
        "related_story_ids": d["related_story_ids"],
        **{k: _to_json(d[k]) for k in ("consensus", "discrepancies", "framing", "voices", "omissions", "tone")},
    }  # fmt: skip
