"""The bounded reads of the corpus stages: DuckDB's limits for a session, stories read day by day."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from tests.test_store import make_article

from parallax.store import Limits, Store
from parallax.store.work import ARTICLES, CorpusWork


def settings(store: Store) -> tuple:
    with store.connect() as con:
        return con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads'), "
            "current_setting('preserve_insertion_order')"
        ).fetchall()[0]


def test_a_session_applies_its_limits_and_puts_the_old_settings_back(tmp_path) -> None:
    store = Store(tmp_path / "t.duckdb")
    before = settings(store)
    with store.session(Limits(memory_limit="64MB", threads=1, preserve_insertion_order=False)):
        memory, threads, ordered = settings(store)
        assert memory.endswith("MiB") and float(memory.split()[0]) <= 64
        assert (threads, ordered) == (1, False)
    assert settings(store) == before
    with store.session():
        assert settings(store) == before, "no limits: DuckDB's own settings"


def test_limits_refuse_what_is_not_a_setting_value(tmp_path) -> None:
    store = Store(tmp_path / "t.duckdb")
    with pytest.raises(ValueError), store.session(Limits(memory_limit="1GB'; DROP TABLE articles; --")):
        pass
    with pytest.raises(ValueError), store.session(Limits(threads=0)):
        pass
    assert store.stats()["articles"] == 0 and settings(store)[1] >= 1


def make_corpus(tmp_path, seed: int) -> tuple[Store, dict[str, list[str]]]:
    """A store of 40 articles over 12 days (a few undated) and a random grouping into stories."""
    rng = random.Random(seed)
    days = [None] * 3 + [f"2031-05-{day:02d}" for day in rng.choices(range(1, 13), k=37)]
    articles = [
        make_article(
            f"Report number {i} on the talks.", id=f"art_{i:03d}", published=day, content_hash=str(i)
        )
        for i, day in enumerate(days)
    ]
    store = Store(tmp_path / f"s{seed}.duckdb")
    store.write_articles(articles)
    ids = [a.id for a in articles]
    rng.shuffle(ids)
    members: dict[str, list[str]] = {}
    while ids:
        size = rng.randint(1, 6)
        members[f"sto_{len(members)}"], ids = ids[:size], ids[size:]
    return store, members


@pytest.mark.parametrize("seed", range(6))
def test_stories_read_day_by_day_are_the_stored_stories(tmp_path, seed: int) -> None:
    store, members = make_corpus(tmp_path, seed)
    with store.session(Limits(preserve_insertion_order=False)):
        work = CorpusWork(store)
        work.create()
        work.set_stories(members)
        read = list(work.iter_stories([len(ids) for ids in members.values()], chunk=3))
        work.drop()
    order = list(members)
    assert sorted(seq for seq, _ in read) == list(range(len(members))), "every story once"
    for seq, articles in read:
        ids = members[order[seq]]
        assert [a.id for a in articles] == ids, "in story order"
        assert articles == store.load_articles(ids), "whole articles, as stored"


def test_a_story_whose_article_left_the_store_is_an_error(tmp_path) -> None:
    store, members = make_corpus(tmp_path, 1)
    grown = {sid: ids for sid, ids in members.items()}
    first = next(iter(grown))
    grown[first] = [*grown[first], "art_gone"]
    with store.session():
        work = CorpusWork(store)
        work.create()
        work.set_stories(grown)
        with store.connect() as con:
            assert con.execute(f"SELECT count(*) FROM {ARTICLES}").fetchall()[0][0] == 41
        with pytest.raises(RuntimeError, match="no longer all in the store"):
            list(work.iter_stories([len(ids) for ids in grown.values()]))
        work.drop()


def test_reading_stories_decodes_each_story_once(tmp_path) -> None:
    store, members = make_corpus(tmp_path, 2)
    store.write_articles([replace(make_article(), id="art_extra", content_hash="x")])  # in no story
    with store.session():
        work = CorpusWork(store)
        work.create()
        work.set_stories(members)
        read = dict(work.iter_stories([len(ids) for ids in members.values()], chunk=5))
        work.drop()
    assert sum(len(a) for a in read.values()) == 40, "an article in no story is not read into one"


@pytest.mark.parametrize("size", [1, 3, 500])
def test_articles_come_in_publication_order_whatever_the_chunk_size(tmp_path, size: int) -> None:
    store, _ = make_corpus(tmp_path, 3)
    read = [(a.published, a.id) for a in store.iter_articles(batch_size=size)]
    dated = sorted(key for key in read if key[0])
    assert read == dated + sorted(key for key in read if not key[0]), "by day then id, undated last"
    assert len(set(read)) == 40, "each article once"


def test_a_run_out_of_duckdb_memory_runs_again_with_more(tmp_path, monkeypatch, caplog) -> None:
    from parallax.engine import corpus
    from parallax.resources import Resources

    resources = Resources.load()
    store, _ = make_corpus(tmp_path, 4)
    expected = corpus.analyze_corpus(store, resources)
    stories = stored_stories(store)
    monkeypatch.setattr(corpus, "DUCKDB_LIMITS", Limits(memory_limit="1MB"))
    assert corpus.analyze_corpus(store, resources) == expected
    assert stored_stories(store) == stories
    assert "out of DuckDB's 1MB" in caplog.text, "1 MB is too little for the corpus stages"


def stored_stories(store: Store) -> list:
    with store.connect() as con:
        return con.execute("SELECT id, article_ids FROM stories ORDER BY id").fetchall()


def test_larger_grows_the_limit_fourfold_then_leaves_it_to_duckdb() -> None:
    from parallax.engine.corpus import LARGEST_MB, larger

    assert larger("128MB") == "512MB" and larger("1GB") == "4096MB"
    assert larger(f"{LARGEST_MB}MB") is None
