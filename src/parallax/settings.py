"""Settings are data with their help text (as datasette's ``Setting``), passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Every knob of a run, each with its help text (``Settings.help()``)."""

    batch_size: int = field(default=64, metadata={"help": "articles per NLP batch and per store transaction"})
    n_process: int = field(
        default_factory=lambda: os.cpu_count() or 1,
        metadata={"help": "processes for the NLP stages (each loads the model once); 1 runs them in-process"},
    )
    near_duplicate_threshold: float = field(
        default=0.8, metadata={"help": "MinHash Jaccard above which two articles are near-duplicates"}
    )
    story_window_days: int = field(
        default=7, metadata={"help": "how far apart two articles of one story may be published"}
    )
    kb_extra: Path | None = field(
        default=None,
        metadata={"help": "a user file (YAML or JSON) of extra actors merged into the shipped KB"},
    )
    favor_precision: bool = field(
        default=True, metadata={"help": "trafilatura's precision mode for HTML extraction"}
    )
    max_article_chars: int = field(
        default=1_000_000,
        metadata={"help": "longest text taken as one article (spaCy's limit); a longer one is a failure"},
    )
    clean_budget_s: float = field(
        default=10.0,
        metadata={"help": "seconds one document's cleaning may take; past it the document is a failure"},
    )

    @classmethod
    def help(cls) -> dict[str, str]:
        """Each setting's name and what it does."""
        return {f.name: f.metadata["help"] for f in fields(cls)}

    def with_(self, **changes: object) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)  # type: ignore[arg-type]
