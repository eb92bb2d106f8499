"""Shared fixtures: where the shared evaluation data lives, and small real-style articles."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (the evaluation data beside the repo) is not present")
    return SHARED


@pytest.fixture(scope="session")
def scenario_dir(shared_dir: Path) -> Path:
    return shared_dir / "scenarios" / "xi-putin-2025"
