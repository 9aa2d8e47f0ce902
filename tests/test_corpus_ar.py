"""A public A/R data set (IBM's accounts-receivable sample) read as an invoice list.

The file records when each invoice was settled and how many days late that was,
so every date Blitz reads from it can be checked against the file's own arithmetic.
Skipped when ``../shared/corpora`` is not on this machine.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.intake.columns import find_header
from generator.intake.dates import parse_date
from generator.intake.model import FileReading
from generator.intake.sheets import read_sheets
from generator.intake.tables import read_table
from generator.manifest import Manifest

IBM = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ar-datasets" / "ibm-accounts-receivable.csv"
REL = "../shared/corpora/ar-datasets/ibm-accounts-receivable.csv"
ROWS = 2466


def need_corpus() -> None:
    if not IBM.is_file():
        pytest.skip("../shared/corpora/ar-datasets is not present on this machine")


@cache
def reading() -> FileReading:
    manifest = Manifest(title="IBM sample", as_of=dt.date(2014, 1, 1))
    return read_table(IBM.read_bytes(), REL, ".csv", None, manifest)


@cache
def raw_columns() -> dict[int, dict[str, str]]:
    """Each data line's cells by header name, as the file has them (for the file's own figures)."""
    (sheet,), problems = read_sheets(IBM.read_bytes(), REL)
    assert problems == []
    found = find_header(sheet.rows)
    assert found is not None
    header, columns = found
    return {
        sheet.lines[i]: dict(zip(columns.headers, (str(c) for c in sheet.rows[i]), strict=True))
        for i in range(header + 1, len(sheet.rows))
    }


def check_row(index: int) -> None:
    record = reading().records[index]
    cells = raw_columns()[record.source.line or 0]
    assert record.number == cells["invoiceNumber"]
    assert record.customer == cells["customerID"]
    settled, why = parse_date(cells["SettledDate"], "MDY")
    assert why is None and settled is not None and record.due_date is not None and record.invoice_date is not None
    assert int(cells["DaysLate"]) == max(0, (settled - record.due_date).days)
    assert int(cells["DaysToSettle"]) == (settled - record.invoice_date).days


def test_ibm_accounts_receivable_loads_as_an_invoice_list() -> None:
    need_corpus()
    result = reading()
    assert result.file.kind == "invoice_list"
    assert result.problems == ()
    assert len(result.records) == ROWS
    assert result.invoices == ()
    first = result.records[0]
    assert (first.number, first.customer, first.currency) == ("611365", "0379-NEVHP", "USD")
    assert (first.invoice_date, first.due_date) == (dt.date(2013, 1, 2), dt.date(2013, 2, 1))
    assert first.amount == Decimal("55.94")
    assert str(first.source) == f"{REL}:2"
    assert all(r.due_date and r.invoice_date and r.amount and r.amount > 0 for r in result.records)


def test_days_late_is_settled_minus_due_on_every_row() -> None:
    need_corpus()
    for index in range(ROWS):
        check_row(index)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=ROWS - 1))
def test_days_late_on_sampled_rows(index: int) -> None:
    need_corpus()
    check_row(index)
