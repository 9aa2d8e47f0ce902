"""A draft decided on, and the tests that decide which invoices a customer may be asked about."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from generator.analyze.model import CustomerView, InvoiceView
from generator.draft.context import DraftContext
from generator.draft.facts import Fact
from generator.draft.model import Audience
from generator.intake.model import Handoff, Message, Note

LEGAL_MARKS = ("legal", "bankrupt", "chapter_11", "chapter 11", "chapter11", "insolven", "receivership")
SAYS_PAID = "customer_says_paid"


@dataclass(frozen=True)
class PlannedDraft:
    """A draft decided on, with the typed context its template will receive."""

    id: str
    kind: str
    audience: Audience
    customer: str | None
    invoices: tuple[str, ...]
    context: DraftContext
    facts: tuple[Fact, ...]
    purpose: str
    to: tuple[str, ...] = ()
    tone: str | None = None
    notes: tuple[str, ...] = ()
    in_reply_to: str | None = None


def marks(view: InvoiceView) -> str:
    """The invoice's flags and evidence rules as one lower-case string, for keyword tests."""
    return " ".join([*view.flags, *(e.rule for e in view.evidence)]).lower()


def is_legal(view: InvoiceView) -> bool:
    text = marks(view)
    return any(word in text for word in LEGAL_MARKS)


def customer_in_legal(customer: CustomerView, views: list[InvoiceView]) -> bool:
    hold_rules = " ".join(e.rule for e in customer.hold_evidence).lower()
    return any(word in hold_rules for word in LEGAL_MARKS) or any(is_legal(v) for v in views)


def no_customer_contact(customer: CustomerView, views: list[InvoiceView]) -> bool:
    """On hold, or in legal or bankruptcy: nobody drafts anything to this customer."""
    return customer.on_hold or customer_in_legal(customer, views)


def matched_by_credit(views: list[InvoiceView]) -> set[str]:
    """Open invoices whose amount equals an unapplied credit or payment of the same customer.

    Such an invoice has probably been paid already; chasing it would be wrong
    until finance decides where the payment goes.
    """
    credits = {(v.currency, -v.open_amount) for v in views if v.status == "credit" and v.open_amount < 0}
    return {v.number for v in views if v.open_amount > 0 and (v.currency, v.open_amount) in credits}


def open_total(views: list[InvoiceView]) -> Decimal:
    return sum((v.open_amount for v in views if v.open_amount > 0), Decimal(0))


def message_time(message: Message) -> float:
    """A message's time as a number for ordering (undated first; a date without zone read as UTC)."""
    if message.date is None:
        return float("-inf")
    stamp = message.date if message.date.tzinfo else message.date.replace(tzinfo=dt.UTC)
    return stamp.timestamp()


class Sources:
    """The handoff's messages, notes and contacts, indexed once for lookups by evidence."""

    def __init__(self, handoff: Handoff) -> None:
        self.messages: dict[tuple[str, str], Message] = {}
        for message in handoff.messages:
            for location in (message.message_id, message.source.location):
                if location:
                    self.messages.setdefault((message.source.path, location), message)
        notes: dict[str, list[Note]] = defaultdict(list)
        for note in handoff.notes:
            notes[note.source.path].append(note)
        self._notes = {path: sorted(group, key=lambda n: n.source.line or 0) for path, group in notes.items()}
        self._note_lines = {path: [n.source.line or 0 for n in group] for path, group in self._notes.items()}
        self._by_id: dict[str, Message] = {}
        for message in handoff.messages:
            if message.message_id:
                self._by_id.setdefault(message.message_id, message)
        self._replies: dict[str, list[Message]] = defaultdict(list)  # Message-ID → messages answering it
        for message in handoff.messages:
            for parent in dict.fromkeys([message.in_reply_to, *message.references]):
                if parent:
                    self._replies[parent].append(message)
        self.contact_names: dict[str, str] = {}
        for contact in handoff.contacts:
            if contact.name:
                self.contact_names.setdefault(contact.email.lower(), contact.name)

    def message(self, path: str, location: str) -> Message | None:
        """The message a piece of evidence points at (by Message-ID or line), if it is one."""
        return self.messages.get((path, location))

    def note_at(self, path: str, line: int) -> Note | None:
        """The note that contains ``line`` of ``path``: the last one starting at or before it."""
        lines = self._note_lines.get(path)
        if not lines:
            return None
        index = bisect.bisect_right(lines, line) - 1
        return self._notes[path][index] if index >= 0 else None

    def thread(self, seeds: list[Message]) -> list[Message]:
        """The messages linked to ``seeds`` by Message-ID, In-Reply-To and References, seeds included."""
        ids: set[str] = set()
        for message in seeds:
            ids.update(i for i in (message.message_id, message.in_reply_to, *message.references) if i)
        members: dict[int, Message] = {id(m): m for m in seeds}
        for key in sorted(ids):
            if key in self._by_id:
                members.setdefault(id(self._by_id[key]), self._by_id[key])
            for reply in self._replies.get(key, []):
                members.setdefault(id(reply), reply)
        return [m for m in members.values() if m.kind == "message"]
