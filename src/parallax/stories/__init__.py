"""Articles -> stories: duplicates, clustering, statement alignment, comparison.

This module holds the small text helpers the story stages share (word lists, a light
stemmer, dates), so every stage tokenises and compares words the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from parallax.kb import data_text

if TYPE_CHECKING:
    from parallax.model import Article

# Numbers, ordinals and negations are checkable details, so they stay content words.
KEPT_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "forty",
        "fifty",
        "sixty",
        "hundred",
        "first",
        "third",
        "last",
        "no",
        "not",
        "nor",
        "never",
        "none",
        "nothing",
        "without",
        "against",
    ]
)
# scikit-learn's English list as data (kb/data/stop_words.txt): importing sklearn cost every worker ~2 s
ENGLISH_STOP_WORDS = frozenset(
    w for w in data_text("stop_words.txt").splitlines() if w and not w.startswith("#")
)
STOP_WORDS = (ENGLISH_STOP_WORDS - KEPT_WORDS) | {
    "said",
    "says",
    "told",
    "according",
    "also",
    "would",
    "could",
}
_FOLD = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"}
)
_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")


def fold_text(text: str) -> str:
    """NFKC, straight quotes and dashes, lower case: the form all comparisons use."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).lower()


def words_of(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated words split, possessive 's dropped)."""
    return _WORD.findall(_POSSESSIVE.sub("", fold_text(text)))


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """A light suffix stripper: enough to match 'policies'/'policy', 'talks'/'talked'."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    for suffix, repl, min_len in (("ies", "y", 5), ("sses", "ss", 6), ("ing", "", 6), ("ed", "", 5)):
        if w.endswith(suffix) and len(w) >= min_len:
            return w[: -len(suffix)] + repl
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop words of a text, in order."""
    return [stem_word(w) for w in words_of(text) if w not in STOP_WORDS and len(w) > 1]


def outlet_of(article: Article) -> str:
    """The outlet label: the article's outlet, else its id so every article is its own voice."""
    return article.outlet or article.id
