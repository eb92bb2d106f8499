"""The acceptance scenario in ../shared: the whole pipeline, scored by the scenario's own checker."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from parallax.cli import app

# Sections of check.py that must pass completely; a section joins this list once it does.
REQUIRED_SECTIONS = ("articles",)


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


@pytest.mark.parametrize("section", REQUIRED_SECTIONS)
def test_scenario_section_passes_completely(scenario_dir, scenario_export, section) -> None:
    scores = section_scores(scenario_dir, scenario_export)
    passed, total = scores.get(section, (0, 0))
    assert total > 0 and passed == total, f"{section}: {passed}/{total} (run check.py -v for details)"
