"""What is known about reaching each customer, and its timeline of emails and notes.

Addresses come from contact lists, the exports' billing emails and the
customer's own messages. A bounce marks the failed address invalid; a
customer whose only answers are automatic replies has not answered at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from generator.analyze.invoices import Ledger
from generator.analyze.items import Item, When
from generator.analyze.linking import Links
from generator.analyze.model import Evidence, TimelineEntry
from generator.analyze.names import customer_key, email_domain, emails_in, normalize_email
from generator.intake.model import Handoff

TimelineKind = Literal["email", "note", "bounce", "auto_reply"]


@dataclass
class Reach:
    """How a customer can be reached, and what went wrong trying."""

    emails: set[str] = field(default_factory=set)
    invalid: set[str] = field(default_factory=set)
    bounces: list[tuple[Item, tuple[str, ...]]] = field(default_factory=list)
    auto_replies: list[Item] = field(default_factory=list)
    answered: bool = False  # the customer wrote at least one real message

    @property
    def valid(self) -> list[str]:
        return sorted(self.emails - self.invalid)

    def flags(self) -> tuple[str, ...]:
        found = []
        if self.bounces:
            found.append("contact_bounced")
        if self.auto_replies and not self.answered:
            found.append("auto_reply_only")
        if not self.valid:
            found.append("no_valid_contact")
        return tuple(found)

    def evidence(self) -> tuple[Evidence, ...]:
        found = []
        for item, addresses in self.bounces:
            found.append(
                Evidence(
                    source=item.source.path,
                    location=item.source.location,
                    quote=f"Delivery failed to {', '.join(addresses) or 'an unknown address'}: "
                    f"{item.subject}".strip(),
                    rule="contact.bounced",
                )
            )
        if not self.answered:
            for item in self.auto_replies:
                found.append(
                    Evidence(
                        source=item.source.path,
                        location=item.source.location,
                        quote=item.subject.strip()
                        if item.subject.strip().casefold().startswith("automatic reply")
                        else f"Automatic reply: {item.subject}".strip(),
                        rule="contact.auto_reply_only",
                    )
                )
        return tuple(found)


def reach_by_customer(
    handoff: Handoff, ledger: Ledger, items: list[Item], links: list[Links], suffixes: frozenset[str]
) -> dict[str, Reach]:
    """Every customer's addresses, bounced addresses and automatic replies."""
    reach: dict[str, Reach] = defaultdict(Reach)
    for contact in handoff.contacts:
        reach[customer_key(contact.customer, suffixes)].emails.update(emails_in(contact.email))
    for invoice in ledger.invoices:
        reach[invoice.key].emails.update(invoice.emails)
    for record in handoff.records:
        if record.email:
            reach[customer_key(record.customer, suffixes)].emails.update(emails_in(record.email))
    for item, found in zip(items, links, strict=True):
        message = item.message
        if message is None:
            continue
        if item.kind == "bounce":
            failed = tuple(sorted({normalize_email(a) for a in message.bounced_recipients}))
            for key in found.customers:
                reach[key].invalid.update(failed)
                reach[key].bounces.append((item, failed))
        elif item.kind == "auto_reply":
            for key in found.customers:
                reach[key].auto_replies.append(item)
        elif item.side == "customer" and len(found.customers) == 1:
            customer = reach[found.customers[0]]
            customer.answered = True
            sender = normalize_email(message.sender) if message.sender else ""
            if sender and email_domain(sender):
                customer.emails.add(sender)
    return reach


def timeline_for(items: list[Item], links: list[Links]) -> dict[str, list[TimelineEntry]]:
    """Each customer's emails and notes in time order (notes marked internal)."""
    entries: dict[str, list[tuple[When, TimelineEntry]]] = defaultdict(list)
    for item, found in zip(items, links, strict=True):
        if not found.customers:
            continue
        internal = item.kind in ("note", "do_not") or (item.side == "ours" and not item.participants)
        kind: TimelineKind = "note" if item.kind == "do_not" else item.kind
        entry = TimelineEntry(
            date=item.stamp,
            kind=kind,
            who=item.who,
            subject=item.subject or None,
            text=item.body,
            internal=internal,
            source=item.source,
        )
        for key in found.customers:
            entries[key].append((item.when, entry))
    return {key: [e for _, e in sorted(found, key=lambda pair: pair[0])] for key, found in entries.items()}
