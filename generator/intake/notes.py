"""Internal notes: Markdown and plain-text memos, and Slack copy-paste.

A memo gives one note per paragraph, list item or table row, each with the
line it starts on; headings are kept as the notes' context ("Holds /
Globex"), not as notes. A byline near the top ("Renata Alvarez, Controller —
April 24, 2026", or memo ``From:``/``Date:`` lines) gives the memo's author
and date; a note that opens with a date ("4/14: called AP …") or sits under
a dated heading carries that date. Notes are internal: never customer-facing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.intake import slack
from generator.intake.model import FileReading, Note, SourceFile
from generator.intake.textdates import infer_order, parse_written, resolve_day
from generator.manifest import DateOrder, Manifest
from generator.problems import Problem, Source, warning

_ATX = re.compile(r"^\s{0,3}(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MEMO_FIELD = re.compile(r"^\s*\**(?P<key>from|to|cc|date|re|subject)\**\s*:\**\s*(?P<value>.+)$", re.IGNORECASE)
_LEADING_DATE = re.compile(
    r"^\s*\**(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r"|(?:[A-Za-z]{3,9},?\s+)?[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)\**\s*[:\-–—]\s+"
)
_BYLINE = re.compile(r"^(?P<who>[^—–|]{2,80}?)\s+[—–|-]{1,2}\s+(?P<date>[^—–|]{4,40})$")


@dataclass
class _Block:
    kind: str  # "paragraph", "item", "row", "code"
    line: int
    lines: list[str] = field(default_factory=list)
    context: str | None = None
    section_date: dt.date | None = None

    def text(self) -> str:
        if self.kind == "code":
            return "\n".join(self.lines).strip("\n")
        return re.sub(r"\s+", " ", " ".join(piece.strip() for piece in self.lines)).strip()


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _blocks(lines: list[str], today: dt.date, order: DateOrder | None) -> list[_Block]:
    """Paragraphs, list items, table rows and code blocks with their first line and headings."""
    blocks: list[_Block] = []
    headings: list[tuple[int, str]] = []
    section_date: dt.date | None = None
    current: _Block | None = None
    table_header: list[str] | None = None
    fence: str | None = None

    def context() -> str | None:
        return " / ".join(text for _, text in headings) or None

    def close() -> None:
        nonlocal current
        if current is not None and current.text():
            blocks.append(current)
        current = None

    def heading(level: int, text: str) -> None:
        nonlocal headings, section_date
        close()
        headings = [h for h in headings if h[0] < level] + [(level, text)]
        day = resolve_day(text, today, order)
        section_date = day if day is not None else (section_date if level > 1 else None)

    for number, line in enumerate(lines, start=1):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                close()
            elif current is not None:
                current.lines.append(line)
            continue
        fenced = _FENCE.match(line)
        if fenced:
            close()
            fence = fenced.group(1)
            current = _Block("code", number + 1, [], context(), section_date)
            continue
        if not line.strip():
            close()
            table_header = None
            continue
        atx = _ATX.match(line)
        if atx:
            heading(len(atx.group("level")), atx.group("text"))
            continue
        if (
            _SETEXT.match(line)
            and current is not None
            and current.kind == "paragraph"
            and len(current.lines) == 1
        ):
            title, current = current.lines[0].strip(), None
            heading(1 if line.strip().startswith("=") else 2, title)
            continue
        if _RULE.match(line):
            close()
            continue
        if _TABLE_ROW.match(line):
            if current is None or current.kind != "row":
                close()
            if _TABLE_RULE.match(line):
                continue
            cells = _cells(line)
            if table_header is None:
                table_header = cells
                continue
            labelled = (
                [f"{h}: {c}" for h, c in zip(table_header, cells, strict=True) if c]
                if len(cells) == len(table_header)
                else [c for c in cells if c]
            )
            close()
            current = _Block("row", number, [" | ".join(labelled)], context(), section_date)
            close()
            continue
        item = _ITEM.match(line)
        if item:
            close()
            current = _Block("item", number, [item.group("text")], context(), section_date)
            continue
        text = re.sub(r"^\s*>\s?", "", line)
        if current is not None and current.kind == "paragraph" and _LEADING_DATE.match(text):
            close()  # a log line "4/21 - …" starts an entry of its own
        if current is None:
            current = _Block("paragraph", number, [], context(), section_date)
        current.lines.append(text)
    close()
    return blocks


@dataclass(frozen=True)
class _Byline:
    author: str | None = None
    date: dt.date | None = None
    subject: str | None = None


def _byline(blocks: list[_Block], today: dt.date, order: DateOrder | None) -> tuple[_Byline, list[_Block]]:
    """A memo's author and date from a byline or From:/Date: lines among its first blocks."""
    for index, block in enumerate(blocks[:3]):
        if block.kind != "paragraph":
            continue
        fields = [_MEMO_FIELD.match(piece) for piece in block.lines]
        if all(fields) and len(fields) >= 2:
            values = {m.group("key").lower(): m.group("value").strip() for m in fields if m}
            written = parse_written(values.get("date", ""), order, default_year=today.year)
            author = values.get("from")
            subject = values.get("re") or values.get("subject")
            byline = _Byline(author, written.date if written and not written.ambiguous else None, subject)
            return byline, blocks[:index] + blocks[index + 1 :]
        if len(block.lines) == 1:
            match = _BYLINE.match(block.lines[0].strip())
            if match:
                written = parse_written(match.group("date"), order, default_year=today.year)
                if written is not None and not written.ambiguous:
                    author = match.group("who").split(",")[0].strip()
                    return _Byline(author, written.date), blocks[:index] + blocks[index + 1 :]
    return _Byline(), blocks


