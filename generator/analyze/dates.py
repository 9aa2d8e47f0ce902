"""Dates as people write them in email, resolved against the message's own date.

"April 15", "15 April", "4/15", "2026-04-15", "Thursday", "next Thursday",
"by Friday", "tomorrow", "next week", "end of month", "in July", "mid-May",
"within 10 days", "the 20th". A relative date ("Thursday") needs the date of
the message that says it; without one it stays unresolved rather than guessed.

Where a phrase names a window rather than a day, the window's last day is
taken, so a promise counts as broken only once the whole window has passed:
"next week" is that week's Friday, "in July" is July 31, "early May" is
May 10, "mid-May" May 20. A bare weekday is its next occurrence after the
message date; "next Thursday" is the Thursday of the following week.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.manifest import YEARS

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "a couple of": 2, "couple of": 2, "three": 3, "a few": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fourteen": 14,
    "fifteen": 15, "thirty": 30,
}  # fmt: skip

_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
_WEEKDAY = r"(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WINDOW = (
    "in|by|during|until|till|before|end of|the end of|early|mid|late|beginning of|start of|first week of"
    "|the first of|the middle of|middle of"
)


@dataclass(frozen=True)
class DateMention:
    """A date written in a sentence: where, as written, and the day it means (if it can be known)."""

    start: int
    end: int
    text: str
    value: dt.date | None


@dataclass(frozen=True)
class _Context:
    reference: dt.date | None  # the message's own date
    year_hint: dt.date  # for "April 15" without a year when the message has no date
    day_first: bool


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def _year_for(month: int, day: int, around: dt.date) -> dt.date | None:
    """The year that puts month/day nearest the reference, leaning to the future."""
    candidate = _safe(around.year, month, day)
    if candidate is None:
        return _safe(around.year + 1, month, day) if month == 2 and day == 29 else None
    if candidate < around - dt.timedelta(days=120):
        return _safe(around.year + 1, month, day)
    if candidate > around + dt.timedelta(days=240):
        return _safe(around.year - 1, month, day)
    return candidate


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS.get(text, 0)


def _friday(day: dt.date, weeks_ahead: int = 0) -> dt.date:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=weeks_ahead)
    return monday + dt.timedelta(days=4)


def _business_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


# --- the forms, most specific first ------------------------------------------------

Handler = Callable[[re.Match[str], _Context], dt.date | None]


def _iso(m: re.Match[str], c: _Context) -> dt.date | None:
    return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _month_day(m: re.Match[str], c: _Context) -> dt.date | None:
    month, day, year = MONTHS[m.group(1)], int(m.group(2)), _full_year(m.group(3))
    if year:
        return _safe(year, month, day)
    return _year_for(month, day, c.reference or c.year_hint)


def _day_month(m: re.Match[str], c: _Context) -> dt.date | None:
    day, month, year = int(m.group(1)), MONTHS[m.group(2)], _full_year(m.group(3))
    if year:
        return _safe(year, month, day)
    return _year_for(month, day, c.reference or c.year_hint)


def _numeric(m: re.Match[str], c: _Context) -> dt.date | None:
    first, second, year = int(m.group(1)), int(m.group(2)), _full_year(m.group(3))
    month, day = (second, first) if c.day_first else (first, second)
    if month > 12 >= day:
        month, day = day, month
    if year:
        return _safe(year, month, day)
    return _year_for(month, day, c.reference or c.year_hint)


def _relative(days: int) -> Handler:
    return lambda m, c: c.reference + dt.timedelta(days=days) if c.reference else None


def _this_week(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    return _friday(c.reference, 1 if c.reference.weekday() >= 5 else 0)


def _next_week(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    friday = _friday(c.reference, 1)
    return friday - dt.timedelta(days=2) if m.group(1) else friday


def _this_month(m: re.Match[str], c: _Context) -> dt.date | None:
    return _month_end(c.reference.year, c.reference.month) if c.reference else None


def _next_month(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    year, month = _add_months(c.reference, 1)
    early = (m.group(1) or "").strip()
    if early:
        return _safe(year, month, 10 if early in ("early", "beginning of", "start of") else 7)
    return _month_end(year, month)


def _quarter_end(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    last_month = ((c.reference.month - 1) // 3 + 1) * 3
    return _month_end(c.reference.year, last_month)


def _within(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    count, business, unit = _number(m.group(1)), m.group(2), m.group(3)
    if unit.startswith("week"):
        return c.reference + dt.timedelta(weeks=count)
    return _business_days(c.reference, count) if business else c.reference + dt.timedelta(days=count)


def _month_window(m: re.Match[str], c: _Context) -> dt.date | None:
    word, month, year_text = m.group(1), MONTHS[m.group(2)], m.group(3)
    around = c.reference or c.year_hint
    year = _full_year(year_text) or around.year
    if not year_text and _month_end(year, month) < around - dt.timedelta(days=31):
        year += 1
    if word in ("early", "beginning of", "start of", "first week of"):
        return _safe(year, month, 7 if word == "first week of" else 10)
    if word in ("the first of",):
        return _safe(year, month, 1)
    if word in ("mid", "the middle of", "middle of"):
        return _safe(year, month, 20)
    if word == "before":
        return dt.date(year, month, 1) - dt.timedelta(days=1)
    return _month_end(year, month)


def _weekday(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    which, target = m.group(1), WEEKDAYS[m.group(2)]
    if which == "next":
        monday = c.reference - dt.timedelta(days=c.reference.weekday()) + dt.timedelta(weeks=1)
        return monday + dt.timedelta(days=target)
    ahead = (target - c.reference.weekday()) % 7 or 7
    return c.reference + dt.timedelta(days=ahead)


def _day_only(m: re.Match[str], c: _Context) -> dt.date | None:
    if c.reference is None:
        return None
    day = int(m.group(1))
    candidate = _safe(c.reference.year, c.reference.month, day)
    if candidate is not None and candidate >= c.reference:
        return candidate
    year, month = _add_months(c.reference, 1)
    return _safe(year, month, day)


FORMS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", _iso),
        (rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+(\d{{4}})\b)?", _month_day),
        (rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}})\b)?", _day_month),
        (r"(?<![\d/.$€£,])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/]|\.\d|\s+of\b)", _numeric),
        (r"(?<![\d.$€£,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])", _numeric),
        (r"\bday after tomorrow\b", _relative(2)),
        (
            r"\b(?:today|tonight|this (?:afternoon|evening)|eod|end of (?:the )?day|close of business|cob)\b",
            _relative(0),
        ),
        (r"\btomorrow\b", _relative(1)),
        (r"\b(early )?next week\b", _next_week),
        (r"\b(?:(?:by |before )?(?:the )?end of (?:the |this )week|this week|eow|later this week)\b", _this_week),
        (r"\b(early |beginning of |start of |first week of )?next month\b", _next_month),
        (
            r"\b(?:(?:by |before )?(?:the )?end of (?:the |this )?month|month[- ]end|eom|this month"
            r"|later this month)\b",
            _this_month,
        ),
        (r"\b(?:(?:by |before )?(?:the )?end of (?:the |this )?quarter|quarter[- ]end|this quarter)\b", _quarter_end),
        (
            rf"\b(?:in|within|inside of|after)\s+(?:the\s+next\s+)?{_NUMBER}\s+"
            r"(business\s+|working\s+)?(days?|weeks?)\b(?!\s+(?:after|of|from|following|upon|on)\b)",
            _within,
        ),
        (rf"\b{_NUMBER}\s+(business\s+|working\s+)?(days?|weeks?)\s+from\s+(?:now|today)\b", _within),
        (rf"\b({_WINDOW})[- ]\s*{_MONTH}(?:\s+(\d{{4}}))?\b", _month_window),
        (rf"\b(?:(this|next|coming|this coming)\s+)?{_WEEKDAY}\b", _weekday),
        (r"\b(?:on|by|before|until)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b", _day_only),
    )
)


def find_dates(
    lower: str, reference: dt.date | None, year_hint: dt.date, day_first: bool = False
) -> list[DateMention]:
    """Every date a normalized sentence mentions, in order of appearance.

    ``reference`` is the date the sentence was written (resolves "Thursday");
    ``year_hint`` completes "April 15" when there is no reference.
    """
    context = _Context(reference=reference, year_hint=year_hint, day_first=day_first)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, handler in FORMS:
        for match in pattern.finditer(lower):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(DateMention(start=start, end=end, text=match.group(0), value=_plausible(handler, match,
                                                                                               context)))
    return sorted(found, key=lambda d: d.start)


def _plausible(handler: Handler, match: re.Match[str], context: _Context) -> dt.date | None:
    """A handler's date, unless it is no date anyone meant ("by 12/30/9999"): later steps count days from it."""
    try:
        value = handler(match, context)
    except OverflowError:
        return None
    return value if value is None or YEARS[0] <= value.year <= YEARS[1] else None
