"""Quoted history: splitting a mail body into the message's own words and the older messages below.

A reply carries what came before it: ``>``-quoted lines, an ``On … wrote:``
attribution, an Outlook ``-----Original Message-----`` or ``From: … Sent: …``
block, a ``____`` separator, a Gmail ``---------- Forwarded message ---------``
or a Lotus Notes ``---- Forwarded by …`` banner. :func:`split_thread` returns
the message's own text first, then every older message it found, each with
the header fields written above it, so that each message counts once: a reader
of ``.eml`` files keeps only forwarded ones (replies' history is in the
mailbox already), a reader of pasted threads keeps them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.intake.textdates import parse_mail_date

How = Literal["top", "reply", "forward"]


@dataclass(frozen=True)
class Line:
    number: int | None  # line in the file, where the body's lines map onto the file's
    text: str


@dataclass(frozen=True)
class Part:
    """One message's share of a body: the fields written above it and its own text."""

    how: How
    fields: tuple[tuple[str, str], ...]  # ("from", "Dana <d@x.com>"), ("date", …), …
    text: str
    line: int | None  # where the part starts (its separator, header block or attribution)

    def field(self, key: str) -> str | None:
        return next((value for name, value in self.fields if name == key), None)


# Header names mail clients print above quoted or forwarded messages, by language.
FIELD_NAMES = {
    "from": "from", "von": "from", "de": "from", "van": "from", "da": "from",
    "sent": "date", "date": "date", "gesendet": "date", "envoyé": "date", "enviado": "date",
    "datum": "date", "verzonden": "date", "fecha": "date", "data": "date", "inviato": "date",
    "to": "to", "an": "to", "à": "to", "para": "to", "aan": "to", "a": "to",
    "cc": "cc", "bcc": "bcc", "kopie": "cc",
    "subject": "subject", "betreff": "subject", "objet": "subject", "asunto": "subject",
    "onderwerp": "subject", "oggetto": "subject", "sujet": "subject",
    "reply-to": "reply-to", "importance": "importance", "attachments": "attachments",
}  # fmt: skip
_FIELD = re.compile(r"^\s*[*_]{0,2}(?P<key>[^\W\d_][\w-]{0,11})[*_]{0,2}\s*:[*_]{0,2}[ \t]*(?P<value>.*)$")
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(original message|original-nachricht|ursprüngliche nachricht|message d'origine"
    r"|mensaje original|oorspronkelijk bericht|messaggio originale)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_FORWARDED = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado"
    r"|doorgestuurd bericht|messaggio inoltrato)\s*-{2,}|begin forwarded message:|-{2,} ?forwarded by .*)\s*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")
_ON_WROTE = re.compile(
    r"^\s*(on|am|le|el|op|il|em)\s.{4,}\b(wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu)\s*:\s*$",
    re.IGNORECASE,
)
_LOTUS_FROM = re.compile(r"^(?P<name>[^<>:]{2,80}?)\s*(?:<(?P<addr>[^<>\s]+@[^<>\s]+)>)?\s+on\s+(?P<date>\d.{5,40})$")
_SIGNOFF = re.compile(
    r"^\s*(sent from my \w+.*|get outlook for \w+.*|sent from (mail|yahoo mail) for .*|sent via .{1,40})\s*$",
    re.IGNORECASE,
)
_MAX_CHECKED = 1000  # longer lines are content, never separators


def _quoted(text: str) -> bool:
    return text.lstrip().startswith(">")


def _unquote(line: Line) -> Line:
    return Line(line.number, re.sub(r"^\s*> ?", "", line.text, count=1))


def _field(text: str) -> tuple[str, str] | None:
    if len(text) > _MAX_CHECKED:
        return None
    match = _FIELD.match(text)
    if match is None:
        return None
    name = FIELD_NAMES.get(match.group("key").lower())
    return (name, match.group("value").strip()) if name else None


def read_fields(lines: list[Line], start: int) -> tuple[list[tuple[str, str]], int]:
    """The ``Key: value`` header lines from ``start`` (after at most two blank lines).

    Returns the fields and the index of the first line after them.
    """
    i = start
    while i < len(lines) and i - start < 2 and not lines[i].text.strip():
        i += 1
    fields: list[tuple[str, str]] = []
    while i < len(lines):
        text = lines[i].text
        found = _field(text)
        if found:
            fields.append(found)
        elif fields and text[:1] in (" ", "\t") and text.strip() and fields[-1][0] in ("to", "cc", "bcc"):
            fields[-1] = (fields[-1][0], f"{fields[-1][1]} {text.strip()}")
        else:
            break
        i += 1
    return fields, i


