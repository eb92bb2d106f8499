"""Dates as containers state them ("Mon, 24 Feb 2025 10:00:00 GMT", "2025-02-24T09:59Z") to ISO dates."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, date, datetime

from dateutil import parser as date_parser

MAX_DATE_CHARS = 100  # the longest written dates ("Wednesday, 24 September 2025 10:00:00 +0300") fit
EARLIEST_YEAR = 1900  # exports carry placeholders such as 0001-11-30
# Languages whose month and weekday names are tried when a container does not say its own
# (feeds often state "Seg, 24 Set 2018", which RFC 822 parsers reject): the most used on the web.
FALLBACK_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "nl", "ru", "pl", "tr", "id", "ar", "zh", "ja")


def to_iso_date(value: object, languages: Sequence[str] = ()) -> str | None:
    """YYYY-MM-DD for a date-like value, or None when it is missing, unparseable or implausible.

    Only the calendar date, as written (no time-zone shift): later stages reason in days.
    ``languages`` (codes such as "pt-BR") are tried first for month and weekday names.
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        try:  # feedparser hands over year 0 or month 13 as the feed states them
            parsed: date = date(value.tm_year, value.tm_mon, value.tm_mday)
        except (ValueError, OverflowError):
            return None
    elif isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds since the epoch
        try:
            parsed = datetime.fromtimestamp(seconds, tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            return None
    else:
        text = str(value).strip()
        if len(text) > MAX_DATE_CHARS:  # a whole paragraph in a date field: not a date, and slow to parse
            return None
        found = parse_text_date(text, languages)
        if found is None:
            return None
        parsed = found
    return parsed.isoformat() if parsed.year >= EARLIEST_YEAR else None


def parse_text_date(text: str, languages: Sequence[str] = ()) -> date | None:
    """A written date: dateutil for English and numeric forms, dateparser for other languages.

    dateparser is held to absolute dates with day, month and year all stated, so a
    result never depends on today's date ("3 hours ago", "March 5" give None).
    """
    try:
        return date_parser.parse(text, default=datetime(1, 1, 1)).date()
    except (ValueError, OverflowError, TypeError):
        pass
    import dateparser  # loads its locale tables; only needed for non-English dates

    wanted = [code.split("-")[0].lower() for code in languages if code]
    settings = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        found = dateparser.parse(
            text, languages=list(dict.fromkeys([*wanted, *FALLBACK_LANGUAGES])), settings=settings
        )
    except ValueError:  # a container's language code dateparser does not know ("dn")
        found = dateparser.parse(text, languages=list(FALLBACK_LANGUAGES), settings=settings)
    return found.date() if found else None