def _leading_date(text: str, today: dt.date, order: DateOrder | None) -> tuple[dt.date | None, bool]:
    """The date a note opens with ("4/14: …", "Apr 14 - …"), and whether it was ambiguous."""
    match = _LEADING_DATE.match(text)
    if match is None:
        return None, False
    written = parse_written(match.group("date"), order, default_year=today.year)
    if written is None:
        return None, False
    if written.ambiguous:
        return None, True
    return resolve_day(match.group("date"), today, order) or written.date, False


def read_memo(text: str, rel: str, manifest: Manifest) -> tuple[list[Note], list[Problem], str]:
    """Notes of a memo, its problems and a description like "memo, 4 paragraphs"."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((k for k in range(1, min(len(lines), 60)) if lines[k].strip() in ("---", "...")), None)
        if end is not None:
            lines = [""] * (end + 1) + lines[end + 1 :]
    today = manifest.as_of
    order = manifest.date_order or infer_order(
        m.group("date") for line in lines if (m := _LEADING_DATE.match(_ITEM.sub(r"\g<text>", line)))
    )
    blocks = _blocks(lines, today, order)
    byline, blocks = _byline(blocks, today, order)
    notes: list[Note] = []
    problems: list[Problem] = []
    for block in blocks:
        body = block.text()
        date, ambiguous = _leading_date(body, today, order)
        if ambiguous and not problems:
            problems.append(
                warning(
                    Source(path=rel, line=block.line),
                    "dates like this one can be read day-first or month-first and nothing in the file "
                    "settles which; add 'date_order: MDY' (or DMY) to handoff.yaml",
                )
            )
        context = block.context or byline.subject
        notes.append(
            Note(
                author=byline.author,
                date=date or block.section_date or byline.date,
                text=body,
                context=context,
                source=Source(path=rel, line=block.line),
            )
        )
    return notes, problems, _description(blocks)


def _description(blocks: list[_Block]) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"

    paragraphs = sum(1 for b in blocks if b.kind in ("paragraph", "code"))
    items = sum(1 for b in blocks if b.kind == "item")
    rows = sum(1 for b in blocks if b.kind == "row")
    parts = [count(paragraphs, "paragraph")] if paragraphs or not (items or rows) else []
    if items:
        parts.append(count(items, "list item"))
    if rows:
        parts.append(count(rows, "table row"))
    return "memo, " + (" and ".join(parts) if len(parts) <= 2 else f"{parts[0]}, {parts[1]} and {parts[2]}")


def read_notes(text: str, rel: str, manifest: Manifest) -> FileReading:
    """Every note in a memo or a Slack paste."""
    if not text.strip():
        return FileReading(
            file=SourceFile(path=rel, kind="unused", description="empty file"),
            problems=(warning(Source(path=rel), "the file is empty; no notes were read"),),
        )
    if slack.is_slack(text):
        notes, problems = slack.read_slack(text, rel, manifest.as_of, manifest.date_order)
        count = len(notes)
        description = f"Slack conversation, {count} message{'s' if count != 1 else ''}"
    else:
        notes, problems, description = read_memo(text, rel, manifest)
    if not notes:
        return FileReading(
            file=SourceFile(path=rel, kind="unused", description="no notes found"),
            problems=(*problems, warning(Source(path=rel), "no text was found in this file")),
        )
    return FileReading(
        file=SourceFile(path=rel, kind="notes", description=description),
        notes=tuple(notes),
        problems=tuple(problems),
    )
