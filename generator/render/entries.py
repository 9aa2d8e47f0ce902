"""The pieces several pages share: status names, links, and the four-line exception entry.

Every exception reads the same wherever it appears (see DESIGN.md, "What a
packet entry reads like")::

    **Acme Retail · INV-1042 · 19 days overdue**
    Known blocker: ...
    Prepared output: ...
    Approval gate: ...
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from generator.analyze.model import STATUSES, Analysis, CustomerView, Evidence, InvoiceView, NextStep
from generator.draft.model import Draft
from generator.draft.slugs import unique_slugs
from generator.intake.model import Handoff
from generator.render.text import inline, long_date, money_display

STATUS_LABELS: dict[str, str] = {
    "overdue": "overdue",
    "dispute": "dispute",
    "procurement": "procurement blocker",
    "partial_payment": "partly paid",
    "payment_plan": "payment-plan request",
    "promised": "payment promised",
    "broken_promise": "broken promise",
    "internal_hold": "on hold (our side)",
    "credit": "credit or unapplied payment",
    "not_due": "not yet due",
}
FLAG_LABELS = {
    "customer_says_paid": "the customer says it has paid",
    "contact_bounced": "the contact address bounced",
    "no_valid_contact": "no working contact address",
    "missing_contact": "no contact address",
    "auto_reply": "only an auto-reply so far",
    "auto_reply_only": "only auto-replies so far",
    "missing_po": "the PO number is missing",
    "po_amendment": "the PO needs an amendment",
    "vendor_setup": "vendor set-up is not complete",
    "supplier_portal": "it must go through the customer's supplier portal",
    "invoice_not_received": "the customer says it never received the invoice",
    "awaiting_approval": "waiting for the customer's approval",
    "executive_handling": "an executive is handling the account",
    "promise_without_date": "a promise without a date",
}


def flag_label(flag: str) -> str:
    if flag in FLAG_LABELS:
        return FLAG_LABELS[flag]
    if flag.endswith("_superseded"):
        return f"earlier {flag.removesuffix('_superseded').replace('_', ' ')}, since taken back"
    return flag.replace("_", " ")
# Flags that only repeat what the status already says.
RESTATED: dict[str, set[str]] = {
    "payment_plan": {"payment_plan_requested", "payment_promised", "promise_without_date"},
    "broken_promise": {"payment_promised", "promise_passed"},
    "promised": {"payment_promised"},
    "partial_payment": {"partial_payment"},
    "dispute": {"disputed"},
    "internal_hold": {"do_not_chase"},
    "credit": {"unapplied_credit", "unapplied_payment"},
}
QUOTE_LIMIT = 200
NO_ACTIONS = "no credits, ledger edits or payment actions taken"


def status_order(status: str) -> int:
    order: tuple[str, ...] = STATUSES
    return order.index(status) if status in order else len(order)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " "))


def is_exception(view: InvoiceView) -> bool:
    """Anything that needs more than a plain reminder (or nothing at all)."""
    return view.status not in ("overdue", "not_due") or bool(view.flags)


def age(view: InvoiceView) -> str:
    if view.status == "credit":
        return "credit"
    if view.days_overdue > 0:
        return "1 day overdue" if view.days_overdue == 1 else f"{view.days_overdue} days overdue"
    if view.due_date is None:
        return "no due date"
    return "not yet due"


def customer_slugs(analysis: Analysis) -> dict[str, str]:
    """Customer name → page slug, the same slugs the draft stage uses for draft ids."""
    names = {c.name for c in analysis.customers} | {v.customer for v in analysis.invoices}
    return unique_slugs(names)


def customer_link(name: str, slugs: dict[str, str], base: str = "") -> str:
    return f"[{inline(name)}]({base}customers/{slugs[name]}.md)" if name in slugs else inline(name)


def draft_label(draft: Draft) -> str:
    kinds = {
        "reminder": "reminder",
        "blocker_reply": "blocker reply",
        "promise_followup": "promise follow-up",
        "balance_reply": "balance reply",
        "remittance_request": "remittance request",
        "dispute_note": "internal dispute note",
        "hold_note": "internal hold note",
        "plan_note": "internal payment-plan note",
        "credit_note": "internal credit note",
        "escalation": "escalation summary",
    }
    return kinds.get(draft.kind, draft.kind.replace("_", " "))


def draft_link(draft: Draft, base: str = "") -> str:
    return f"[{draft_label(draft)}]({base}{draft.path})"


def drafts_by_invoice(drafts: tuple[Draft, ...]) -> dict[tuple[str | None, str], list[Draft]]:
    """(customer, invoice number) → the drafts that concern it (escalation summaries left out)."""
    index: dict[tuple[str | None, str], list[Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.kind == "escalation":
            continue
        for number in draft.invoices:
            index[(draft.customer, number)].append(draft)
    return index


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LIMIT else flat[: QUOTE_LIMIT - 1].rstrip() + "…"


Origins = Mapping[tuple[str, str], str]
"""(source path, location) → "customer", "ours" or absent (notes and records)."""


def evidence_origins(handoff: Handoff) -> dict[tuple[str, str], str]:
    """Which evidence locations are emails, and whether the customer or our side wrote them."""
    origins: dict[tuple[str, str], str] = {}
    for message in handoff.messages:
        origin = "ours" if message.written_by_us(handoff.policy.sender.email) else "customer"
        for location in (message.message_id, message.source.location):
            if location:
                origins.setdefault((message.source.path, location), origin)
    return origins


def best_evidence(view: InvoiceView, origins: Origins) -> Evidence | None:
    """The quote that shows the blocker best: the status's own rule, the customer's words first."""
    family = view.status.split("_")[0]
    rank = {"customer": 0, "ours": 1}

    def key(item: tuple[int, Evidence]) -> tuple[int, int, int]:
        index, evidence = item
        own_rule = 0 if evidence.rule.startswith(family) else 1
        return (own_rule, rank.get(origins.get((evidence.source, evidence.location), ""), 2), index)

    quoted = [(i, e) for i, e in enumerate(view.evidence) if e.quote.strip()]
    return min(quoted, key=key)[1] if quoted else None


def blocker(view: InvoiceView, origins: Origins | None = None) -> str:
    """What stands in the way, in Markdown: the status, other signals, and the source's own words."""
    parts = [status_label(view.status)]
    if view.status in ("promised", "broken_promise") and view.promise_date:
        parts[0] += f" for {long_date(view.promise_date)}"
    if view.status == "partial_payment":
        still_open = money_display(view.open_amount, view.currency)
        parts[0] += f": {still_open} of {money_display(view.amount, view.currency)} still open"
    restated = RESTATED.get(view.status, set())
    parts += [flag_label(flag) for flag in view.flags if flag not in restated]
    text = inline("; ".join(dict.fromkeys(parts)))
    quoted = best_evidence(view, origins or {})
    if quoted is not None:
        text += f": “{inline(_shorten(quoted.quote))}” ({inline(quoted.source)})"
    return text


