"""Dates and times as people write them in mail headers, pasted threads, Slack and memos.

``Tue, Apr 14, 2026 at 9:12 AM``, ``Tuesday, April 14, 2026 9:12 AM``,
``March-09-12 4:22 PM``, ``14 April 2026 at 09:12``, ``4/14/2026``,
``2026-04-14T09:12:00Z`` and ``Tuesday, April 14th`` all read the same way.
A numeric date such as ``4/3/2026`` can be read two ways; it is read by the
file's day/month order (see :func:`infer_order`) and otherwise marked
ambiguous, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import lru_cache

from generator.manifest import YEARS, DateOrder

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
# Hours from UTC for the zone abbreviations mail clients print.
ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "ut": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    "akst": -9, "akdt": -8, "hst": -10, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3,
    "wet": 0, "west": 1, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
}  # fmt: skip

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"\b(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b\.?"
_DATE_FORMS = (
    rf"{_MONTH} (?P<day>\d{{1,2}})(?: (?P<year>\d{{4}}))?",
    rf"(?P<day>\d{{1,2}}) {_MONTH}(?: (?P<year>\d{{4}}))?",
    rf"{_MONTH}-(?P<day>\d{{1,2}})-(?P<year>\d{{2}}|\d{{4}})",
    r"(?P<year>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})",
    r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?",
)
_TIME = (
    r"(?: (?P<h>\d{1,2})(?::(?P<mi>\d{2}))(?::(?P<s>\d{2}))?(?:\.\d+)?"
    r" ?(?P<ampm>[ap]\.?m\.?)?(?: ?(?P<tz>[+-]\d{2}:?\d{2}|[a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?))?)?"
)
_PATTERNS = tuple(re.compile(f"^{form}{_TIME}$") for form in _DATE_FORMS)
_TIME_ONLY = re.compile(r"^(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})? ?(?P<ampm>[ap]\.?m\.?)?$", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\d/])")


@dataclass(frozen=True)
class Written:
    """A date (and maybe time and zone) read from text.

    ``ambiguous`` marks a numeric date like ``4/3/2026`` read month-first only
    provisionally, because neither the text nor the file settled the order.
    """

    date: dt.date
    time: dt.time | None = None
    zone: dt.tzinfo | None = None
    ambiguous: bool = False

    def as_datetime(self) -> dt.datetime:
        """A timezone-aware datetime; a date or time without a zone counts as UTC."""
        return dt.datetime.combine(self.date, self.time or dt.time(0, 0), self.zone or dt.UTC)


def _normalise(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"\([^)]*\)", " ", text)  # "(PDT)", "(2 days ago)"
    text = re.sub(r"^(\d{4}-\d\d-\d\d)t(?=\d)", r"\1 ", text)  # ISO 8601 "T"
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text)
    text = re.sub(_WEEKDAY, " ", text)
    text = re.sub(r"\b(at|um|à|on)\b", " ", text)
    text = re.sub(r"(?<=\d)z$", " z", text)
    text = text.replace(",", " ")
    return re.sub(r"\s+", " ", text).strip()


def _zone(raw: str | None) -> dt.tzinfo | bool | None:
    """The zone written after a time; ``False`` when it is not a zone at all."""
    if not raw:
        return None
    match = re.fullmatch(r"(?:(utc|gmt))?([+-])(\d{1,2}):?(\d{2})?", raw)
    if match:
        hours, minutes = int(match.group(3)), int(match.group(4) or 0)
        if hours > 14 or minutes > 59:
            return False
        sign = -1 if match.group(2) == "-" else 1
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    if raw in ZONES:
        return dt.timezone(dt.timedelta(hours=ZONES[raw]))
    return False


def _year(raw: str | None, default_year: int | None) -> int | None:
    if raw is None:
        return default_year
    year = int(raw)
    if len(raw) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _day_month(a: int, b: int, sep: str, order: DateOrder | None) -> tuple[int, int, bool]:
    """(month, day, ambiguous) for a numeric ``a/b`` date."""
    if a > 12 >= b or sep == ".":
        return b, a, False
    if b > 12 >= a or a == b:
        return a, b, False
    if order == "DMY":
        return b, a, False
    if order == "MDY":
        return a, b, False
    return a, b, True


def _time(match: re.Match[str]) -> dt.time | bool | None:
    if match.group("h") is None:
        return None
    hour, minute, second = int(match.group("h")), int(match.group("mi")), int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return False
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return False
    return dt.time(hour, minute, second)


@lru_cache(maxsize=8192)
def parse_written(text: str, order: DateOrder | None = None, default_year: int | None = None) -> Written | None:
    """Read a date (with optional time and zone) that makes up the whole of ``text``.

    ``default_year`` completes dates written without a year ("April 14th").
    """
    if len(text) > 120:
        return None
    cleaned = _normalise(text)
    for pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        ambiguous = False
        if groups.get("mon"):
            month, day = MONTHS[groups["mon"]], int(groups["day"])
        elif groups.get("m"):
            month, day = int(groups["m"]), int(groups["d"])
        else:
            month, day, ambiguous = _day_month(int(groups["a"]), int(groups["b"]), groups["sep"], order)
        year = _year(groups.get("year"), default_year)
        time = _time(match)
        zone = _zone(groups.get("tz"))
        if year is None or time is False or zone is False or not YEARS[0] <= year <= YEARS[1]:
            return None  # a year like 9999 is no date anyone meant, and day arithmetic on it overflows
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        assert not isinstance(time, bool) and not isinstance(zone, bool)
        return Written(date=date, time=time, zone=zone, ambiguous=ambiguous)
    return None


def parse_time(text: str) -> dt.time | None:
    """A clock time alone: ``10:42 AM``, ``9:05``, ``14:30``."""
    match = _TIME_ONLY.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match.group("h")), int(match.group("mi"))
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


@lru_cache(maxsize=8192)
def parse_mail_date(value: str, order: DateOrder | None = None) -> dt.datetime | None:
    """A mail ``Date:``/``Sent:`` value as a timezone-aware datetime (UTC when no zone is given)."""
    value = value.strip()
    if not value or len(value) > 200:
        return None
    written = parse_written(value, order)
    if written is not None:
        return None if written.ambiguous else written.as_datetime()
    if re.search(r"\b[ap]\.?m\b", value, re.IGNORECASE):
        return None  # the RFC 5322 reader would silently drop AM/PM
    try:
        parsed = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def infer_order(texts: Iterable[str]) -> DateOrder | None:
    """The day/month order a file's numeric dates settle: a first number above 12 means DMY.

    ``None`` when nothing settles it or the file contradicts itself.
    """
    seen: set[DateOrder] = set()
    for text in texts:
        for match in _NUMERIC.finditer(text):
            a, b = int(match.group(1)), int(match.group(2))
            if a > 12 >= b >= 1:
                seen.add("DMY")
            elif b > 12 >= a >= 1:
                seen.add("MDY")
    return seen.pop() if len(seen) == 1 else None


def resolve_day(text: str, today: dt.date, order: DateOrder | None = None) -> dt.date | None:
    """A day as a chat divider writes it: "Today", "Yesterday", "Tuesday", "Tuesday, April 14th".

    ``today`` is the handoff's as-of date. A date without a year takes the
    as-of year, unless that puts it more than two months after the as-of date.
    """
    word = re.sub(r"[\s\-–—]+$|^[\s\-–—]+", "", text).strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - dt.timedelta(days=1)
    if word in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[word]) % 7 or 7
        return today - dt.timedelta(days=back)
    written = parse_written(word, order, default_year=today.year)
    if written is None or written.ambiguous or written.time is not None:
        return None
    has_year = re.search(r"\d{4}|\d+[/.-]\d+[/.-]\d+", word) is not None
    if not has_year and written.date > today + dt.timedelta(days=62):
        try:
            return written.date.replace(year=today.year - 1)
        except ValueError:
            return None
    return written.date
