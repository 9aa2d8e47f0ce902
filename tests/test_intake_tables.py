"""Tables recognized by content: each vendor's A/R aging layout, invoice lists, contact lists, bad files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.intake import load_handoff
from generator.intake.model import FileReading, InvoiceLine
from generator.intake.tables import read_table
from generator.manifest import DateOrder, Manifest, Policy, SourceKind

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "exports"


def manifest(currency: str = "USD", date_order: DateOrder | None = None) -> Manifest:
    return Manifest(title="April aging review", as_of=dt.date(2026, 4, 30), currency=currency, date_order=date_order)


def read(name: str, kind: SourceKind | None = None, **settings: object) -> FileReading:
    data = (FIXTURES / name).read_bytes()
    return read_bytes(data, f"exports/{name}", kind, **settings)


def read_bytes(data: bytes, rel: str, kind: SourceKind | None = None, **settings: object) -> FileReading:
    return read_table(data, rel, Path(rel).suffix, kind, manifest(**settings))  # type: ignore[arg-type]


def read_text(text: str, rel: str = "exports/table.csv", **settings: object) -> FileReading:
    return read_bytes(text.encode("utf-8"), rel, **settings)


def by_number(lines: tuple[InvoiceLine, ...]) -> dict[str, InvoiceLine]:
    return {line.number: line for line in lines}


def messages(reading: FileReading) -> list[str]:
    return [str(p) for p in reading.problems]


def open_total(lines: tuple[InvoiceLine, ...]) -> Decimal:
    return sum((line.open_amount or Decimal(0) for line in lines), Decimal(0))


# --- QuickBooks Online ----------------------------------------------------------------------------


def test_quickbooks_online_aging_detail() -> None:
    reading = read("qbo_aging_detail.csv")
    assert reading.file.kind == "aging"
    assert "QuickBooks Online" in reading.file.description
    assert reading.problems == ()
    assert reading.detected_as_of == dt.date(2026, 4, 30)
    invoices = by_number(reading.invoices)
    assert sorted(invoices) == sorted(
        ["1001", "1003", "1010", "1015", "1042", "1051", "1055", "1058", "Payment at line 23"]
    )
    assert invoices["1001"].customer == "Total Wine & More"  # a customer, not a subtotal
    assert invoices["1003"].amount == Decimal("2870.00")
    assert invoices["1003"].open_amount == Decimal("1870.00")
    credit = invoices["1055"]
    assert (credit.doc_type, credit.open_amount) == ("Credit Memo", Decimal("-1234.56"))
    assert credit.customer == "Globex Corporation"
    payment = invoices["Payment at line 23"]
    assert (payment.doc_type, payment.open_amount) == ("Payment", Decimal("-500.00"))
    assert payment.customer == "Pinecrest Dental Group"
    acme = invoices["1042"]
    assert acme.due_date == dt.date(2026, 4, 11)
    assert acme.invoice_date == dt.date(2026, 3, 12)
    assert acme.currency == "USD"
    assert str(acme.source) == "exports/qbo_aging_detail.csv:17"
    assert open_total(reading.invoices) == Decimal("70785.94")
    (total,) = reading.export_totals
    assert (total.total, total.currency, total.source.line) == (Decimal("70785.94"), "USD", 25)


def test_tie_out_failure_is_a_warning_at_the_total_line() -> None:
    reading = read("qbo_aging_tie_out_failure.csv")
    assert reading.file.kind == "aging"
    assert reading.detected_as_of == dt.date(2026, 4, 30)  # title lines in another order
    assert sorted(by_number(reading.invoices)) == ["1015", "1042", "1047", "1051"]  # "No." column
    assert by_number(reading.invoices)["1015"].customer == "Bluewater Marine Supply"  # "Customer full name"
    (problem,) = reading.problems
    assert problem.severity == "warning"
    assert str(problem) == (
        "exports/qbo_aging_tie_out_failure.csv:14: warning: detail rows add up to USD 48,210.00 but the "
        "export's total says USD 49,210.00 (difference USD 1,000.00); check for missing or hidden rows"
    )
    assert reading.export_totals[0].total == Decimal("49210.00")


# --- QuickBooks Desktop ---------------------------------------------------------------------------


def test_quickbooks_desktop_aging_detail_with_repeated_page_headers() -> None:
    reading = read("qbd_aging_detail.csv")
    assert reading.file.kind == "aging"
    assert "QuickBooks Desktop" in reading.file.description
    assert reading.problems == ()
    invoices = by_number(reading.invoices)
    assert sorted(invoices) == ["1001", "1010", "1015", "1042", "1055", "1058", "Payment at line 31"]
    assert invoices["1042"].customer == "Acme Retail:Store 12"  # Customer:Job kept as written
    assert (invoices["1042"].po, invoices["1042"].terms) == ("4500-1187", "Net 30")
    assert invoices["1001"].customer == "Total Wine & More"
    assert invoices["1001"].due_date == dt.date(2026, 1, 27)  # under "> 90"
    assert invoices["Payment at line 31"].open_amount == Decimal("-250.00")
    assert open_total(reading.invoices) == reading.export_totals[0].total == Decimal("63685.00")


def write_qbd_open_invoices(path: Path) -> None:
    """QuickBooks Desktop "Open Invoices" as Excel: customer/job headings in A/B, spacer columns, two pages."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    header = ["", "", "Type", "", "Date", "", "Num", "", "P. O. #", "", "Terms", "", "Due Date", "", "Aging", "",
              "Open Balance"]

    def row(type_: str, date: dt.date, num: float, po: str, terms: str, due: dt.date, aging: int | None,
            balance: float) -> list[object]:
        return ["", "", type_, "", date, "", num, "", po, "", terms, "", due, "", aging, "", balance]

    def label(column: int, text: str, balance: float | None = None) -> list[object]:
        cells: list[object] = [""] * 17
        cells[column] = text
        if balance is not None:
            cells[16] = balance
        return cells

    rows: list[list[object]] = [
        label(0, "Harbor Light Supply, Inc."),
        label(0, "Open Invoices"),
        label(0, "As of April 30, 2026"),
        header,
        label(0, "Acme Retail"),
        label(1, "Store 12"),
        row("Invoice", dt.date(2026, 3, 12), 1042, "4500-1187", "Net 30", dt.date(2026, 4, 11), 19, 18400),
        row("Invoice", dt.date(2026, 3, 27), 1051, "4500-1203", "Net 30", dt.date(2026, 4, 26), 4, 6215.5),
        label(1, "Total Store 12", 24615.5),
        label(1, "Store 14"),
        row("Invoice", dt.date(2026, 4, 15), 1058, "", "Net 30", dt.date(2026, 5, 15), None, 9870),
        label(1, "Total Store 14", 9870),
        label(0, "Total Acme Retail", 34485.5),
        label(0, "Globex Corporation"),
        row("Credit Memo", dt.date(2026, 4, 13), 1055, "", "", dt.date(2026, 4, 13), 17, -1234.56),
        row("Invoice", dt.date(2026, 3, 6), 1038, "GX-22817", "Net 30", dt.date(2026, 4, 5), 25, 7342.8),
        label(0, "Total Globex Corporation", 6108.24),
        header,
        label(0, "Initech"),
        row("Invoice", dt.date(2026, 2, 10), 1029, "", "Net 30", dt.date(2026, 3, 12), 49, 22500),
        label(0, "Total Initech", 22500),
        label(0, "TOTAL", 63093.74),
    ]
    for cells in rows:
        sheet.append(cells)
    book.save(path)


