"""Rebuild the shipped statistics and tone table from published, non-evaluation sources.

usage: pip install --target /tmp/lexdeps wordfreq==3.1.1 vadersentiment==3.3.2
       PYTHONPATH=src:/tmp/lexdeps .venv/bin/python scripts/build_lexicons.py

- kb/data/news_df.tsv: document frequencies of the clusterer's stems, estimated from
  wordfreq 3.1.1's English word frequencies (Speer 2022; data CC BY-SA 4.0: Wikipedia, subtitles,
  news, books, web text, Reddit, Twitter). A stem's share p of content words becomes the
  expected number of PSEUDO_DOCS documents of LEAD_WORDS content words that hold it at least
  once, with words' burstiness (Church and Gale 1995: a word that occurs in an article tends to
  recur there): N * (1 - exp(-p * L / BURSTINESS)); stems below MIN_DF are left out, and so are tokens
  with digits, which wordfreq folds together ("2025" is counted as "0000").
- kb/data/tone_lexicon.tsv: the single-word entries of the VADER lexicon (Hutto and Gilbert 2014,
  vaderSentiment 3.3.2, MIT), word and mean valence (-4..4); kb/data/tone_negators.txt: VADER's
  negation words as words_of() tokenises them ("isn't" -> "isn" "t", so "t" stands for "n't").

Neither source holds the AllSides or scenario articles the benchmarks score.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

from vaderSentiment.vaderSentiment import NEGATE
from wordfreq import get_frequency_dict

from parallax.stories import STOP_WORDS, stem_word, words_of
from parallax.stories.cluster import LEAD_WORDS

DATA = Path(__file__).resolve().parents[1] / "src" / "parallax" / "kb" / "data"
PSEUDO_DOCS = 3000  # the background's weight against streamed articles, as before
MIN_DF = 3
# Fitted once, least squares on log df, on the 840 articles of the PolNeAR train split (US political
# news 2015-16, an attribution corpus; no clustering data): 1.3 and 1.4 fit equally (0.173).
BURSTINESS = 1.35
_VADER_WORD = re.compile(r"[a-z]+")


def build_df() -> list[str]:
    """Rows of news_df.tsv: the pseudo-document count, then stem and df, most frequent first."""
    stems: Counter = Counter()
    for word, freq in get_frequency_dict("en", wordlist="large").items():
        for w in words_of(word):
            if w not in STOP_WORDS and len(w) > 1 and not any(c.isdigit() for c in w):
                stems[stem_word(w)] += freq
    total = sum(stems.values())
    rows = [f"#documents\t{PSEUDO_DOCS}"]
    for stem, freq in stems.most_common():
        df = round(PSEUDO_DOCS * (1 - math.exp(-freq / total * LEAD_WORDS / BURSTINESS)))
        if df < MIN_DF:
            break
        rows.append(f"{stem}\t{df}")
    return rows


def build_tone() -> list[str]:
    """Rows of tone_lexicon.tsv: single lower-case words of VADER with their mean valence."""
    text = (files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    rows = ["# VADER lexicon, vaderSentiment 3.3.2, MIT; Hutto and Gilbert 2014", "word\tvalence"]
    for line in text.splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and _VADER_WORD.fullmatch(cols[0]):
            rows.append(f"{cols[0]}\t{float(cols[1]):g}")
    return rows


def build_negators() -> list[str]:
    """Lines of tone_negators.txt: VADER's negation words, apostrophe forms reduced to "t"."""
    words = {w for e in NEGATE if "'" not in e and "-" not in e for w in words_of(e)} | {"t"}
    return [
        "# negation words of VADER (vaderSentiment 3.3.2, MIT); 't' is what words_of leaves of n't",
        *sorted(words),
    ]


def main() -> None:
    for name, rows in (
        ("news_df.tsv", build_df()),
        ("tone_lexicon.tsv", build_tone()),
        ("tone_negators.txt", build_negators()),
    ):
        (DATA / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{name}: {sum(not r.startswith('#') for r in rows)} lines")


if __name__ == "__main__":
    main()
