"""Next steps: what finance does next about each invoice and customer, who, by when.

Customer contact is always a draft for the controller to approve; decisions
about credits, payment plans, fees and holds are the controller's (or legal's),
never made here. Due dates count working days from the as-of date (the
playbook's ``step_days``); a promise is waited on until its date plus the
policy's grace days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from generator.analyze.invoices import Invoice, amount_text
from generator.analyze.model import NextStep, Owner
from generator.analyze.playbook import Playbook
from generator.analyze.status import Judgment
from generator.manifest import ReminderLevel

APPROVE_DRAFT = "controller approval of the draft before anything is sent"
DECISION = "controller decision; nothing is offered, credited or posted by this tool"
NO_CONTACT = "no customer contact while the hold stands"

PROCUREMENT_ACTIONS = {
    "missing_po": "Get the PO number (from the customer or the account owner) and send the invoice again quoting it",
    "po_amendment": "Ask the account owner to have the PO amended (or a new PO issued) to cover this invoice, "
    "then reply to the customer",
    "vendor_setup": "Complete the customer's vendor set-up (forms, tax and bank details) and tell them it is done",
    "supplier_portal": "Submit the invoice through the customer's supplier portal and confirm it to the customer",
    "invoice_not_received": "Send a copy of the invoice to the customer's payables contact and ask them to "
    "confirm receipt and a payment date",
    "awaiting_approval": "Ask the customer when their approval will be done and for a payment date",
}
OWNER_NAMES: dict[Owner, str] = {
    "ar_clerk": "the AR clerk",
    "controller": "the controller",
    "account_owner": "the account owner",
    "sales": "sales",
    "legal": "legal",
}
READABLE = {
    "damaged_goods": "damaged goods",
    "wrong_goods": "wrong or missing goods",
    "goods_not_received": "goods or services not received",
    "wrong_amount": "wrong rate or amount",
    "contract_mismatch": "charges not matching the contract",
    "credit_note_requested": "a credit note asked for before payment",
    "disputed": "the charge is disputed",
    "do_not_chase": "do-not-chase instruction",
    "renewal_negotiation": "renewal negotiation",
    "executive_handling": "an executive is handling the account",
    "legal": "with legal",
    "bankruptcy": "bankruptcy",
}


def working_days(start: dt.date, days: int) -> dt.date:
    """``days`` working days after ``start`` (Saturday and Sunday skipped)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def reminder_level(levels: tuple[ReminderLevel, ...], days: int) -> ReminderLevel | None:
    """The level whose ``min_days`` is the largest not above ``days`` overdue."""
    chosen = None
    for level in sorted(levels, key=lambda lv: lv.min_days):
        if days >= level.min_days:
            chosen = level
    return chosen


@dataclass(frozen=True)
class Plan:
    """An invoice's next step and the group it joins on the customer's list."""

    step: NextStep
    group: str  # invoices with the same group share one customer-level step
    level: ReminderLevel | None = None


def _readable(flags: list[str]) -> str:
    names = [READABLE.get(f, f.replace("_", " ")) for f in flags]
    return ", ".join(dict.fromkeys(names))


@dataclass(frozen=True)
class Context:
    as_of: dt.date
    playbook: Playbook
    levels: tuple[ReminderLevel, ...]
    grace: int
    contact_ok: bool  # a valid customer address is known

    def due(self, kind: str) -> dt.date:
        return working_days(self.as_of, self.playbook.days_for(kind))


