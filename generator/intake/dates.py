"""Dates as exports write them, read with explicit formats only.

``2026-04-11``, ``4/11/2026``, ``11/04/2026``, ``11-Apr-2026``, ``Apr 11, 2026``,
``11 April 2026``, Excel serial numbers and spreadsheet date cells. Whether
``03/04/2026`` is the 4th of March or the 3rd of April is decided once per file
(:class:`DayMonthOrder`) from the dates in it that can only be read one way; a
file that never settles it needs ``date_order`` in ``handoff.yaml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from generator.manifest import YEARS, DateOrder

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(rf"^(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}$")
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"
_DAY_MONTH = re.compile(
    rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+([A-Za-z]{{3,9}})\.?,?[\s\-/.]+(\d{{4}}|\d{{2}}){_TIME}$"
)
_MONTH_DAY = re.compile(rf"^{_WEEKDAY}([A-Za-z]{{3,9}})\.?[\s\-]+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_AS_OF = re.compile(r"\b(?:as\s+(?:of|at)|aging\s+date|ageing\s+date|report\s+date|end\s+of)\b[:\s]*(.+)$", re.I)
EXCEL_EPOCH = dt.date(1899, 12, 30)

AMBIGUOUS = "ambiguous"  # the reason parse_date gives when only the file's day/month order can tell


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int, text: str) -> tuple[dt.date | None, str | None]:
    if not 1 <= month <= 12:
        return None, f"{text} is not a real date (there is no month {month})"
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        return None, f"{text} is not a real date ({name} {year} has {last} days)"
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, f"{text} is not a real date"


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The first two numbers of a ``a/b/yyyy`` date, whose order the file decides."""
    match = _NUMERIC.match(text.strip())
    return (int(match.group(1)), int(match.group(3))) if match else None


def parse_date(value: object, order: DateOrder | None) -> tuple[dt.date | None, str | None]:
    """One cell as a date: ``(date, None)``, ``(None, None)`` when empty, else ``(None, why)``.

    ``why`` is :data:`AMBIGUOUS` when the day/month order is needed and unknown.
    """
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value, str(value))
    if not isinstance(value, str):
        return None, f"{value!r} is not a date"
    return _parse_text(value, order)


@lru_cache(maxsize=16384)
def _parse_text(value: str, order: DateOrder | None) -> tuple[dt.date | None, str | None]:
    text = value.strip()
    if not text or text.casefold() in ("-", "n/a", "na", "none"):
        return None, None
    if match := _ISO.match(text):
        return _make(int(match.group(1)), int(match.group(3)), int(match.group(4)), text)
    if match := _NUMERIC.match(text):
        first, second, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
        if first == second or order not in ("MDY", "DMY"):
            if first > 12 >= second:
                order = "DMY"
            elif second > 12 >= first:
                order = "MDY"
            elif first != second:
                return None, AMBIGUOUS
            else:
                order = "MDY"
        month, day = (first, second) if order == "MDY" else (second, first)
        return _make(year, month, day, text)
    if (match := _DAY_MONTH.match(text)) and (named := MONTHS.get(match.group(2).casefold())):
        return _make(_year(match.group(3)), named, int(match.group(1)), text)
    if (match := _MONTH_DAY.match(text)) and (named := MONTHS.get(match.group(1).casefold())):
        return _make(int(match.group(3)), named, int(match.group(2)), text)
    if _SERIAL.match(text):
        return _serial(float(text), text)
    return None, f"'{text}' is not a date Blitz can read; write it like 2026-04-30"


def _serial(number: float, text: str) -> tuple[dt.date | None, str | None]:
    """An Excel serial day number (1899-12-30 is day 0), within reason."""
    if not 1 <= number < 2958466 or number != int(number):
        return None, f"{text} is not a date (a spreadsheet date number must be a whole day)"
    return EXCEL_EPOCH + dt.timedelta(days=int(number)), None


def as_of_in(text: str, order: DateOrder | None) -> dt.date | None:
    """The report date in a title line such as "As of April 30, 2026" or "As at 30 April 2026"."""
    match = _AS_OF.search(text)
    if not match:
        return None
    rest = match.group(1).strip().rstrip(".")
    for candidate in (rest, rest.split("(")[0].strip(), " ".join(rest.split()[:3]).rstrip(",")):
        found, _ = parse_date(candidate, order)
        if found:
            return found if YEARS[0] <= found.year <= YEARS[1] else None
    if month_year := _MONTH_YEAR.match(rest):
        month = MONTHS.get(month_year.group(1).casefold())
        year = int(month_year.group(2))
        if month and YEARS[0] <= year <= YEARS[1]:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None


@dataclass
class DayMonthOrder:
    """Evidence in one file for how its numeric dates are written, and the decision it leads to.

    Feed every date cell's text to :meth:`see`; then :meth:`decide` with the
    manifest's ``date_order``.
    """

    day_first: tuple[int, str] | None = None  # (line, text) of the first date only readable day-first
    month_first: tuple[int, str] | None = None
    ambiguous: tuple[int, str] | None = None

    def see(self, text: str, line: int) -> None:
        parts = numeric_parts(text)
        if parts is None:
            return
        first, second = parts
        if first > 12 >= second:
            self.day_first = self.day_first or (line, text.strip())
        elif second > 12 >= first:
            self.month_first = self.month_first or (line, text.strip())
        elif first != second and first <= 12 and second <= 12:
            self.ambiguous = self.ambiguous or (line, text.strip())

    def decide(self, manifest_order: DateOrder | None) -> tuple[DateOrder | None, list[tuple[int, str, bool]]]:
        """The order to read this file with, and ``(line, message, is_error)`` findings."""
        if self.day_first and self.month_first:
            (d_line, d_text), (m_line, m_text) = self.day_first, self.month_first
            later = max(d_line, m_line)
            return None, [
                (
                    later,
                    f"dates in this file are written both day-first (line {d_line}: {d_text}) and "
                    f"month-first (line {m_line}: {m_text}); export the report again with one date format",
                    True,
                )
            ]
        if self.day_first or self.month_first:
            found: DateOrder = "DMY" if self.day_first else "MDY"
            line, text = self.day_first or self.month_first or (0, "")
            if manifest_order in ("MDY", "DMY") and manifest_order != found and self.ambiguous:
                way = "day first" if found == "DMY" else "month first"
                return found, [
                    (
                        line,
                        f"handoff.yaml says date_order: {manifest_order}, but this file writes dates {way} "
                        f"({text}); its dates are read {way}",
                        False,
                    )
                ]
            return found, []
        if self.ambiguous:
            if manifest_order in ("MDY", "DMY"):
                return manifest_order, []
            line, text = self.ambiguous
            return None, [
                (
                    line,
                    f"the date {text} could be read month-first or day-first and no date in this file "
                    "settles which; add 'date_order: MDY' (month first, as in the US) or "
                    "'date_order: DMY' (day first) to handoff.yaml",
                    True,
                )
            ]
        return manifest_order, []
