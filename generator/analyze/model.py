"""What analysis concludes: statuses with their evidence, next steps, known unknowns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from generator.problems import Frozen, Problem, Source

Status = Literal[
    "overdue",
    "dispute",
    "procurement",
    "partial_payment",
    "payment_plan",
    "promised",
    "broken_promise",
    "internal_hold",
    "credit",
    "not_due",
]
STATUSES: tuple[Status, ...] = (
    "overdue",
    "dispute",
    "procurement",
    "partial_payment",
    "payment_plan",
    "promised",
    "broken_promise",
    "internal_hold",
    "credit",
    "not_due",
)

Owner = Literal["ar_clerk", "controller", "account_owner", "sales", "legal"]


class Evidence(Frozen):
    """Why a status or flag was set: the source, where in it, the sentence, the rule."""

    source: str  # path relative to the repository root
    location: str  # "<message-id>", "line N" or "cell B4"
    quote: str
    rule: str  # e.g. "dispute.damaged_goods" or "amounts.open_below_original"


class NextStep(Frozen):
    """What finance does next about an invoice or customer, who, by when, behind what gate."""

    action: str
    owner: Owner = "ar_clerk"
    due: date | None = None
    depends_on: str | None = None
    gate: str | None = None  # e.g. "controller approval of the draft"


class InvoiceView(Frozen):
    """One invoice after analysis: the facts, its age, its status and why.

    ``customer`` is the account the invoice belongs to, the same name as its
    :class:`CustomerView`: a QuickBooks ``Customer:Job`` name counts under its
    parent customer, and spellings that differ only in case, punctuation or a
    legal suffix ("Acme Retail, Inc.") are one account. The name as the export
    wrote it is kept in ``customer_as_written`` (and the job in ``job``).
    """

    number: str
    customer: str
    currency: str
    amount: Decimal
    open_amount: Decimal
    due_date: date | None
    invoice_date: date | None = None
    po: str | None = None
    days_overdue: int
    bucket: str  # "Current", "1-30", "31-60", "61-90", "91+"
    status: Status
    flags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    promise_date: date | None = None
    reminder_level: str | None = None  # policy level name for clean overdue invoices
    next_step: NextStep
    source: Source
    # The customer as the export writes it, when that differs from the account name
    # above (a QuickBooks "Customer:Job" name, another spelling).
    customer_as_written: str | None = None
    job: str | None = None  # the job part of a "Customer:Job" name
    emails: tuple[str, ...] = ()  # billing addresses the exports give for this invoice
    doc_type: str | None = None  # "Invoice", "Credit Memo", "Payment"... as the export says


class TimelineEntry(Frozen):
    """A message or note about a customer, in date order, for the customer page."""

    date: str | None  # ISO date or date-time as known
    kind: Literal["email", "note", "bounce", "auto_reply"]
    who: str | None
    subject: str | None = None
    text: str  # the message's own words (untrusted: escape when rendering)
    internal: bool
    source: Source


class CustomerView(Frozen):
    """A customer with its invoices, contacts, timeline and next steps."""

    name: str
    emails: tuple[str, ...] = ()
    invalid_emails: tuple[str, ...] = ()
    invoices: tuple[str, ...] = ()  # invoice numbers
    currency_totals: tuple[tuple[str, Decimal], ...] = ()  # (currency, open total)
    on_hold: bool = False
    hold_evidence: tuple[Evidence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    names_as_written: tuple[str, ...] = ()  # every spelling the sources use, "Customer:Job" forms included
    flags: tuple[str, ...] = ()  # customer-wide signals, e.g. contact_bounced, auto_reply_only


class Unknown(Frozen):
    """Something the sources do not settle; a person must find out."""

    subject: str | None  # invoice number, customer name, or None for the packet
    question: str
    source: Source | None = None
    kind: str | None = None  # e.g. "amount_mismatch", "unmatched_message", "says_paid"


class Analysis(Frozen):
    """The whole judgment over one handoff."""

    handoff_id: str
    title: str
    as_of: date
    invoices: tuple[InvoiceView, ...]
    customers: tuple[CustomerView, ...]
    unknowns: tuple[Unknown, ...] = ()
    problems: tuple[Problem, ...] = ()  # warnings about the policy's playbook adjustments
    precedence: tuple[Status, ...] = STATUSES  # the status order this analysis used
