"""Customer emails: a consolidated reminder and replies that name the blocker.

Each email asks about its own invoices only. The order below decides which
email an invoice belongs to when it could fit several: a "we paid" claim is
answered before anything else, then a procurement blocker, a broken promise,
a remaining balance, and last the plain reminder for clean overdue invoices.
Nothing internal reaches these contexts: no note text, no internal names, no
hold reasons, no dispute analysis, and no quote from any source.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.analyze.model import Analysis, CustomerView, InvoiceView
from generator.draft.context import (
    BalanceReplyContext,
    Blocker,
    BlockerReplyContext,
    PromiseFollowUpContext,
    ReminderContext,
    RemittanceRequestContext,
    Tone,
)
from generator.draft.facts import FactBook, days_text, invoice_line, totals
from generator.draft.planned import (
    SAYS_PAID,
    PlannedDraft,
    Sources,
    marks,
    matched_by_credit,
    message_time,
    no_customer_contact,
)
from generator.intake.model import Handoff, Message
from generator.manifest import POLICY_PATH, Policy, ReminderLevel
from generator.render.text import long_date

# Statuses a customer may be asked about at all; the others are decided internally first.
ASKABLE = {"overdue", "procurement", "broken_promise", "partial_payment"}
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|fw|fwd|sv|antw)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_PO_WORD = re.compile(r"(^|[^a-z])(po|purchase.order)([^a-z]|$)")


def level_for(days: int, policy: Policy) -> ReminderLevel | None:
    """The policy's reminder level for an invoice this many days overdue (the highest reached)."""
    chosen = None
    for level in sorted(policy.reminder_levels, key=lambda lv: lv.min_days):
        if days >= level.min_days:
            chosen = level
    return chosen


def blocker_of(view: InvoiceView) -> Blocker:
    """What a procurement invoice waits for, read from its flags and evidence rules."""
    text = marks(view)
    if "amend" in text:
        return "po_amendment"
    if "portal" in text:
        return "supplier_portal"
    if "vendor" in text or "supplier" in text or "onboard" in text:
        return "vendor_setup"
    if "not_received" in text or "not received" in text or "no_invoice" in text or "resend" in text:
        return "invoice_copy"
    if _PO_WORD.search(text):
        return "missing_po"
    return "approval"


def recipients(customer: CustomerView, sender: str) -> tuple[str, ...]:
    """The customer's working addresses, in the analysis' order: bounced ones and our own left out."""
    invalid = {e.lower() for e in customer.invalid_emails}
    ours = sender.lower().rsplit("@", 1)[-1]
    seen: list[str] = []
    for email in customer.emails:
        address = email.strip().lower()
        if "@" in address and address not in invalid and address not in seen and not address.endswith("@" + ours):
            seen.append(address)
    return tuple(seen)


ROLE_WORDS = {
    "accounts", "account", "payable", "payables", "receivable", "billing", "team", "office", "department",
    "finance", "ap", "ar", "support", "admin", "info", "invoices", "invoice", "procurement", "purchasing",
}


def _clean_name(name: str | None) -> str | None:
    """How to greet someone by the name their mail shows: ``Priya Raman`` → ``Priya``.

    A person's name (two or three capitalised words) gives the first name; a
    mailbox's name (``Acme Accounts Payable``) is used whole.
    """
    if not name:
        return None
    flat = " ".join(name.replace('"', " ").split())
    if not flat or "@" in flat or len(flat) > 60:
        return None
    last, comma, first = flat.partition(",")
    words = f"{first} {last}".split() if comma else flat.split()  # "Raman, Priya"
    person = 2 <= len(words) <= 3 and all(
        w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words
    )
    if person and not any(w.lower() in ROLE_WORDS for w in words):
        return words[0]
    return flat


def _domains(addresses: tuple[str, ...]) -> set[str]:
    return {a.rsplit("@", 1)[1] for a in addresses if "@" in a}


class Thread:
    """The conversation a reply belongs to: the customer's latest message in it, and its latest message."""

    def __init__(self, customer_message: Message | None, latest: Message, followed_up: bool) -> None:
        self.customer_message = customer_message  # None when only our side has written so far
        self.latest = latest
        self.followed_up = followed_up  # our side wrote after the customer's latest message


