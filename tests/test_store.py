"""The store: round trips, idempotent writes, atomic swaps, schema versioning."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.model import (
    Actor,
    Article,
    Entity,
    Event,
    EventReport,
    Mention,
    Quote,
    ReadError,
    Span,
    Story,
    Term,
)
from parallax.store import Store, StoreError, entity_id


def make_article(text: str = "President Anna Vell met Tomas Ruk in Norrin on Monday.", **kw) -> Article:
    key = "name:person:anna vell"
    base = Article(
        id="art_test1",
        source="examples/one.txt",
        text=text,
        outlet="The Norrin Herald",
        published="2031-05-12",
        language="en",
        content_hash="abc",
        sentences=((0, len(text)),),
        mentions=(Mention(10, 19, text[10:19], "PERSON", key),),
        entities=(Entity(entity_id(key), "Anna Vell", "person", "NRN"),),
        quotes=(Quote("quo_1", 0, 9, text[0:9], "direct", "Anna Vell", entity_id(key), Span(10, 19, text[10:19]), "say"),),
        terms=(Term(0, 9, text[0:9]),),
        events=(
            Event(
                "evt_1", "CONSULT", "040", Actor("Anna Vell", "NRN"), Actor("Tomas Ruk", "KSL"),
                reports=(EventReport("art_test1", 0, len(text), text),),
            ),
        ),
    )  # fmt: skip
    return replace(base, **kw)


@pytest.fixture()
def store(tmp_path) -> Store:
    return Store(tmp_path / "test.duckdb")


def test_round_trip_returns_what_went_in(store: Store) -> None:
    article = make_article()
    assert store.write_articles([article]) == 1
    (back,) = store.iter_articles()
    assert back == article


def test_second_write_of_the_same_article_adds_nothing(store: Store) -> None:
    article = make_article()
    store.write_articles([article])
    assert store.write_articles([article]) == 0
    assert store.stats()["articles"] == 1
    assert store.stats()["mentions"] == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=20, max_size=300), outlet=st.one_of(st.none(), st.text(max_size=40)))
def test_any_text_survives_the_store(tmp_path_factory, text: str, outlet: str | None) -> None:
    store = Store(tmp_path_factory.mktemp("prop") / "p.duckdb")
    article = make_article(text=text, outlet=outlet, mentions=(), quotes=(), terms=(), events=(), entities=())
    store.write_articles([article])
    (back,) = store.iter_articles()
    assert back.text == text and back.outlet == outlet


ANY_CHARACTER = st.characters(exclude_categories=())  # lone surrogates included


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(ANY_CHARACTER, min_size=1, max_size=200), title=st.text(ANY_CHARACTER, max_size=40))
def test_any_string_is_stored_with_only_surrogates_replaced(tmp_path_factory, text: str, title: str) -> None:
    from parallax.store.codec import replace_unencodable

    store = Store(tmp_path_factory.mktemp("prop") / "p.duckdb")
    article = make_article(text=text, title=title, mentions=(), quotes=(), terms=(), events=(), entities=())
    assert store.write_articles([article]) == 1
    (back,) = store.iter_articles()
    assert (back.text, back.title) == (replace_unencodable(text), replace_unencodable(title))
    assert len(back.text) == len(text)


def test_replace_derived_is_atomic(store: Store) -> None:
    article = make_article()
    store.write_articles([article])
    good = Story(id="sto_1", title="t", article_ids=(article.id,), outlets=("x",))
    store.replace_derived([replace(article, story_id="sto_1")], [good], [], {"quo_1": "stm_1"}, {})
    assert store.stats()["stories"] == 1
    broken = Story(
        id="sto_2", title="t", article_ids=(article.id,), outlets=("x",), first_published="not a date"
    )
    with pytest.raises(duckdb.Error):
        store.replace_derived([article], [broken], [], {}, {})
    with store.connect() as con:
        assert con.execute("SELECT id FROM stories").fetchall() == [("sto_1",)]
        assert con.execute("SELECT statement_id FROM quotes").fetchall() == [("stm_1",)]


def test_entity_merge_rewrites_mentions(store: Store) -> None:
    article = make_article()
    store.write_articles([article])
    old = entity_id("name:person:anna vell")
    store.replace_derived([article], [], [], {}, {old: "ent_new"})
    with store.connect() as con:
        assert con.execute("SELECT DISTINCT entity_id FROM mentions").fetchall() == [("ent_new",)]


def test_a_store_of_another_schema_version_is_refused(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    Store(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 999"):
        Store(path)


def test_reading_a_missing_store_names_the_file(tmp_path) -> None:
    with pytest.raises(StoreError, match=r"nope\.duckdb"):
        Store(tmp_path / "nope.duckdb", read_only=True)


def test_search_index_holds_each_word_once_and_survives_rewrites(store: Store) -> None:
    article = make_article(text="Ärzte in Norrin: Norrin's border reopens. 3 bridges!")
    store.write_articles([article])
    store.write_articles([article])
    with store.connect() as con:
        terms = [r[0] for r in con.execute("SELECT term FROM article_terms ORDER BY term").fetchall()]
    assert terms == sorted(set(terms)), "no word is indexed twice"
    assert {"ärzte", "norrin", "3", "bridges", "s"} <= set(terms)
    assert store.reindex() == len(terms)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_lone_surrogate_does_not_lose_the_batch(store: Store, tmp_path, fmt) -> None:
    """Text decoded with surrogateescape carries lone surrogates; Arrow, DuckDB and UTF-8 files reject them."""
    from parallax.store.export import export

    text = "Bad byte \udce9 in the text, then President Anna Vell spoke."
    actor = Actor("Anna \udce9", "NRN")
    event = Event(
        "evt_bad", "CONSULT", "040", actor, None, reports=(EventReport("art_bad", 0, 8, "Bad \udce9"),)
    )
    bad = make_article(
        id="art_bad", text=text, title="T\udcff", outlet="Out\ud800let", source="in/\udce9.txt",
        mentions=(Mention(0, 8, "Bad byte", "PERSON", "name:person:anna vell"),),
        quotes=(Quote("quo_bad", 9, 10, text[9:10], "direct", "Anna \udce9", None, Span(9, 10, "\udce9"), "say"),),
        events=(event,),
    )  # fmt: skip
    assert store.write_articles([make_article(), bad]) == 2
    back = {a.id: a for a in store.iter_articles()}
    assert back["art_test1"] == make_article()
    assert back["art_bad"].text == text.replace("\udce9", "\ufffd"), "one character for one: offsets hold"
    assert (back["art_bad"].title, back["art_bad"].outlet) == ("T\ufffd", "Out\ufffdlet")
    with store.connect() as con:
        assert con.execute("SELECT speaker FROM quotes WHERE id = 'quo_bad'").fetchall() == [("Anna \ufffd",)]
    story = Story(id="sto_bad", title="Story \udce9", article_ids=("art_bad",), outlets=("Out\ud800let",))
    store.replace_derived([bad], [story], [event], {}, {})
    store.record_failures([ReadError("in/\udce9.txt", "unreadable")])
    assert store.stats()["failures"] == 1
    counts = export(store, tmp_path / "out", fmt)
    assert counts["quotes"] == 2 and counts["events"] == 1 and counts["stories"] == 1
    exported = b"".join(f.read_bytes() for f in (tmp_path / "out").iterdir())
    assert "\ufffd".encode() in exported


class FailingWrites:
    """A connection that fails as on a full disk at one statement, and whose rollback then fails too."""

    def __init__(self, con: duckdb.DuckDBPyConnection, fail_at: str, error: duckdb.Error):
        self._con, self._fail_at, self._error = con, fail_at, error

    def __getattr__(self, name: str):
        return getattr(self._con, name)

    def execute(self, sql: str, *args):
        if sql.startswith(self._fail_at):
            raise self._error
        if sql == "ROLLBACK":
            raise duckdb.TransactionException("cannot rollback - no transaction is active")
        return self._con.execute(sql, *args)


@pytest.mark.parametrize(
    ("fail_at", "error"),
    [
        ("INSERT INTO articles", duckdb.IOException('Could not write file "t.duckdb": No space left on device')),
        # what a real full tmpfs gives: the WAL write fails at commit
        ("COMMIT", duckdb.TransactionException('Failed to commit: Could not write file "t.duckdb.wal": No space left on device')),
    ],
)  # fmt: skip
def test_a_failed_write_reports_its_own_error_not_the_rollbacks(
    store: Store, monkeypatch, fail_at, error
) -> None:
    import parallax.store

    store.write_articles([make_article()])
    real = parallax.store.connect_file
    monkeypatch.setattr(parallax.store, "connect_file", lambda *a: FailingWrites(real(*a), fail_at, error))
    with pytest.raises(StoreError, match=r"test\.duckdb: .*No space left on device") as raised:
        store.write_articles([make_article(id="art_test2")])
    assert "\n" not in str(raised.value)
    monkeypatch.undo()
    assert [a.id for a in store.iter_articles()] == ["art_test1"], "what was stored is kept"


def test_extension_autoload_and_autoinstall_are_off(store: Store, tmp_path) -> None:
    from parallax.store import queries

    settings = (
        "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"
    )
    with store.connect() as con:
        assert con.execute(settings).fetchall() == [(False, False)]
    con = queries.open_readonly(store.path)
    try:
        assert con.execute(settings).fetchall() == [(False, False)]
    finally:
        con.close()


def _open_everywhere(path, read_only: bool):
    """Open a store the way each command does: the writer, the reader, the server's attach."""
    from parallax.store import queries

    if read_only == "server":
        queries.open_readonly(path).close()
    else:
        Store(path, read_only=read_only)


