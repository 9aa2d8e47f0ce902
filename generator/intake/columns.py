"""Column headers and what they mean, whatever the accounting system calls them.

``Num``, ``No.``, ``Document Number`` and ``invoiceNumber`` all hold the invoice
number; ``Open Balance``, ``Amount Due`` and ``Amount Remaining`` what is still
owed. Each field lists its names best first: where a table has two columns for
one field (``Customer`` and ``Name``), the better name wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from generator.intake.sheets import Cell

Field = Literal[
    "number", "customer", "type", "invoice_date", "due_date", "open", "amount", "row_total",
    "po", "terms", "email", "contact", "currency", "age", "status", "settled_date",
]

SYNONYMS: dict[Field, tuple[str, ...]] = {
    "number": (
        "invoice number", "invoice no", "invoice num", "inv number", "inv no", "num", "no", "number",
        "document number", "doc number", "document no", "doc no", "transaction number", "txn number",
        "ref number", "reference number", "ref no", "invoice id", "bill number", "invoice", "reference",
    ),
    "customer": (
        "customer", "customer name", "customer full name", "client", "client name", "customer job",
        "customer display name", "display name", "contact", "company", "company name", "account name",
        "bill to", "billing name", "name", "account", "customer id", "customer number", "customer no",
        "client id", "account number",
    ),
    "type": ("transaction type", "type", "txn type", "document type", "doc type", "trans type"),
    "invoice_date": (
        "invoice date", "date", "txn date", "transaction date", "document date", "doc date", "issue date",
        "inv date", "trans date", "bill date", "date issued", "invoice dt",
    ),
    "due_date": (
        "due date", "date due", "payment due date", "payment due", "due on", "due date receive by",
        "due by", "net due date", "due dt",
    ),
    "open": (
        "open balance", "open bal", "amount due", "balance due", "amount remaining", "open amount",
        "balance", "outstanding", "outstanding balance", "amount outstanding", "outstanding amount",
        "remaining balance", "remaining amount", "remaining", "unpaid amount", "unpaid balance",
        "amount open", "open balance foreign currency", "amount remaining foreign currency",
        "foreign amount remaining", "due amount", "amount unpaid", "due",  # Xero: "Total, Paid, Credited, Due"
    ),
    "amount": (
        "original amount", "orig amount", "invoice amount", "amount", "total amount", "invoice total",
        "gross amount", "amount total", "original", "original balance", "inv amount",
        "amount foreign currency", "foreign amount", "invoice value",
    ),
    "row_total": ("total",),
    "po": (
        "p o number", "po number", "po", "po no", "p o no", "p o", "purchase order", "purchase order number",
        "customer po", "customer po number", "po check number", "client po", "invoice reference",
    ),
    "terms": ("terms", "payment terms", "term"),
    "email": (
        "email", "e mail", "main email", "email address", "e mail address", "customer email", "bill email",
        "billing email", "contact email", "primary email", "email to", "emails", "invoice email",
    ),
    "contact": ("full name", "contact name", "contact person", "primary contact", "attention", "attn"),
    "currency": ("currency", "currency code", "curr", "ccy", "cur"),
    "age": (
        "age", "aging", "past due", "days past due", "days overdue", "days late", "days outstanding",
        "age days", "overdue days",
    ),
    "status": ("status", "invoice status", "payment status"),
    "settled_date": ("settled date", "paid date", "date paid", "payment date", "closed date"),
}
_RANK: dict[str, tuple[Field, int]] = {
    name: (fld, rank) for fld, names in SYNONYMS.items() for rank, name in enumerate(names)
}

BUCKET = re.compile(
    r"""^(?:current|not\s+(?:yet\s+)?due
        |\d+\s*(?:-|–|to)\s*\d+(?:\s*days?)?(?:\s*past\s*due|\s*overdue)?
        |(?:>|over|more\s+than)\s*\d+(?:\s*days?)?(?:\s*past\s*due|\s*overdue)?
        |\d+\s*(?:\+|or\s+more|and\s+over|and\s+older)(?:\s*days?)?(?:\s*past\s*due|\s*overdue)?
        |<\s*1\s*months?|\d+\s*months?|older
       )(?:\s*\(\d+\))?$""",
    re.I | re.X,
)
"""An aging bucket: a column header (``1 - 30``, ``< 1 Month``) or a section (``91 or more days past due (3)``)."""

MONEY_FIELDS: tuple[Field, ...] = ("open", "amount", "row_total")
DATE_FIELDS: tuple[Field, ...] = ("invoice_date", "due_date")


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """A header reduced to lower-case words: ``P. O. #`` → ``p o number``, ``DueDate`` → ``due date``."""
    text = _CAMEL.sub(" ", text.strip()).replace("#", " number ")
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO form."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


