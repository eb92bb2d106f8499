"""Read-only queries behind the HTTP API, the web pages and the static report.

Every value from a request is a bound parameter; the only SQL assembled here is
from this module's constant fragments (the optional filter clauses). Search reads the
store's own word index (``article_terms``, written with each article): DuckDB's FTS
extension is not bundled with the wheel and cannot be installed offline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from parallax.store import WORDS_SQL, StoreError
from parallax.store.connection import check_schema, connect_memory, describe_error

LEAD_CHARS = 320
_STORY_JSON = ("consensus", "discrepancies", "framing", "voices", "omissions", "tone")


@dataclass(frozen=True)
class Filters:
    """The filters shared by the story list, the article list and search."""

    date_from: date | None = None
    date_to: date | None = None
    outlet: str | None = None
    entity: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Page:
    """One page of a list, with the total so a client can page through it."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def open_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the store attached read-only as ``store`` (and made the default).

    A server shares this one connection and gives each request an ``open_cursor``; the
    in-memory side holds the lead cache (``build_lead_cache``), which a plain read-only
    connection could not create.
    """
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store (run `parallax analyze` first)")
    con = connect_memory()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
        con.execute("USE store")
        check_schema(con, Path(path))
        build_lead_cache(con)
    except duckdb.Error as exc:
        con.close()
        raise describe_error(exc, Path(path)) from exc
    except StoreError:
        con.close()
        raise
    return con


def open_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor for one request (DuckDB cursors are safe to use from another thread)."""
    cur = con.cursor()
    cur.execute("USE store")
    return cur


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO strings and JSON columns parsed, so every caller gets plain JSON data."""
    for key, value in record.items():
        if isinstance(value, date):
            record[key] = value.isoformat()
        elif key in _STORY_JSON or key in ("speaker_mention", "source_actor", "target_actor", "initiator"):
            record[key] = json.loads(value) if isinstance(value, str) else value
    return record


# One SQL condition per filter field; each takes the field's value as its only parameter.
_STORY_FILTERS = {
    "date_from": "coalesce(s.last_published, s.first_published) >= ?",
    "date_to": "coalesce(s.first_published, s.last_published) <= ?",
    "outlet": "list_contains(s.outlets, ?)",
    "entity": "s.id IN (SELECT a.story_id FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?)",
    "language": "s.id IN (SELECT story_id FROM articles WHERE language = ?)",
}
_ARTICLE_FILTERS = {
    "date_from": "a.published >= ?",
    "date_to": "a.published <= ?",
    "outlet": "a.outlet = ?",
    "entity": "a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)",
    "language": "a.language = ?",
}


def _filters(f: Filters, conditions: dict[str, str]) -> tuple[list[str], list[Any]]:
    """The conditions of the filters that are set, and their bound values."""
    used = [(sql, getattr(f, name)) for name, sql in conditions.items() if getattr(f, name)]
    return [sql for sql, _ in used], [value for _, value in used]


def _story_filters(f: Filters) -> tuple[list[str], list[Any]]:
    return _filters(f, _STORY_FILTERS)


def _article_filters(f: Filters) -> tuple[list[str], list[Any]]:
    return _filters(f, _ARTICLE_FILTERS)


def _where(clauses: Sequence[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def list_stories(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int, offset: int) -> Page:
    """Stories, newest and largest first, with their outlets, dates and article counts."""
    clauses, params = _story_filters(filters)
    where = _where(clauses)
    total = con.execute(f"SELECT count(*) FROM stories s{where}", params).fetchone()[0]
    cur = con.execute(
        "SELECT s.id, s.title, s.outlets, s.first_published, s.last_published, s.article_count "
        f"FROM stories s{where} "
        "ORDER BY coalesce(s.last_published, s.first_published) DESC NULLS LAST, s.article_count DESC, s.id "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return Page([_clean(r) for r in _records(cur)], total, limit, offset)


def list_articles(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int, offset: int) -> Page:
    """Articles, newest first, without their text (see ``get_article``)."""
    clauses, params = _article_filters(filters)
    return _article_page(con, clauses, params, limit, offset)


def search_articles(
    con: duckdb.DuckDBPyConnection, query: str, filters: Filters, limit: int, offset: int
) -> Page:
    """Articles whose title or text contains every word of ``query`` as a whole word, ignoring case.

    The words are looked up in the store's search index (``article_terms``), tokenised by the
    same SQL expression that built it, so a search reads the index, not every text.
    """
    clauses, params = _article_filters(filters)
    words = con.execute("SELECT " + WORDS_SQL.format("?"), [query]).fetchone()[0][:10]
    if not words:
        return Page([], 0, limit, offset)
    lookups = " INTERSECT ".join(["SELECT article_id FROM article_terms WHERE term = ?"] * len(words))
    clauses.append(f"a.id IN ({lookups})")  # built from a constant fragment; the words are bound
    params.extend(words)
    return _article_page(con, clauses, params, limit, offset)


def _article_page(
    con: duckdb.DuckDBPyConnection, clauses: list[str], params: list[Any], limit: int, offset: int
) -> Page:
    """One page of matching articles and the total, in one pass over the table (a text search is a scan)."""
    where = _where(clauses)
    cur = con.execute(
        "SELECT a.id, a.outlet, a.title, a.author, a.published, a.language, a.url, a.story_id, a.duplicate_of, "
        f"count(*) OVER () AS total FROM articles a{where} "
        "ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    items = [_clean(r) for r in _records(cur)]
    if items:
        total = items[0]["total"]
    else:
        total = con.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0] if offset else 0
    leads = get_leads(con, [i["id"] for i in items])
    for item in items:
        del item["total"]
        item["lead"] = leads.get(item["id"], "")
    return Page(items, total, limit, offset)


def get_leads(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """The first characters of these articles' texts, from the lead cache ``open_readonly`` builds."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT id, lead FROM memory.main.leads WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
    ).fetchall()
    return dict(rows)


