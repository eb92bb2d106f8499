"""Time expressions in news sentences, resolved against the article's publication date.

News writes relative time ("on Monday", "last week", "earlier this month") because the
reader knows the day of publication. We keep the raw expression beside the resolved date so a
date can be re-resolved once an undated article gets its date from the story.
All functions are pure: the reference date is always passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_NAMED_MONTH = r"(?-i:January|February|March|April|June|July|August|September|October|November|December)"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
# Ordered: longer, more specific forms first so that the scanner keeps the widest match.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b\d{4}-\d{2}-\d{2}\b"),
    ("month_day", rf"\b(?:on\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    ("day_month", rf"\b(?:on\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"),
    ("weekday", rf"\b(?:(?:on|last|this|next)\s+)?{_DAY}{_PART}\b"),
    ("weekend", r"\b(?:over|during|on|this|last)\s+(?:the\s+)?weekend\b"),
    ("relative_day", r"\b(?:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening))\b"),
    ("ago", rf"\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b"),
    # "last year" is the calendar year before; "over the past year" is the twelve months to now (background)
    (
        "rel_period",
        r"\b(?:(?:earlier|later)\s+)?(?:(?:last|this|next|past)\s+week(?:end)?|(?:(?<!the\s)(?:last|past)|this|next)\s+(?:month|year))\b",
    ),
    ("earlier_this", r"\b(?:earlier|later)\s+(?:this|in\s+the)\s+(?:week|month|year)\b"),
    (
        "month_year",
        rf"\b(?:(?:in|since|early|late|mid|in\s+early|in\s+late|in\s+mid)[\s-]+)?{_MONTH}\s+\d{{4}}\b",
    ),
    ("month", rf"\b(?:in|since|early|late)\s+(?:early\s+|late\s+|mid-)?{_MONTH}(?!\s+\d)\b"),
    # "the February summit", "last February", "February's vote": a month named as a modifier (capitalised,
    # and not "May", which is mostly a name or a modal)
    (
        "month_named",
        rf"\b(?:(?:the|this|last|a|its|their|his|her)\s+{_NAMED_MONTH}|{_NAMED_MONTH}'s)(?!\s+\d)\b",
    ),
    # "this spring", "in the fall", "last winter's talks": a season dates nothing to the day
    (
        "season",
        r"\b(?:this|last|next|in|the|early|late|during\s+the|in\s+the)\s+(?:early\s+|late\s+)?(?:spring|summer|autumn|winter|fall)(?:\s+of\s+(?:19|20)\d{2}|(?!\s+of\b)(?:'s)?)\b",
    ),
    ("year", r"\b(?:(?:in|since|by|during|early|late|until)\s+)+(?:early\s+|late\s+|mid-)?(?:19|20)\d{2}\b"),
    (
        "background",
        r"\b(?:over|in|for)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:decades?|years?|months?)\b|\bin\s+recent\s+(?:years|months|decades)\b|\bfor\s+(?:years|decades|months)\b|\b(?:long|years|decades|months)\s+ago\b|\b(?:more\s+than|over)\s+\d+\s+times\b|\brepeatedly\b|\b(?:\w+\s+)?(?:years|decades)\s+(?:later|earlier|before)\b",
    ),
    (
        "earlier_life",
        r"\bwhen\s+(?:he|she|they|we|i)\s+(?:was|were)\b|\bduring\s+(?:his|her|their|its)\s+(?:\w+\s+)?(?:term|tenure|presidency|premiership|administration|career|campaign)\b|\b(?:during|on)\s+the\s+(?:\d{4}\s+)?campaign(?:\s+trail)?\b|\bin\s+the\s+past\b|\bat\s+(?:the|that)\s+time\b|\bpreviously\b|\bback\s+then\b",
    ),
    ("recent_days", r"\b(?:in|over)\s+(?:recent|the\s+past\s+few|the\s+last\s+few)\s+days\b"),
)
_COMPILED = tuple((kind, re.compile(rx, re.IGNORECASE)) for kind, rx in PATTERNS)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class TimeExpression:
    """A time phrase found in text: its span, its kind and whether it points ahead."""

    start: int
    end: int
    text: str
    kind: str

    @property
    def future(self) -> bool:
        low = self.text.lower()
        return "next" in low or "tomorrow" in low or "later this" in low


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved time: first day of the period, its precision, and whether it is background."""

    date: str | None
    precision: str | None
    background: bool = False


