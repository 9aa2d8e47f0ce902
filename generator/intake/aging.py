"""A/R aging exports: detail (one row per open item) and summary (one row per customer).

QuickBooks Online and Desktop, NetSuite and Xero each lay an aging out their own
way (see :mod:`generator.intake.layout`); once the detail rows are known they
all read the same. Where an export states its own grand total, the detail rows
must add up to it: if they do not, a warning at the total's line says by how much.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from generator.intake.columns import cell_text
from generator.intake.dates import as_of_in
from generator.intake.layout import Layout, Table, TotalRow, walk
from generator.intake.model import Contact, CustomerBalance, ExportTotal, FileReading, InvoiceLine, SourceFile
from generator.intake.money import Amount, format_money
from generator.intake.records import NO_CUSTOMER, ProblemLog, RowReader, counted, date_order
from generator.manifest import DateOrder, Manifest


def vendor(table: Table, layout: Layout) -> str | None:
    """Which system's layout an aging looks like, for the file's description only."""
    keys = set(table.columns.keys)
    labels = [t.label.casefold() for t in layout.totals]
    buckets = " ".join(table.columns.name(c).casefold() for c in table.columns.buckets)
    if "document number" in keys or any(label.startswith("total - ") for label in labels):
        return "NetSuite"
    xero_title = "aged receivables" in table.title_text.casefold()
    if "month" in buckets or "older" in buckets or "contact" in keys or xero_title:
        return "Xero"
    if any(label.startswith("total for ") for label in labels) or "past due" in keys or any(
        "past due" in s.casefold() for s in layout.sections
    ):
        return "QuickBooks Online"
    sections = " ".join(layout.sections)
    if table.columns.leading_unnamed or ">" in sections or "p o number" in keys:
        return "QuickBooks Desktop"
    return None


def report_date(title: tuple[str, ...], order: DateOrder | None) -> dt.date | None:
    """The date an export says it describes ("As of April 30, 2026"), from its title lines."""
    for line in title:
        found = as_of_in(line, order)
        if found:
            return found
    return None


def _totals_by_currency(amounts: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for currency, value in amounts:
        totals[currency] += value
    return dict(sorted(totals.items()))


def _tie_out(
    table: Table, reader: RowReader, total_row: TotalRow | None, detail: dict[str, Decimal], log: ProblemLog
) -> tuple[ExportTotal, ...]:
    """The export's own grand total, checked against the sum of the detail rows."""
    if total_row is None:
        return ()
    stated = reader.open_amount(total_row.index)
    if stated.value is None:
        return ()
    currency = reader.currency(total_row.index, stated)
    source = table.sheet.source(total_row.index, table.columns.open_column)
    export_total = ExportTotal(total=stated.value, currency=currency, source=source)
    if len(detail) > 1:
        return (export_total,)  # a single total over several currencies cannot be tied out
    added = detail.get(currency, Decimal(0)) if detail else Decimal(0)
    if added != stated.value:
        difference = abs(stated.value - added)
        log.add(
            "tie-out",
            source,
            f"detail rows add up to {format_money(added, currency)} but the export's total says "
            f"{format_money(stated.value, currency)} (difference {format_money(difference, currency)}); "
            "check for missing or hidden rows",
            is_error=False,
        )
    return (export_total,)


def _money_summary(totals: dict[str, Decimal]) -> str:
    return ", ".join(format_money(value, currency) for currency, value in totals.items())


