"""What each row of a report is: a detail line, a group heading, a subtotal, a total, or noise.

Accounting reports are not plain tables. Around the detail lines sit title
blocks, section headings (a customer, or a bucket such as ``91 or more days past
due (3)``), subtotals (``Total for …``, ``Total Acme``, ``Total - Acme``), a grand
total, headers repeated on every printed page and footers. :func:`walk` tells them
apart so that only detail lines become facts and a subtotal is never counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.intake.columns import BUCKET, Columns, cell_text, is_header_again
from generator.intake.sheets import Sheet

TOTAL = re.compile(r"^(?:grand\s+|sub-?\s*|report\s+)?totals?\b|\btotals?$", re.I)
GRAND = frozenset({
    "total", "totals", "grand total", "report total", "total ar", "total a r", "total receivables",
    "total accounts receivable", "total open balance", "total amount",
})
_SECTION_COUNT = re.compile(r"\s*\(\d+\)$")
_SUBTOTAL = re.compile(r"^sub-? ?totals?\b[\s:-]*(?:for\s+)?(.*)$")
_TOTAL_OF = re.compile(r"^total\s*(?:for\s+|-\s+|:\s*)(.*)$")


@dataclass(frozen=True)
class Table:
    """A table located in a file: its sheet, header row, columns and the title lines above them."""

    sheet: Sheet
    header: int
    columns: Columns
    title: tuple[str, ...]

    @property
    def title_text(self) -> str:
        return " ".join(self.title)


@dataclass(frozen=True, slots=True)
class Detail:
    """A detail row: its index in the sheet and the headings it sits under."""

    index: int
    group: str | None  # the customer heading(s) above it, joined like QuickBooks' "Customer:Job"
    section: str | None  # the bucket heading above it, as written


@dataclass(frozen=True, slots=True)
class TotalRow:
    index: int
    label: str
    grand: bool


@dataclass
class Layout:
    """The rows of one report, sorted by what they are."""

    details: list[Detail] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    groups: int = 0
    sections: list[str] = field(default_factory=list)
    repeated_headers: int = 0

    @property
    def grand_total(self) -> TotalRow | None:
        return next((t for t in self.totals if t.grand), None)


def _subtotal_of(label: str, known: set[str]) -> str | None:
    """The heading a subtotal label closes ("" for a plain "Subtotal"); None when it is no subtotal.

    ``Total for X``, ``Total - X``, ``X Total`` and ``Subtotal`` always are; ``Total X``
    only when X is a heading or customer already seen, so that a customer called
    "Total Wine & More" stays a customer.
    """
    folded = " ".join(label.casefold().split())
    if match := _SUBTOTAL.match(folded):
        return match.group(1)
    if match := _TOTAL_OF.match(folded):
        return match.group(1)
    if folded.endswith(" total"):
        return folded.removesuffix(" total").strip()
    if folded.startswith("total ") and folded.removeprefix("total ") in known:
        return folded.removeprefix("total ")
    return None


def is_grand(label: str) -> bool:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", label.casefold()).split()) in GRAND


def walk(sheet: Sheet, header: int, columns: Columns, title: frozenset[str], marks: list[int]) -> Layout:
    """Sort the rows below the header.

    ``marks`` are the columns whose content makes a detail row (amounts, an
    email address); an invoice number does too, until the grand total is passed.
    """
    layout = Layout()
    number = columns.get("number")
    number_header = columns.headers[number] if number is not None else None
    customer = columns.get("customer")
    known: set[str] = set()  # customer names and headings seen so far, folded
    stack: list[tuple[int, str]] = []  # (column, heading) of the customer headings in force
    group: str | None = None
    section: str | None = None
    rows = sheet.rows
    for index in range(header + 1, len(rows)):
        cells = rows[index]
        width = len(cells)
        num = cell_text(cells[number]) if number is not None and number < width else ""
        has_marks = any(c < width and cells[c] != "" and cell_text(cells[c]) for c in marks)
        if num and has_marks and num != number_header and not TOTAL.search(num):
            if customer is not None and customer < width:
                known.add(cell_text(cells[customer]).casefold())
            layout.details.append(Detail(index, group, section))  # the common case, decided quickly
            continue
        label_column, label = -1, ""
        for column, value in enumerate(cells):
            if isinstance(value, str) and value.strip():
                label_column, label = column, value.strip()
                break
        if label and TOTAL.search(label):
            grand = is_grand(label)
            name = None if grand else _subtotal_of(label, known)
            if grand or (name is not None and has_marks):
                layout.totals.append(TotalRow(index, label, grand))
                if section and name == _SECTION_COUNT.sub("", section).casefold():
                    section = None
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][1].casefold() == name:
                        del stack[depth:]
                        group = ":".join(h for _, h in stack) if stack else None
                        break
                continue
        if is_header_again(cells, columns):
            layout.repeated_headers += 1
            continue
        filled = sum(1 for value in cells if value != "" and cell_text(value))
        # an invoice number without amounts still makes a row, unless it is a lone line or past the grand total
        if has_marks or (num and filled > 1 and layout.grand_total is None):
            if customer is not None and customer < width:
                known.add(cell_text(cells[customer]).casefold())
            layout.details.append(Detail(index, group, section))
            continue
        if filled != 1 or not label or label in title:
            continue  # notes, memo lines, repeated titles and footers carry no facts
        if BUCKET.match(label):
            section = label
            layout.sections.append(label)
            known.add(_SECTION_COUNT.sub("", label).casefold())
            continue
        while stack and stack[-1][0] >= label_column:
            stack.pop()
        stack.append((label_column, label))
        group = ":".join(h for _, h in stack)
        known.add(label.casefold())
        layout.groups += 1
    return layout