def thread_for(
    sources: Sources, customer: CustomerView, views: list[InvoiceView], others: list[InvoiceView]
) -> Thread | None:
    """The thread the evidence of ``views`` comes from, if it is a conversation with this customer.

    Evidence may point at any message of a thread (often our own latest reply);
    the thread is everything linked to it by Message-ID, In-Reply-To and
    References. A thread that is also evidence for an invoice the customer may
    not be asked about (a dispute, a hold) is not answered here: replying in
    it would carry the other matter along.
    """
    excluded = {(e.source, e.location) for v in others if v.status not in ASKABLE for e in v.evidence}
    seeds = [
        message
        for (path, location) in sorted({(e.source, e.location) for v in views for e in v.evidence})
        if (message := sources.message(path, location)) is not None  # an auto-reply still leads to its thread
    ]
    members = sources.thread(seeds)
    cited = {(m.source.path, loc) for m in members for loc in (m.message_id, m.source.location) if loc}
    if not members or cited & excluded:
        return None
    addresses = {e.lower() for e in customer.emails}
    domains = _domains(tuple(addresses))

    def order(message: Message) -> tuple[float, str, str]:
        return (message_time(message), message.message_id or "", message.source.path)

    def theirs(address: str) -> bool:
        address = address.lower()
        return address in addresses or address.rsplit("@", 1)[-1] in domains

    from_customer = [m for m in members if m.sender and theirs(m.sender)]
    if not from_customer:  # only our side so far: follow up in our own thread to them
        to_customer = [m for m in members if any(theirs(a) for a in (*m.to, *m.cc))]
        return Thread(None, max(to_customer, key=order), followed_up=True) if to_customer else None
    customer_message = max(from_customer, key=order)
    latest = max(members, key=order)
    return Thread(customer_message, latest, followed_up=latest is not customer_message)


def greeting(sources: Sources, customer: CustomerView, to: tuple[str, ...], message: Message | None) -> str:
    """Whom to greet: the person who wrote, a named contact, or the customer's team."""
    if message is not None and (name := _clean_name(message.sender_name)):
        return name
    if len(to) == 1 and (name := _clean_name(sources.contact_names.get(to[0]))):
        return name
    return f"{' '.join(customer.name.split())} team"


def thread_subject(message: Message | None) -> str | None:
    if message is None:
        return None
    subject = _REPLY_PREFIX.sub("", " ".join(message.subject.split()))
    return subject or None


def plan_customer_drafts(
    handoff: Handoff,
    analysis: Analysis,
    sources: Sources,
    customer: CustomerView,
    views: list[InvoiceView],
    slug: str,
) -> list[PlannedDraft]:
    """The emails this customer needs, or none while it is on hold or in legal/bankruptcy."""
    if no_customer_contact(customer, views):
        return []
    likely_paid = matched_by_credit(views)
    askable = [v for v in views if v.status in ASKABLE and v.open_amount > 0 and v.number not in likely_paid]
    claimed: set[str] = set()

    def take(test: Callable[[InvoiceView], bool]) -> list[InvoiceView]:
        chosen = [v for v in askable if v.number not in claimed and test(v)]
        claimed.update(v.number for v in chosen)
        return chosen

    says_paid = take(lambda v: SAYS_PAID in v.flags)
    blocked = take(lambda v: v.status == "procurement")
    broken = take(lambda v: v.status == "broken_promise" and v.promise_date is not None)
    partial = take(lambda v: v.status == "partial_payment" and v.amount > v.open_amount)
    clean = take(lambda v: v.status == "overdue" and v.days_overdue > 0)

    to = recipients(customer, handoff.policy.sender.email)
    notes = _recipient_notes(customer, to, views)
    drafts = [
        _draft(handoff, sources, customer, slug, "remittance_request", says_paid, to, notes, views),
        _draft(handoff, sources, customer, slug, "blocker_reply", blocked, to, notes, views),
        _draft(handoff, sources, customer, slug, "promise_followup", broken, to, notes, views),
        _draft(handoff, sources, customer, slug, "balance_reply", partial, to, notes, views),
        _reminder(handoff, analysis, sources, customer, slug, clean, to, notes, views),
    ]
    return [d for d in drafts if d is not None]


AUTO_REPLY_FLAGS = ("auto_reply", "auto_reply_only")


def _recipient_notes(customer: CustomerView, to: tuple[str, ...], views: list[InvoiceView]) -> tuple[str, ...]:
    notes = []
    if any(flag in v.flags for v in views for flag in AUTO_REPLY_FLAGS):
        notes.append(
            "The customer has answered only with automatic replies so far. Read them on the customer page "
            "before sending: they may name a return date or someone else to write to."
        )
    if to:
        return tuple(notes)
    bounced = ", ".join(customer.invalid_emails)
    why = f" ({bounced} bounced)" if bounced else ""
    notes.append(f"No working email address for {customer.name} in the sources{why}. Add the recipient before sending.")
    return tuple(notes)


def _common(handoff: Handoff, customer: CustomerView, views: list[InvoiceView], book: FactBook) -> dict[str, object]:
    return {
        "sender": handoff.policy.sender,
        "customer": " ".join(customer.name.split()),
        "as_of": book.day("As-of date", handoff.manifest.as_of, f"{handoff.path}/handoff.yaml as_of"),
        "invoices": tuple(invoice_line(v, book) for v in views),
        "totals": totals(views, book),
    }


