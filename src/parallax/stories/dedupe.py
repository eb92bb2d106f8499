"""Exact and near-duplicate articles: syndicated copies of one wire story.

Exact copies share a ``content_hash``; near copies (a wire story with a different
byline, a trimmed last paragraph) are found by MinHash LSH over word 5-shingles, so a
new article is compared with a handful of candidates, never with every earlier one.
"""

from __future__ import annotations

import hashlib

from datasketch import MinHash, MinHashLSH

from parallax.model import Article
from parallax.stories import words_of

SHINGLE = 5
SEED = 1


def shingle_text(text: str, size: int = SHINGLE) -> set[str]:
    """Word n-grams of the normalised text (the whole text when it is shorter than one)."""
    words = words_of(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def hash_content(article: Article) -> str:
    """The article's content hash, or one over its normalised words when it has none."""
    if article.content_hash:
        return article.content_hash
    return hashlib.sha256(" ".join(words_of(article.text)).encode("utf-8")).hexdigest()


class DuplicateIndex:
    """Remembers the articles seen so far; tells whether a new one copies an earlier one."""

    def __init__(self, threshold: float = 0.8, num_perm: int = 128):
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._by_hash: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}

    def signature(self, text: str) -> MinHash:
        """A deterministic MinHash of the text's shingles (fixed seed)."""
        m = MinHash(num_perm=self.num_perm, seed=SEED)
        for s in sorted(shingle_text(text)):
            m.update(s.encode("utf-8"))
        return m

    def check_and_add(self, article: Article) -> str | None:
        """The id of the earliest article this one duplicates (None if original); then remember it."""
        digest = hash_content(article)
        if digest in self._by_hash:
            return self._by_hash[digest]
        self._by_hash[digest] = article.id
        if not shingle_text(article.text) or article.id in self._signatures:
            return None
        sig = self.signature(article.text)
        matches = [
            key for key in self._lsh.query(sig) if self._signatures[key].jaccard(sig) >= self.threshold
        ]
        self._order[article.id] = len(self._order)
        self._signatures[article.id] = sig
        self._lsh.insert(article.id, sig)
        return min(matches, key=self._order.__getitem__) if matches else None