def list_facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The outlets and languages a filter form offers."""
    outlets = con.execute(
        "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT 200"
    ).fetchall()
    languages = con.execute(
        "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL ORDER BY language"
    ).fetchall()
    return {"outlets": [r[0] for r in outlets], "languages": [r[0] for r in languages]}


def get_overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Corpus totals for the report's first page."""
    row = con.execute(
        "SELECT count(*), count(DISTINCT outlet), min(published), max(published), "
        "count(*) FILTER (WHERE duplicate_of IS NOT NULL) FROM articles"
    ).fetchone()
    stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    top = con.execute(
        "SELECT outlet, count(*) AS articles, count(DISTINCT story_id) AS stories FROM articles "
        "WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY articles DESC, outlet LIMIT 15"
    )
    return {
        "articles": row[0], "outlets": row[1], "first_published": _iso(row[2]),
        "last_published": _iso(row[3]), "duplicates": row[4], "stories": stories, "top_outlets": _records(top),
    }  # fmt: skip


def build_lead_cache(con: duckdb.DuckDBPyConnection) -> int:
    """Copy every article's lead into an in-memory table beside the read-only store; returns its size.

    Article text is stored as large compressed blocks, so reading one text costs a whole
    block (~10 ms); the story view needs only leads. The store is read-only while a
    server holds it, so the copy cannot go stale. Costs about LEAD_CHARS bytes per article.
    """
    con.execute(
        f"CREATE OR REPLACE TABLE memory.main.leads AS SELECT id, left(text, {LEAD_CHARS + 80}) AS lead FROM articles"
    )
    return con.execute("SELECT count(*) FROM memory.main.leads").fetchone()[0]


def get_story(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any] | None:
    """A story with its comparison results, its articles with their leads, the texts framing cites, its events."""
    cur = con.execute(
        "SELECT id, title, article_ids, outlets, first_published, last_published, article_count, event_ids, "
        "related_story_ids, consensus, discrepancies, framing, voices, omissions, tone FROM stories WHERE id = ?",
        [story_id],
    )
    rows = _records(cur)
    if not rows:
        return None
    story = _clean(rows[0])
    cur = con.execute(
        "SELECT id, outlet, title, author, dateline, published, language, url, duplicate_of "
        "FROM articles WHERE story_id = ? ORDER BY published NULLS LAST, outlet, id",
        [story_id],
    )
    story["articles"] = [_clean(r) for r in _records(cur)]
    framed = [f["article_id"] for f in story["framing"] or () if isinstance(f, dict) and f.get("article_id")]
    story["texts"] = get_texts(con, framed)
    story["leads"] = get_leads(con, [a["id"] for a in story["articles"]])
    story["events"] = _events(
        con, "story_id = ? OR list_contains(?, id)", [story_id, story["event_ids"] or []]
    )
    return story


