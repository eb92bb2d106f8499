"""Shipped lexicons and statistics: their shape, their sources, and that no scenario word leaks in."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.kb import data_text
from parallax.stories import ENGLISH_STOP_WORDS, STOP_WORDS, stem_word, words_of
from parallax.stories.cluster import load_background_df
from parallax.stories.tone import (
    find_loaded_terms,
    load_lexicon,
    polar_words,
    score_tone,
    tone_negators,
    tone_valences,
)

SCENARIO = Path(__file__).resolve().parents[2] / "shared" / "scenarios" / "xi-putin-2025" / "articles"


def test_background_df_is_a_pseudo_corpus_of_stems() -> None:
    docs, df = load_background_df()
    assert docs == 3000
    assert all(3 <= n <= docs for n in df.values())
    assert len(df) > 10_000
    # common news words are frequent, stop words and digit tokens are absent, keys are stems
    assert df["government"] > df["treaty"] > df.get("xylophone", 0)
    assert not any(w in df for w in ("the", "and", "of"))
    assert not any(any(c.isdigit() for c in k) for k in df)
    assert stem_word("policies") in df and "policies" not in df


def test_tone_follows_vader_valence_and_negation() -> None:
    valence = tone_valences()
    assert len(valence) > 7000 and valence["good"] > 0 > valence["bad"]
    assert score_tone("a warm and friendly meeting") > 0 > score_tone("troops killed and jailed protesters")
    assert score_tone("the talks were not good") < 0 < score_tone("the talks were good")
    assert score_tone("the deal isn't bad") > 0  # "n't" leaves the token "t", a negator
    assert {"not", "never", "t"} <= tone_negators()
    assert score_tone("") == 0.0 and score_tone("!!! ???") == 0.0


def test_polar_words_are_the_strong_half_of_the_scale() -> None:
    polar = polar_words()
    assert "killed" in polar and "horrible" in polar
    assert "support" not in polar  # VADER 1.7: favourable but not a judgement on its own
    assert all(abs(tone_valences()[w]) >= 2.0 for w in polar)


def test_loaded_terms_match_longest_phrase_and_skip_titles() -> None:
    found = find_loaded_terms(words_of("Critics say the regime baselessly accused him"))
    cats = {(s, e): c for s, e, c in found}
    assert cats == {(0, 2): "unsupported_attribution", (3, 4): "label", (4, 5): "epistemic"}
    assert not find_loaded_terms(words_of("President and Prime Minister met the foreign secretary"))


def test_every_lexicon_names_its_source() -> None:
    readme = data_text("README.md")
    for name in ("news_df.tsv", "tone_lexicon.tsv", "tone_negators.txt", "loaded_terms.yaml"):
        assert f"`{name}`" in readme
    assert "CC BY-SA 4.0" in readme and "MIT" in readme


def test_stop_words_are_scikit_learns_list() -> None:
    """The shipped list is scikit-learn's, so that dropping the sklearn import changed no output."""
    text = pytest.importorskip("sklearn.feature_extraction.text")
    assert ENGLISH_STOP_WORDS == text.ENGLISH_STOP_WORDS
    assert "the" in STOP_WORDS and "not" not in STOP_WORDS  # negations stay content words


@pytest.mark.skipif(not SCENARIO.is_dir(), reason="shared scenario articles absent")
def test_loaded_terms_hold_no_scenario_only_phrases() -> None:
    """Multi-word loaded phrases that the scenario uses must be general phrases, not its own idioms.

    The audit (kb/data/README.md) removed the scenario's diplomatic idioms; this keeps them out.
    """
    text = " " + " ".join(words_of(" ".join(p.read_text() for p in SCENARIO.iterdir()))) + " "
    terms = {t for cat, ts in load_lexicon("loaded_terms").items() if cat != "neutral_titles" for t in ts}
    in_scenario = {t for t in terms if f" {' '.join(words_of(t))} " in text}
    assert in_scenario, "the scenario uses general loaded words (dictator, critics say)"
    assert not in_scenario & {"cold war mentality", "good neighborliness", "good neighbourliness"}
