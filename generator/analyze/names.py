"""How the same customer, invoice or mailbox is recognized however it is written.

* A customer key ignores case, punctuation and legal suffixes, and a
  ``Customer:Job`` name belongs to its parent customer: ``ACME Retail, Inc.``,
  ``Acme Retail`` and ``Acme Retail:Store 12`` are one account.
* An invoice key keeps letters and digits only (``INV-1042`` → ``INV1042``);
  its digit core (``1042``) lets ``#1042`` find ``INV-1042``.
* A mail domain identifies a company unless it is a free mail provider.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# An address starts where a run of address characters starts: without the look-behind a
# long run with no "@" in it would be tried from every position (quadratic time).
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: ``Société`` → ``societe``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def account_name(customer: str) -> str:
    """The account a ``Customer:Job`` name belongs to, as written: ``Acme:Store 12`` → ``Acme``."""
    parent = customer.split(":", 1)[0].strip()
    return parent or customer.strip()


def job_name(customer: str) -> str | None:
    """The job part of a ``Customer:Job`` name, if any."""
    if ":" not in customer:
        return None
    job = customer.split(":", 1)[1].strip()
    return job or None


def name_tokens(name: str, legal_suffixes: frozenset[str]) -> tuple[str, ...]:
    """The words that identify a customer name: lower case, no punctuation, no legal suffix."""
    text = fold(name).replace("&", " and ")
    tokens = [t for t in _NON_ALNUM.split(text) if t]
    if tokens and tokens[0] == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in legal_suffixes:
        tokens.pop()
    # "L.L.C." splits into single letters: drop a trailing run of them when it spells a suffix.
    for size in (3, 2):
        if len(tokens) > size and " ".join(tokens[-size:]) in legal_suffixes:
            tokens = tokens[:-size]
    return tuple(tokens)


@lru_cache(maxsize=65536)
def customer_key(name: str, legal_suffixes: frozenset[str]) -> str:
    """One key per account, however the name is written."""
    tokens = name_tokens(account_name(name), legal_suffixes)
    return " ".join(tokens) if tokens else fold(name).strip()


@lru_cache(maxsize=65536)
def invoice_key(number: str) -> str:
    """An invoice number with letters and digits only, upper case: ``inv-1042`` → ``INV1042``."""
    return _NON_ALNUM.sub("", fold(number)).upper()


@lru_cache(maxsize=65536)
def digit_core(number: str) -> str:
    """The digits of an invoice number without leading zeros: ``INV-001042`` → ``1042``."""
    digits = "".join(c for c in number if c.isdigit())
    return digits.lstrip("0") or digits


@lru_cache(maxsize=65536)
def invoice_prefix(number: str) -> str:
    """The letters an invoice number starts with: ``INV-1042`` → ``INV``; ``1042`` → ``""``."""
    match = re.match(r"\s*([A-Za-z]+)", number)
    return match.group(1).upper() if match else ""


def normalize_email(address: str) -> str:
    return address.strip().strip("<>").strip().lower()


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


def emails_in(text: str) -> list[str]:
    """Every email address written in a text (a cell may hold several)."""
    return [normalize_email(m) for m in _EMAIL.findall(text)]
