"""The shipped lexicons quote attribution reads: speech verbs and via phrases (kb/data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from parallax.kb import data_text, data_yaml


@dataclass(frozen=True)
class QuoteLexicon:
    speech_verbs: frozenset[str]  # single-word lemmas
    phrasal_verbs: frozenset[tuple[str, str]]  # (lemma, particle): "point out"
    via_cues: tuple[str, ...]
    media_nouns: frozenset[str]
    generic_media: tuple[str, ...]
    outlet_nouns: frozenset[str]  # media nouns naming an organization ("agency"), not a document
    relay_verbs: frozenset[str]  # "carried by X": the passive agent is the channel
    occasion_nouns: frozenset[str]  # "an interview with X"
    channel_prepositions: frozenset[str]  # "said on X", "spoke to X"


@lru_cache(maxsize=1)
def load_lexicon() -> QuoteLexicon:
    """Read the data files once per process."""
    words = [
        line.strip().lower()
        for line in data_text("speech_verbs.txt").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    via = data_yaml("via_phrases.yaml")
    return QuoteLexicon(
        speech_verbs=frozenset(w for w in words if " " not in w),
        phrasal_verbs=frozenset(tuple(w.split(" ", 1)) for w in words if " " in w),  # type: ignore[misc]
        via_cues=tuple(c.lower() for c in via["cues"]),
        media_nouns=frozenset(n.lower() for n in via["media_nouns"]),
        generic_media=tuple(g.lower() for g in via["generic_media"]),
        outlet_nouns=frozenset(n.lower() for n in via.get("outlet_nouns") or ()),
        relay_verbs=frozenset(v.lower() for v in via["relay_verbs"]),
        occasion_nouns=frozenset(n.lower() for n in via["occasion_nouns"]),
        channel_prepositions=frozenset(p.lower() for p in via["channel_prepositions"]),
    )
