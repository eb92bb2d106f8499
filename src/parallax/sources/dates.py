"""Dates as containers state them ("Mon, 24 Feb 2025 10:00:00 GMT", "2025-02-24T09:59Z") to ISO dates."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from dateutil import parser as date_parser

EARLIEST_YEAR = 1900  # exports carry placeholders such as 0001-11-30


def to_iso_date(value: object) -> str | None:
    """YYYY-MM-DD for a date-like value, or None when it is missing, unparseable or implausible.

    Only the calendar date, as written (no time-zone shift): later stages reason in days.
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        parsed: date = date(value.tm_year, value.tm_mon, value.tm_mday)
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
        try:
            parsed = date_parser.parse(str(value).strip(), default=datetime(1, 1, 1)).date()
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.isoformat() if parsed.year >= EARLIEST_YEAR else None
