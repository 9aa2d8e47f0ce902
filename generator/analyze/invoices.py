"""One record per open invoice, merged from every source that speaks of it.

The aging export is the truth for what is open. An invoice list adds the
original amount, PO and billing email by invoice number; an invoice PDF adds
its PO and total. Where two sources disagree about an amount, a PO, a due
date or the customer, neither is chosen: the disagreement becomes a known
unknown naming both sources. Without an aging, the invoice list's open items
stand in; with only a summary export, customers still get their totals and
the packet says that invoice detail is missing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from generator.analyze.model import Unknown
from generator.analyze.names import (
    account_name,
    customer_key,
    digit_core,
    emails_in,
    invoice_key,
)
from generator.intake.model import CustomerBalance, Handoff, InvoiceDocument, InvoiceLine
from generator.problems import Source


def amount_text(value: Decimal, currency: str) -> str:
    """``USD 18,400.00`` (negative: ``-USD 1,234.56``)."""
    sign = "-" if value < 0 else ""
    return f"{sign}{currency} {abs(value):,.2f}"


def where(source: Source) -> str:
    """``aging.csv line 12`` for a question a person reads."""
    location = source.location
    return f"{source.path} {location}".strip() if location else source.path


@dataclass(frozen=True)
class Invoice:
    """An open item with what every source says about it."""

    index: int
    line: InvoiceLine  # the aging line (or the invoice-list row when there is no aging)
    account: str  # the account's display name (parent of Customer:Job)
    key: str  # customer key
    amount: Decimal | None  # original amount, where any source gives one
    amount_source: Source | None
    open_amount: Decimal
    due_date: dt.date | None
    due_is_invoice_date: bool
    po: str | None
    emails: tuple[str, ...]
    record: InvoiceLine | None
    document: InvoiceDocument | None

    @property
    def number(self) -> str:
        return self.line.number

    @property
    def currency(self) -> str:
        return self.line.currency

    @property
    def is_open(self) -> bool:
        """Something is owed on it (credits and settled lines are not chased)."""
        return self.open_amount > 0


@dataclass(frozen=True)
class Ledger:
    """The merged open items, the account names, the summary totals and the questions."""

    invoices: tuple[Invoice, ...]
    accounts: dict[str, str]  # customer key → display name
    written: dict[str, tuple[str, ...]]  # customer key → names as the sources write them
    balances: dict[str, tuple[tuple[str, Decimal], ...]]  # customer key → (currency, total) from summaries
    summary_only: bool
    closed_numbers: dict[str, InvoiceLine]  # invoice key → invoice-list row not open in the aging
    unknowns: tuple[Unknown, ...]


class _Index:
    """Find a row by invoice number: exactly, else by the digits when they are unique."""

    def __init__(self, rows: list[tuple[str, object]]) -> None:
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.digits: dict[str, list[int]] = defaultdict(list)
        for position, (number, _) in enumerate(rows):
            self.exact[invoice_key(number)].append(position)
            core = digit_core(number)
            if core:
                self.digits[core].append(position)

    def find(self, number: str) -> int | None:
        exact = self.exact.get(invoice_key(number), [])
        if exact:
            return exact[0]
        by_digits = self.digits.get(digit_core(number), [])
        return by_digits[0] if len(by_digits) == 1 else None


def _accounts(handoff: Handoff, suffixes: frozenset[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    names: dict[str, str] = {}
    written: dict[str, list[str]] = defaultdict(list)
    every = [
        *(i.customer for i in handoff.invoices),
        *(r.customer for r in handoff.records),
        *(b.customer for b in handoff.balances),
        *(c.customer for c in handoff.contacts),
    ]
    for name in every:
        if not name.strip():
            continue
        key = customer_key(name, suffixes)
        names.setdefault(key, account_name(name))
        if name not in written[key]:
            written[key].append(name)
    return names, {k: tuple(sorted(v)) for k, v in written.items()}


def _differ(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and a != b


def _questions(
    line: InvoiceLine,
    record: InvoiceLine | None,
    document: InvoiceDocument | None,
    suffixes: frozenset[str],
) -> list[Unknown]:
    number, cur = line.number, line.currency
    aging = where(line.source)
    found: list[Unknown] = []

    def ask(question: str, kind: str) -> None:
        found.append(Unknown(subject=number, question=question, source=line.source, kind=kind))

    if record is not None and record is not line:
        listed = where(record.source)
        if _differ(record.amount, line.amount):
            assert record.amount is not None and line.amount is not None
            ask(
                f"The original amount of {number} differs: {amount_text(line.amount, cur)} in {aging}, "
                f"{amount_text(record.amount, record.currency)} in {listed}. Which is right?",
                "amount_mismatch",
            )
        if _differ(record.open_amount, line.open_amount):
            assert record.open_amount is not None and line.open_amount is not None
            ask(
                f"The open amount of {number} differs: {amount_text(line.open_amount, cur)} open in {aging}, "
                f"{amount_text(record.open_amount, record.currency)} remaining in {listed}. "
                "Was a payment or credit posted after one of the exports?",
                "amount_mismatch",
            )
        if record.currency != line.currency:
            ask(
                f"{number} is in {line.currency} in {aging} but in {record.currency} in {listed}. "
                "Which currency was it billed in?",
                "currency_mismatch",
            )
        if record.po and line.po and invoice_key(record.po) != invoice_key(line.po):
            ask(f"{number} has PO {line.po} in {aging} but PO {record.po} in {listed}. Which PO is right?",
                "po_mismatch")
        if record.due_date and line.due_date and record.due_date != line.due_date:
            ask(
                f"{number} is due {line.due_date.isoformat()} in {aging} but {record.due_date.isoformat()} "
                f"in {listed}. Which due date is right?",
                "due_date_mismatch",
            )
        if record.customer.strip() and customer_key(record.customer, suffixes) != customer_key(line.customer, suffixes):
            ask(
                f"{number} is billed to {line.customer} in {aging} but to {record.customer} in {listed}. "
                "Which customer owes it?",
                "customer_mismatch",
            )
    if document is not None:
        pdf = where(document.source)
        original = line.amount if line.amount is not None else (record.amount if record else None)
        original_from = aging if line.amount is not None else (where(record.source) if record else "")
        if _differ(document.total, original):
            assert document.total is not None and original is not None
            ask(
                f"The invoice PDF of {number} ({pdf}) shows a total of "
                f"{amount_text(document.total, document.currency or cur)}, but {original_from} says "
                f"{amount_text(original, cur)}. Which is right?",
                "amount_mismatch",
            )
        po = line.po or (record.po if record else None)
        if document.po and po and invoice_key(document.po) != invoice_key(po):
            ask(f"{number} has PO {po} in the exports but PO {document.po} on its PDF ({pdf}). Which PO is right?",
                "po_mismatch")
        due = line.due_date or (record.due_date if record else None)
        if document.due_date and due and document.due_date != due:
            ask(
                f"{number} is due {due.isoformat()} in the exports but {document.due_date.isoformat()} on its "
                f"PDF ({pdf}). Which due date is right?",
                "due_date_mismatch",
            )
    return found


def _open_items(handoff: Handoff) -> tuple[list[InvoiceLine], list[Unknown]]:
    """The lines to follow up: the aging's (a line with nothing open is left out, with a question)."""
    if not handoff.invoices:
        return [r for r in handoff.records if r.open_amount], []
    items = [line for line in handoff.invoices if line.open_amount != 0]
    questions = [
        Unknown(
            subject=line.number,
            question=f"{line.number} is in the aging ({where(line.source)}) with nothing open. It was left out; "
            "should it be in the export at all?",
            source=line.source,
            kind="zero_balance",
        )
        for line in handoff.invoices
        if line.open_amount == 0
    ]
    return items, questions