@dataclass(frozen=True)
class Columns:
    """What the columns of one header row mean."""

    headers: tuple[str, ...]  # the header cells as written
    fields: dict[Field, int] = field(default_factory=dict)  # field → column index
    buckets: tuple[int, ...] = ()  # aging bucket columns, in order
    keys: tuple[str, ...] = ()  # header_key of each header cell

    def get(self, name: Field) -> int | None:
        return self.fields.get(name)

    def has(self, name: Field) -> bool:
        return name in self.fields

    def name(self, column: int) -> str:
        return self.headers[column] if column < len(self.headers) else f"column {column + 1}"

    @property
    def found(self) -> list[str]:
        """The named columns, as written."""
        return [h for h in self.headers if h]

    @property
    def leading_unnamed(self) -> int:
        """How many columns before the first named one (QuickBooks Desktop puts group labels there)."""
        for index, header in enumerate(self.headers):
            if header:
                return index
        return len(self.headers)

    @property
    def score(self) -> int:
        return len(self.fields) + (1 if self.buckets else 0)

    @property
    def money(self) -> list[int]:
        """Columns holding amounts: open, original, row total and buckets."""
        return [self.fields[f] for f in MONEY_FIELDS if f in self.fields] + list(self.buckets)

    @property
    def open_column(self) -> int | None:
        """The column that says what is still owed on a row, if one does."""
        if "open" in self.fields:
            return self.fields["open"]
        if self.buckets and "row_total" in self.fields:
            return self.fields["row_total"]
        return None

    @property
    def amount_column(self) -> int | None:
        """The original amount's column; a lone ``Total`` column is one where there are no buckets."""
        if "amount" in self.fields:
            return self.fields["amount"]
        if not self.buckets and "row_total" in self.fields:
            return self.fields["row_total"]
        return None


def map_header(cells: list[Cell]) -> Columns:
    """Read one row as a header row: each column's field, by its best-ranked name."""
    headers = tuple(cell_text(c) if isinstance(c, str) else "" for c in cells)
    keys = tuple(header_key(h) for h in headers)
    best: dict[Field, tuple[int, int]] = {}
    buckets: list[int] = []
    for column, (header, key) in enumerate(zip(headers, keys, strict=True)):
        if not key:
            continue
        if BUCKET.match(header) and key != "total":
            buckets.append(column)
            continue
        known = _RANK.get(key)
        if known is None:
            continue
        fld, rank = known
        if fld not in best or rank < best[fld][0]:
            best[fld] = (rank, column)
    fields = {fld: column for fld, (_, column) in sorted(best.items(), key=lambda item: item[1][1])}
    return Columns(headers=headers, fields=fields, buckets=tuple(buckets), keys=keys)


def find_header(rows: list[list[Cell]], limit: int = 200) -> tuple[int, Columns] | None:
    """The first row among the first ``limit`` that names the most known columns (at least two)."""
    best: tuple[int, Columns] | None = None
    for index, cells in enumerate(rows[:limit]):
        if sum(1 for c in cells if isinstance(c, str) and c.strip()) < 2:
            continue
        columns = map_header(cells)
        if columns.score >= 2 and (best is None or columns.score > best[1].score):
            best = (index, columns)
    return best


def is_header_again(cells: list[Cell], columns: Columns) -> bool:
    """A header row repeated further down (multi-page exports): most named columns say their name again."""
    same = 0
    named = 0
    for i, key in enumerate(columns.keys):
        if not key:
            continue
        named += 1
        value = cells[i] if i < len(cells) else ""
        if isinstance(value, str) and value and (value == columns.headers[i] or header_key(value) == key):
            same += 1
        elif same == 0 and named >= 2:
            return False  # the first two named columns differ: a detail row, decided cheaply
    return same >= 2 and same * 5 >= named * 3
