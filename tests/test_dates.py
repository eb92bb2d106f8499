"""Time phrases resolved against the publication date (parallax.nlp.dates)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallax.nlp.dates import find_time_expressions, period_bounds, resolve_time

# 2025-02-25 is a Tuesday, 2025-03-01 a Saturday.


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("on Monday", "2025-02-25", ("2025-02-24", "day")),
        ("Monday afternoon", "2025-02-25", ("2025-02-24", "day")),
        ("on Monday", "2025-02-24", ("2025-02-24", "day")),  # the publication day itself
        ("last Monday", "2025-02-24", ("2025-02-17", "day")),
        ("On Friday", "2025-03-01", ("2025-02-28", "day")),
        ("yesterday", "2025-03-01", ("2025-02-28", "day")),
        ("three days ago", "2025-03-01", ("2025-02-26", "day")),
        ("last week", "2025-02-24", ("2025-02-17", "week")),
        ("earlier this month", "2025-02-24", ("2025-02-01", "month")),
        ("on January 20", "2025-03-01", ("2025-01-20", "day")),
        ("on 9 May", "2025-05-12", ("2025-05-09", "day")),
        ("January 20, 2021", None, ("2021-01-20", "day")),
        ("in February 2022", None, ("2022-02-01", "month")),
        ("in 2022", None, ("2022-01-01", "year")),
        ("last year", "2025-02-24", ("2024-01-01", "year")),
    ],
)
def test_resolves_each_form(phrase: str, published: str | None, expected: tuple[str, str]) -> None:
    got = resolve_time(phrase, published)
    assert (got.date, got.precision) == expected


def test_a_month_and_day_far_ahead_of_publication_is_last_year() -> None:
    assert resolve_time("on December 28", "2025-01-03").date == "2024-12-28"


def test_relative_phrases_need_a_publication_date() -> None:
    assert resolve_time("on Monday", None).date is None
    assert resolve_time("last week", None).date is None


def test_background_phrases_are_flagged_not_dated() -> None:
    phrases = ("over the past decade", "more than 40 times", "in recent years", "when he was governor")
    for phrase in (*phrases, "during her first term", "in the past"):
        got = resolve_time(phrase, "2025-02-24")
        assert got.background and got.date is None, phrase


def test_future_phrases_are_marked() -> None:
    found = find_time_expressions("The ministers will meet next week, not tomorrow.")
    assert [e.future for e in found] == [True, True]


def test_expressions_are_spans_of_the_text() -> None:
    text = "On Monday, the two leaders spoke; last week their envoys met in 2022 terms."
    found = find_time_expressions(text)
    assert [text[e.start : e.end] for e in found] == ["On Monday", "last week", "in 2022"]


def test_period_bounds() -> None:
    assert period_bounds("2025-02-17", "week") == (date(2025, 2, 17), date(2025, 2, 23))
    assert period_bounds("2024-02-01", "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_bounds("2024-12-01", "month") == (date(2024, 12, 1), date(2024, 12, 31))


@given(st.text(max_size=200))
def test_found_expressions_never_overlap_and_stay_in_the_text(text: str) -> None:
    found = find_time_expressions(text)
    for e in found:
        assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text
    for a, b in pairwise(found):
        assert a.end <= b.start
