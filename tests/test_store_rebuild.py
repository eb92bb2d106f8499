"""The batched rebuild of the derived tables: appends in batches, swaps in atomically."""

from __future__ import annotations

import pytest
from tests.test_store import make_article

from parallax.model import Story
from parallax.store import Store


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "t.duckdb")
    store.write_articles([make_article()])
    return store


def story(sid: str) -> Story:
    return Story(id=sid, title="t", article_ids=("art_test1",), outlets=("x",))


def stored_story_ids(store: Store) -> list[str]:
    with store.connect() as con:
        return [r[0] for r in con.execute("SELECT id FROM stories ORDER BY id").fetchall()]


def test_batches_append_to_one_rebuild(store: Store) -> None:
    store.replace_derived([], [story("sto_old")], [], {}, {})
    with store.rebuild() as derived:
        derived.add_stories([story("sto_a"), story("sto_b")])
        derived.add_stories([story("sto_c")])
    assert stored_story_ids(store) == ["sto_a", "sto_b", "sto_c"], (
        "the old stories are replaced, batches kept"
    )


def test_a_failed_rebuild_leaves_the_old_results(store: Store) -> None:
    store.replace_derived([], [story("sto_old")], [], {"quo_1": "stm_1"}, {})
    with pytest.raises(RuntimeError), store.rebuild() as derived:
        derived.add_stories([story("sto_a")])
        raise RuntimeError("the corpus stages failed half way")
    assert stored_story_ids(store) == ["sto_old"]


def test_readers_do_not_see_a_rebuild_in_progress(store: Store) -> None:
    store.replace_derived([], [story("sto_old")], [], {}, {})
    with store.session(), store.rebuild() as derived:
        derived.add_stories([story("sto_a")])
        assert stored_story_ids(store) == ["sto_old"], "another cursor reads the committed state"
    assert stored_story_ids(store) == ["sto_a"]


def test_iter_articles_decodes_only_the_kinds_kept(store: Store) -> None:
    (full,) = store.iter_articles()
    (light,) = store.iter_articles(keep={"mentions"})
    assert light.mentions == full.mentions and light.mentions
    assert light.entities == () and full.entities
    assert (light.id, light.text, light.published) == (full.id, full.text, full.published)


def test_iter_articles_streams_in_publication_order_in_any_chunk_size(tmp_path) -> None:
    store = Store(tmp_path / "o.duckdb")
    dated = [("art_c", "2031-05-02"), ("art_a", "2031-05-03"), ("art_b", "2031-05-02"), ("art_d", None)]
    store.write_articles(
        [make_article(text=f"Text of {aid}.", id=aid, published=day, content_hash=aid) for aid, day in dated]
        + [make_article(text="Inferred.", id="art_0", published="2031-05-01", published_inferred=True)]
    )
    for size in (1, 2, 500):
        ids = [a.id for a in store.iter_articles(batch_size=size)]
        assert ids == ["art_b", "art_c", "art_a", "art_0", "art_d"], size


def article_indexes(store: Store) -> set[str]:
    with store.connect() as con:
        rows = con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'articles'").fetchall()
    return {r[0] for r in rows}


def test_the_link_indexes_are_built_again_after_a_rebuild_whether_it_fails_or_not(store: Store) -> None:
    indexes = article_indexes(store)
    assert {"articles_story", "articles_published"} <= indexes
    store.replace_derived([make_article(story_id="sto_a")], [story("sto_a")], [], {}, {})
    assert article_indexes(store) == indexes
    with pytest.raises(RuntimeError), store.rebuild():
        raise RuntimeError("failed")
    assert article_indexes(store) == indexes
    with store.connect() as con:
        assert con.execute("SELECT story_id FROM articles").fetchall() == [("sto_a",)]
