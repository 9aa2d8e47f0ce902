"""A/R aging exports and an invoice list in the layouts the vendors' reports use.

Each layout function returns rows (lists of cell text); :func:`write_table`
writes them as CSV (the way each vendor quotes) or as an XLSX workbook.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from synth_world import OUR_COMPANY, Invoice, World

Rows = list[list[str]]
LAYOUTS = ("netsuite", "qbo", "qbd", "xero")


def _mdy(day: dt.date | None) -> str:
    return f"{day.month}/{day.day}/{day.year}" if day else ""


def _mdy0(day: dt.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _age(world: World, invoice: Invoice) -> int:
    due = invoice.due_date or invoice.invoice_date
    return max(0, (world.as_of - due).days)


def netsuite(world: World) -> Rows:
    """NetSuite A/R Aging Detail: title block, one group per customer with a ``Total - <name>`` row."""
    rows: Rows = [[OUR_COMPANY], ["A/R Aging Detail"], [f"End of {world.as_of.strftime('%b %Y')}"], []]
    rows.append(["Customer", "Type", "Date", "Document Number", "PO/Check Number", "Due Date", "Age", "Amount",
                 "Open Balance"])
    grand = [Decimal(0), Decimal(0)]
    for customer in world.customers:
        total = [Decimal(0), Decimal(0)]
        for inv in customer.invoices:
            rows.append([customer.name, inv.doc_type, _mdy(inv.invoice_date), inv.number, inv.po,
                         _mdy(inv.due_date), str(_age(world, inv)), _amount(inv.amount), _amount(inv.open_amount)])
            total[0] += inv.amount
            total[1] += inv.open_amount
        rows.append([f"Total - {customer.name}", "", "", "", "", "", "", _amount(total[0]), _amount(total[1])])
        grand[0] += total[0]
        grand[1] += total[1]
    rows.append(["Total", "", "", "", "", "", "", _amount(grand[0]), _amount(grand[1])])
    return rows


QBO_BUCKETS = (
    (91, None, "91 or more days past due"),
    (61, 90, "61 - 90 days past due"),
    (31, 60, "31 - 60 days past due"),
    (1, 30, "1 - 30 days past due"),
    (None, 0, "Current"),
)
QBD_BUCKETS = ((None, 0, "Current"), (1, 30, "1 - 30"), (31, 60, "31 - 60"), (61, 90, "61 - 90"), (91, None, "> 90"))
QBD_PAGE_ROWS = 56


def _bucket_of(age: int, low: int | None, high: int | None) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)


def _sections(world: World, buckets: tuple[tuple[int | None, int | None, str], ...]) -> list[tuple[str, list[Invoice]]]:
    lines = sorted(world.invoices, key=lambda i: (i.due_date or i.invoice_date, i.number))
    sections = []
    for low, high, label in buckets:
        section = [inv for inv in lines
                   if _bucket_of((world.as_of - (inv.due_date or inv.invoice_date)).days, low, high)]
        if section:
            sections.append((label, section))
    return sections


def _paren(value: Decimal) -> str:
    return f"(${-value:,.2f})" if value < 0 else f"${value:,.2f}"


def qbo(world: World) -> Rows:
    """QuickBooks Online A/R Aging Detail: bucket sections with counts, ``Total for`` rows, ``TOTAL``, footer."""
    rows: Rows = [[OUR_COMPANY], ["A/R Aging Detail"], [f"As of {world.as_of.strftime('%B %-d, %Y')}"], []]
    rows.append(["", "Date", "Transaction Type", "Num", "Customer", "Location", "Due Date", "Past Due", "Amount",
                 "Open Balance"])
    grand = [Decimal(0), Decimal(0)]
    for label, section in _sections(world, QBO_BUCKETS):
        rows.append([f"{label} ({len(section)})", *[""] * 9])
        total = [Decimal(0), Decimal(0)]
        for inv in section:
            age = _age(world, inv)
            rows.append(["", _mdy0(inv.invoice_date), inv.doc_type, inv.number.removeprefix("INV-"), inv.customer, "",
                         _mdy0(inv.due_date or inv.invoice_date), str(age) if age else "", _paren(inv.amount),
                         _paren(inv.open_amount)])
            total[0] += inv.amount
            total[1] += inv.open_amount
        rows.append([f"Total for {label}", *[""] * 7, _paren(total[0]), _paren(total[1])])
        grand[0] += total[0]
        grand[1] += total[1]
    rows.append(["TOTAL", *[""] * 7, _paren(grand[0]), _paren(grand[1])])
    rows += [[], [], []]
    rows.append([f"Accrual Basis {(world.as_of + dt.timedelta(days=1)).strftime('%A, %B %-d, %Y')} 09:14 AM GMT-07:00"])
    return rows


def _qbd_page_head(world: World) -> Rows:
    blank = [""] * 10
    return [["9:14 AM", *blank], [(world.as_of + dt.timedelta(days=1)).strftime("%m/%d/%y"), *blank],
            ["Accrual Basis", *blank], [OUR_COMPANY, *blank], ["A/R Aging Detail", *blank],
            [f"As of {world.as_of.strftime('%B %-d, %Y')}", *blank],
            ["", "Type", "Date", "Num", "P. O. #", "Name", "Terms", "Due Date", "Class", "Aging", "Open Balance"]]


def qbd(world: World) -> Rows:
    """QuickBooks Desktop A/R Aging Detail: bucket sections, ``Customer:Job`` names, headers repeated per page."""
    rows: Rows = _qbd_page_head(world)
    since_head = 0
    grand = Decimal(0)
    for label, section in _sections(world, QBD_BUCKETS):
        rows.append([label, *[""] * 10])
        total = Decimal(0)
        for inv in section:
            if since_head >= QBD_PAGE_ROWS:  # a printed page ends: blank line, then the page header again
                rows += [[""] * 11, *_qbd_page_head(world)]
                since_head = 0
            age = _age(world, inv)
            rows.append(["", inv.doc_type, _mdy0(inv.invoice_date), inv.number.removeprefix("INV-"), inv.po,
                         inv.customer, inv.terms, _mdy0(inv.due_date or inv.invoice_date), "", str(age) if age else "",
                         _amount(inv.open_amount)])
            total += inv.open_amount
            since_head += 1
        rows.append([f"Total {label}", *[""] * 9, _amount(total)])
        grand += total
    rows.append(["TOTAL", *[""] * 9, _amount(grand)])
    return rows


XERO_COLUMNS = ("Current", "< 1 Month", "1 Month", "2 Months", "3 Months", "Older")


def _dmy(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _xero_column(world: World, inv: Invoice) -> int:
    due = inv.due_date or inv.invoice_date
    if due >= world.as_of:
        return 0
    months = (world.as_of.year - due.year) * 12 + world.as_of.month - due.month
    if months == 0 or (months == 1 and due.day > world.as_of.day):
        return 1
    return min(5, months + 1)


def xero(world: World) -> Rows:
    """Xero Aged Receivables Detail: rows by Contact, aging columns, ``Total <contact>`` and ``Total`` rows."""
    rows: Rows = [["Aged Receivables Detail"], [OUR_COMPANY], [f"As at {world.as_of.day} {world.as_of:%B %Y}"],
                  ["Ageing by due date"], []]
    rows.append(["Contact", "Invoice Date", "Due Date", "Invoice Number", "Invoice Reference", *XERO_COLUMNS,
                 "Total"])
    grand = [Decimal(0)] * (len(XERO_COLUMNS) + 1)
    for customer in world.customers:
        subtotal = [Decimal(0)] * (len(XERO_COLUMNS) + 1)
        for inv in customer.invoices:
            cells = [""] * len(XERO_COLUMNS)
            column = _xero_column(world, inv)
            cells[column] = _amount(inv.open_amount)
            for sums in (subtotal, grand):
                sums[column] += inv.open_amount
                sums[-1] += inv.open_amount
            rows.append([customer.name, _dmy(inv.invoice_date), _dmy(inv.due_date or inv.invoice_date), inv.number,
                         f"PO {inv.po}" if inv.po else "", *cells, _amount(inv.open_amount)])
        rows.append([f"Total {customer.name}", "", "", "", "", *(_amount(v) if v else "" for v in subtotal)])
    rows.append(["Total", "", "", "", "", *(_amount(v) if v else "" for v in grand)])
    return rows


EXPORTS: dict[str, Callable[[World], Rows]] = {"netsuite": netsuite, "qbo": qbo, "qbd": qbd, "xero": xero}


def invoice_list(world: World) -> Rows:
    """A NetSuite open-invoice saved search: originals, amount remaining, PO, contact email, terms."""
    rows: Rows = [["Document Number", "Customer", "Date", "Due Date", "Amount", "Amount Remaining", "PO #", "Email",
                   "Terms", "Status"]]
    for customer in world.customers:
        for inv in customer.invoices:
            if inv.doc_type != "Invoice":
                continue
            rows.append([inv.number, customer.name, _mdy(inv.invoice_date), _mdy(inv.due_date),
                         _amount(inv.amount), _amount(inv.open_amount), inv.po, customer.ap_address, inv.terms,
                         "Open"])
    rows.sort(key=lambda row: row[0])
    return rows


def write_table(path: Path, rows: Rows, *, bom: bool = False, quote_all: bool = False) -> None:
    """Write ``rows`` as CSV (quoted only where needed) or, for ``.xlsx``, as one worksheet."""
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Report")
        for row in rows:
            sheet.append([_cell(value) for value in row])
        book.save(path)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    width = max(len(row) for row in rows)
    for row in rows:
        writer.writerow(row if len(row) == width or len(row) <= 1 else row + [""] * (width - len(row)))
    path.write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8"))


def _cell(value: str) -> str | float:
    """Amounts become numbers in a workbook, the way a spreadsheet export stores them."""
    plain = value.replace(",", "").replace("$", "")
    try:
        if plain and plain.replace(".", "", 1).lstrip("-").isdigit() and "." in plain:
            return float(Decimal(plain))
    except ArithmeticError:
        pass
    return value
