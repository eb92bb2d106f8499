"""Exact and near-duplicate articles: syndicated copies of one wire story.

Exact copies share a ``content_hash``; near copies (a wire story with a different
byline, a trimmed last paragraph) are found by MinHash LSH over word 5-shingles, so a
new article is compared with a handful of candidates, never with every earlier one.
"""

from __future__ import annotations

import hashlib
from collections import deque
from datetime import date

from datasketch import MinHash, MinHashLSH

from parallax.model import Article
from parallax.nlp.dates import parse_iso_date
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
    """Remembers the articles seen so far; tells whether a new one copies an earlier one.

    Given ``window_days``, and the articles in publication order, an article is only
    compared with those published at most that many days before it: older entries leave the
    index, so its memory is bounded by the window, not the corpus (a copy weeks later is a
    reprint, which the story window would not join either).
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, window_days: int | None = None):
        self.threshold = threshold
        self.num_perm = num_perm
        self.window_days = window_days
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._by_hash: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}
        self._seen = 0
        self._dated: deque[tuple[date, str, str]] = deque()  # (day, article id, digest), oldest first

    def __len__(self) -> int:
        """Articles held in the index now."""
        return len(self._by_hash)

    def _expire(self, day: date | None) -> None:
        while self.window_days is not None and day and self._dated:
            first, aid, digest = self._dated[0]
            if (day - first).days <= self.window_days:
                break
            self._dated.popleft()
            if self._signatures.pop(aid, None) is not None:
                self._lsh.remove(aid)
                del self._order[aid]
            if self._by_hash.get(digest) == aid:
                del self._by_hash[digest]

    def signature(self, text: str) -> MinHash:
        """A deterministic MinHash of the text's shingles (fixed seed); one vectorised batch, the
        same values as one ``update`` per shingle (a minimum does not depend on the order)."""
        m = MinHash(num_perm=self.num_perm, seed=SEED)
        m.update_batch([s.encode("utf-8") for s in shingle_text(text)])
        return m

    def check_and_add(self, article: Article) -> str | None:
        """The id of the earliest article this one duplicates (None if original); then remember it."""
        digest = hash_content(article)
        day = parse_iso_date(article.published)
        self._expire(day)
        if digest in self._by_hash:
            return self._by_hash[digest]
        self._by_hash[digest] = article.id
        if day is not None:
            self._dated.append((day, article.id, digest))
        if not shingle_text(article.text) or article.id in self._signatures:
            return None
        sig = self.signature(article.text)
        matches = [
            key for key in self._lsh.query(sig) if self._signatures[key].jaccard(sig) >= self.threshold
        ]
        self._order[article.id] = self._seen
        self._seen += 1
        self._signatures[article.id] = sig
        self._lsh.insert(article.id, sig)
        return min(matches, key=self._order.__getitem__) if matches else None
