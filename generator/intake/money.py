"""Amounts as exports write them, read into ``Decimal`` with the currency they name.

Exports write money in many ways: ``$4,250.00``, ``(1,234.56)`` for a negative,
``1,234.56-``, ``USD 1,200``, ``€1.234,56``, ``12 345,00``. :func:`parse_amount`
reads all of them without ever going through ``float`` for text. A comma is a
decimal comma only where it cannot be a thousands separator (``1,5``, ``1.234,56``,
``12 345,00``); ``1,234`` stays one thousand two hundred and thirty-four.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

NO_AMOUNT = frozenset({"", "-", "–", "—", "--", "n/a", "na", "#n/a"})
DOLLAR = "$"  # a dollar sign: which dollar depends on the file's currency
DOLLAR_CURRENCIES = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "JMD", "BSD", "BBD"})
SYMBOLS = {
    "US$": "USD", "U$S": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "CHF": "CHF",
    "R$": "BRL", "zł": "PLN", "kr": "SEK", "$": DOLLAR,
}
CURRENCY_NAMES = {
    "us dollar": "USD", "us dollars": "USD", "dollar": DOLLAR, "dollars": DOLLAR, "euro": "EUR",
    "euros": "EUR", "british pound": "GBP", "pound sterling": "GBP", "pounds sterling": "GBP",
    "canadian dollar": "CAD", "australian dollar": "AUD", "new zealand dollar": "NZD",
    "japanese yen": "JPY", "swiss franc": "CHF",
}
_CODES = (
    "USD EUR GBP CAD AUD NZD CHF JPY CNY HKD SGD INR MXN BRL ZAR SEK NOK DKK PLN CZK HUF RON ILS "
    "AED SAR TRY KRW TWD THB MYR IDR PHP VND ARS CLP COP PEN NGN KES EGP ISK BGN"
)
ISO_CODES = frozenset(_CODES.split())
_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_CODE_RE = "|".join(sorted(ISO_CODES))
_LEFT = re.compile(rf"^(?:\s+|[-−+(]|{_SYMBOL_RE}|(?:{_CODE_RE})(?![A-Za-z]))")
_RIGHT = re.compile(rf"(?:\s+|[-−)]|{_SYMBOL_RE}|(?<![A-Za-z])(?:{_CODE_RE})|\bCR|\bDR)$")
_BODY = re.compile(r"^(?:\d[\d.,' \u00a0\u202f\u2009]*|[.,]\d+)$")
_PLAIN = re.compile(r"^(-)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009']")
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f\u2009']\d{3})+(?:[.,]\d+)?$")


@dataclass(frozen=True, slots=True)
class Amount:
    """An amount read from a cell: ``value`` None means the cell says "no amount".

    ``currency`` is what the cell itself names: a code like ``EUR``, ``"$"`` for
    a bare dollar sign, or None.
    """

    value: Decimal | None
    currency: str | None = None


NOTHING = Amount(None)


def currency_code(text: str) -> str | None:
    """A Currency column's cell as an ISO code (or ``"$"``); None when it is not one."""
    cleaned = text.strip()
    if (re.fullmatch(r"[A-Z]{3}", cleaned)) or cleaned.upper() in ISO_CODES:
        return cleaned.upper()
    if cleaned in SYMBOLS:
        return SYMBOLS[cleaned]
    named = CURRENCY_NAMES.get(cleaned.casefold())
    if named:
        return named
    match = re.match(r"^([A-Z]{3})\b", cleaned)  # NetSuite writes "USD - US Dollar"
    return match.group(1) if match else None


def resolve_currency(cell: str | None, column: str | None, default: str) -> str:
    """The currency of one amount: the Currency column, else the cell's own mark, else the default.

    A bare ``$`` (or the word dollar) means the default when the default is a
    dollar currency, else US dollars.
    """
    for mark in (column, cell):
        if mark == DOLLAR:
            return default if default in DOLLAR_CURRENCIES else "USD"
        if mark:
            return mark
    return default


def _number(body: str, decimal_comma: bool) -> Decimal | None:
    if _SPACES.search(body):
        if not _SPACE_GROUPED.match(body):
            return None
        body = _SPACES.sub("", body).replace(",", ".")  # "12 345,00": spaces group, so a comma is decimal
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _, fraction = body.rpartition(decimal_mark)
        if decimal_mark in whole or not _grouped(whole, group_mark):
            return None
        body = whole.replace(group_mark, "") + "." + fraction
    elif commas:
        whole, _, fraction = body.rpartition(",")
        if commas == 1 and (len(fraction) != 3 or decimal_comma):
            body = whole + "." + fraction  # "1,5" or "1,50": cannot be a thousands separator
        elif _grouped(body, ","):
            body = body.replace(",", "")
        else:
            return None
    elif dots > 1 or (decimal_comma and len(body.rpartition(".")[2]) == 3):
        if not _grouped(body, "."):
            return None
        body = body.replace(".", "")  # "1.234.567", or "12.500" where the file writes decimal commas
    try:
        return Decimal(body)
    except InvalidOperation:
        return None