def is_header_block(lines: list[Line], i: int, at_start: bool = False) -> bool:
    """A block of mail header lines starts at ``i``: ``From``, ``Subject`` and a date or ``To``.

    Every mail client writes a Subject line above quoted and forwarded mail; a
    remittance pasted into a body ("From: Acme / Date: … / Amount: …") has none.
    At the start of a paste, ``From`` and any two of date/to/subject/cc will do.
    """
    first = _field(lines[i].text)
    if first is None or first[0] not in ("from", "date", "to", "subject"):
        return False
    fields, _ = read_fields(lines, i)
    names = {name for name, _ in fields}
    if at_start:
        return "from" in names and len(names & {"date", "to", "subject", "cc"}) >= 2
    return {"from", "subject"} <= names and bool(names & {"date", "to"})


def _lotus_block(lines: list[Line], i: int) -> tuple[list[tuple[str, str]], int] | None:
    """A Lotus Notes header: ``Name <addr> on DATE`` or ``Name`` / ``DATE``, then ``To:`` lines."""
    if i > 0 and lines[i - 1].text.strip():
        return None
    text = lines[i].text.strip()
    if not text or len(text) > 200 or _field(text):
        return None
    match = _LOTUS_FROM.match(text)
    if match:
        sender = f"{match.group('name')} <{match.group('addr')}>" if match.group("addr") else match.group("name")
        head, after = [("from", sender), ("date", match.group("date"))], i + 1
    elif i + 1 < len(lines) and ":" not in text and parse_mail_date(lines[i + 1].text.strip()) is not None:
        head, after = [("from", text), ("date", lines[i + 1].text.strip())], i + 2
    else:
        return None
    if after >= len(lines) or (_field(lines[after].text) or ("", ""))[0] != "to":
        return None
    fields, end = read_fields(lines, after)
    return head + fields, end


def _attribution(lines: list[Line], i: int) -> tuple[str, int] | None:
    """An ``On <date>, <name> wrote:`` line (perhaps wrapped over three lines): its text and end."""
    if len(lines[i].text) > _MAX_CHECKED or not lines[i].text.strip():
        return None
    joined = ""
    for k in range(i, min(i + 3, len(lines))):
        piece = lines[k].text.strip()
        if not piece or _quoted(piece):
            return None
        joined = f"{joined} {piece}".strip()
        if _ON_WROTE.match(joined):
            return joined, k + 1
        if joined.endswith(":"):
            starts_like_one = re.search(r"\d|@", lines[i].text) is not None
            return (joined, k + 1) if starts_like_one and _generic_attribution(joined, lines, k + 1) else None
    return None


def _generic_attribution(joined: str, lines: list[Line], after: int) -> bool:
    """A line ending in ':' that names a date or address and is followed by quoted lines."""
    if len(joined) > 300 or not re.search(r"\d|@", joined):
        return False
    nxt = _next_nonblank(lines, after)
    return nxt is not None and _quoted(lines[nxt].text)


def _next_nonblank(lines: list[Line], i: int) -> int | None:
    while i < len(lines):
        if lines[i].text.strip():
            return i
        i += 1
    return None


def attribution_fields(text: str) -> list[tuple[str, str]]:
    """Sender and date out of ``On Tue, Apr 14, 2026 at 9:12 AM, Dana <d@x.com> wrote:``."""
    body = re.sub(r"^\s*(on|am|le|el|op|il|em)\s+", "", text, flags=re.IGNORECASE)
    body = re.sub(r"\s*\S+\s*:\s*$", "", body)  # "wrote:"
    body = re.sub(r"\s+(a|ha)$", "", body)  # "a écrit", "ha scritto"
    tokens = body.split()
    for cut in range(min(len(tokens) - 1, 12), 0, -1):
        date, who = " ".join(tokens[:cut]).rstrip(","), " ".join(tokens[cut:]).strip(" ,")
        if who and parse_mail_date(date) is not None:
            return [("from", who), ("date", date)]
    return [("from", body.strip())] if body.strip() else []


@dataclass(frozen=True)
class _Boundary:
    how: How
    fields: list[tuple[str, str]]
    line: int | None
    next: int