def test_quickbooks_desktop_open_invoices_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "open-invoices.xlsx"
    write_qbd_open_invoices(path)
    reading = read_bytes(path.read_bytes(), "exports/open-invoices.xlsx")
    assert reading.file.kind == "aging"
    assert reading.problems == ()
    invoices = by_number(reading.invoices)
    assert sorted(invoices) == ["1029", "1038", "1042", "1051", "1055", "1058"]  # numbers, not 1042.0
    assert invoices["1042"].customer == "Acme Retail:Store 12"
    assert invoices["1058"].customer == "Acme Retail:Store 14"
    assert invoices["1055"].customer == "Globex Corporation"
    assert invoices["1029"].customer == "Initech"
    assert invoices["1051"].open_amount == Decimal("6215.50")
    assert invoices["1055"].open_amount == Decimal("-1234.56")
    assert invoices["1042"].due_date == dt.date(2026, 4, 11)
    source = invoices["1042"].source
    assert (source.line, source.cell) == (7, "G7")
    assert open_total(reading.invoices) == reading.export_totals[0].total == Decimal("63093.74")
    assert reading.export_totals[0].source.cell == "Q22"
    assert reading.detected_as_of == dt.date(2026, 4, 30)


# --- NetSuite -------------------------------------------------------------------------------------


def test_netsuite_aging_detail() -> None:
    reading = read("netsuite_aging_detail.csv")
    assert reading.file.kind == "aging"
    assert "NetSuite" in reading.file.description
    assert reading.problems == ()  # the credit memo without a due date is no problem
    assert reading.detected_as_of == dt.date(2026, 4, 30)  # "End of Apr 2026"
    invoices = by_number(reading.invoices)
    assert sorted(invoices) == ["CM-1009", "INV-1036", "INV-1038", "INV-1042", "INV-1051", "JE-0042"]
    assert {line.customer for line in reading.invoices} == {"Acme Retail", "Globex Corporation", "Kestrel Logistics"}
    assert invoices["JE-0042"].doc_type == "Journal"
    assert invoices["INV-1036"].amount == Decimal("12750.00")
    assert invoices["INV-1036"].open_amount == Decimal("4750.00")
    assert invoices["INV-1036"].po == "KL-88120"
    assert invoices["CM-1009"].due_date is None
    assert open_total(reading.invoices) == reading.export_totals[0].total == Decimal("35608.30")