WAITING = {
    "promised": "no draft: wait for the promised date",
    "not_due": "no draft: not yet due",
    "overdue": "no draft",
    "dispute": "no customer draft while the dispute is open",
    "internal_hold": "no customer draft while the hold stands",
    "payment_plan": "no customer draft until the plan terms are decided",
    "credit": "nothing for the customer: applying a credit is a finance decision",
}


def prepared(view: InvoiceView, drafts: list[Draft], base: str = "") -> str:
    if not drafts:
        return WAITING.get(view.status, "no draft")
    return "; ".join(f"{draft_link(d, base)}: {inline(d.purpose)}" for d in drafts)


def gate(view: InvoiceView, drafts: list[Draft]) -> str:
    decisions = [d for draft in drafts for d in draft.decisions]
    to_customer = any(d.audience == "customer" for d in drafts)
    if view.next_step.gate:
        text = view.next_step.gate
    elif to_customer:
        text = "controller approves the draft by merging"
    elif drafts:
        text = "controller decides what the note asks"
    else:
        text = "nothing to approve yet"
    if to_customer:
        text += "; a person sends it by hand"
    if decisions:
        text += f"; {len(decisions)} finance decision{'s' if len(decisions) > 1 else ''} open"
    if "credit" not in text:
        text += f"; {NO_ACTIONS}"
    return inline(f"{text}.")


def entry(
    view: InvoiceView, drafts: list[Draft], slugs: dict[str, str], base: str = "", origins: Origins | None = None
) -> list[str]:
    """The four-line exception entry as a Markdown blockquote."""
    amount = money_display(view.open_amount, view.currency)
    return [
        f"> **{inline(view.customer)} · {inline(view.number)} · {age(view)}** · {amount}  ",
        f"> Known blocker: {blocker(view, origins)}  ",
        f"> Prepared output: {prepared(view, drafts, base)}  ",
        f"> Approval gate: {gate(view, drafts)}",
    ]


def totals_by_currency(views: list[InvoiceView]) -> dict[str, Decimal]:
    result: dict[str, Decimal] = defaultdict(Decimal)
    for view in views:
        result[view.currency] += view.open_amount
    return dict(sorted(result.items()))


def money_list(amounts: dict[str, Decimal]) -> str:
    return ", ".join(money_display(v, c) for c, v in amounts.items()) or "nothing"


_WORD = re.compile(r"[\w-]+")


def _stands_alone(number: str, text: str, words: set[str]) -> bool:
    """``number`` written in ``text`` as a word of its own, not inside a longer number or name.

    ``words`` are the runs of word characters and hyphens in ``text``: a number made only of such
    characters stands alone exactly when it is one of them, which spares a regex per invoice.
    """
    if _WORD.fullmatch(number):
        return number in words
    return re.search(rf"(?<![\w-]){re.escape(number)}(?![\w-])", text) is not None


def own_steps(customer: CustomerView, views: list[InvoiceView]) -> list[NextStep]:
    """The customer's next steps that are not just one of its invoices' steps said again.

    A customer step naming invoices that each carry their own step for the same
    owner repeats them; a step naming no invoice ("find a valid contact") is its own.
    """
    owners = {(v.number, v.next_step.owner) for v in views}
    kept = []
    for step in customer.next_steps:
        words = set(_WORD.findall(step.action))
        named = [v.number for v in views if _stands_alone(v.number, step.action, words)]
        if named and all((number, step.owner) in owners for number in named):
            continue
        kept.append(step)
    return kept
