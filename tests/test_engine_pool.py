"""The worker pool cleans and annotates; the main process reads and stores: failures, re-runs, encoding."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from parallax.engine.local import IngestSummary, ingest
from parallax.settings import Settings
from parallax.store import Store
from parallax.store.codec import asdict

PARAGRAPH = (
    "The harbour board of Varnholm voted on Thursday to dredge the northern channel before winter. "
    "Board chair Ilse Moravec said the work would let larger ferries dock safely. "
    "Fishing crews had asked for the change for three years."
)
TOO_LONG_CHARS = 4_000  # max_article_chars of these runs: the long file is over it, the others under


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pool") / "in"
    root.mkdir()
    for n in range(5):
        (root / f"story{n}.txt").write_text(f"Story {n}. {PARAGRAPH}\n\n{PARAGRAPH}", encoding="utf-8")
    (root / "story2_long.txt").write_text("\n\n".join([PARAGRAPH] * 40), encoding="utf-8")
    record = json.dumps({"id": "r1", "title": "Channel vote", "text": f"Wire copy. {PARAGRAPH}"})
    (root / "wire.jsonl").write_text(
        f"{record}\n{{not json\n", encoding="utf-8"
    )  # a record, then a read error
    return root


def run(folder: Path, db: Path, processes: int) -> IngestSummary:
    # batch_size 2: several batches, so two processes take the pool path
    settings = Settings(batch_size=2, n_process=processes, max_article_chars=TOO_LONG_CHARS)
    return ingest([folder], Store(db), settings)


def test_a_document_the_workers_cannot_clean_is_reported_and_the_rest_stored(
    folder: Path, tmp_path: Path
) -> None:
    pooled = run(folder, tmp_path / "p2.duckdb", 2)
    here = run(folder, tmp_path / "p1.duckdb", 1)
    too_long, unreadable = pooled.failures
    assert too_long.source.endswith("story2_long.txt")
    assert "max_article_chars" in too_long.reason
    assert "wire.jsonl" in unreadable.source
    assert (pooled.read, pooled.stored) == (7, 6)
    assert [(f.source, f.reason) for f in pooled.failures] == [(f.source, f.reason) for f in here.failures]


def test_a_rerun_on_the_pool_annotates_and_adds_nothing(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    assert run(folder, db, 2).stored == 6
    again = run(folder, db, 2)
    assert (again.stored, again.already_stored) == (0, 6)


def test_the_stores_encoding_is_the_librarys_asdict(folder: Path, tmp_path: Path) -> None:
    """The store's own asdict (no deepcopy) must give what dataclasses.asdict gives, containers too."""
    store = Store(tmp_path / "enc.duckdb")
    run(folder, tmp_path / "enc.duckdb", 1)
    compared = 0
    for article in store.iter_articles():
        for name in ("mentions", "entities", "quotes", "events", "claims", "cues", "initiatives", "terms"):
            for item in getattr(article, name):
                assert asdict(item) == dataclasses.asdict(item), f"{name}: {item}"
                compared += 1
    assert compared > 20
