"""Detail rows of a table turned into facts: invoice lines and contacts, with money and dates read.

:class:`RowReader` knows one table's columns, its currency and its day/month
order, and reports every unreadable cell as a problem at the row it sits on,
naming the column and the value. A problem that repeats on many rows is told
for the first :data:`REPEAT_LIMIT` rows and then once as a count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from email.utils import getaddresses
from functools import lru_cache

from generator.intake.columns import Columns, Field, cell_text
from generator.intake.dates import AMBIGUOUS, DayMonthOrder, parse_date
from generator.intake.layout import Detail
from generator.intake.model import Contact, InvoiceLine
from generator.intake.money import Amount, currency_code, parse_amount, resolve_currency, writes_decimal_comma
from generator.intake.sheets import Sheet
from generator.manifest import DateOrder, Manifest
from generator.problems import Problem, Source, error, warning

REPEAT_LIMIT = 20
NO_CUSTOMER = "(no customer)"
CREDIT_TYPES = ("payment", "credit", "journal", "deposit", "refund")
NO_EMAIL = frozenset({"-", "n/a", "na", "none", "no email"})


FUTURE_YEARS = 10
EARLIEST = dt.date(1900, 1, 1)


def plausible(day: dt.date, as_of: dt.date) -> bool:
    """Whether an invoice's date can be real: not before 1900, nor over ten years after the as-of date."""
    return day >= EARLIEST and day.year <= as_of.year + FUTURE_YEARS


def _far(day: dt.date, as_of: dt.date) -> str:
    if day < EARLIEST:
        return "before 1900"
    return f"more than {FUTURE_YEARS} years after the as-of date ({as_of.isoformat()})"