def merge_invoices(handoff: Handoff, suffixes: frozenset[str]) -> Ledger:
    """Merge aging lines, invoice-list rows and PDFs into one record per open invoice."""
    accounts, written = _accounts(handoff, suffixes)
    items, unknowns = _open_items(handoff)
    from_aging = bool(handoff.invoices)
    records = list(handoff.records) if from_aging else []
    record_index = _Index([(r.number, r) for r in records])
    documents = [d for d in handoff.documents if d.number]
    document_index = _Index([(d.number or "", d) for d in documents])
    invoices: list[Invoice] = []
    used_records: set[int] = set()
    for position, line in enumerate(items):
        found = record_index.find(line.number)
        record = records[found] if found is not None else (line if not from_aging else None)
        if found is not None:
            used_records.add(found)
        found_doc = document_index.find(line.number)
        document = documents[found_doc] if found_doc is not None else None
        unknowns += _questions(line, record, document, suffixes)
        amount, amount_source = line.amount, line.source if line.amount is not None else None
        if amount is None and record is not None and record.amount is not None:
            amount, amount_source = record.amount, record.source
        if amount is None and document is not None and document.total is not None:
            amount, amount_source = document.total, document.source
        open_amount = line.open_amount
        if open_amount is None:
            open_amount = amount if amount is not None else Decimal(0)
        due = line.due_date or (record.due_date if record else None) or (document.due_date if document else None)
        due_is_invoice_date = due is None and line.invoice_date is not None
        if due is None and line.invoice_date is not None:
            due = line.invoice_date
        emails = sorted(
            {e for text in (line.email, record.email if record else None) if text for e in emails_in(text)}
        )
        key = customer_key(line.customer, suffixes)
        invoices.append(
            Invoice(
                index=position,
                line=line,
                account=accounts.get(key, account_name(line.customer)),
                key=key,
                amount=amount,
                amount_source=amount_source,
                open_amount=open_amount,
                due_date=due,
                due_is_invoice_date=due_is_invoice_date,
                po=line.po or (record.po if record else None) or (document.po if document else None),
                emails=tuple(emails),
                record=record,
                document=document,
            )
        )
        if due is None:
            unknowns.append(
                Unknown(
                    subject=line.number,
                    question=f"{line.number} has no due date or invoice date in {where(line.source)}. When was it due?",
                    source=line.source,
                    kind="missing_due_date",
                )
            )
    unknowns += _duplicates(invoices)
    closed = {
        invoice_key(r.number): r for position, r in enumerate(records) if position not in used_records
    }
    balances, summary_only, balance_questions = _balances(handoff.balances, invoices, accounts, suffixes)
    return Ledger(
        invoices=tuple(invoices),
        accounts=accounts,
        written=written,
        balances=balances,
        summary_only=summary_only,
        closed_numbers=closed,
        unknowns=tuple(unknowns + balance_questions),
    )


