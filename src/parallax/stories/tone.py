"""Lexicons, tone and word-contrast statistics used by the story comparison.

Tone is lexicon-based: the VADER valences (Hutto and Gilbert 2014, -4..4) of an article's words
summed per 100 words, a word after a negator counting -0.74 times its valence as in VADER
(kb/data/tone_lexicon.tsv, tone_negators.txt). Distinctive words come from the log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words"), which
keeps rare words from looking distinctive merely because they are rare.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from parallax.kb import data_rows, data_text, data_yaml
from parallax.stories import words_of

TONE_METHOD = "lexicon: VADER 3.3.2 valence (-4..4) summed per 100 words, negated words x -0.74"
NEGATION_SCALAR = -0.74  # VADER's N_SCALAR: a negated word keeps 74% of its valence, reversed
NEGATION_REACH = 3  # VADER looks this many words back for a negator
POLAR_VALENCE = 2.0  # half the VADER scale: a word that carries judgement on its own


@cache
def load_lexicon(name: str) -> dict[str, tuple[str, ...]]:
    """A shipped lexicon (category -> lower-case terms); read once per process."""
    data = data_yaml(f"{name}.yaml")
    return {cat: tuple(str(t).lower() for t in terms) for cat, terms in data.items()}


@lru_cache(maxsize=1)
def loaded_term_index() -> dict[tuple[str, ...], str]:
    """Loaded terms keyed by their word tuple, for phrase lookup over token lists."""
    lex = load_lexicon("loaded_terms")
    return {tuple(words_of(t)): cat for cat, terms in lex.items() if cat != "neutral_titles" for t in terms}


@lru_cache(maxsize=1)
def loaded_term_shape() -> tuple[frozenset[str], int]:
    """The words a loaded term can start with and its most words: most words start none."""
    index = loaded_term_index()
    return frozenset(k[0] for k in index if k), max(len(k) for k in index)


@cache
def load_event_verbs() -> frozenset[str]:
    """Lemmas of reporting verbs and event-trigger verbs (kb/data/speech_verbs.txt, event_lexicon.tsv).

    They say what happened ("accused", "welcomed", "met"), so an outlet alone using one for an
    actor is a different report, not a different frame.
    """
    speech = data_text("speech_verbs.txt").splitlines()
    events = data_text("event_lexicon.tsv").splitlines()
    lemmas = {line.strip() for line in speech if line.strip() and not line.startswith("#")}
    for line in events:
        cols = line.split("\t")
        if len(cols) > 1 and cols[1] == "VERB" and not line.startswith("#"):
            lemmas.add(cols[0].strip())
    return frozenset(lemmas)


def find_loaded_terms(words: list[str]) -> list[tuple[int, int, str]]:
    """(first word, end word, category) of each loaded term in a word list, longest match first."""
    index = loaded_term_index()
    firsts, longest = loaded_term_shape()
    out, i = [], 0
    while i < len(words):
        for n in range(min(longest, len(words) - i) if words[i] in firsts else 0, 0, -1):
            cat = index.get(tuple(words[i : i + n]))
            if cat:
                out.append((i, i + n, cat))
                i += n - 1
                break
        i += 1
    return out


@cache
def tone_valences() -> dict[str, float]:
    """Word -> VADER mean valence (kb/data/tone_lexicon.tsv); read once per process."""
    return {r["word"]: float(r["valence"]) for r in data_rows("tone_lexicon.tsv")}


@cache
def tone_negators() -> frozenset[str]:
    """Negation words as words_of() tokenises them (kb/data/tone_negators.txt)."""
    lines = data_text("tone_negators.txt").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def polar_words() -> frozenset[str]:
    """Words whose VADER valence is at least half the scale either way: judgement on their own."""
    return frozenset(w for w, v in tone_valences().items() if abs(v) >= POLAR_VALENCE)


def score_tone(text: str) -> float:
    """Summed VADER valence per 100 words (positive above zero), negated words reversed and damped."""
    valence, negators = tone_valences(), tone_negators()
    words = words_of(text)
    if not words:
        return 0.0
    net = 0.0
    for i, w in enumerate(words):
        v = valence.get(w)
        if v is not None:
            negated = any(p in negators for p in words[max(0, i - NEGATION_REACH) : i])
            net += v * NEGATION_SCALAR if negated else v
    return round(100.0 * net / len(words), 2)


def log_odds_z(target: Counter, rest: Counter, prior_total: float = 100.0) -> dict[str, float]:
    """z-scores of each target word's log-odds against the rest, with an informative Dirichlet prior.

    The prior is the pooled frequency of target and rest scaled to ``prior_total`` pseudo-counts
    (Monroe et al. 2008, eq. 16-22); positive z means the target uses the word more.
    """
    pooled = target + rest
    total = sum(pooled.values())
    if not total:
        return {}
    n_t, n_r = sum(target.values()), sum(rest.values())
    out = {}
    for w in target:
        alpha = prior_total * pooled[w] / total
        a0 = prior_total
        lt = math.log((target[w] + alpha) / (n_t + a0 - target[w] - alpha))
        lr = math.log((rest[w] + alpha) / (n_r + a0 - rest[w] - alpha))
        var = 1 / (target[w] + alpha) + 1 / (rest[w] + alpha)
        out[w] = (lt - lr) / math.sqrt(var)
    return out


def count_words(texts: Iterable[str]) -> Counter:
    return Counter(w for t in texts for w in words_of(t))
