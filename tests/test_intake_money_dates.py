"""Amounts and dates as exports write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.intake.dates import AMBIGUOUS, DayMonthOrder, as_of_in, parse_date
from generator.intake.money import (
    Amount,
    currency_code,
    format_money,
    parse_amount,
    resolve_currency,
    writes_decimal_comma,
)


@pytest.mark.parametrize(
    ("written", "value", "currency"),
    [
        ("$4,250.00", "4250.00", "$"),
        ("(1,234.56)", "-1234.56", None),
        ("($1,234.56)", "-1234.56", "$"),
        ("-1,234.56", "-1234.56", None),
        ("-$500.00", "-500.00", "$"),
        ("$-500.00", "-500.00", "$"),
        ("1,234.56-", "-1234.56", None),
        ("USD 1,200", "1200.00", "USD"),
        ("1,200 USD", "1200.00", "USD"),
        ("1.234,56", "1234.56", None),
        ("12 345,00", "12345.00", None),
        ("12\u00a0345,00", "12345.00", None),
        ("€1.234,56", "1234.56", "EUR"),
        ("1.234,56 €", "1234.56", "EUR"),
        ("£99.5", "99.50", "GBP"),
        ("1,5", "1.50", None),
        ("1,234", "1234.00", None),  # three digits after one comma: thousands, as US exports write it
        ("1,234,567.89", "1234567.89", None),
        ("1.234.567", "1234567.00", None),
        ("4250", "4250.00", None),
        ("4250.125", "4250.125", None),
        ("100.00 CR", "-100.00", None),
        (".50", "0.50", None),
        ("0", "0.00", None),
    ],
)
def test_amounts_as_exports_write_them(written: str, value: str, currency: str | None) -> None:
    assert parse_amount(written) == Amount(Decimal(value), currency)


@pytest.mark.parametrize("written", ["", "  ", "-", "N/A", "n/a", "—"])
def test_no_amount(written: str) -> None:
    assert parse_amount(written) == Amount(None)


@pytest.mark.parametrize(
    "written", ["abc", "INV100", "(-5)", "--5", "(5", "5)", "1.2.3", "1,234.5.6", "EUR 5 USD", "1e5", "12,34,5", "1 23"]
)
def test_not_amounts(written: str) -> None:
    assert parse_amount(written) is None


def test_a_file_that_writes_decimal_commas_reads_dots_as_thousands() -> None:
    assert parse_amount("12.500", decimal_comma=True) == Amount(Decimal("12500.00"))
    assert parse_amount("1.234.567", decimal_comma=True) == Amount(Decimal("1234567.00"))
    assert parse_amount("1,234", decimal_comma=True) == Amount(Decimal("1.234"))
    assert parse_amount("1.234,5", decimal_comma=True) == Amount(Decimal("1234.50"))
    assert parse_amount("12.500") == Amount(Decimal("12.500"))
    assert writes_decimal_comma(["12.500", "99,5"])
    assert writes_decimal_comma(["1.234,56"])
    assert not writes_decimal_comma(["12.500", "99,5", "1.50"])  # a decimal point too: no decision
    assert not writes_decimal_comma(["$1,234.56", "1,234"])
    assert not writes_decimal_comma(["100"])


def test_spreadsheet_numbers_are_decimal_without_float_noise() -> None:
    assert parse_amount(0.1 + 0.2) == Amount(Decimal("0.30"))
    assert parse_amount(4250.0) == Amount(Decimal("4250.00"))
    assert parse_amount(1234.567) == Amount(Decimal("1234.567"))
    assert parse_amount(True) is None
    assert parse_amount(float("nan")) is None


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2))
def test_formatted_amounts_read_back(value: Decimal) -> None:
    grouped = f"{abs(value):,.2f}"
    assert parse_amount(grouped if value >= 0 else f"({grouped})") == Amount(value)
    assert parse_amount(f"${grouped}" if value >= 0 else f"-${grouped}") == Amount(value, "$")
    european = grouped.replace(",", " ").replace(".", ",")
    assert parse_amount(european if value >= 0 else f"{european}-") == Amount(value)


def test_currency_comes_from_the_column_then_the_cell_then_the_manifest() -> None:
    assert resolve_currency("EUR", None, "USD") == "EUR"
    assert resolve_currency("EUR", "GBP", "USD") == "GBP"
    assert resolve_currency(None, None, "CAD") == "CAD"
    assert resolve_currency("$", None, "CAD") == "CAD"  # a bare dollar sign is the file's dollar
    assert resolve_currency("$", None, "EUR") == "USD"
    assert currency_code("usd") == "USD"
    assert currency_code("USD - US Dollar") == "USD"
    assert currency_code("Euro") == "EUR"
    assert currency_code("Dollars") == "$"
    assert currency_code("Moneys") is None


def test_money_in_messages() -> None:
    assert format_money(Decimal("48210"), "USD") == "USD 48,210.00"
    assert format_money(Decimal("-1234.5"), "EUR") == "EUR -1,234.50"
    assert format_money(Decimal("1.125"), "USD") == "USD 1.125"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-04-11", dt.date(2026, 4, 11)),
        ("2026-04-11 00:00:00", dt.date(2026, 4, 11)),
        ("2026-04-11T09:30:00Z", dt.date(2026, 4, 11)),
        ("2026/04/11", dt.date(2026, 4, 11)),
        ("11-Apr-2026", dt.date(2026, 4, 11)),
        ("11-Apr-26", dt.date(2026, 4, 11)),
        ("11 April 2026", dt.date(2026, 4, 11)),
        ("Apr 11, 2026", dt.date(2026, 4, 11)),
        ("April 11, 2026", dt.date(2026, 4, 11)),
        ("Sept 3, 2026", dt.date(2026, 9, 3)),
        ("Thursday, May 1, 2026", dt.date(2026, 5, 1)),
        ("13/04/2026", dt.date(2026, 4, 13)),  # only one way to read it
        ("04/13/2026", dt.date(2026, 4, 13)),
        ("4/4/2026", dt.date(2026, 4, 4)),  # the same either way
        ("46143", dt.date(2026, 5, 1)),  # an Excel serial day
        (46143.0, dt.date(2026, 5, 1)),
        (dt.datetime(2026, 4, 1, 17, 5), dt.date(2026, 4, 1)),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 1)),
    ],
)
def test_dates_with_explicit_formats(written: object, expected: dt.date) -> None:
    assert parse_date(written, None) == (expected, None)


def test_day_month_order_reads_ambiguous_dates() -> None:
    assert parse_date("03/04/2026", None) == (None, AMBIGUOUS)
    assert parse_date("03/04/2026", "MDY") == (dt.date(2026, 3, 4), None)
    assert parse_date("03/04/2026", "DMY") == (dt.date(2026, 4, 3), None)
    assert parse_date("3.4.26", "DMY") == (dt.date(2026, 4, 3), None)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("02/30/2026", "02/30/2026 is not a real date (February 2026 has 28 days)"),
        ("2026-02-30", "2026-02-30 is not a real date (February 2026 has 28 days)"),
        ("31/04/2026", "31/04/2026 is not a real date (April 2026 has 30 days)"),
        ("2026-13-01", "2026-13-01 is not a real date (there is no month 13)"),
        ("soon", "'soon' is not a date Blitz can read; write it like 2026-04-30"),
    ],
)
def test_impossible_dates_say_why(written: str, why: str) -> None:
    assert parse_date(written, None) == (None, why)


def test_empty_date_is_no_date_and_no_problem() -> None:
    assert parse_date("", "MDY") == (None, None)
    assert parse_date("  ", None) == (None, None)


def test_order_is_decided_by_dates_that_read_one_way() -> None:
    evidence = DayMonthOrder()
    evidence.see("03/04/2026", 2)
    assert evidence.decide(None)[0] is None
    assert "date_order: MDY" in evidence.decide(None)[1][0][1]
    assert evidence.decide(None)[1][0][0] == 2
    assert evidence.decide("DMY") == ("DMY", [])
    evidence.see("04/13/2026", 5)
    assert evidence.decide(None) == ("MDY", [])
    order, findings = evidence.decide("DMY")  # the file overrules the manifest, with a warning
    assert order == "MDY"
    assert findings[0][0] == 5 and not findings[0][2]


def test_a_file_that_writes_dates_both_ways_is_an_error() -> None:
    evidence = DayMonthOrder()
    evidence.see("13/04/2026", 3)
    evidence.see("04/14/2026", 9)
    order, findings = evidence.decide("MDY")
    assert order is None
    line, message, is_error = findings[0]
    assert (line, is_error) == (9, True)
    assert "day-first (line 3: 13/04/2026)" in message and "month-first (line 9: 04/14/2026)" in message


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("As of April 30, 2026", dt.date(2026, 4, 30)),
        ("As at 30 April 2026", dt.date(2026, 4, 30)),
        ("Aging Date: 04/30/2026", dt.date(2026, 4, 30)),
        ("End of Apr 2026", dt.date(2026, 4, 30)),
        ("As of Apr 30, 2026 (by due date)", dt.date(2026, 4, 30)),
        ("Accrual Basis Thursday, May 1, 2026 09:14 AM GMT-07:00", None),
        ("A/R Aging Detail", None),
    ],
)
def test_report_date_in_titles(title: str, expected: dt.date | None) -> None:
    assert as_of_in(title, None) == expected


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_date_reads_back_in_every_format(day: dt.date) -> None:
    assert parse_date(day.isoformat(), None) == (day, None)
    assert parse_date(f"{day.month}/{day.day}/{day.year}", "MDY") == (day, None)
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}", "DMY") == (day, None)
    assert parse_date(day.strftime("%d-%b-%Y"), None) == (day, None)
    assert parse_date(day.strftime("%b %d, %Y"), None) == (day, None)
    assert parse_date((day - dt.date(1899, 12, 30)).days, None) == (day, None)