def read_detail(table: Table, manifest: Manifest) -> FileReading:
    """An aging detail export: its open items, the contacts it carries and its tie-out."""
    sheet, columns = table.sheet, table.columns
    log = ProblemLog(sheet.rel)
    layout = walk(sheet, table.header, columns, frozenset(table.title), columns.money)
    order = date_order(sheet, columns, layout.details, manifest, log)
    reader = RowReader(sheet, columns, manifest, order, log, layout.details)
    invoices: list[InvoiceLine] = []
    contacts: list[Contact] = []
    seen: dict[tuple[str, str], int] = {}
    for detail in layout.details:
        line = reader.invoice(detail, aging=True)
        invoices.append(line)
        if reader.text(detail.index, "number"):
            key = ((line.doc_type or "").casefold(), line.number.casefold())
            first = seen.setdefault(key, line.source.line or 0)
            if first != line.source.line:
                log.add(
                    "duplicate number",
                    line.source,
                    f"{line.number} appears more than once in this export (first at line {first}); both rows "
                    "are kept — check whether one is a duplicate",
                    is_error=False,
                    subject=line.number,
                )
        contacts.extend(reader.contacts(detail.index, line.customer))
    if not invoices:
        log.add("empty", sheet.source(table.header), "this aging has no invoice rows under its header",
                is_error=False)
    elif not columns.has("due_date"):
        log.add(
            "no due dates", sheet.source(table.header),
            "this aging has no due-date column, so invoices are aged from their invoice dates; export it with "
            "the Due Date column for exact aging",
            is_error=False,
        )
    detail_totals = _totals_by_currency(
        [(i.currency, i.open_amount if i.open_amount is not None else (i.amount or Decimal(0))) for i in invoices]
    )
    export_totals = _tie_out(table, reader, layout.grand_total, detail_totals, log)
    customers = {i.customer for i in invoices if i.customer != NO_CUSTOMER}
    made_by = vendor(table, layout)
    description = (
        f"A/R aging detail{f' ({made_by} layout)' if made_by else ''}: "
        f"{counted(len(invoices), 'open item')} for {counted(len(customers), 'customer')}"
    )
    if detail_totals:
        description += f", {_money_summary(detail_totals)}"
    return FileReading(
        file=SourceFile(path=sheet.rel, kind="aging", description=description),
        invoices=tuple(invoices),
        export_totals=export_totals,
        contacts=tuple(contacts),
        problems=tuple(log.finish()),
        detected_as_of=report_date(table.title, order),
    )


def _row_customer(table: Table, reader: RowReader, index: int, group: str | None) -> str:
    """A summary row's customer: its customer column, else its label under a parent heading, else the heading."""
    named = reader.text(index, "customer")
    if named:
        return named
    cells = table.sheet.rows[index]
    for column in range(min(table.columns.leading_unnamed, len(cells))):
        text = cell_text(cells[column])
        if text:
            return f"{group}:{text}" if group else text  # a sub-customer under its parent, as QuickBooks names it
    return group or ""


def read_summary(table: Table, manifest: Manifest) -> FileReading:
    """A summary aging: one balance per customer, split into the export's buckets, and no invoices."""
    sheet, columns = table.sheet, table.columns
    log = ProblemLog(sheet.rel)
    layout = walk(sheet, table.header, columns, frozenset(table.title), columns.money)
    reader = RowReader(sheet, columns, manifest, manifest.date_order, log, layout.details)
    balances: list[CustomerBalance] = []
    for detail in layout.details:
        index = detail.index
        source = sheet.source(index)
        customer = _row_customer(table, reader, index, detail.group) or NO_CUSTOMER
        parts = [(c, reader.amount(index, c)) for c in columns.buckets]
        buckets = tuple((columns.name(c), a.value) for c, a in parts if a.value is not None)
        stated: Amount | None = reader.amount(index, columns.open_column) if columns.open_column is not None else None
        added = sum((value for _, value in buckets), Decimal(0))
        total = stated.value if stated is not None and stated.value is not None else added
        currency = reader.currency(index, *(a for _, a in parts), *([stated] if stated else []))
        if buckets and total != added:
            log.add(
                "buckets",
                source,
                f"the buckets for {customer} add up to {format_money(added, currency)} but the row's total says "
                f"{format_money(total, currency)}; check the export",
                is_error=False,
                subject=customer,
            )
        balances.append(
            CustomerBalance(customer=customer, currency=currency, total=total, buckets=buckets, source=source)
        )
    totals = _totals_by_currency([(b.currency, b.total) for b in balances])
    export_totals = _tie_out(table, reader, layout.grand_total, totals, log)
    made_by = vendor(table, layout)
    description = (
        f"A/R aging summary{f' ({made_by} layout)' if made_by else ''}: "
        f"{counted(len(balances), 'customer balance')}, no invoice detail"
    )
    if totals:
        description += f"; {_money_summary(totals)}"
    return FileReading(
        file=SourceFile(path=sheet.rel, kind="aging_summary", description=description),
        balances=tuple(balances),
        export_totals=export_totals,
        problems=tuple(log.finish()),
        detected_as_of=report_date(table.title, manifest.date_order),
    )
