"""The acceptance scenario in ../shared: the whole pipeline, scored by the scenario's own checker."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from parallax.cli import app

# Every section of check.py must pass completely.
REQUIRED_SECTIONS = (
    "articles", "stories", "events", "quotes", "statements", "entities",
    "framing", "consensus", "discrepancies", "omissions",
)  # fmt: skip


@pytest.fixture(scope="module")
def scenario_export(scenario_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("scenario")
    result = CliRunner().invoke(
        app, ["analyze", str(scenario_dir / "articles"), "--db", str(out / "p.duckdb"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def section_scores(scenario_dir, out) -> dict[str, tuple[int, int]]:
    checker = scenario_dir.parent / "check.py"
    done = subprocess.run(
        [sys.executable, str(checker), str(out)], capture_output=True, text=True, check=True
    )
    scores = {}
    for line in done.stdout.splitlines():
        m = re.match(r"^(\w+)\s+(\d+)/(\d+)", line)
        if m:
            scores[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return scores


@pytest.fixture(scope="module")
def scores(scenario_dir, scenario_export) -> dict[str, tuple[int, int]]:
    return section_scores(scenario_dir, scenario_export)


@pytest.mark.parametrize("section", REQUIRED_SECTIONS)
def test_scenario_section_passes_completely(scores, section) -> None:
    passed, total = scores.get(section, (0, 0))
    assert total > 0 and passed == total, f"{section}: {passed}/{total} (run check.py -v for details)"


def test_rerun_on_the_scenario_keeps_every_id(scenario_dir, scenario_export, tmp_path) -> None:
    """The same input analysed into a fresh store gives the same ids in every export file."""
    out = tmp_path / "again"
    result = CliRunner().invoke(
        app, ["analyze", str(scenario_dir / "articles"), "--db", str(out / "p.duckdb"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    for name in ("articles", "entities", "quotes", "events", "stories"):
        first = (scenario_export / f"{name}.jsonl").read_text(encoding="utf-8")
        second = (out / f"{name}.jsonl").read_text(encoding="utf-8")
        ids = [re.search(r'"id": "([^"]+)"', line).group(1) for line in first.splitlines()]
        assert ids == [re.search(r'"id": "([^"]+)"', line).group(1) for line in second.splitlines()], name
