"""Slack copy-paste: who said what, on which day, at what time.

A message starts with its author and time, in one of the shapes Slack and
similar chat tools copy out::

    Dana Whitfield  10:42 AM
    Dana Whitfield [10:42 AM]
    [4/14/2026 10:42 AM] Dana Whitfield: text

A time alone (``10:43 AM``) starts another message by the same author. Day
dividers ("Tuesday, April 14th", "Today", "Yesterday") date the messages
below them; the handoff's as-of date is "today" and gives the year.
Reactions, "(edited)" marks and thread counters are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.intake.model import Note
from generator.intake.textdates import infer_order, parse_written, resolve_day
from generator.manifest import DateOrder
from generator.problems import Problem, Source, warning

_TIME = r"\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?"
_NAME = r"[^\W_][^\[\]:]{0,59}?"
_AUTHOR_TIME = re.compile(rf"^(?P<name>{_NAME})\s{{2,}}(?P<time>{_TIME})\s*$")
_AUTHOR_BRACKET = re.compile(rf"^(?P<name>{_NAME})\s+\[(?P<time>{_TIME})\]\s*(?P<text>.*)$")
_STAMP_AUTHOR = re.compile(r"^\[(?P<stamp>[^\]]{4,40})\]\s*(?P<name>[^\W_][^:\[\]]{0,59}?):\s*(?P<text>.*)$")
_TIME_ONLY = re.compile(rf"^\[?(?P<time>{_TIME})\]?$")
_NAME_LINE = re.compile(r"^[A-Z][\w'.()-]*(?: [A-Z][\w'.()-]*){1,3}$")  # two to four capitalised words
_NOISE = re.compile(
    r"^((:[\w+'-]+:\s*\d*\s*)+|\d+ repl(y|ies)\b.*|view thread|last reply .*|new|new messages|show more"
    r"|\(edited\)|replied to a thread:.*|also sent to the channel|joined #\S+\.?|has joined the channel)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Start:
    """An author line: who, when (as written), the text on the same line, lines it takes."""

    name: str
    time: str
    stamp: str | None
    text: str
    width: int


def _author_start(lines: list[str], i: int) -> _Start | None:
    line = lines[i].strip()
    if not line or len(line) > 200:
        return None
    match = _STAMP_AUTHOR.match(line)
    if match and re.search(_TIME, match.group("stamp")):
        time = re.search(_TIME, match.group("stamp"))
        assert time is not None
        return _Start(match.group("name").strip(), time.group(0), match.group("stamp"), match.group("text"), 1)
    match = _AUTHOR_BRACKET.match(line)
    if match and len(match.group("name").split()) <= 6:
        return _Start(match.group("name").strip(), match.group("time"), None, match.group("text"), 1)
    match = _AUTHOR_TIME.match(line)
    if match and len(match.group("name").split()) <= 6:
        name = re.sub(r"\s{2,}APP$", "", match.group("name").strip())
        return _Start(re.sub(r"\s+", " ", name), match.group("time"), None, "", 1)
    # "Name" over "10:42 AM": only after a blank line, so a one-line message above a time is not a name.
    if _NAME_LINE.match(line) and i + 1 < len(lines) and (i == 0 or not lines[i - 1].strip()):
        nxt = _TIME_ONLY.match(lines[i + 1].strip())
        if nxt:
            return _Start(line, nxt.group("time"), None, "", 2)
    return None


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _divider(lines: list[str], i: int, today: dt.date, order: DateOrder | None) -> dt.date | None:
    """A day divider: a line that is only a day, followed by a message."""
    text = lines[i].strip().strip("-–—=* ").strip()
    if not text or len(text) > 40:
        return None
    day = resolve_day(text, today, order)
    if day is None:
        return None
    nxt = _next_nonblank(lines, i + 1)
    return day if nxt is not None and _author_start(lines, nxt) is not None else None


def is_slack(text: str) -> bool:
    """The first line that is not a title, channel name or day divider names an author and a time."""
    lines = text.split("\n")[:400]
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _author_start(lines, i) is not None:
            return True
        if resolve_day(stripped.strip("-–—=* ").strip(), dt.date(2000, 1, 1)) is not None:
            continue
        return False
    return False


@dataclass
class _Open:
    author: str
    time: str
    date: dt.date | None
    line: int
    lines: list[str] = field(default_factory=list)


def read_slack(text: str, rel: str, today: dt.date, order: DateOrder | None) -> tuple[list[Note], list[Problem]]:
    """One note per chat message, with its author, day, time and first line."""
    lines = text.split("\n")
    stamps = [m.group("stamp") for line in lines if (m := _STAMP_AUTHOR.match(line.strip()))]
    order = order or infer_order(stamps)
    notes: list[Note] = []
    problems: list[Problem] = []
    day: dt.date | None = None
    current: _Open | None = None

    def close() -> None:
        if current is None:
            return
        body = "\n".join(current.lines).strip()
        body = re.sub(r"\s*\(edited\)$", "", body)
        if body:
            source = Source(path=rel, line=current.line)
            notes.append(Note(author=current.author, date=current.date, time=current.time, text=body, source=source))

    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        start = _author_start(lines, i)
        if start is not None:
            close()
            date = day
            if start.stamp:
                written = parse_written(start.stamp, order, default_year=today.year)
                if written is not None and written.ambiguous:
                    problems.append(
                        warning(
                            Source(path=rel, line=i + 1),
                            f"the date in '[{start.stamp}]' can be read day-first or month-first; "
                            "add 'date_order: MDY' (or DMY) to handoff.yaml",
                        )
                    )
                date = written.date if written is not None and not written.ambiguous else day
            current = _Open(start.name, start.time, date, i + 1, [start.text] if start.text else [])
            i += start.width
            continue
        divider = _divider(lines, i, today, order)
        if divider is not None:
            close()
            current, day = None, divider
        elif current is not None and _TIME_ONLY.match(stripped):
            close()
            time = _TIME_ONLY.match(stripped)
            assert time is not None
            current = _Open(current.author, time.group("time"), current.date, i + 1)
        elif current is not None and not _NOISE.match(stripped):
            current.lines.append(lines[i].rstrip())
        i += 1
    close()
    return notes, problems[:1]
