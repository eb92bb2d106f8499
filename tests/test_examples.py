"""The bundled fictional story end to end: unseen by the scenario, so it checks that the rules are general."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parallax.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "selka-river"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> dict[str, list[dict]]:
    out = tmp_path_factory.mktemp("examples")
    result = CliRunner().invoke(
        app, ["analyze", str(EXAMPLES), "--db", str(out / "p.duckdb"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return {
        name: [json.loads(line) for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        for name in ("articles", "quotes", "events", "stories")
    }


def test_every_shape_is_read_with_its_outlet(export) -> None:
    articles = export["articles"]
    assert len(articles) == 7  # 2 crawler dumps, 1 HTML page, 2 JSONL records, 2 feed items
    assert all(a["outlet"] for a in articles)
    assert all(a["published"] for a in articles)


def test_the_five_outlets_form_one_story_and_the_briefs_stay_apart(export) -> None:
    stories = sorted(export["stories"], key=lambda s: -len(s["article_ids"]))
    assert len(stories[0]["outlets"]) == 5
    assert [len(s["article_ids"]) for s in stories] == [5, 1, 1]


def test_the_disputed_figure_is_a_discrepancy_with_both_sides(export) -> None:
    main = max(export["stories"], key=lambda s: len(s["article_ids"]))
    values = {side.get("value") for d in main["discrepancies"] for side in d["sides"]}
    assert {"250", "300"} <= values


def test_loaded_headline_words_are_framing(export) -> None:
    main = max(export["stories"], key=lambda s: len(s["article_ids"]))
    titles = {a["id"]: a["title"] for a in export["articles"]}
    for item in (f for f in main["framing"] if f.get("field") == "title"):
        assert titles[item["article_id"]][item["start"] : item["end"]] == item["text"]
    assert any(f.get("field") == "title" for f in main["framing"])


def test_one_call_reported_by_several_outlets_is_one_event(export) -> None:
    calls = [e for e in export["events"] if e["plover"] == "CONSULT" and len(e["reports"]) >= 3]
    assert len(calls) == 1
    reporting = {r["article_id"] for r in calls[0]["reports"]}
    assert len(reporting) >= 3


def test_one_utterance_quoted_by_two_outlets_is_one_statement(export) -> None:
    by_statement: dict[str, set[str]] = {}
    for q in export["quotes"]:
        by_statement.setdefault(q["statement_id"], set()).add(q["article_id"])
    assert any(len(articles) >= 2 for articles in by_statement.values())