def _grouped(text: str, mark: str) -> bool:
    """``1,234,567``-style grouping: a leading group of 1-3 digits, then groups of 2-3 (lakh too)."""
    groups = text.split(mark)
    if not groups[0] or len(groups[0]) > 3 or not groups[0].isdigit():
        return False
    return len(groups[-1]) == 3 and all(g.isdigit() and len(g) in (2, 3) for g in groups[1:])


CENT = Decimal("0.01")
MAX_DIGITS = 18  # more digits than ten quadrillion with cents: not an amount any export holds
LARGEST = 10**16


def with_cents(value: Decimal) -> Decimal:
    """At least two decimals (``1200`` → ``1200.00``); finer amounts stay as written."""
    exponent = value.as_tuple().exponent
    return value.quantize(CENT) if isinstance(exponent, int) and exponent > -2 else value


def from_number(value: float | int) -> Decimal:
    """A spreadsheet's numeric cell as Decimal: its shortest repr, rounded to cents when it is cents."""
    exact = Decimal(repr(round(value, 9))) if isinstance(value, float) else Decimal(value)
    cents = exact.quantize(CENT)
    return cents if cents == exact else exact


def _peel(text: str) -> tuple[str, list[str]]:
    """Take signs, parentheses and currency marks off both ends; the number stays."""
    marks: list[str] = []
    for pattern, at_start in ((_LEFT, True), (_RIGHT, False)):
        while text:
            match = pattern.match(text) if at_start else pattern.search(text)
            if not match or not match.group():
                break
            text = text[match.end():] if at_start else text[: match.start()]
            if match.group().strip():
                marks.append(match.group().strip())
    return text, marks


def parse_amount(raw: object, decimal_comma: bool = False) -> Amount | None:
    """Read one cell as an amount; None when it is not one (the caller reports the problem).

    ``decimal_comma`` says the file writes ``1.234,56`` (see :func:`writes_decimal_comma`):
    then ``12.500`` is twelve thousand five hundred and ``1,234`` is one point two three four.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        if raw != raw or not -LARGEST < raw < LARGEST:  # NaN, infinities and absurd sizes
            return None
        return Amount(from_number(raw))
    if not isinstance(raw, str):
        return None
    return _parse_text(raw, decimal_comma)


@lru_cache(maxsize=16384)
def _parse_text(raw: str, decimal_comma: bool) -> Amount | None:
    text = raw.strip()
    if len(text) > MAX_DIGITS and sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None  # no invoice is that large, and Decimal's 28 digits would overflow in arithmetic
    if not decimal_comma and (plain := _PLAIN.match(text)):  # the common "-1,234.56" needs no further thought
        sign, whole, fraction = plain.groups()
        decimals = len(fraction) - 1 if fraction else 0
        if decimals < 2:
            fraction = (fraction or ".") + "0" * (2 - decimals)  # at least cents, as with_cents does
        cents = Decimal(whole.replace(",", "") + fraction)
        return Amount(-cents if sign else cents)
    if text.casefold() in NO_AMOUNT:
        return NOTHING
    body, marks = _peel(text)
    signs = [m for m in marks if m in ("-", "−", "CR")]
    parens = [m for m in marks if m in ("(", ")")]
    currencies = {SYMBOLS.get(m, m) for m in marks if m not in ("-", "−", "CR", "DR", "+", "(", ")")}
    if len(signs) > 1 or len(currencies) > 1 or parens not in ([], ["(", ")"]) or (signs and parens):
        return None
    if not _BODY.match(body):
        return None
    number = _number(body, decimal_comma)
    if number is None:
        return None
    value = with_cents(number)
    return Amount(-value if signs or parens else value, currencies.pop() if currencies else None)


_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)|\.\d{3},\d|\d[ \u00a0\u202f]\d{3},\d")
_DOT_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)|,\d{3}\.\d")


def writes_decimal_comma(cells: Iterable[str]) -> bool:
    """Whether a file's amounts use a decimal comma: some show it (``99,5``, ``1.234,56``), none a decimal point."""
    comma = dot = False
    for text in cells:
        comma = comma or bool(_COMMA_DECIMAL.search(text))
        dot = dot or bool(_DOT_DECIMAL.search(text))
        if dot:
            return False
    return comma


def format_money(value: Decimal, currency: str) -> str:
    """``USD 48,210.00``: how messages state an amount (at least two decimals)."""
    return f"{currency} {with_cents(value):,}"