def write_netsuite_xlsx(path: Path) -> None:
    """A NetSuite aging saved as Excel behind a notes sheet; dates and amounts as typed cells."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Exported from NetSuite by Jordan"])
    sheet = book.create_sheet("A-R Aging Detail")
    sheet.append(["A/R Aging Detail"])
    sheet.append(["End of Apr 2026"])
    sheet.append([])
    sheet.append(["Customer", "Type", "Date", "Document Number", "Due Date", "Age", "Open Balance"])
    sheet.append(["Acme Retail"])
    sheet.append(["", "Invoice", dt.date(2026, 3, 12), "INV-1042", dt.date(2026, 4, 11), 19, 18400])
    sheet.append(["", "Invoice", dt.date(2026, 3, 27), "INV-1051", dt.date(2026, 4, 26), 4, 6215.5])
    sheet.append(["Total - Acme Retail", "", "", "", "", "", 24615.5])
    sheet.append(["Initech"])
    sheet.append(["", "Invoice", dt.date(2026, 2, 10), "INV-1029", "", 79, 22500])
    sheet.append(["Total - Initech", "", "", "", "", "", 22500])
    sheet.append(["Total", "", "", "", "", "", 47115.5])
    book.save(path)


def test_netsuite_aging_xlsx_on_a_second_sheet(tmp_path: Path) -> None:
    path = tmp_path / "aging.xlsx"
    write_netsuite_xlsx(path)
    reading = read_bytes(path.read_bytes(), "exports/aging.xlsx")
    assert reading.file.kind == "aging"
    invoices = by_number(reading.invoices)
    assert sorted(invoices) == ["INV-1029", "INV-1042", "INV-1051"]
    assert invoices["INV-1051"].source.cell == "'A-R Aging Detail'!D7"
    assert invoices["INV-1029"].due_date is None
    assert invoices["INV-1029"].invoice_date == dt.date(2026, 2, 10)
    (problem,) = reading.problems
    assert str(problem) == "exports/aging.xlsx:10: warning: no due date; aging uses the invoice date"
    assert open_total(reading.invoices) == reading.export_totals[0].total


# --- Xero -----------------------------------------------------------------------------------------


def test_xero_aged_receivables_detail() -> None:
    reading = read("xero_aged_receivables_detail.csv", currency="GBP")
    assert reading.file.kind == "aging"
    assert "Xero" in reading.file.description
    assert reading.problems == ()
    assert reading.detected_as_of == dt.date(2026, 4, 30)
    invoices = by_number(reading.invoices)
    assert sorted(invoices) == ["CN-0003", "INV-0012", "INV-0027", "INV-0042", "INV-0058"]
    assert invoices["INV-0042"].customer == "Acme Retail"  # the BOM does not hide the Contact column
    assert invoices["INV-0042"].due_date == dt.date(2026, 4, 11)  # day first, as 15/04/2026 shows
    assert invoices["INV-0058"].due_date == dt.date(2026, 5, 15)
    assert invoices["INV-0012"].open_amount == Decimal("2870.00")
    assert invoices["CN-0003"].open_amount == Decimal("-415.00")
    assert {line.currency for line in reading.invoices} == {"GBP"}
    assert open_total(reading.invoices) == reading.export_totals[0].total == Decimal("40140.00")


def test_xero_aged_receivables_summary_gives_balances_not_invoices() -> None:
    reading = read("xero_aged_receivables_summary.csv", currency="GBP")
    assert reading.file.kind == "aging_summary"
    assert reading.invoices == () and reading.records == ()
    assert reading.problems == ()
    balances = {b.customer: b for b in reading.balances}
    assert sorted(balances) == [
        "Acme Retail", "Bluewater Marine Supply", "Cobalt Ridge Brewing Co.", "Total Wine & More"
    ]
    acme = balances["Acme Retail"]
    assert acme.total == Decimal("28270.00")
    assert acme.currency == "GBP"
    assert acme.buckets[:2] == (("Current", Decimal("9870.00")), ("< 1 Month", Decimal("18400.00")))
    assert [label for label, _ in acme.buckets] == ["Current", "< 1 Month", "1 Month", "2 Months", "3 Months", "Older"]
    assert acme.source.line == 7
    assert reading.export_totals[0].total == Decimal("44390.00")
    assert reading.detected_as_of == dt.date(2026, 4, 30)


def test_summary_rows_whose_buckets_do_not_add_up_are_warned() -> None:
    reading = read_text(
        ",Current,1 - 30,31 - 60,61 - 90,91 and over,Total\n"
        "Acme Retail,100.00,50.00,,,,160.00\n"
        "TOTAL,100.00,50.00,,,,160.00\n"
    )
    assert reading.file.kind == "aging_summary"
    assert reading.balances[0].customer == "Acme Retail"
    assert messages(reading) == [
        "exports/table.csv:2: warning: the buckets for Acme Retail add up to USD 150.00 but the row's total says "
        "USD 160.00; check the export"
    ]


# --- Any other table with recognizable columns ----------------------------------------------------


def test_quickbooks_summary_with_sub_customers() -> None:
    reading = read_text(
        "A/R Aging Summary\nAs of April 30, 2026\n\n"
        ",Current,1 - 30,31 - 60,61 - 90,91 and over,Total\n"
        "Acme Retail,,,,,,\n"
        "Store 12,100.00,50.00,0.00,0.00,0.00,150.00\n"
        "Store 14,10.00,0.00,0.00,0.00,0.00,10.00\n"
        "Total Acme Retail,110.00,50.00,0.00,0.00,0.00,160.00\n"
        "Globex Corporation,0.00,0.00,0.00,0.00,\"$1,000.00\",\"$1,000.00\"\n"
        "TOTAL,110.00,50.00,0.00,0.00,\"$1,000.00\",\"$1,160.00\"\n"
    )
    assert reading.file.kind == "aging_summary"
    assert reading.problems == ()
    assert [(b.customer, b.total) for b in reading.balances] == [
        ("Acme Retail:Store 12", Decimal("150.00")),
        ("Acme Retail:Store 14", Decimal("10.00")),
        ("Globex Corporation", Decimal("1000.00")),
    ]
    assert reading.balances[2].buckets[-1] == ("91 and over", Decimal("1000.00"))
    assert reading.export_totals[0].total == Decimal("1160.00")


def test_xero_total_paid_credited_due_columns() -> None:
    reading = read_text(
        "Aged Receivables\nAs at 30 April 2026\n\n"
        "Contact,Date,Reference,Due Date,Status,Total,Paid,Credited,Due\n"
        "Acme Retail,12 Mar 2026,INV-0042,11 Apr 2026,19 days overdue,\"18,400.00\",\"8,400.00\",0.00,\"10,000.00\"\n"
    )
    (line,) = reading.invoices
    assert (line.number, line.amount, line.open_amount, line.due_date) == (
        "INV-0042", Decimal("18400.00"), Decimal("10000.00"), dt.date(2026, 4, 11)
    )


def test_subtotal_rows_are_never_counted_twice() -> None:
    reading = read("generic_open_items.csv")
    assert reading.file.kind == "aging"
    assert sorted(by_number(reading.invoices)) == ["1027", "1042", "1051", "1060"]
    customers = {line.customer for line in reading.invoices}
    assert customers == {"Acme Retail", "Bluewater Marine Supply", "Globex Corporation"}
    assert open_total(reading.invoices) == reading.export_totals[0].total == Decimal("37510.50")


def test_missing_due_date_keeps_the_invoice_date_with_a_warning() -> None:
    reading = read("generic_open_items.csv")
    globex = by_number(reading.invoices)["1060"]
    assert (globex.due_date, globex.invoice_date) == (None, dt.date(2026, 4, 20))
    assert messages(reading) == ["exports/generic_open_items.csv:7: warning: no due date; aging uses the invoice date"]


def test_page_titles_in_the_number_column_are_not_invoices() -> None:
    reading = read_text(
        "A/R Aging Detail\n"
        "Invoice Number,Customer,Due Date,Open Balance\n"
        "INV-1,Acme Retail,2026-04-11,100.00\n"
        "A/R Aging Detail\n"
        "Page 2\n"
        "Invoice Number,Customer,Due Date,Open Balance\n"
        "INV-2,Acme Retail,2026-04-12,\n"
        "TOTAL,,,100.00\n"
        "INV-3 printed by Jordan,,,\n"
    )
    assert [line.number for line in reading.invoices] == ["INV-1", "INV-2"]
    assert messages(reading) == [
        "exports/table.csv:7: warning: INV-2 has no open balance; it counts as 0 until you add it"
    ]


def test_a_problem_on_many_rows_is_listed_twenty_times_then_counted() -> None:
    rows = "".join(f"INV-{n},Acme Retail,2026-04-01,,10.00\n" for n in range(30))
    reading = read_text("Invoice Number,Customer,Invoice Date,Due Date,Open Balance\n" + rows)
    assert len(reading.invoices) == 30
    assert len(reading.problems) == 21
    assert str(reading.problems[-1]) == (
        "exports/table.csv: warning: 10 more rows have the same problem as line 2 (no due date); "
        "only the first 20 are listed"
    )


def test_an_aging_without_a_due_date_column_says_so_once() -> None:
    reading = read_text(
        "A/R Aging Detail\nInvoice Number,Customer,Invoice Date,Open Balance\n"
        "A-1,Acme,2026-04-01,1.00\nA-2,Acme,2026-04-02,2.00\n"
    )
    assert [line.invoice_date for line in reading.invoices] == [dt.date(2026, 4, 1), dt.date(2026, 4, 2)]
    assert messages(reading) == [
        "exports/table.csv:2: warning: this aging has no due-date column, so invoices are aged from their invoice "
        "dates; export it with the Due Date column for exact aging"
    ]


def test_email_cells_that_are_not_addresses() -> None:
    reading = read_text(
        "Customer,Email,Full Name\nAcme Retail,n/a,Dana\nGlobex,Jane Roe,\nInitech,Billing <ap@initech.example>,\n"
    )
    assert [(c.customer, c.email, c.name) for c in reading.contacts] == [
        ("Initech", "ap@initech.example", "Billing")
    ]
    assert messages(reading) == [
        "exports/table.csv:3: warning: column 'Email' has 'Jane Roe', which is not an email address; "
        "correct it in the list"
    ]


def test_header_synonyms_and_camel_case() -> None:
    reading = read_text(
        "invoiceNumber,Client,DueDate,AmountDue,P.O. No.,Payment Terms\n"
        "X-1,Acme Retail,2026-04-11,\"$1,000.00\",PO-7,Net 30\n"
    )
    (line,) = reading.invoices
    assert (line.number, line.customer, line.due_date, line.open_amount, line.po, line.terms) == (
        "X-1", "Acme Retail", dt.date(2026, 4, 11), Decimal("1000.00"), "PO-7", "Net 30"
    )


def test_duplicate_invoice_numbers_are_kept_and_warned_at_the_second_line() -> None:
    reading = read_text(
        "Invoice Number,Customer,Due Date,Open Balance\n"
        "INV-1,Acme Retail,2026-04-11,100.00\n"
        "INV-2,Acme Retail,2026-04-12,200.00\n"
        "INV-1,Acme Retail,2026-04-11,100.00\n"
    )
    assert [line.number for line in reading.invoices] == ["INV-1", "INV-2", "INV-1"]
    assert messages(reading) == [
        "exports/table.csv:4: warning: INV-1 appears more than once in this export (first at line 2); both rows "
        "are kept — check whether one is a duplicate"
    ]


def test_an_unreadable_amount_names_the_column_and_value() -> None:
    reading = read_text(
        "Invoice Number,Customer,Due Date,Open Balance\n"
        "INV-1,Acme Retail,2026-04-11,about 100\n"
        "INV-2,Acme Retail,2026-04-12,200.00\n"
    )
    assert [line.number for line in reading.invoices] == ["INV-1", "INV-2"]
    assert messages(reading)[0] == (
        "exports/table.csv:2: column 'Open Balance' has 'about 100', which is not an amount; write it like "
        "1234.56 or (1,234.56) and export again"
    )
    assert reading.problems[0].is_error


def test_a_currency_column_sets_each_rows_currency() -> None:
    reading = read_text(
        "Invoice Number,Customer,Due Date,Currency,Open Balance\n"
        "INV-1,Acme Retail,2026-04-11,EUR,\"1.234,56\"\n"
        "INV-2,Acme Retail,2026-04-12,,£200.00\n"
        "INV-3,Acme Retail,2026-04-12,Bitcoin,200.00\n"
    )
    invoices = by_number(reading.invoices)
    assert (invoices["INV-1"].currency, invoices["INV-1"].open_amount) == ("EUR", Decimal("1234.56"))
    assert invoices["INV-2"].currency == "GBP"
    assert messages(reading) == [
        "exports/table.csv:4: column 'Currency' has 'Bitcoin', which is not a currency code like USD or EUR; "
        "correct it in the export"
    ]


def test_semicolons_and_decimal_commas() -> None:
    reading = read_text(
        "Invoice Number;Customer;Due Date;Open Balance\n"
        "R-1;Café Olé GmbH;2026-04-11;1.234,56\n"
        "R-2;Café Olé GmbH;2026-04-12;-99,5\n"
        "R-3;Café Olé GmbH;2026-04-13;12.500\n",
        currency="EUR",
    )
    assert [(line.number, line.open_amount, line.currency) for line in reading.invoices] == [
        ("R-1", Decimal("1234.56"), "EUR"),
        ("R-2", Decimal("-99.50"), "EUR"),
        ("R-3", Decimal("12500.00"), "EUR"),  # this file writes decimal commas, so the dot groups thousands
    ]


# --- Dates ----------------------------------------------------------------------------------------


def test_ambiguous_dates_without_the_manifest_are_one_error() -> None:
    reading = read("ambiguous_dates.csv")
    assert [line.due_date for line in reading.invoices] == [None, None]
    assert messages(reading) == [
        "exports/ambiguous_dates.csv:2: the date 03/04/2026 could be read month-first or day-first and no date "
        "in this file settles which; add 'date_order: MDY' (month first, as in the US) or 'date_order: DMY' "
        "(day first) to handoff.yaml"
    ]


def test_ambiguous_dates_with_the_manifests_order() -> None:
    day_first = read("ambiguous_dates.csv", date_order="DMY")
    assert day_first.problems == ()
    assert [line.due_date for line in day_first.invoices] == [dt.date(2026, 5, 4), dt.date(2026, 4, 3)]
    month_first = read("ambiguous_dates.csv", date_order="MDY")
    assert [line.due_date for line in month_first.invoices] == [dt.date(2026, 4, 5), dt.date(2026, 3, 4)]


def test_february_30_is_a_problem_at_its_line() -> None:
    reading = read_text(
        "Invoice Number,Customer,Due Date,Open Balance\n"
        "INV-1,Acme Retail,04/13/2026,100.00\n"
        "INV-2,Acme Retail,02/30/2026,200.00\n"
    )
    assert [line.number for line in reading.invoices] == ["INV-1", "INV-2"]
    assert messages(reading) == [
        "exports/table.csv:3: column 'Due Date': 02/30/2026 is not a real date (February 2026 has 28 days); "
        "correct it in the export"
    ]


# --- Lists ----------------------------------------------------------------------------------------


def test_quickbooks_invoice_list_gives_records() -> None:
    reading = read("qbo_invoice_list.csv")
    assert reading.file.kind == "invoice_list"
    assert reading.invoices == ()
    records = by_number(reading.records)
    assert sorted(records) == ["1027", "1036", "1042", "1060"]
    assert (records["1027"].amount, records["1027"].open_amount) == (Decimal("9415.00"), Decimal("0.00"))
    assert records["1036"].due_date == dt.date(2026, 4, 3)
    assert reading.problems == ()


def test_netsuite_saved_search_gives_records_and_contacts() -> None:
    reading = read("netsuite_invoice_search.csv")
    assert reading.file.kind == "invoice_list"
    records = by_number(reading.records)
    assert len(records) == 5
    assert (records["INV-1036"].amount, records["INV-1036"].open_amount) == (Decimal("12750.00"), Decimal("4750.00"))
    assert records["INV-1036"].po == "KL-88120"
    assert records["INV-1036"].terms == "Net 30"
    assert records["INV-1036"].email == "payables@kestrel-logistics.example.com"
    contacts = sorted((c.customer, c.email) for c in reading.contacts)
    assert contacts == [
        ("Acme Retail", "ap@acme-retail.example.com"),
        ("Globex Corporation", "billing@globex.example"),
        ("Globex Corporation", "jane.roe@globex.example"),
        ("Kestrel Logistics", "payables@kestrel-logistics.example.com"),
    ]


def test_customer_contact_list() -> None:
    reading = read("qbo_customer_contact_list.csv")
    assert reading.file.kind == "contacts"
    found = sorted((c.customer, c.email, c.name) for c in reading.contacts)
    assert found == [
        ("Acme Retail", "ap@acme-retail.example.com", "Dana Whitfield"),
        ("Bluewater Marine Supply", "ap@bluewater-marine.example.com", "Jo Perez"),
        ("Bluewater Marine Supply", "jo.perez@bluewater-marine.example.com", "Jo Perez"),
        ("Globex Corporation", "billing@globex.example", "Globex Billing"),
    ]
    assert reading.contacts[0].source.line == 5


# --- Not an aging, and what the manifest says -----------------------------------------------------


def test_a_table_that_is_not_an_aging_is_unused_without_problems() -> None:
    reading = read("bank_statement.csv")
    assert reading.file.kind == "unused"
    assert reading.problems == ()
    assert "Date, Description, Debit, Credit, Balance" in reading.file.description


def test_an_aging_title_with_missing_columns_is_an_error_listing_them() -> None:
    reading = read("aging_missing_columns.csv")
    assert reading.file.kind == "unused"
    (problem,) = reading.problems
    assert problem.is_error
    assert str(problem) == (
        "exports/aging_missing_columns.csv:4: this file's title says it is an A/R aging ('A/R Aging Detail'), but "
        "it has no column for the invoice number (a column such as 'Num', 'No.', 'Invoice Number' or "
        "'Document Number'). Found: 'Customer', 'Date', 'Memo', 'Amount'. Export the report with these columns, "
        "or rename the header cells"
    )


def test_the_manifests_kind_is_required_of_the_file() -> None:
    reading = read("qbo_customer_contact_list.csv", kind="aging")
    assert reading.file.kind == "unused"
    (problem,) = reading.problems
    assert problem.is_error
    assert problem.message.startswith("handoff.yaml says this file is an A/R aging, but it has no column for")
    assert "Found: 'Customer', 'Phone Numbers', 'Email', 'Full Name', 'Billing Address'" in problem.message


def test_the_manifests_kind_wins_over_recognition() -> None:
    reading = read("netsuite_aging_detail.csv", kind="invoice_list")
    assert reading.file.kind == "invoice_list"
    assert len(reading.records) == 6 and reading.invoices == ()


def test_a_bank_statement_named_as_an_aging_is_an_error() -> None:
    reading = read("bank_statement.csv", kind="aging")
    assert reading.problems[0].is_error
    assert "invoice number" in reading.problems[0].message


# --- Encodings and broken files -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encodings(encoding: str) -> None:
    text = (FIXTURES / "accents.csv").read_text("utf-8")
    reading = read_bytes(text.encode(encoding), "exports/accents.csv")
    assert reading.problems == ()
    assert [line.customer for line in reading.invoices] == ["Café Olé GmbH", "Société Générale", "Ærø Fjord ApS"]
    amounts = [line.open_amount for line in reading.invoices]
    assert amounts == [Decimal("1234.56"), Decimal("500.00"), Decimal("12345.00")]
    assert reading.invoices[1].currency == "EUR"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_keep_line_numbers(newline: str) -> None:
    text = (
        "Report\n\nInvoice Number,Customer,Due Date,Open Balance\n"
        "A-1,Acme,2026-04-11,1.00\nA-2,Acme,2026-04-12,2.00\n"
    )
    reading = read_bytes(text.replace("\n", newline).encode(), "exports/t.csv")
    assert [line.source.line for line in reading.invoices] == [4, 5]


def test_quoted_line_breaks_keep_later_line_numbers() -> None:
    reading = read_text(
        "Invoice Number,Customer,Memo,Due Date,Open Balance\n"
        'A-1,Acme,"two\nline memo",2026-04-11,1.00\n'
        "A-2,Acme,,2026-04-12,2.00\n"
    )
    assert [line.source.line for line in reading.invoices] == [2, 4]


def test_binary_junk_named_csv_is_one_problem() -> None:
    junk = bytes(range(256)) * 40
    reading = read_bytes(junk, "exports/aging.csv")
    assert reading.file.kind == "unused"
    (problem,) = reading.problems
    assert str(problem).startswith("exports/aging.csv: this file is not a readable table")
    assert "export the report again as CSV or Excel" in problem.message


def test_a_damaged_spreadsheet_is_one_problem() -> None:
    reading = read_bytes(b"PK\x03\x04" + b"\x00garbage" * 100, "exports/aging.xlsx")
    assert reading.file.kind == "unused"
    (problem,) = reading.problems
    assert "not a readable table (the spreadsheet is damaged or not Excel)" in problem.message


def test_a_spreadsheet_named_csv_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "aging.xlsx"
    write_netsuite_xlsx(path)
    reading = read_bytes(path.read_bytes(), "exports/aging.csv")
    assert reading.file.kind == "aging" and len(reading.invoices) == 3


def test_an_empty_file_is_unused() -> None:
    for data in (b"", b"\r\n\r\n", b"\xef\xbb\xbf"):
        reading = read_bytes(data, "exports/empty.csv")
        assert (reading.file.kind, reading.file.description) == ("unused", "an empty table")
        (problem,) = reading.problems
        assert str(problem) == "exports/empty.csv: warning: the file is empty; no rows were read"


# --- A whole handoff folder -----------------------------------------------------------------------


def test_load_handoff_reads_tables_by_content(tmp_path: Path) -> None:
    folder = tmp_path / "handoffs" / "2026-04-aging"
    (folder / "exports").mkdir(parents=True)
    (folder / "handoff.yaml").write_text(
        "title: April aging review\nas_of: 2026-04-30\nsources:\n  lists/contacts.txt.csv: contacts\n",
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / "qbo_aging_detail.csv", folder / "exports" / "report (3).csv")
    shutil.copy(FIXTURES / "qbo_invoice_list.csv", folder / "exports" / "export.csv")
    shutil.copy(FIXTURES / "bank_statement.csv", folder / "bank.csv")
    (folder / "lists").mkdir()
    shutil.copy(FIXTURES / "qbo_customer_contact_list.csv", folder / "lists" / "contacts.txt.csv")
    write_qbd_open_invoices(folder / "exports" / "desktop.xlsx")
    handoff, problems = load_handoff(folder, tmp_path, Policy())
    assert handoff is not None
    # The QuickBooks Online and Desktop agings list the same invoices: each repeat is pointed out, nothing else.
    assert problems and all(p.severity == "warning" and " is also in handoffs/" in p.message for p in problems)
    kinds = {f.path: f.kind for f in handoff.files}
    assert kinds == {
        "handoffs/2026-04-aging/handoff.yaml": "manifest",
        "handoffs/2026-04-aging/bank.csv": "unused",
        "handoffs/2026-04-aging/exports/desktop.xlsx": "aging",
        "handoffs/2026-04-aging/exports/export.csv": "invoice_list",
        "handoffs/2026-04-aging/exports/report (3).csv": "aging",
        "handoffs/2026-04-aging/lists/contacts.txt.csv": "contacts",
    }
    assert len(handoff.invoices) == 9 + 6
    assert len(handoff.records) == 4
    assert len(handoff.contacts) == 4
    assert len(handoff.export_totals) == 2
    assert handoff.invoices[0].source.path.startswith("handoffs/2026-04-aging/exports/")


def test_the_sample_handoffs_exports_read_cleanly() -> None:
    folder = Path(__file__).resolve().parents[1] / "handoffs" / "2026-04-aging" / "exports"
    if not folder.is_dir():
        pytest.skip("the sample handoff is not in this checkout")
    aging = read_bytes((folder / "ar-aging-detail.csv").read_bytes(), "ar-aging-detail.csv")
    assert aging.file.kind == "aging"
    assert not [p for p in aging.problems if p.is_error]
    assert open_total(aging.invoices) == aging.export_totals[0].total


# --- Scale ----------------------------------------------------------------------------------------


def synthetic_aging(rows: int) -> bytes:
    out = io.StringIO()
    out.write("A/R Aging Detail\nAs of April 30, 2026\n\n")
    out.write("Customer,Type,Date,Document Number,Due Date,Age,Open Balance\n")
    total = Decimal(0)
    for n in range(rows):
        amount = Decimal(n % 9000) + Decimal("0.25")
        total += amount
        day = 1 + n % 28
        out.write(f"Customer {n % 3000},Invoice,3/{day}/2026,INV-{n:06d},4/{day}/2026,{30 - day},\"{amount:,}\"\n")
    out.write(f'Total,,,,,,"{total:,}"\n')
    return out.getvalue().encode()


def test_twenty_thousand_rows_read_whole() -> None:
    """Scale is measured by `make bench`; here only that every row arrives and ties out."""
    reading = read_bytes(synthetic_aging(20_000), "exports/big.csv")
    assert len(reading.invoices) == 20_000
    assert reading.problems == ()


# --- Never a traceback ----------------------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(
        ["", "Total", "TOTAL", "Total for Acme", "Subtotal", "Acme Retail", "Invoice", "Num", "Customer", "Due Date",
         "Open Balance", "Current", "> 90", "1 - 30 days past due (2)", "$1,234.56", "(5.00)", "1.234,56", "-",
         "02/30/2026", "13/04/2026", "04/13/2026", "03/04/2026", "2026-04-11", "46143", "As of April 30, 2026",
         "a@b.example", "USD", "Bitcoin", "N/A", "=SUM(A1)", '"', "\u00a0", "\t"]
    ),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(CELLS, min_size=1, max_size=8), max_size=25),
    st.sampled_from([None, "aging", "invoice_list", "contacts"]),
)
def test_any_table_reads_without_raising(rows: list[list[str]], kind: SourceKind | None) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    reading = read_bytes(out.getvalue().encode("utf-8"), "exports/any.csv", kind)
    assert reading.file.path == "exports/any.csv"
    for problem in reading.problems:
        assert problem.source.path == "exports/any.csv" and problem.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_read_without_raising(data: bytes) -> None:
    for name in ("exports/any.csv", "exports/any.xlsx"):
        reading = read_bytes(data, name)
        assert reading.file.path == name


NAMES = [
    "Acme Retail", "Total Wine & More", "Grand Total Fitness", "Current Designs", "Older Brothers Ltd",
    "Globex Corporation", "Subtotal Analytics", "Café Olé GmbH", "O'Brien, Kelly & Partners", "Initech",
]
AMOUNTS = st.decimals(min_value=Decimal("-5000"), max_value=Decimal("100000"), places=2).filter(lambda d: d != 0)


def money(value: Decimal) -> str:
    return f"({abs(value):,.2f})" if value < 0 else f"{value:,.2f}"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(NAMES),
            st.lists(st.tuples(AMOUNTS, st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))), min_size=1, max_size=4),
        ),
        min_size=1, max_size=6, unique_by=lambda group: group[0],
    ),
    st.sampled_from(["netsuite", "desktop", "online", "customer column"]),
)
def test_grouped_exports_read_back_exactly(
    groups: list[tuple[str, list[tuple[Decimal, dt.date]]]], layout: str
) -> None:
    """Whatever the customers are called, grouped exports give back exactly their invoices and total."""
    out = io.StringIO()
    write = csv.writer(out).writerow
    write(["A/R Aging Detail"])
    if layout in ("desktop", "online"):
        write(["", "Type", "Num", "Due Date", "Open Balance"])
    else:
        write(["Customer", "Type", "Num", "Due Date", "Open Balance"])
    expected: dict[str, tuple[str, Decimal, dt.date]] = {}
    grand = Decimal(0)
    for customer, items in groups:
        if layout != "customer column":
            write([customer, "", "", "", ""])
        subtotal = Decimal(0)
        for amount, due in items:
            number = f"INV-{len(expected) + 1:04d}"
            expected[number] = (customer, amount, due)
            first = customer if layout == "customer column" else ""
            write([first, "Invoice", number, due.isoformat(), money(amount)])
            subtotal += amount
        label = {
            "netsuite": f"Total - {customer}",
            "desktop": f"Total {customer}",
            "online": f"Total for {customer}",
            "customer column": f"{customer} Total",
        }
        write([label[layout], "", "", "", money(subtotal)])
        grand += subtotal
    write(["TOTAL" if layout in ("desktop", "online") else "Total", "", "", "", money(grand)])
    reading = read_bytes(out.getvalue().encode(), "exports/aging.csv")
    assert reading.problems == ()
    assert {line.number: (line.customer, line.open_amount, line.due_date) for line in reading.invoices} == expected
    assert [t.total for t in reading.export_totals] == [grand]
