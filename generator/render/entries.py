"""The pieces several pages share: status names, links, and the four-line exception entry.

Every exception reads the same wherever it appears (see DESIGN.md, "What a
packet entry reads like")::

    **Acme Retail · INV-1042 · 19 days overdue**
    Known blocker: ...
    Prepared output: ...
    Approval gate: ...
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from generator.analyze.model import STATUSES, Analysis, InvoiceView
from generator.draft.model import Draft
from generator.draft.slugs import unique_slugs
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
    "missing_po": "the PO number is missing",
    "auto_reply": "only an auto-reply so far",
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


def blocker(view: InvoiceView) -> str:
    """What stands in the way, in Markdown: the status, and the source's own words (escaped)."""
    parts = [status_label(view.status)]
    if view.status in ("promised", "broken_promise") and view.promise_date:
        parts[0] += f" for {long_date(view.promise_date)}"
    if view.status == "partial_payment":
        still_open = money_display(view.open_amount, view.currency)
        parts[0] += f": {still_open} of {money_display(view.amount, view.currency)} still open"
    parts += [FLAG_LABELS.get(flag, flag.replace("_", " ")) for flag in view.flags]
    text = inline("; ".join(dict.fromkeys(parts)))
    quoted = next((e for e in view.evidence if e.quote.strip()), None)
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
    if any(d.audience == "customer" for d in drafts):
        text = "controller approves the draft by merging; a person sends it by hand"
    elif drafts:
        text = "controller decides what the note asks; nothing is sent"
    else:
        text = "none until there is something to send"
    if view.next_step.gate:
        text = f"{view.next_step.gate}; {text}"
    if decisions:
        text += f"; {len(decisions)} finance decision{'s' if len(decisions) > 1 else ''} open"
    return inline(f"{text}; {NO_ACTIONS}.")


def entry(view: InvoiceView, drafts: list[Draft], slugs: dict[str, str], base: str = "") -> list[str]:
    """The four-line exception entry as a Markdown blockquote."""
    amount = money_display(view.open_amount, view.currency)
    return [
        f"> **{inline(view.customer)} · {inline(view.number)} · {age(view)}** · {amount}  ",
        f"> Known blocker: {blocker(view)}  ",
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