def _duplicates(invoices: list[Invoice]) -> list[Unknown]:
    seen: dict[tuple[str, str], list[Invoice]] = defaultdict(list)
    for invoice in invoices:
        seen[(invoice_key(invoice.number), invoice.key)].append(invoice)
    found = []
    for group in seen.values():
        if len(group) > 1:
            places = ", ".join(where(i.line.source) for i in group)
            found.append(
                Unknown(
                    subject=group[0].number,
                    question=f"{group[0].number} appears {len(group)} times in the aging ({places}). "
                    "Is one of them a duplicate row, or are these separate items?",
                    source=group[0].line.source,
                    kind="duplicate_invoice",
                )
            )
    return found


def _balances(
    balances: tuple[CustomerBalance, ...],
    invoices: list[Invoice],
    accounts: dict[str, str],
    suffixes: frozenset[str],
) -> tuple[dict[str, tuple[tuple[str, Decimal], ...]], bool, list[Unknown]]:
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    first: dict[str, CustomerBalance] = {}
    for balance in balances:
        key = customer_key(balance.customer, suffixes)
        totals[key][balance.currency] += balance.total
        first.setdefault(key, balance)
    detail: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for invoice in invoices:
        detail[invoice.key][invoice.currency] += invoice.open_amount
    questions: list[Unknown] = []
    summary_only = bool(balances) and not invoices
    if summary_only:
        files = ", ".join(sorted({b.source.path for b in balances}))
        questions.append(
            Unknown(
                subject=None,
                question=f"Invoice detail is missing: {files} gives only a total per customer, so no invoice "
                "can be aged or followed up. Please add the A/R aging detail export (one row per invoice).",
                source=balances[0].source,
                kind="missing_invoice_detail",
            )
        )
    elif balances:
        for key in sorted(totals):
            name = accounts.get(key, first[key].customer)
            if key not in detail:
                shown = ", ".join(amount_text(v, c) for c, v in sorted(totals[key].items()))
                questions.append(
                    Unknown(
                        subject=name,
                        question=f"{name} has a balance of {shown} in the summary ({where(first[key].source)}) "
                        "but no invoice rows in the detail. Which invoices make up this balance?",
                        source=first[key].source,
                        kind="missing_invoice_detail",
                    )
                )
                continue
            for currency, total in sorted(totals[key].items()):
                rows = detail[key].get(currency, Decimal(0))
                if rows != total:
                    questions.append(
                        Unknown(
                            subject=name,
                            question=f"The summary says {name} owes {amount_text(total, currency)} "
                            f"({where(first[key].source)}) but its invoice rows add up to "
                            f"{amount_text(rows, currency)}. Which export is current?",
                            source=first[key].source,
                            kind="amount_mismatch",
                        )
                    )
    frozen = {k: tuple(sorted(v.items())) for k, v in totals.items()}
    return frozen, summary_only, questions