@pytest.mark.parametrize("how", [False, True, "server"])
def test_a_file_that_is_not_duckdb_is_named(tmp_path, how) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=r"notes\.duckdb is not a DuckDB file"):
        _open_everywhere(path, how)


@pytest.mark.parametrize("how", [False, True, "server"])
def test_a_duckdb_file_of_another_program_is_refused_and_left_alone(tmp_path, how) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE invoices (n INTEGER)")
    con.close()
    with pytest.raises(StoreError, match=r"other\.duckdb is a DuckDB file of another program"):
        _open_everywhere(path, how)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [("invoices",)]
    con.close()


@pytest.mark.parametrize("how", [True, "server"])
def test_readers_check_the_schema_version_too(tmp_path, how) -> None:
    path = tmp_path / "old.duckdb"
    Store(path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 999, this Parallax reads"):
        _open_everywhere(path, how)


def test_a_locked_store_names_the_process_holding_it(store: Store, tmp_path) -> None:
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.read()", str(store.path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        for how in (False, True, "server"):
            with pytest.raises(
                StoreError, match=rf"store .*test\.duckdb is locked by another process \(PID {holder.pid}"
            ):
                _open_everywhere(store.path, how)
    finally:
        holder.communicate("")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_order_is_total_whatever_the_row_order(tmp_path, fmt) -> None:
    """Quotes and mentions that start at the same offset still come out in one order.

    The second store holds the same rows in the reverse physical order (as parallel
    writes or a rewrite may leave them); the files must not change.
    """
    from parallax.store.export import export

    text = make_article().text
    key = "name:person:anna vell"
    article = make_article(
        quotes=(
            Quote("quo_a", 0, 9, text[:9], "direct", "Anna Vell", entity_id(key), cue="say"),
            Quote("quo_b", 0, 40, text[:40], "indirect", "Anna Vell", entity_id(key), cue="say"),
        ),
        mentions=(Mention(10, 14, text[10:14], "PERSON", key), Mention(10, 19, text[10:19], "PERSON", key)),
    )
    outputs = []
    for n in range(2):
        store = Store(tmp_path / f"s{n}.duckdb")
        store.write_articles([article])
        if n:
            with store.connect() as con:
                for table, key_columns in (("quotes", "id"), ("mentions", 'start, "end"')):
                    con.execute(f"CREATE TABLE reversed AS SELECT * FROM {table} ORDER BY {key_columns} DESC")
                    con.execute(f"DELETE FROM {table}")
                    con.execute(f"INSERT INTO {table} SELECT * FROM reversed")
                    con.execute("DROP TABLE reversed")
        export(store, tmp_path / f"out{n}", fmt)
        outputs.append(
            {name: (tmp_path / f"out{n}" / f"{name}.{fmt}").read_bytes() for name in ("quotes", "entities")}
        )
    assert outputs[0] == outputs[1]


def test_a_mention_without_an_entity_links_to_nothing(store: Store) -> None:
    """A name the evidence left unsettled keeps its mention, but the article page must not link a missing entity."""
    from parallax.store import queries

    text = "President Anna Vell met Tomas Ruk in Norrin on Monday."
    unsettled = Mention(24, 33, text[24:33], "PERSON", "name:person:tomas ruk")
    store.write_articles([make_article(mentions=(*make_article().mentions, unsettled))])
    con = queries.open_readonly(store.path)
    try:
        mentions = {m["text"]: m for m in queries.get_article(con, "art_test1")["mentions"]}
    finally:
        con.close()
    assert mentions["Anna Vell"]["entity_id"] == entity_id("name:person:anna vell")
    assert mentions["Tomas Ruk"]["entity_id"] is None