def plan_invoice(invoice: Invoice, days: int, judgment: Judgment, ctx: Context) -> Plan:
    """The next step for one invoice."""
    status = judgment.status
    says_paid = judgment.active("paid_claim")
    if status == "credit":
        return Plan(
            NextStep(
                action=f"Decide how to use this credit of {amount_text(-invoice.open_amount, invoice.currency)}: "
                "apply it to an open invoice, refund it or keep it on account",
                owner="controller",
                due=ctx.due("decision"),
                gate=DECISION,
            ),
            "credit",
        )
    if status == "internal_hold":
        holds = judgment.active("hold")
        owner: Owner = holds[-1].owner if holds else "account_owner"
        if any(h.owner == "legal" for h in holds):
            owner = "legal"
        reason = _readable([h.flag for h in holds])
        until = max((h.date for h in holds if h.date and h.date >= ctx.as_of), default=None)
        if until is not None:
            action = (
                f"No customer contact until {until.isoformat()} ({reason}); then confirm with "
                f"{OWNER_NAMES[owner]} whether the hold still stands"
            )
        else:
            action = (
                f"No customer contact while on hold ({reason}); confirm with {OWNER_NAMES[owner]} "
                "whether the hold still stands"
            )
        return Plan(
            NextStep(action=action, owner=owner, due=until or ctx.due("hold_review"), gate=NO_CONTACT),
            "hold",
        )
    if status == "dispute":
        reason = _readable([h.flag for h in judgment.active("dispute")])
        return Plan(
            NextStep(
                action=f"Review the dispute ({reason}) and decide whether to correct, credit or explain "
                "the invoice; then reply to the customer",
                owner="controller",
                due=ctx.due("decision"),
                depends_on="the controller's decision on the dispute",
                gate=DECISION,
            ),
            "dispute",
        )
    if status == "procurement":
        flags = [h.flag for h in judgment.active("procurement")]
        actions = [PROCUREMENT_ACTIONS[f] for f in dict.fromkeys(flags) if f in PROCUREMENT_ACTIONS]
        action = "; ".join(actions) or "Reply to the customer about what blocks payment on their side"
        return Plan(
            NextStep(action=action, owner="ar_clerk", due=ctx.due("blocker_reply"), gate=APPROVE_DRAFT),
            "procurement:" + ",".join(sorted(set(flags))),
        )
    if status == "payment_plan":
        return Plan(
            NextStep(
                action="Decide on the customer's payment-plan request; offer no terms until then",
                owner="controller",
                due=ctx.due("decision"),
                gate=DECISION,
            ),
            "payment_plan",
        )
    if says_paid and status in ("overdue", "broken_promise", "partial_payment", "promised", "not_due"):
        newest = says_paid[-1]
        detail = ", ".join(
            part
            for part in (
                f"reference {newest.reference}" if newest.reference else "",
                f"sent {newest.date.isoformat()}" if newest.date else "",
            )
            if part
        )
        return Plan(
            NextStep(
                action="Verify the remittance the customer says was sent"
                + (f" ({detail})" if detail else "")
                + " before any reminder",
                owner="ar_clerk",
                due=ctx.due("verify_remittance"),
                gate="no reminder until the payment is checked",
            ),
            "verify_remittance",
        )
    if judgment.active("credit_request") and status in ("overdue", "broken_promise", "partial_payment"):
        return Plan(
            NextStep(
                action="Decide whether to apply the credit the customer asks for before any reminder",
                owner="controller",
                due=ctx.due("decision"),
                gate=DECISION,
            ),
            "credit_request",
        )
    if status in ("broken_promise", "promised"):
        assert judgment.promise_date is not None
        wait_until = judgment.promise_date + dt.timedelta(days=ctx.grace)
        if wait_until >= ctx.as_of:
            return Plan(
                NextStep(
                    action=f"Wait for the payment promised for {judgment.promise_date.isoformat()}; follow up "
                    f"if it has not arrived by {wait_until.isoformat()}",
                    owner="ar_clerk",
                    due=wait_until,
                    depends_on="the promised payment",
                ),
                "promised",
            )
        return Plan(
            NextStep(
                action=f"Follow up: the payment promised for {judgment.promise_date.isoformat()} has not "
                "arrived; ask for a firm new date",
                owner="ar_clerk",
                due=ctx.due("reminder"),
                gate=APPROVE_DRAFT,
            ),
            "broken_promise",
        )
    if status == "partial_payment":
        return Plan(
            NextStep(
                action=f"Ask for the remaining {amount_text(invoice.open_amount, invoice.currency)}"
                + (f" of {amount_text(invoice.amount, invoice.currency)}" if invoice.amount is not None else ""),
                owner="ar_clerk",
                due=ctx.due("reminder"),
                gate=APPROVE_DRAFT,
            ),
            "partial_payment",
        )
    if status == "not_due":
        due = invoice.due_date + dt.timedelta(days=1) if invoice.due_date else None
        when = f"it falls due on {invoice.due_date.isoformat()}" if invoice.due_date else "its due date is known"
        return Plan(NextStep(action=f"Nothing to do until {when}", owner="ar_clerk", due=due), "not_due")
    level = reminder_level(ctx.levels, days)
    if days > ctx.playbook.escalate_after_days:
        return Plan(
            NextStep(
                action=f"Escalate internally: {days} days overdue, past the last reminder level; "
                "decide on further collection steps",
                owner="controller",
                due=ctx.due("escalation"),
                gate=DECISION,
            ),
            "escalation",
            level,
        )
    name = level.name if level else "reminder"
    if not ctx.contact_ok:
        return Plan(
            NextStep(
                action=f"Find a valid contact email, then send the {name}",
                owner="ar_clerk",
                due=ctx.due("find_contact"),
                depends_on="a valid customer email address",
                gate=APPROVE_DRAFT,
            ),
            "reminder",
            level,
        )
    return Plan(
        NextStep(action=f"Send the {name}", owner="ar_clerk", due=ctx.due("reminder"), gate=APPROVE_DRAFT),
        "reminder",
        level,
    )


def plan_customer(
    numbers_by_plan: list[tuple[str, Plan]], contact_ok: bool, needs_contact: bool, on_hold: bool, ctx: Context
) -> tuple[NextStep, ...]:
    """One step per kind of work for a customer, naming the invoices it covers."""
    groups: dict[str, list[tuple[str, Plan]]] = defaultdict(list)
    for number, plan in numbers_by_plan:
        groups[plan.group].append((number, plan))
    steps: list[NextStep] = []
    if on_hold:
        hold = [p for _, p in numbers_by_plan if p.group == "hold"]
        if hold:
            steps.append(hold[0].step.model_copy(update={"action": hold[0].step.action + " (whole account)"}))
        groups.pop("hold", None)
    if needs_contact and not contact_ok and not on_hold:
        steps.append(
            NextStep(
                action="Find a valid email address for this customer (none known, or it bounced)",
                owner="ar_clerk",
                due=ctx.due("find_contact"),
            )
        )
    for group in sorted(groups):
        members = groups[group]
        numbers = ", ".join(n for n, _ in members)
        first = min((p for _, p in members), key=lambda p: (p.step.due or dt.date.max, p.step.action))
        if group == "reminder":
            levels = [p.level for _, p in members if p.level is not None]
            top = max(levels, key=lambda lv: lv.min_days) if levels else None
            action = f"Send one {top.name if top else 'reminder'} covering {numbers}"
            steps.append(first.step.model_copy(update={"action": action}))
        elif group != "not_due":
            steps.append(first.step.model_copy(update={"action": f"{first.step.action} ({numbers})"}))
    return tuple(sorted(steps, key=lambda s: (s.due or dt.date.max, s.owner, s.action)))
