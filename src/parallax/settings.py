"""Settings are data with their help text (as datasette's ``Setting``), passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("batch_size", 64, "articles per NLP batch and per store transaction"),
    Setting("n_process", 1, "spaCy worker processes for the NLP stages"),
    Setting("near_duplicate_threshold", 0.8, "MinHash Jaccard above which two articles are near-duplicates"),
    Setting("story_window_days", 7, "how far apart two articles of one story may be published"),
    Setting(
        "kb_extra", None, "a user file (YAML or JSON) of extra actors merged into the shipped knowledge base"
    ),
    Setting("favor_precision", True, "trafilatura's precision mode for HTML extraction"),
)


@dataclass(frozen=True)
class Settings:
    batch_size: int = 64
    n_process: int = 1
    near_duplicate_threshold: float = 0.8
    story_window_days: int = 7
    kb_extra: Path | None = None
    favor_precision: bool = True

    def with_(self, **changes: object) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)  # type: ignore[arg-type]
