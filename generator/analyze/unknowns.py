"""Known unknowns: what the sources do not settle, asked as a person would ask it.

Each question names its subject (an invoice number, a customer, or nothing
for the whole packet) and the source that raised it. Nothing here is guessed
away: a promise without a date, a "we paid" to verify, a bounced or missing
contact, a message nobody can place, an invoice the aging does not have, a
credit whose use is a finance decision, an export older than the mail, mixed
currencies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from generator.analyze.customers import Reach
from generator.analyze.invoices import Invoice, Ledger, amount_text, where
from generator.analyze.items import Item
from generator.analyze.linking import Linker, Links
from generator.analyze.model import Unknown
from generator.analyze.signals import Hit
from generator.analyze.status import Judgment

CONTACT_STATUSES = ("overdue", "broken_promise", "partial_payment", "procurement", "dispute")


def _subject_of(hit: Hit, linker: Linker) -> str | None:
    if len(hit.invoices) == 1 and not hit.customers:
        return linker.invoices[hit.invoices[0]].number
    names = sorted({linker.ledger.accounts.get(k, k) for k in hit.scope_customers})
    return names[0] if len(names) == 1 else None


def from_signals(judged: dict[int, Judgment], linker: Linker) -> list[Unknown]:
    """Questions raised by the signals that decided statuses: one per signal and subject.

    Where several sources say the same thing (the customer's email and a note
    about it), the question quotes the customer's own words, else the newest.
    """
    best: dict[tuple[str, str | None], tuple[Hit, Judgment]] = {}
    for index in sorted(judged):
        judgment = judged[index]
        for name in ("promise", "paid_claim", "dispute", "hold", "credit_request"):
            for hit in judgment.active(name):
                key = (name, _subject_of(hit, linker))
                current = best.get(key)
                if current is None or _rank(hit) > _rank(current[0]):
                    best[key] = (hit, judgment)
    found: list[Unknown] = []
    for key in sorted(best, key=lambda k: (k[0], k[1] or "")):
        hit, judgment = best[key]
        found += _question(hit, judgment, linker)
    return found


def _rank(hit: Hit) -> tuple[bool, tuple[object, ...]]:
    return (hit.side == "customer", hit.key)


def _question(hit: Hit, judgment: Judgment, linker: Linker) -> list[Unknown]:
    subject = _subject_of(hit, linker)
    evidence = hit.evidence
    from_ = f"{evidence.source} {evidence.location}".strip()
    covered = ", ".join(linker.invoices[i].number for i in hit.invoices) or "no open invoice"
    source = hit.source
    if hit.signal == "promise" and hit.date is None and judgment.promise is None:
        if judgment.status not in ("overdue", "partial_payment"):
            return []  # a blocker or a hold decides first; the missing date can wait
        if hit.date_text:
            question = (
                f'"{evidence.quote}" ({from_}) promises payment "{hit.date_text}", but the message has no date, '
                "so the day it means is unknown. When will the customer pay?"
            )
        else:
            question = f'"{evidence.quote}" ({from_}) promises payment without a date. When will the customer pay?'
        return [Unknown(subject=subject, question=question, source=source, kind="promise_without_date")]
    if hit.signal == "paid_claim":
        parts = (f"reference {hit.reference}" if hit.reference else "", hit.date.isoformat() if hit.date else "")
        details = ", ".join(p for p in parts if p)
        question = (
            f'The customer says it has paid ({covered}{"; " + details if details else ""}): "{evidence.quote}" '
            f"({from_}). Is this payment in the bank and applied? Verify the remittance before any reminder."
        )
        return [Unknown(subject=subject, question=question, source=source, kind="says_paid")]
    if hit.signal == "dispute" and hit.customers:
        question = (
            f'A dispute names no invoice: "{evidence.quote}" ({from_}). Which invoices does it cover? '
            f"Until that is known it is applied to all open invoices of the customer ({covered})."
        )
        return [Unknown(subject=subject, question=question, source=source, kind="dispute_scope")]
    if hit.signal == "credit_request":
        question = (
            f'The customer asks for a credit to be applied ({covered}): "{evidence.quote}" ({from_}). '
            "Which credit, against which invoice, and for how much? That is a finance decision."
        )
        return [Unknown(subject=subject, question=question, source=source, kind="credit_request")]
    if hit.signal == "hold" and hit.side == "customer":
        question = (
            f'The customer reports "{evidence.quote}" ({from_}). Legal must confirm whether contact about '
            "these invoices has to stop and what claim to file."
        )
        return [Unknown(subject=subject, question=question, source=source, kind="bankruptcy_reported")]
    return []


def from_items(
    items: list[Item], links: list[Links], hits_by_item: dict[int, list[Hit]], linker: Linker
) -> list[Unknown]:
    """Messages nobody can place, and invoice numbers the aging does not have."""
    found: list[Unknown] = []
    reported: set[str] = set()
    for item, link in zip(items, links, strict=True):
        if not link.customers:
            if item.kind == "email":
                sender = item.message.sender if item.message else None
                found.append(
                    Unknown(
                        subject=None,
                        question=f'An email from {sender or "an unknown sender"} ("{item.subject or "no subject"}", '
                        f"{where(item.source)}) matches no customer in the aging. Which account is it about?",
                        source=item.source,
                        kind="unmatched_message",
                    )
                )
            elif item.kind == "bounce":
                failed = ", ".join(item.message.bounced_recipients) if item.message else ""
                found.append(
                    Unknown(
                        subject=None,
                        question=f"A delivery failure ({where(item.source)}) for {failed or 'an unknown address'} "
                        "matches no customer. Which customer's contact is invalid?",
                        source=item.source,
                        kind="unmatched_message",
                    )
                )
            elif item.kind == "note" and hits_by_item.get(item.position):
                hit = hits_by_item[item.position][0]
                found.append(
                    Unknown(
                        subject=None,
                        question=f'A note ({where(item.source)}) says "{hit.evidence.quote}" but names no customer '
                        "or invoice in the aging. Which account is it about?",
                        source=item.source,
                        kind="unmatched_message",
                    )
                )
        for number in link.unmatched:
            if number.casefold() in reported:
                continue
            reported.add(number.casefold())
            if linker.closed(number):
                detail = "The invoice list has it, so it may have been paid or credited since. Is it closed?"
            else:
                detail = "Is the number mistyped, or is an invoice missing from the export?"
            found.append(
                Unknown(
                    subject=number,
                    question=f"{number} is mentioned in {where(item.source)} but is not an open item in the aging. "
                    + detail,
                    source=item.source,
                    kind="invoice_not_in_aging",
                )
            )
    return found


def from_customers(
    ledger: Ledger,
    reach: dict[str, Reach],
    judged: dict[int, Judgment],
    on_hold: set[str],
) -> list[Unknown]:
    """Contacts that bounced or are missing, credits to decide, mixed currencies."""
    found: list[Unknown] = []
    by_key: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in ledger.invoices:
        by_key[invoice.key].append(invoice)
    for key in sorted(by_key):
        invoices = by_key[key]
        name = ledger.accounts.get(key, key)
        facts = reach.get(key, Reach())
        for item, addresses in facts.bounces:
            found.append(
                Unknown(
                    subject=name,
                    question=f"Email to {', '.join(addresses) or name} bounced ({where(item.source)}). "
                    f"What is the right contact for {name}?",
                    source=item.source,
                    kind="contact_bounced",
                )
            )
        needs_contact = any(judged[i.index].status in CONTACT_STATUSES for i in invoices)
        if needs_contact and not facts.valid and not facts.bounces and key not in on_hold:
            found.append(
                Unknown(
                    subject=name,
                    question=f"No email address is known for {name}. Who should receive its reminders?",
                    source=invoices[0].line.source,
                    kind="missing_contact",
                )
            )
        open_total = sum((i.open_amount for i in invoices if i.open_amount > 0), start=Decimal(0))
        for invoice in invoices:
            if invoice.open_amount < 0:
                what = "an unapplied payment" if "pay" in (invoice.line.doc_type or "").casefold() else "a credit"
                same = [
                    i.number
                    for i in invoices
                    if i.open_amount == -invoice.open_amount and i.currency == invoice.currency
                ]
                if same:
                    offset = f" It equals the open amount of {', '.join(same)}, which it may pay."
                elif open_total > 0:
                    offset = " It could be applied to the customer's open invoices."
                else:
                    offset = ""
                found.append(
                    Unknown(
                        subject=invoice.number,
                        question=f"{name} has {what} of {amount_text(-invoice.open_amount, invoice.currency)} "
                        f"({invoice.number}, {where(invoice.line.source)}).{offset} Apply it, refund it or keep it "
                        "on account? That is a finance decision.",
                        source=invoice.line.source,
                        kind="unapplied_credit",
                    )
                )
        currencies = sorted({i.currency for i in invoices})
        if len(currencies) > 1:
            found.append(
                Unknown(
                    subject=name,
                    question=f"{name} has invoices in {', '.join(currencies)}. Totals are kept per currency; "
                    "which currency should reminders and statements use?",
                    source=invoices[0].line.source,
                    kind="mixed_currencies",
                )
            )
    return found


def stale_export(items: list[Item], as_of: dt.date) -> list[Unknown]:
    """The aging describes ``as_of``; mail written after it may describe payments it cannot show."""
    dated = [i for i in items if i.message is not None and i.day is not None]
    if not dated:
        return []
    newest = max(dated, key=lambda i: (i.day, i.when))
    assert newest.day is not None
    if newest.day <= as_of:
        return []
    return [
        Unknown(
            subject=None,
            question=f"The newest email ({newest.day.isoformat()}, {where(newest.source)}) is later than the aging's "
            f"as-of date {as_of.isoformat()}. Payments or credits since then are not in the export; "
            "is a newer aging export available?",
            source=newest.source,
            kind="stale_export",
        )
    ]


def ordered(unknowns: list[Unknown]) -> tuple[Unknown, ...]:
    """Packet-wide questions first, then by subject; no repeats."""
    unique = {(u.subject, u.question): u for u in unknowns}
    return tuple(
        sorted(
            unique.values(),
            key=lambda u: (u.subject is not None, (u.subject or "").casefold(), u.subject or "", u.question),
        )
    )