def counted(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


class ProblemLog:
    """Problems of one file, with repeats of the same kind cut short."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.problems: list[Problem] = []
        self.counts: Counter[str] = Counter()
        self.first: dict[str, Source] = {}
        self.severity: dict[str, bool] = {}

    def add(
        self, kind: str, source: Source, message: str, *, is_error: bool = True, subject: str | None = None
    ) -> None:
        self.counts[kind] += 1
        if self.counts[kind] == 1:
            self.first[kind] = source
            self.severity[kind] = is_error
        if self.counts[kind] <= REPEAT_LIMIT:
            make = error if is_error else warning
            self.problems.append(make(source, message, subject))

    def finish(self) -> list[Problem]:
        for kind, count in sorted(self.counts.items()):
            if count > REPEAT_LIMIT:
                make = error if self.severity[kind] else warning
                first = self.first[kind]
                self.problems.append(
                    make(
                        Source(path=self.rel),
                        f"{count - REPEAT_LIMIT} more rows have the same problem as line {first.line} "
                        f"({kind}); only the first {REPEAT_LIMIT} are listed",
                    )
                )
        return self.problems


def date_order(sheet: Sheet, columns: Columns, details: list[Detail], manifest: Manifest, log: ProblemLog,
               extra: tuple[Field, ...] = ()) -> DateOrder | None:
    """Decide the file's day/month order from its date cells (and say so when it cannot)."""
    evidence = DayMonthOrder()
    date_columns = [columns.fields[f] for f in ("invoice_date", "due_date", *extra) if f in columns.fields]
    seen: set[str] = set()
    for detail in details:
        cells = sheet.rows[detail.index]
        for column in date_columns:
            value = cells[column] if column < len(cells) else None
            if isinstance(value, str) and value not in seen:
                seen.add(value)
                evidence.see(value, sheet.lines[detail.index])
    order, findings = evidence.decide(manifest.date_order)
    for line, message, is_error in findings:
        log.add("date order", Source(path=sheet.rel, line=line), message, is_error=is_error)
    return order


@lru_cache(maxsize=4096)
def _addresses(written: str) -> tuple[tuple[str, str], ...]:
    """The (name, address) pairs in an email cell; an invoice list repeats a customer's cell on every row."""
    return tuple(getaddresses([written.replace(";", ",")]))


class RowReader:
    """Reads the cells of one table's detail rows into typed values, logging what it cannot read."""

    def __init__(self, sheet: Sheet, columns: Columns, manifest: Manifest, order: DateOrder | None,
                 log: ProblemLog, details: list[Detail] | None = None) -> None:
        self.sheet = sheet
        self.columns = columns
        self.default_currency = manifest.currency
        self.as_of = manifest.as_of
        self.order = order
        self.log = log
        self.fields = columns.fields
        self.open_column = columns.open_column
        self.amount_column = columns.amount_column
        self.decimal_comma = writes_decimal_comma(self._money_texts(details or []))

    def _money_texts(self, details: list[Detail]) -> set[str]:
        texts: set[str] = set()
        for detail in details:
            cells = self.sheet.rows[detail.index]
            texts.update(v for c in self.columns.money if c < len(cells) and isinstance(v := cells[c], str) and v)
        return texts

    def text(self, index: int, name: Field) -> str:
        column = self.fields.get(name)
        if column is None:
            return ""
        cells = self.sheet.rows[index]
        if column >= len(cells):
            return ""
        value = cells[column]
        return value.strip() if isinstance(value, str) else cell_text(value)

    def amount(self, index: int, column: int | None) -> Amount:
        """The amount in one cell; a problem (and no amount) when it is not one."""
        cells = self.sheet.rows[index]
        if column is None or column >= len(cells):
            return Amount(None)
        parsed = parse_amount(cells[column], self.decimal_comma)
        if parsed is None:
            header = self.columns.name(column)
            self.log.add(
                f"not an amount in {header}",
                self.sheet.source(index, column),
                f"{self.sheet.where(index, column, header)} has '{cell_text(cells[column])}', which is not an "
                "amount; write it like 1234.56 or (1,234.56) and export again",
            )
            return Amount(None)
        return parsed

    def date(self, index: int, name: Field) -> tuple[dt.date | None, bool]:
        """A date cell: ``(date, True)`` when read or empty, ``(None, False)`` when unreadable."""
        column = self.columns.get(name)
        cells = self.sheet.rows[index]
        if column is None or column >= len(cells):
            return None, True
        found, why = parse_date(cells[column], self.order)
        if found is not None and not plausible(found, self.as_of):
            why = f"{cell_text(cells[column])} is {_far(found, self.as_of)}, so it cannot be right"
        elif why is None:
            return found, True
        if why != AMBIGUOUS:  # an unsettled day/month order is reported once for the file
            header = self.columns.name(column)
            self.log.add(
                f"unreadable date in {header}",
                self.sheet.source(index, column),
                f"{self.sheet.where(index, column, header)}: {why}; correct it in the export",
            )
        return None, False

    def currency(self, index: int, *amounts: Amount) -> str:
        """The currency of a row: its Currency column, else what its amounts say, else the manifest's."""
        written = self.text(index, "currency")
        column_code = currency_code(written) if written else None
        if written and column_code is None:
            column = self.columns.fields["currency"]
            self.log.add(
                "unknown currency",
                self.sheet.source(index, column),
                f"{self.sheet.where(index, column, self.columns.name(column))} has '{written}', which is not "
                "a currency code like USD or EUR; correct it in the export",
            )
        marks = {a.currency for a in amounts if a.currency}
        if len(marks) > 1:
            self.log.add(
                "mixed currencies", self.sheet.source(index),
                f"the amounts on this row name different currencies ({', '.join(sorted(marks))}); correct the export",
            )
        mark = min(marks) if marks else None
        chosen = resolve_currency(mark, column_code, self.default_currency)
        if column_code and mark and mark != "$" and resolve_currency(mark, None, self.default_currency) != chosen:
            self.log.add(
                "currency disagrees", self.sheet.source(index),
                f"the Currency column says {chosen} but an amount on this row is marked {mark}; correct the export",
            )
        return chosen

    def invoice(self, detail: Detail, *, aging: bool) -> InvoiceLine:
        """One detail row as an :class:`InvoiceLine` (always; unreadable cells are left empty)."""
        index = detail.index
        source = self.sheet.source(index, self.columns.get("number"))
        doc_type = self.text(index, "type") or None
        number = self.text(index, "number")
        where = f"line {source.line}" if self.sheet.name is None else f"row {source.line}"
        if not number:
            number = f"{doc_type or 'Entry'} at {where}"
            if doc_type is None or doc_type.casefold() == "invoice":
                self.log.add(
                    "no number", source, f"this row has no invoice number; it is listed as '{number}'",
                    is_error=False,
                )
        customer = self.text(index, "customer") or detail.group or ""
        if not customer:
            customer = NO_CUSTOMER
            self.log.add(
                "no customer", source,
                f"{number} has no customer name; it is listed under '{NO_CUSTOMER}' — add the customer in the export",
                is_error=False, subject=number,
            )
        open_amount = self.open_amount(index)
        amount = self.amount(index, self.amount_column)
        currency = self.currency(index, open_amount, amount)
        due, due_ok = self.date(index, "due_date")
        issued, _ = self.date(index, "invoice_date")
        owed = open_amount.value if open_amount.value is not None else amount.value
        if due is None and due_ok and "due_date" in self.fields and (owed or Decimal(0)) > 0:
            kind = (doc_type or "").casefold()
            if not any(word in kind for word in CREDIT_TYPES):
                message = (
                    "no due date; aging uses the invoice date" if issued
                    else "no due date and no invoice date; this line cannot be aged — add its due date"
                )
                self.log.add("no due date", source, message, is_error=False, subject=number)
        if aging and open_amount.value is None and self.open_column is not None:
            fallback = "its original amount is used" if amount.value is not None else "it counts as 0 until you add it"
            self.log.add(
                "no open balance", source, f"{number} has no open balance; {fallback}", is_error=False, subject=number
            )
        return InvoiceLine(
            number=number,
            customer=customer,
            currency=currency,
            amount=amount.value,
            open_amount=open_amount.value,
            due_date=due,
            invoice_date=issued,
            po=self.text(index, "po") or None,
            terms=self.text(index, "terms") or None,
            doc_type=doc_type,
            email=self.text(index, "email") or None,
            source=source,
        )

    def open_amount(self, index: int) -> Amount:
        """What is still owed on a row: the open-balance column, else the sum of its bucket columns."""
        column = self.open_column
        if column is not None or not self.columns.buckets:
            return self.amount(index, column)
        parts = [self.amount(index, c) for c in self.columns.buckets]
        values = [p.value for p in parts if p.value is not None]
        marks = {p.currency for p in parts if p.currency}
        return Amount(sum(values, Decimal(0)) if values else None, min(marks) if marks else None)

    def contacts(self, index: int, customer: str) -> list[Contact]:
        """The email addresses on a row (one cell may hold several) as contacts of ``customer``."""
        written = self.text(index, "email")
        if not written or not customer or written.casefold() in NO_EMAIL:
            return []
        column = self.columns.fields["email"]
        source = self.sheet.source(index, column)
        person = self.text(index, "contact") or None
        found = [
            Contact(customer=customer, email=address, name=name or person, source=source)
            for name, address in _addresses(written)
            if "@" in address
        ]
        if not found:
            self.log.add(
                "not an email", source,
                f"{self.sheet.where(index, column, self.columns.name(column))} has '{written}', which is not an "
                "email address; correct it in the list",
                is_error=False, subject=customer,
            )
        return found