PURPOSES = {
    "remittance_request": "asks {customer} for the remittance details of a payment it says it made",
    "blocker_reply": "names what holds up payment on {customer}'s side and asks for the one thing needed",
    "promise_followup": "follows up on a payment {customer} promised by a date that has passed",
    "balance_reply": "asks {customer} when the balance left after its partial payment will be paid",
}


def _draft(
    handoff: Handoff,
    sources: Sources,
    customer: CustomerView,
    slug: str,
    kind: str,
    views: list[InvoiceView],
    to: tuple[str, ...],
    notes: tuple[str, ...],
    everything: list[InvoiceView],
) -> PlannedDraft | None:
    if not views:
        return None
    book = FactBook()
    thread = thread_for(sources, customer, views, everything)
    message = thread.customer_message if thread else None
    if message is not None and message.sender and message.sender.lower() in to:
        to = (message.sender.lower(), *[a for a in to if a != message.sender.lower()])
    common = _common(handoff, customer, views, book)
    subject = thread_subject(thread.latest if thread else None)
    name = greeting(sources, customer, to, message)
    common["followed_up"] = bool(thread and thread.followed_up)
    context: BlockerReplyContext | PromiseFollowUpContext | BalanceReplyContext | RemittanceRequestContext
    if kind == "blocker_reply":
        blockers = tuple(blocker_of(v) for v in views)
        lines = tuple(invoice_line(v, book, blocker=b) for v, b in zip(views, blockers, strict=True))
        context = BlockerReplyContext.model_validate(
            {**common, "invoices": lines, "greeting_name": name, "thread_subject": subject, "blockers": blockers}
        )
    elif kind == "promise_followup":
        context = PromiseFollowUpContext.model_validate({**common, "greeting_name": name, "thread_subject": subject})
    elif kind == "balance_reply":
        context = BalanceReplyContext.model_validate({**common, "greeting_name": name, "thread_subject": subject})
    else:
        context = RemittanceRequestContext.model_validate(
            {**common, "greeting_name": name, "thread_subject": subject}
        )
    return PlannedDraft(
        id=f"{slug}-{kind.replace('_', '-')}",
        kind=kind,
        audience="customer",
        customer=customer.name,
        invoices=tuple(v.number for v in views),
        context=context,
        facts=book.facts,
        purpose=PURPOSES[kind].format(customer=customer.name),
        to=to,
        notes=notes,
        in_reply_to=thread.latest.message_id if thread else None,
    )


def _reminder(
    handoff: Handoff,
    analysis: Analysis,
    sources: Sources,
    customer: CustomerView,
    slug: str,
    views: list[InvoiceView],
    to: tuple[str, ...],
    notes: tuple[str, ...],
    everything: list[InvoiceView],
) -> PlannedDraft | None:
    if not views:
        return None
    policy = handoff.policy
    oldest = max(views, key=lambda v: (v.days_overdue, v.number))
    level = level_for(oldest.days_overdue, policy)
    tone: Tone = level.tone if level else "friendly"
    book = FactBook()
    common = _common(handoff, customer, views, book)
    oldest_days = book.days(
        "Oldest invoice days overdue",
        oldest.days_overdue,
        f"computed: as-of date − due date of {oldest.number}",
    )
    if level is not None:
        book.text(
            "Reminder level",
            f"{level.name} (from {days_text(level.min_days)})",
            f"{POLICY_PATH} reminder_levels",
            always=True,
        )
    context = ReminderContext.model_validate(
        {
            **common,
            "greeting_name": greeting(sources, customer, to, None),
            "tone": tone,
            "level": level.name if level else "reminder",
            "oldest_days": oldest_days,
        }
    )
    remarks = list(notes)
    listed = {v.number for v in views}
    left_out = sorted(v.number for v in everything if v.open_amount > 0 and v.number not in listed)
    if left_out:
        remarks.append(
            f"Only the clean overdue invoices are listed. Left out on purpose: {', '.join(left_out)} "
            "(not yet due, or handled in their own drafts and notes)."
        )
    credits = sorted(v.number for v in everything if v.status == "credit")
    if credits:
        remarks.append(
            f"{customer.name} also has unapplied credits ({', '.join(credits)}); the email does not "
            "mention them because applying a credit is a finance decision (see the credit note)."
        )
    return PlannedDraft(
        id=f"{slug}-reminder",
        kind="reminder",
        audience="customer",
        customer=customer.name,
        invoices=tuple(v.number for v in views),
        context=context,
        facts=book.facts,
        purpose=(
            f"reminds {customer.name} of its overdue invoices that nothing is known to hold up "
            f"({level.name if level else 'reminder'}, as of {long_date(analysis.as_of)})"
        ),
        to=to,
        tone=tone,
        notes=tuple(remarks),
    )