def find_time_expressions(text: str) -> list[TimeExpression]:
    """Non-overlapping time phrases in ``text``, earliest first (widest match wins a tie)."""
    found: list[TimeExpression] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            if m.group(0).isupper() and len(m.group(0)) > 3:
                continue  # "USA TODAY", "TODAY show": a name in capitals, not a time
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            found.append(TimeExpression(m.start(), m.end(), m.group(0), kind))
    return sorted(found, key=lambda t: t.start)


def parse_iso_date(value: str | None) -> date | None:
    """The date part of an ISO date or datetime string, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def resolve_time(text: str, reference: str | date | None) -> ResolvedDate:
    """Resolve a time phrase against the publication date ``reference`` (ISO string or date).

    Relative phrases need the reference; absolute ones ("in 2022", "January 20, 2025") do not.
    Unresolvable phrases give ``ResolvedDate(None, None)``.
    """
    ref = reference if isinstance(reference, date) else parse_iso_date(reference)
    exprs = find_time_expressions(text)
    if not exprs:
        return ResolvedDate(None, None)
    expr = exprs[0]
    low = re.sub(r"\s+", " ", expr.text.lower()).strip()
    resolver = _RESOLVERS[expr.kind]
    return resolver(low, ref)


def period_bounds(iso: str, precision: str | None) -> tuple[date, date]:
    """First and last day covered by a resolved date of the given precision."""
    d = date.fromisoformat(iso[:10])
    if precision == "week":
        return d, d + timedelta(days=6)
    if precision == "month":
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return d, nxt - timedelta(days=1)
    if precision == "year":
        return d, date(d.year, 12, 31)
    return d, d


def _day(d: date) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day")


def _week_of(d: date) -> ResolvedDate:
    return ResolvedDate((d - timedelta(days=d.weekday())).isoformat(), "week")


def _month_of(year: int, month: int) -> ResolvedDate:
    return ResolvedDate(date(year, month, 1).isoformat(), "month")


def _year_of(year: int) -> ResolvedDate:
    return ResolvedDate(date(year, 1, 1).isoformat(), "year")


def _month_number(low: str) -> int | None:
    for word in re.findall(r"[a-z]+", low):
        if word in MONTHS:
            return MONTHS[word]
    return None


def _resolve_iso(low: str, ref: date | None) -> ResolvedDate:
    return _day(date.fromisoformat(low[:10]))


def _resolve_month_day(low: str, ref: date | None) -> ResolvedDate:
    month = _month_number(low)
    numbers = [int(n) for n in re.findall(r"\d+", low)]
    day = next((n for n in numbers if n <= 31), None)
    year = next((n for n in numbers if n > 31), None)
    if month is None or day is None:
        return ResolvedDate(None, None)
    if year is None:
        if ref is None:
            return ResolvedDate(None, None)
        year = ref.year
        # a day months ahead of publication, written without a year, is last year's
        if (date(year, month, min(day, 28)) - ref).days > 180:
            year -= 1
    try:
        return _day(date(year, month, day))
    except ValueError:
        return ResolvedDate(None, None)


def _resolve_weekday(low: str, ref: date | None) -> ResolvedDate:
    if ref is None:
        return ResolvedDate(None, None)
    target = next(i for i, w in enumerate(WEEKDAYS) if w in low)
    back = (ref.weekday() - target) % 7
    if low.startswith("next"):
        return _day(ref + timedelta(days=(target - ref.weekday()) % 7 or 7))
    if low.startswith("last") and back == 0:
        back = 7
    return _day(ref - timedelta(days=back))


def _resolve_weekend(low: str, ref: date | None) -> ResolvedDate:
    """ "over the weekend": the Saturday-Sunday before publication (the same days when it is one)."""
    if ref is None:
        return ResolvedDate(None, None)
    saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
    return ResolvedDate(saturday.isoformat(), "week")


def _resolve_relative_day(low: str, ref: date | None) -> ResolvedDate:
    if ref is None:
        return ResolvedDate(None, None)
    shift = {"yesterday": -1, "tomorrow": 1}.get(low, 0)
    return _day(ref + timedelta(days=shift))


def _resolve_ago(low: str, ref: date | None) -> ResolvedDate:
    if ref is None:
        return ResolvedDate(None, None)
    word, unit = low.split()[:2]
    n = int(word) if word.isdigit() else _NUMBERS.get(word, 1)
    if unit.startswith("day"):
        return _day(ref - timedelta(days=n))
    if unit.startswith("week"):
        return _week_of(ref - timedelta(weeks=n))
    if unit.startswith("month"):
        months = ref.year * 12 + ref.month - 1 - n
        return _month_of(months // 12, months % 12 + 1)
    return _year_of(ref.year - n)


def _resolve_rel_period(low: str, ref: date | None) -> ResolvedDate:
    if ref is None:
        return ResolvedDate(None, None)
    step = -1 if ("last" in low or "past" in low) else (1 if "next" in low else 0)
    if "week" in low:
        return _week_of(ref + timedelta(weeks=step))
    if "month" in low:
        months = ref.year * 12 + ref.month - 1 + step
        return _month_of(months // 12, months % 12 + 1)
    return _year_of(ref.year + step)


def _resolve_month_year(low: str, ref: date | None) -> ResolvedDate:
    month = _month_number(low)
    year = int(re.findall(r"\d{4}", low)[0])
    return _month_of(year, month) if month else _year_of(year)


def _resolve_month(low: str, ref: date | None) -> ResolvedDate:
    month = _month_number(low)
    if ref is None or month is None:
        return ResolvedDate(None, None)
    year = ref.year if month <= ref.month else ref.year - 1
    return _month_of(year, month)


def _resolve_month_named(low: str, ref: date | None) -> ResolvedDate:
    """ "the February vote", "last February": the latest February before publication (a year back when
    the article is from February and says "last")."""
    month = _month_number(low)
    if ref is None or month is None:
        return ResolvedDate(None, None)
    latest = month < ref.month or (month == ref.month and not low.startswith("last"))
    return _month_of(ref.year if latest else ref.year - 1, month)


def _resolve_season(low: str, ref: date | None) -> ResolvedDate:
    """A season names no day and no month: only its year when written ("the fall of 2019"), else nothing."""
    years = re.findall(r"\d{4}", low)
    return _year_of(int(years[0])) if years else ResolvedDate(None, None)


def _resolve_year(low: str, ref: date | None) -> ResolvedDate:
    return _year_of(int(re.findall(r"\d{4}", low)[0]))


def _resolve_background(low: str, ref: date | None) -> ResolvedDate:
    return ResolvedDate(None, None, background=True)


def _resolve_recent_days(low: str, ref: date | None) -> ResolvedDate:
    return ResolvedDate((ref - timedelta(days=6)).isoformat(), "week") if ref else ResolvedDate(None, None)


_RESOLVERS = {
    "iso": _resolve_iso,
    "month_day": _resolve_month_day,
    "day_month": _resolve_month_day,
    "weekday": _resolve_weekday,
    "weekend": _resolve_weekend,
    "relative_day": _resolve_relative_day,
    "ago": _resolve_ago,
    "rel_period": _resolve_rel_period,
    "earlier_this": _resolve_rel_period,
    "month_year": _resolve_month_year,
    "month": _resolve_month,
    "month_named": _resolve_month_named,
    "season": _resolve_season,
    "year": _resolve_year,
    "background": _resolve_background,
    "earlier_life": _resolve_background,
    "recent_days": _resolve_recent_days,
}
