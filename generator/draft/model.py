"""Drafts the packet proposes: customer emails and internal notes, never sent by this tool."""

from __future__ import annotations

from typing import Literal

from generator.problems import Frozen

Audience = Literal["customer", "internal"]

CUSTOMER_KINDS: tuple[str, ...] = (
    "reminder",  # consolidated reminder for clean overdue invoices
    "blocker_reply",  # names a procurement blocker: PO amendment, PO number, vendor set-up, ...
    "promise_followup",  # a payment promise whose date has passed
    "balance_reply",  # the balance left after a partial payment
    "remittance_request",  # the customer says it paid: ask for remittance details
)
INTERNAL_KINDS: tuple[str, ...] = ("dispute_note", "hold_note", "plan_note", "credit_note", "escalation")

DECISION_PREFIX = "[FINANCE DECISION:"


class Draft(Frozen):
    """One draft page. ``facts`` lists every number the text uses, ``sources`` where each came from."""

    id: str
    audience: Audience
    kind: str  # one of CUSTOMER_KINDS or INTERNAL_KINDS
    customer: str | None
    invoices: tuple[str, ...]
    path: str  # relative to the packet folder, e.g. "drafts/acme-retail-reminder.md"
    subject: str
    to: tuple[str, ...] = ()
    body: str  # plain text (customer) or Markdown (internal)
    tone: str | None = None
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) pairs used in the text
    decisions: tuple[str, ...] = ()  # "[FINANCE DECISION: ...]" placeholders present in the body
    sources: tuple[tuple[str, str], ...] = ()  # (fact label, where it came from)
    purpose: str = ""  # one sentence for the reviewer: what this draft is for
    notes: tuple[str, ...] = ()  # plain-text remarks for the reviewer (missing contact, fallbacks)
    in_reply_to: str | None = None  # Message-ID of the customer's message this answers
    template: str = ""  # the template it was rendered from
