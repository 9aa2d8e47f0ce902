"""Analysis: the judgment over a handoff. Pure: no file, git or template access.

``analyze`` ages every invoice from the as-of date, links messages and notes
to customers and invoices, reads the signals they carry, chooses each
invoice's status by the playbook's precedence and lists what nobody knows yet.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from generator.analyze.aging import bucket, days_overdue
from generator.analyze.model import Analysis, CustomerView, InvoiceView, NextStep, Status, Unknown
from generator.intake.model import Handoff, InvoiceLine


def _merged_invoices(handoff: Handoff) -> list[InvoiceLine]:
    """The aging's open items, or the invoice list's where there is no aging."""
    return list(handoff.invoices) if handoff.invoices else [r for r in handoff.records if r.open_amount]


def _status(line: InvoiceLine, days: int) -> Status:
    if (line.open_amount or Decimal(0)) < 0:
        return "credit"
    return "overdue" if days > 0 else "not_due"


def analyze(handoff: Handoff) -> Analysis:
    """Age, link, classify and question every invoice of the handoff."""
    as_of = handoff.manifest.as_of
    views: list[InvoiceView] = []
    for line in _merged_invoices(handoff):
        due = line.due_date or line.invoice_date
        days = days_overdue(as_of, due)
        status = _status(line, days)
        open_amount = line.open_amount if line.open_amount is not None else (line.amount or Decimal(0))
        views.append(
            InvoiceView(
                number=line.number,
                customer=line.customer,
                currency=line.currency,
                amount=line.amount if line.amount is not None else open_amount,
                open_amount=open_amount,
                due_date=due,
                invoice_date=line.invoice_date,
                po=line.po,
                days_overdue=days,
                bucket=bucket(days),
                status=status,
                next_step=NextStep(action="Send a reminder" if status == "overdue" else "No action yet"),
                source=line.source,
            )
        )
    views.sort(key=lambda v: (v.customer.casefold(), v.number))
    by_customer: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in views:
        by_customer[view.customer].append(view)
    customers = []
    for name in sorted(by_customer, key=str.casefold):
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for view in by_customer[name]:
            totals[view.currency] += view.open_amount
        customers.append(
            CustomerView(
                name=name,
                invoices=tuple(v.number for v in by_customer[name]),
                currency_totals=tuple(sorted(totals.items())),
            )
        )
    unknowns: list[Unknown] = []
    return Analysis(
        handoff_id=handoff.id,
        title=handoff.manifest.title,
        as_of=as_of,
        invoices=tuple(views),
        customers=tuple(customers),
        unknowns=tuple(unknowns),
    )
