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


def _dmy(day: dt.date | None) -> str:
    return f"{day.day} {day.strftime('%b %Y')}" if day else ""


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _dollars(value: Decimal) -> str:
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


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


def _bucket_of(age: int, low: int | None, high: int | None) -> bool:
    return (low is None or age >= low) and (high is None or age <= high)


def qbo(world: World) -> Rows:
    """QuickBooks Online A/R Aging Detail: bucket sections with counts, ``Total for`` rows, ``TOTAL``, footer."""
    rows: Rows = [["A/R Aging Detail"], [OUR_COMPANY], [f"As of {world.as_of.strftime('%B %-d, %Y')}"], []]
    rows.append(["", "Date", "Transaction Type", "Num", "Customer", "Due Date", "Past Due", "Amount",
                 "Open Balance"])
    lines = sorted(world.invoices, key=lambda i: (i.due_date or i.invoice_date, i.number))
    grand = [Decimal(0), Decimal(0)]
    for low, high, label in QBO_BUCKETS:
        section = [
            inv for inv in lines
            if _bucket_of((world.as_of - (inv.due_date or inv.invoice_date)).days, low, high)
        ]
        if not section:
            continue
        rows.append([f"{label} ({len(section)})"])
        total = [Decimal(0), Decimal(0)]
        for inv in section:
            kind = "Credit Memo" if inv.doc_type == "Credit Memo" else "Invoice"
            rows.append(["", _mdy0(inv.invoice_date), kind, inv.number.removeprefix("INV-"), inv.customer,
                         _mdy0(inv.due_date), str(_age(world, inv)), _dollars(inv.amount),
                         _dollars(inv.open_amount)])
            total[0] += inv.amount
            total[1] += inv.open_amount
        rows.append([f"Total for {label}", "", "", "", "", "", "", _dollars(total[0]), _dollars(total[1])])
        grand[0] += total[0]
        grand[1] += total[1]
    rows.append(["TOTAL", "", "", "", "", "", "", _dollars(grand[0]), _dollars(grand[1])])
    rows.append([])
    rows.append([f"Accrual Basis {world.as_of.strftime('%A, %B %-d, %Y')} 06:00 PM GMT-04:00"])
    return rows


def qbd(world: World) -> Rows:
    """QuickBooks Desktop A/R Aging Detail: unnamed first column, customer header rows, ``Total <name>``."""
    rows: Rows = [["", "Type", "Date", "Num", "P. O. #", "Terms", "Due Date", "Aging", "Open Balance"]]
    grand = Decimal(0)
    for customer in world.customers:
        rows.append([customer.name, "", "", "", "", "", "", "", ""])
        total = Decimal(0)
        for inv in customer.invoices:
            aging = _age(world, inv)
            rows.append(["", inv.doc_type, _mdy0(inv.invoice_date), inv.number.removeprefix("INV-"), inv.po,
                         inv.terms, _mdy0(inv.due_date), str(aging) if aging else "", _amount(inv.open_amount)])
            total += inv.open_amount
        rows.append([f"Total {customer.name}", "", "", "", "", "", "", "", _amount(total)])
        grand += total
    rows.append(["TOTAL", "", "", "", "", "", "", "", _amount(grand)])
    return rows


XERO_COLUMNS = ("Current", "< 1 Month", "1 Month", "2 Months", "3 Months", "Older")


def _xero_column(world: World, inv: Invoice) -> int:
    due = inv.due_date or inv.invoice_date
    if due >= world.as_of:
        return 0
    months = (world.as_of.year - due.year) * 12 + world.as_of.month - due.month
    if months == 0 or (months == 1 and due.day > world.as_of.day):
        return 1
    return min(5, months + 1)


def xero(world: World) -> Rows:
    """Xero Aged Receivables Detail: one row per invoice by Contact, aging columns, a ``Total`` row."""
    rows: Rows = [["Aged Receivables Detail"], [OUR_COMPANY], [f"As at {_dmy(world.as_of)}"], []]
    rows.append(["Contact", "Invoice Date", "Invoice Number", "Reference", "Due Date", *XERO_COLUMNS, "Total"])
    grand = [Decimal(0)] * (len(XERO_COLUMNS) + 1)
    for customer in world.customers:
        for inv in customer.invoices:
            cells = [""] * len(XERO_COLUMNS)
            column = _xero_column(world, inv)
            cells[column] = _amount(inv.open_amount)
            grand[column] += inv.open_amount
            grand[-1] += inv.open_amount
            rows.append([customer.name, _dmy(inv.invoice_date), inv.number, inv.po, _dmy(inv.due_date), *cells,
                         _amount(inv.open_amount)])
    rows.append(["Total", "", "", "", "", *(_amount(value) for value in grand)])
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


def write_table(path: Path, rows: Rows, *, bom: bool = False) -> None:
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
    writer = csv.writer(buffer, lineterminator="\r\n")
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
