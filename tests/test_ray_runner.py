"""The Ray runner stores exactly what the local runner stores, and skips what is stored."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from parallax.engine import ray_runner
from parallax.engine.local import analyze
from parallax.engine.ray_runner import (
    Annotator,
    RayUnavailableError,
    analyze_on_ray,
    clean_rows,
    decode_items,
    encode_rows,
    require_ray,
)
from parallax.model import Article, RawDocument, ReadError
from parallax.nlp.pipeline import Pipeline
from parallax.resources import Resources
from parallax.settings import Settings
from parallax.store import Store
from parallax.store.export import export

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "selka-river"
EXPORTS = ("articles", "entities", "quotes", "events", "stories")
# Small batches, so that the examples span several store batches and NLP batches.
SETTINGS = Settings(batch_size=3)


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'parallax-news[distributed]')")
    ray.init(num_cpus=2, include_dashboard=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled examples, two unreadable files (failures), then the examples again (ids seen in the run)."""
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_text("")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return [EXAMPLES, bad, EXAMPLES]


@pytest.fixture(scope="module")
def runs(ray_cluster, inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("runs")
    local_store, ray_store = Store(root / "local.duckdb"), Store(root / "ray.duckdb")
    progress: list[int] = []
    local = analyze(inputs, local_store, SETTINGS)
    with pytest.MonkeyPatch.context() as patch:  # windows of 2 store batches: state must carry across
        patch.setattr(ray_runner, "WINDOW_BATCHES", 2)
        patch.setattr(ray_runner, "BATCHES_PER_ACTOR", 1)
        on_ray = analyze_on_ray(inputs, ray_store, SETTINGS, on_progress=progress.append, actors=2)
    export(local_store, root / "local")
    export(ray_store, root / "ray")
    return {"root": root, "local": local, "ray": on_ray, "ray_store": ray_store, "progress": progress}


def test_ray_export_is_identical_to_local(runs: dict) -> None:
    root = runs["root"]
    for name in EXPORTS:
        local_rows = (root / "local" / f"{name}.jsonl").read_text(encoding="utf-8")
        ray_rows = (root / "ray" / f"{name}.jsonl").read_text(encoding="utf-8")
        assert local_rows.strip(), f"{name}: the local run exported nothing to compare"
        assert ray_rows == local_rows, f"{name}.jsonl differs between the local and the Ray runner"


def test_ray_summaries_match_local(runs: dict) -> None:
    (local_ingest, local_corpus), (ray_ingest, ray_corpus) = runs["local"], runs["ray"]
    assert ray_ingest.read == local_ingest.read
    assert ray_ingest.stored == local_ingest.stored > 0
    assert ray_ingest.already_stored == local_ingest.already_stored == ray_ingest.stored  # the second pass
    assert ray_ingest.read == 2 * ray_ingest.stored
    assert ray_ingest.failures == local_ingest.failures
    assert {f.source.rsplit("/", 1)[-1] for f in ray_ingest.failures} == {"empty.txt", "image.txt"}
    assert ray_corpus == local_corpus
    assert sum(runs["progress"]) == ray_ingest.read + ray_ingest.failed


def test_ray_rerun_skips_stored_articles(runs: dict, inputs: list[Path]) -> None:
    ingest, corpus = analyze_on_ray(inputs, runs["ray_store"], SETTINGS, actors=1)
    assert ingest.stored == 0
    assert ingest.already_stored == runs["ray"][0].read
    assert corpus == runs["ray"][1]


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail as if not installed
    with pytest.raises(RayUnavailableError, match=r"parallax-news\[distributed\]"):
        require_ray()


def break_on_broken(article: Article, doc, kb) -> Article:
    """A stage that marks articles as annotated, and breaks on one of them."""
    if "broken" in article.text:
        raise ValueError("parser gave up")
    return replace(article, language="en")


def test_annotator_keeps_each_result_at_its_read_position() -> None:
    annotator = Annotator.__new__(Annotator)  # a one-stage pipeline instead of the default stages
    annotator.pipeline = Pipeline(Resources.load(Settings(n_process=1)), stages=(break_on_broken,))
    texts = ["Ministers met on Monday.", "A broken article.", "Talks resumed in the capital."]
    articles = [Article(id=f"art_{i}", source=f"doc{i}.txt", text=t) for i, t in enumerate(texts)]
    rows = encode_rows([(10 + i, a) for i, a in enumerate(articles)])
    out = annotator({"seq": [r["seq"] for r in rows], "item": [r["item"] for r in rows]})
    first, failed, third = decode_items(out)
    assert out["seq"] == [10, 11, 12]
    assert (first.id, first.language, third.id, third.language) == ("art_0", "en", "art_2", "en")
    assert (failed.id, failed.language) == ("art_1", None), "the failing article was not kept as it was"
    assert [(f.stage, f.message) for f in failed.failed_stages] == [("break_on_broken", "parser gave up")]


def test_clean_rows_turns_an_empty_document_into_a_failure() -> None:
    docs = [
        RawDocument(source="a.txt", content="The council approved the budget on Tuesday.", format="text"),
        RawDocument(source="b.txt", content="   ", format="text"),
    ]
    rows = encode_rows(list(enumerate(docs)))
    out = clean_rows({"seq": [r["seq"] for r in rows], "item": [r["item"] for r in rows]}, Settings())
    article, failure = decode_items(out)
    assert isinstance(article, Article) and "budget" in article.text
    assert isinstance(failure, ReadError) and failure.source == "b.txt"


def test_cli_ray_without_ray_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from parallax.cli import app

    monkeypatch.setitem(sys.modules, "ray", None)
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--db", str(tmp_path / "p.duckdb"), "--ray"])
    assert result.exit_code == 2
    assert "parallax-news[distributed]" in result.output
    assert not (tmp_path / "p.duckdb").exists()  # refused before anything was opened or read
