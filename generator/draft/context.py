"""The typed context each draft template receives.

A template sees only these models, passed as variables, never text from a
source as template code. Customer emails are plain text, so their strings are
given as they are. Internal notes are Markdown, so every untrusted string in
their context is escaped before the template sees it (``Md`` fields): a team
that overrides a note template cannot let an email's markup through by
forgetting a filter.
"""

from __future__ import annotations

from typing import Literal

from generator.manifest import Sender
from generator.problems import Frozen

Tone = Literal["friendly", "firm", "final"]
Blocker = Literal["po_amendment", "missing_po", "vendor_setup", "supplier_portal", "invoice_copy", "approval"]


class InvoiceLine(Frozen):
    """One invoice as a draft states it; every value already formatted from the facts."""

    number: str
    currency: str
    po: str | None = None
    invoice_date: str | None = None
    due: str | None = None
    amount: str
    open_amount: str
    days_overdue: int
    days: str  # "19 days"
    paid: str | None = None  # amount − open amount, for partial payments
    promised: str | None = None  # the promised payment date
    blocker: Blocker | None = None
    customer: str | None = None  # in notes that span customers


class CustomerDraftContext(Frozen):
    """What every customer email knows: who writes, to whom, as of when."""

    sender: Sender
    customer: str
    greeting_name: str  # the contact's name, or "<customer> team"
    as_of: str
    invoices: tuple[InvoiceLine, ...]
    totals: tuple[str, ...]  # open total per currency, "USD 24,615.50"
    thread_subject: str | None = None  # the customer's own subject line, when replying
    followed_up: bool = False  # our side already answered the customer's last message about this


class ReminderContext(CustomerDraftContext):
    """A consolidated reminder for a customer's clean overdue invoices."""

    tone: Tone
    level: str  # the policy's level name, e.g. "firm reminder"
    oldest_days: str


class BlockerReplyContext(CustomerDraftContext):
    """A reply about a procurement blocker: a PO, vendor set-up, a missing invoice, approval."""

    blockers: tuple[Blocker, ...]


class PromiseFollowUpContext(CustomerDraftContext):
    """A follow-up on a payment promise whose date has passed."""


class BalanceReplyContext(CustomerDraftContext):
    """A note on the balance still open after a partial payment."""


class RemittanceRequestContext(CustomerDraftContext):
    """A request for remittance details where the customer says it has paid."""


class Quote(Frozen):
    """A sentence from a source, escaped as a Markdown blockquote, and where it is."""

    text: str  # Markdown blockquote, escaped
    where: str  # Markdown, escaped: "threads/acme.eml <message-id>"
    rule: str  # Markdown, escaped
    origin: Literal["customer", "ours", "internal"]  # the customer's email, our email, notes and records


class NoteContext(Frozen):
    """What every internal note knows. Every string is Markdown-escaped already."""

    customer: str
    as_of: str
    invoices: tuple[InvoiceLine, ...]
    totals: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()  # all of them, in the order of the evidence
    customer_quotes: tuple[Quote, ...] = ()  # what the customer wrote
    internal_quotes: tuple[Quote, ...] = ()  # our notes, records and emails


class DisputeNoteContext(NoteContext):
    """One disputed invoice: what the customer says, the evidence, what finance decides."""


class HoldNoteContext(NoteContext):
    """A customer on hold: why, until when, who owns it."""

    until: str | None
    owner: str | None  # who owns the next step: "legal", "account owner", ...
    set_by: str | None  # the author of the note that set the hold
    legal: bool  # legal or bankruptcy: nobody contacts the customer without legal


class PlanNoteContext(NoteContext):
    """A payment-plan request for the controller to decide."""


class CreditNoteContext(NoteContext):
    """A credit memo, unapplied payment or negative balance to decide on."""

    credit: InvoiceLine
    open_invoices: tuple[InvoiceLine, ...]  # the exact match first, then the oldest
    open_more: int = 0  # open invoices not listed
    matching: tuple[InvoiceLine, ...] = ()  # open invoices whose amount equals the credit exactly


class ExposureRow(Frozen):
    """A customer's overdue exposure in one currency, for the escalation summary."""

    customer: str  # Markdown, escaped
    total: str
    invoices: int
    oldest: str  # "111 days"


class EscalationContext(Frozen):
    """The controller's summary: largest and oldest exposure, broken promises, final-level accounts."""

    as_of: str
    final_level: str  # the policy's last level name
    final_days: str  # "61 days"
    largest: tuple[ExposureRow, ...]
    oldest: tuple[InvoiceLine, ...]
    broken_promises: tuple[InvoiceLine, ...]
    broken_more: int = 0  # broken promises not listed
    past_final: tuple[ExposureRow, ...]  # accounts with invoices past the final level
    past_final_more: int = 0  # accounts not listed
    totals: tuple[str, ...]  # overdue total per currency


DraftContext = (
    ReminderContext
    | BlockerReplyContext
    | PromiseFollowUpContext
    | BalanceReplyContext
    | RemittanceRequestContext
    | DisputeNoteContext
    | HoldNoteContext
    | PlanNoteContext
    | CreditNoteContext
    | EscalationContext
)
