"""Invoice numbers as people write them, and the open items they point at.

``INV-1042``, ``inv 1042``, ``Invoice #1042``, ``invoice no. 1042``,
``invoices 1042, 1043 and 1051``, ``#1042`` and, where the export's own
numbers are plain digits, a bare ``5033``. A bare number is never read as an
invoice next to words that make it something else (a PO, a check, an amount,
a phone number) or inside a date. Each sentence is scanned once; numbers are
looked up in dictionaries, never compared with every invoice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.analyze.names import digit_core, invoice_key, invoice_prefix

RefKind = Literal["worded", "prefixed", "bare"]

_NUMBER = r"([A-Za-z]{0,6}[-_/]?\d[\dA-Za-z_/-]*)"
_WORDED = re.compile(
    r"(?:\b(?:invoices?|invs?|bills?)\b\.?(?:\s+|\s*[:#]+\s*)(?:(?:no|nr|nos|num|number|numbers)\b\.?\s*[:#]?\s*)?"
    r"|(?<![\w&])#\s?)"
    + _NUMBER,
    re.IGNORECASE,
)
_MORE = re.compile(r"\s*(?:,|&|\band\b|\bor\b|\+|/)\s*(?:#\s?)?" + _NUMBER, re.IGNORECASE)
_BARE = re.compile(r"(?<![\w$€£#.,/:\\-])(\d{3,})(?![\w%]|[.,/:-]\d)")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?$")
_NOT_AN_INVOICE = re.compile(
    r"(?:\b(?:po|p\.o|purchase order|order|so|ref|reference|conf|confirmation|check|cheque|chk|ach|wire|eft|"
    r"trace|transaction|txn|account|acct|a/c|case|ticket|phone|tel|fax|ext|suite|ste|unit|zip|box|route|"
    r"routing|usd|eur|gbp|cad|aud|vendor|supplier|customer|cust|id|tracking|bol|shipment|delivery|"
    r"quote|contract|sow|store|job|item|sku|part|claim|rma|credit memo|cm)\b\.?\s*(?:no\.?|number|#|:)?\s*"
    r"[:#]?\s*|[$€£]\s*)$",
    re.IGNORECASE,
)
_MONTH_DAY_BEFORE = re.compile(r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s*$")
_UNIT_AFTER = re.compile(
    r"^\s*(?:usd|eur|gbp|cad|aud|dollars|euros|pounds|units|pcs|pieces|boxes|pallets|cases|days|hours|"
    r"kg|lbs|miles|km|%)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """An invoice number written in a text."""

    written: str  # the number as written: "INV-1042", "1042"
    kind: RefKind


def _clean(token: str) -> str:
    return token.rstrip("-_/.")


def _usable(token: str) -> bool:
    return bool(token) and not _DATE_LIKE.match(token) and any(c.isdigit() for c in token)


def worth_asking(number: str) -> bool:
    """Whether an unmatched number looks enough like an invoice to ask about (three digits or more)."""
    return sum(c.isdigit() for c in number) >= 3


def _same_shape(first: str, other: str) -> bool:
    """``1042, 1043 and 1051`` continue a list of invoices; ``1042, 150 units`` does not."""
    return invoice_prefix(first) == invoice_prefix(other) and len(digit_core(first)) == len(digit_core(other))


def _context_excludes(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(_NOT_AN_INVOICE.search(before))


class InvoiceIndex:
    """Open items by invoice number: exact key, digit core and plain-digit numbers."""

    def __init__(self, numbers: Iterable[tuple[int, str]]) -> None:
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.digits: dict[str, list[int]] = defaultdict(list)
        self.bare: dict[str, list[int]] = defaultdict(list)
        prefixes: set[str] = set()
        for position, number in numbers:
            self.exact[invoice_key(number)].append(position)
            core = digit_core(number)
            if core:
                self.digits[core].append(position)
            if number.strip().isdigit():
                self.bare[number.strip()].append(position)
            prefix = invoice_prefix(number)
            if prefix and prefix not in ("PO",):
                prefixes.add(prefix)
        prefixes.add("INV")
        body = "|".join(sorted((re.escape(p) for p in prefixes), key=lambda p: (-len(p), p)))
        self.prefixed = re.compile(rf"(?<![\w#])((?:{body})[-_]?\d[\dA-Za-z_/-]*)", re.IGNORECASE)
        self.prefixes = frozenset(prefixes)

    def find(self, ref: Reference) -> list[int]:
        """The open items a reference points at (several when the digits alone are ambiguous)."""
        if ref.kind == "bare":
            return list(self.bare.get(ref.written, []))
        exact = self.exact.get(invoice_key(ref.written))
        if exact:
            return list(exact)
        prefix = invoice_prefix(ref.written)
        if ref.kind == "prefixed" and prefix not in ("INV", "IN", "INVOICE"):
            return []
        return list(self.digits.get(digit_core(ref.written), []))

    def references(self, text: str) -> list[Reference]:
        """Every invoice number a text mentions, in order, without repeats."""
        found: list[tuple[int, Reference]] = []
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, token: str, kind: RefKind) -> None:
            token = _clean(token)
            if not _usable(token) or any(s <= start < e for s, e in taken):
                return
            taken.append((start, end))
            found.append((start, Reference(written=token, kind=kind)))

        for match in _WORDED.finditer(text):
            if match.group(0).startswith("#") and _context_excludes(text, match.start()):
                continue
            first = _clean(match.group(1))
            add(match.start(1), match.end(1), first, "worded")
            position = match.end()
            while (more := _MORE.match(text, position)) and _same_shape(first, _clean(more.group(1))):
                add(more.start(1), more.end(1), more.group(1), "worded")
                position = more.end()
        for match in self.prefixed.finditer(text):
            if not _context_excludes(text, match.start()):
                add(match.start(1), match.end(1), match.group(1), "prefixed")
        if self.bare:
            for match in _BARE.finditer(text):
                number = match.group(1)
                if number not in self.bare or _context_excludes(text, match.start()):
                    continue
                if _MONTH_DAY_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
                    continue
                if _UNIT_AFTER.match(text[match.end() : match.end() + 12]):
                    continue
                add(match.start(1), match.end(1), number, "bare")
        return self._ordered(found)

    def bare_numbers(self, text: str) -> list[str]:
        """Plain digit runs that could be an invoice number written without its prefix."""
        found = []
        for match in _BARE.finditer(text):
            if _context_excludes(text, match.start()):
                continue
            if _MONTH_DAY_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
                continue
            if _UNIT_AFTER.match(text[match.end() : match.end() + 12]):
                continue
            found.append(match.group(1))
        return found

    @staticmethod
    def _ordered(found: list[tuple[int, Reference]]) -> list[Reference]:
        seen: set[str] = set()
        ordered: list[Reference] = []
        for _, ref in sorted(found, key=lambda item: item[0]):
            if invoice_key(ref.written) not in seen:
                seen.add(invoice_key(ref.written))
                ordered.append(ref)
        return ordered
