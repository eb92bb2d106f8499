"""The store: round trips, idempotent writes, atomic swaps, schema versioning."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.model import Actor, Article, Entity, Event, EventReport, Mention, Quote, Span, Story, Term
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
