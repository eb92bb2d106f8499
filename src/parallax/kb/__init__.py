"""The shipped knowledge: actors, countries, outlets, lexicons (data files in ``kb/data``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KnowledgeBase:
    """Placeholder until the actor knowledge base lands (issue 3)."""


def load_kb(extra: Path | None = None) -> KnowledgeBase:
    return KnowledgeBase()