def _boundary(lines: list[Line], i: int) -> _Boundary | None:
    """Where an older message starts at line ``i``, if it does."""
    text = lines[i].text
    if len(text) > _MAX_CHECKED or not text.strip():
        return None
    number = lines[i].number
    if _ORIGINAL.match(text):
        fields, end = read_fields(lines, i + 1)
        return _Boundary("reply", fields, number, end)
    if _FORWARDED.match(text):
        start = i + 1
        lotus_banner = re.search(r"forwarded by", text, re.IGNORECASE) and not text.rstrip().endswith("-")
        if lotus_banner and start < len(lines) and lines[start].text.rstrip().endswith("---"):
            start += 1  # the banner wrapped onto a second line
        fields, end = read_fields(lines, start)
        if not fields:
            nxt = _next_nonblank(lines, start)
            lotus = _lotus_block(lines, nxt) if nxt is not None else None
            if lotus:
                fields, end = lotus
        return _Boundary("forward", fields, number, end)
    if _UNDERSCORES.match(text):
        nxt = _next_nonblank(lines, i + 1)
        if nxt is not None and nxt - i <= 2 and is_header_block(lines, nxt):
            fields, end = read_fields(lines, nxt)
            return _Boundary("reply", fields, number, end)
        return None
    if is_header_block(lines, i):
        fields, end = read_fields(lines, i)
        return _Boundary("reply", fields, number, end)
    lotus = _lotus_block(lines, i)
    if lotus:
        return _Boundary("reply", lotus[0], number, lotus[1])
    return None


def clean_text(lines: list[Line]) -> str:
    """Own text: signature (after ``-- ``) and "Sent from my phone" lines dropped, blank runs collapsed."""
    kept: list[str] = []
    for line in lines:
        text = line.text.rstrip()
        if text in ("--", "-- "):
            break
        if _SIGNOFF.match(text):
            continue
        kept.append(text)
    joined = "\n".join(kept).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", joined)


def split_thread(
    lines: list[Line],
    fields: tuple[tuple[str, str], ...] = (),
    line: int | None = None,
    forwarded: bool = False,
    how: How = "top",
    depth: int = 0,
) -> list[Part]:
    """The message's own text, then each older message found below it, in body order.

    ``forwarded`` says the message is a forward (an "FW:" subject), so its first
    embedded message is forwarded content rather than reply history.
    Everything found under a forward counts as forwarded.
    """
    parts: list[Part] = []
    own: list[Line] = []

    def close_part() -> None:
        text = clean_text(own)
        if how == "top" or fields or text:
            parts.append(Part(how, fields, text, line))

    def next_part(found: How, head: tuple[tuple[str, str], ...], where: int | None) -> None:
        nonlocal how, fields, line, own
        close_part()
        under_forward = how == "forward" or (how == "top" and forwarded)
        how = "forward" if under_forward or found == "forward" else "reply"
        fields, line, own = head, where, []

    i = 0
    while i < len(lines):
        boundary = _boundary(lines, i)
        if boundary is not None:
            next_part(boundary.how, tuple(boundary.fields), boundary.line)
            i = boundary.next
            continue
        attribution = _attribution(lines, i)
        if attribution is not None:
            said, after = attribution
            nxt = _next_nonblank(lines, after)
            if nxt is None or not _quoted(lines[nxt].text):
                next_part("reply", tuple(attribution_fields(said)), lines[i].number)
            i = after  # a quoted block below is handled next
            continue
        if _quoted(lines[i].text):
            end = i
            while end < len(lines) and (_quoted(lines[end].text) or not lines[end].text.strip()):
                end += 1
            if _next_nonblank(lines, end) is None and depth < 20:
                block = [_unquote(q) for q in lines[i:end]]
                above = _attribution_before(lines, i)
                start = _next_nonblank(block, 0)
                if above is not None or (start is not None and _boundary(block, start) is not None):
                    head = tuple(attribution_fields(above[0])) if above else ()
                    where = above[1] if above else lines[i].number
                    next_part("reply", (), None)
                    parts += split_thread(block, head, where, False, how, depth + 1)
                    return parts
            i = end
            continue
        own.append(lines[i])
        i += 1
    close_part()
    return parts


def _attribution_before(lines: list[Line], quote_start: int) -> tuple[str, int | None] | None:
    """The attribution just above a quoted block (skipping blank lines), with its line number."""
    for back in range(1, 5):
        k = quote_start - back
        if k < 0:
            return None
        if not lines[k].text.strip():
            continue
        for first in range(max(0, k - 2), k + 1):
            found = _attribution(lines, first)
            if found and found[1] == k + 1:
                return found[0], lines[first].number
        return None
    return None


def body_lines(text: str, first_line: int | None = None) -> list[Line]:
    """A body's lines, numbered from ``first_line`` when the body sits verbatim in the file."""
    return [
        Line(None if first_line is None else first_line + k, piece)
        for k, piece in enumerate(text.split("\n"))
    ]
