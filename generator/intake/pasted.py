"""Email pasted into ``.txt``/``.md``: Gmail and Outlook header blocks, one message or a whole thread.

A paste starts with a header block, Gmail's::

    From: Dana Whitfield <dana@acme.com>
    Date: Tue, Apr 14, 2026 at 9:12 AM
    Subject: INV-1042
    To: ar@example.com

or Outlook's (``From``/``Sent``/``To``/``Cc``/``Subject``). More messages may
follow, each under its own header block, or as the quoted history of a thread
(``On … wrote:``, ``-----Original Message-----``). Each becomes one message
with the line it starts on; pasted messages have no Message-ID.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.intake import automated
from generator.intake.addresses import parse_addresses, parse_person
from generator.intake.model import Message
from generator.intake.quoting import Part, body_lines, is_header_block, read_fields, split_thread
from generator.intake.textdates import infer_order, parse_mail_date, parse_written
from generator.manifest import DateOrder, Manifest
from generator.problems import Problem, Source, warning

MAX_BODY_CHARS = 200_000


def header_block_at_start(text: str) -> bool:
    """The text opens (after blank lines) with a pasted mail header block."""
    lines = body_lines(text[:20_000])
    start = next((k for k, line in enumerate(lines) if line.text.strip()), None)
    if start is None or not is_header_block(lines, start, at_start=True):
        return False
    fields = dict(read_fields(lines, start)[0])
    # A memo headed "From: Dana / Date: April 24, 2026 / Re: …" is a note; mail names an address or a send time.
    return "@" in fields.get("from", "") or re.search(r"\d:\d\d", fields.get("date", "")) is not None


def clip(body: str, source: Source, problems: list[Problem], cut: bool = False) -> str:
    """The body, cut to a length analysis can read; a warning when it is (or was already) cut."""
    if len(body) <= MAX_BODY_CHARS and not cut:
        return body
    problems.append(
        warning(
            source,
            f"this message is very long; only its first {MAX_BODY_CHARS:,} characters were read",
        )
    )
    return body[:MAX_BODY_CHARS]


MAIL_YEARS = (1970, 2200)


class Dates:
    """Reads a file's pasted dates with one day/month order, noting those it cannot settle."""

    def __init__(self, order: DateOrder | None, samples: list[str]) -> None:
        self.order = order or infer_order(samples)
        self.ambiguous: list[tuple[str, Source]] = []
        self.unreadable: list[tuple[str, Source]] = []

    def read(self, value: str | None, source: Source) -> dt.datetime | None:
        if not value or not value.strip():
            return None
        parsed = parse_mail_date(value, self.order)
        if parsed is not None and not MAIL_YEARS[0] <= parsed.year <= MAIL_YEARS[1]:
            parsed = None  # e.g. year 9999: no mail was sent then, and time-zone arithmetic would overflow
            self.unreadable.append((value.strip()[:80], source))
        elif parsed is None:
            written = parse_written(value, self.order)
            if written is not None and written.ambiguous:
                self.ambiguous.append((value.strip(), source))
            else:
                self.unreadable.append((value.strip()[:80], source))
        return parsed

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.ambiguous:
            value, source = self.ambiguous[0]
            found.append(
                warning(
                    source,
                    f"the date '{value}' can be read day-first or month-first and nothing in the file "
                    "settles which; add 'date_order: MDY' (or DMY) to handoff.yaml",
                )
            )
        for value, source in self.unreadable[:5]:
            found.append(
                warning(source, f"could not read the date '{value}'; this message is kept without a date")
            )
        return found


def message_from_part(
    part: Part,
    rel: str,
    dates: Dates,
    problems: list[Problem],
    line: int | None = None,
) -> Message:
    """A message from the header fields and own text a body split found."""
    source = Source(path=rel, line=part.line if part.line is not None else line)
    sender, name = parse_person(part.field("from") or "")
    subject = re.sub(r"\s+", " ", part.field("subject") or "").strip()
    body = clip(part.text, source, problems)
    kind = automated.classify(subject, sender, body)
    bounced = automated.bounced_recipients(body, exclude=(sender or "",)) if kind == "bounce" else ()
    return Message(
        date=dates.read(part.field("date"), source),
        sender=sender,
        sender_name=name,
        to=parse_addresses(part.field("to") or ""),
        cc=parse_addresses(part.field("cc") or ""),
        subject=subject,
        body=body,
        kind=kind,
        bounced_recipients=bounced,
        source=source,
    )


def read_pasted(text: str, rel: str, manifest: Manifest) -> tuple[list[Message], list[Problem]]:
    """Every message in a paste, in the order they appear."""
    problems: list[Problem] = []
    lines = body_lines(text, 1)
    start = next((k for k, line in enumerate(lines) if line.text.strip()), None)
    if start is None:
        return [], [warning(Source(path=rel), "the file is empty; no messages were read")]
    parts: list[Part]
    if is_header_block(lines, start, at_start=True):
        fields, body_start = read_fields(lines, start)
        parts = split_thread(lines[body_start:], tuple(fields), lines[start].number)
    else:
        problems.append(
            warning(
                Source(path=rel, line=start + 1),
                "this text has no email header block (From:, Date:/Sent:, Subject:) at its start; "
                "it was read as one message from an unknown sender",
            )
        )
        parts = split_thread(lines[start:], (), lines[start].number)
    dates = Dates(manifest.date_order, [p.field("date") or "" for p in parts])
    messages = [message_from_part(p, rel, dates, problems) for p in parts if p.fields or p.text]
    return messages, problems + dates.problems()