def get_texts(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """The clean text of these articles, by id."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(dict.fromkeys(ids))]
    ).fetchall()
    return dict(rows)


def _events(
    con: duckdb.DuckDBPyConnection, condition: str, params: list[Any], detail: bool = False
) -> list[dict[str, Any]]:
    """Events matching ``condition`` (a constant SQL fragment), with report counts; ``detail`` adds the full event."""
    extra = "detail, " if detail else ""
    cur = con.execute(
        f"SELECT {extra}id, plover, cameo, source_actor, target_actor, date, date_precision, location, mode, story_id, "
        "(SELECT count(*) FROM event_reports r WHERE r.event_id = e.id) AS reports, "
        "(SELECT first(r.sentence ORDER BY r.article_id, r.start) FROM event_reports r WHERE r.event_id = e.id) AS sentence "
        f"FROM events e WHERE {condition} ORDER BY date NULLS LAST, id",
        params,
    )
    rows = [_clean(r) for r in _records(cur)]
    for row in rows:
        if detail:
            row["detail"] = json.loads(row["detail"]) if isinstance(row["detail"], str) else row["detail"]
    return rows


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article with its raw text, mentions, quotes, quoted terms, story framing terms and duplicates."""
    cur = con.execute(
        "SELECT id, source, source_id, url, outlet, title, author, published, published_inferred, dateline, "
        "language, text, raw, story_id, duplicate_of, annotations FROM articles WHERE id = ?",
        [article_id],
    )
    rows = _records(cur)
    if not rows:
        return None
    article = _clean(rows[0])
    annotations = json.loads(article.pop("annotations") or "{}")
    article["terms"] = [
        {"start": t["start"], "end": t["end"], "text": t["text"]} for t in annotations.get("terms") or ()
    ]
    framing = con.execute("SELECT framing FROM stories WHERE id = ?", [article["story_id"]]).fetchone()
    article["framing"] = [
        f for f in json.loads((framing or [None])[0] or "[]") if f.get("article_id") == article_id
    ]
    cur = con.execute(
        # e.id, not m.entity_id: a name the evidence left unsettled has mentions but no entity to link to
        'SELECT m.start, m."end", m.text, m.label, e.id AS entity_id, e.name, e.type FROM mentions m '
        'LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? ORDER BY m.start, m."end", m.entity_id',
        [article_id],
    )
    article["mentions"] = _records(cur)
    cur = con.execute(
        'SELECT id, start, "end", text, kind, speaker, speaker_entity_id, speaker_mention, cue, via, statement_id '
        "FROM quotes WHERE article_id = ? ORDER BY start, id",
        [article_id],
    )
    article["quotes"] = [_clean(r) for r in _records(cur)]
    cur = con.execute(
        "SELECT id, outlet, title, published FROM articles WHERE duplicate_of = ? OR id = ? "
        "OR (duplicate_of IS NOT NULL AND duplicate_of = ?) ORDER BY published NULLS LAST, id",
        [article_id, article["duplicate_of"], article["duplicate_of"]],
    )
    article["duplicates"] = [_clean(r) for r in _records(cur) if r["id"] != article_id]
    return article


def get_entity(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, Any] | None:
    """An entity, its statements (quote variants grouped by statement) and its events.

    Quotes whose speaker was named but not resolved to an entity count by canonical name.
    """
    cur = con.execute(
        "SELECT id, name, type, country, wikidata, aliases, roles, "
        "(SELECT count(*) FROM mentions WHERE entity_id = ?) AS mention_count, "
        "(SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?) AS article_count "
        "FROM entities WHERE id = ?",
        [entity_id, entity_id, entity_id],
    )
    rows = _records(cur)
    if not rows:
        return None
    entity = rows[0]
    cur = con.execute(
        "SELECT q.id, q.article_id, q.text, q.kind, q.cue, q.via, coalesce(q.statement_id, q.id) AS statement_id, "
        "a.outlet, a.title, a.published FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker_entity_id = ? OR (q.speaker_entity_id IS NULL AND q.speaker = ?) "
        "ORDER BY a.published NULLS LAST, q.article_id, q.start, q.id LIMIT 1000",
        [entity_id, entity["name"]],
    )
    statements: dict[str, list[dict[str, Any]]] = {}
    for quote in _records(cur):
        statements.setdefault(quote["statement_id"], []).append(_clean(quote))
    entity["statements"] = [{"id": sid, "variants": variants} for sid, variants in statements.items()]
    entity["events"] = _events(
        con,
        "json_extract_string(source_actor, '$.entity_id') = ? OR json_extract_string(target_actor, '$.entity_id') = ?",
        [entity_id, entity_id],
    )
    partners: dict[str, str] = {}
    for event in entity["events"]:
        for actor in (event.get("source_actor"), event.get("target_actor")):
            if actor and actor.get("entity_id") and actor["entity_id"] != entity_id:
                partners.setdefault(actor["entity_id"], actor.get("name") or actor["entity_id"])
    entity["partners"] = [{"id": i, "name": n} for i, n in partners.items()]
    return entity


def get_entity_names(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """Display names for a few entity ids (page headings, filter labels)."""
    rows = con.execute("SELECT id, name FROM entities WHERE list_contains(?, id)", [list(ids)]).fetchall()
    return dict(rows)


def list_dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[dict[str, Any]]:
    """Events between two entities, in either direction, oldest first, each with its full ``detail``."""
    return _events(
        con,
        "(json_extract_string(source_actor, '$.entity_id') = ? AND json_extract_string(target_actor, '$.entity_id') = ?) "
        "OR (json_extract_string(source_actor, '$.entity_id') = ? AND json_extract_string(target_actor, '$.entity_id') = ?)",
        [a, b, b, a],
        detail=True,
    )


def list_story_ids(con: duckdb.DuckDBPyConnection, limit: int) -> list[str]:
    """The ids of the stories a report covers, in the story list's order."""
    rows = con.execute(
        "SELECT id FROM stories ORDER BY coalesce(last_published, first_published) DESC NULLS LAST, "
        "article_count DESC, id LIMIT ?",
        [limit],
    ).fetchall()
    return [r[0] for r in rows]
