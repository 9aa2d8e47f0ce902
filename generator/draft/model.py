"""Drafts the packet proposes: customer emails and internal notes, never sent by this tool."""

from __future__ import annotations

from typing import Literal

from generator.problems import Frozen

Audience = Literal["customer", "internal"]


class Draft(Frozen):
    """One draft page. ``facts`` lists every number the text uses with where it came from."""

    id: str
    audience: Audience
    kind: str  # "reminder", "blocker_reply", "dispute_note", "hold_note", "plan_note", "credit_note", "escalation"
    customer: str | None
    invoices: tuple[str, ...]
    path: str  # relative to the packet folder, e.g. "drafts/acme-retail-reminder.md"
    subject: str
    to: tuple[str, ...] = ()
    body: str  # plain text (customer) or Markdown (internal)
    tone: str | None = None
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) pairs used in the text
    decisions: tuple[str, ...] = ()  # "[FINANCE DECISION: ...]" placeholders present in the body
