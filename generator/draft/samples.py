"""Sample contexts for trying a team's templates before any real draft is rendered.

Each draft kind gets a few contexts that between them take every branch of
the standard templates (each tone, each blocker, one invoice and several, a
PO or none), so a misspelt variable in an override is found at load time.
"""

from __future__ import annotations

from generator.draft.context import (
    BalanceReplyContext,
    Blocker,
    BlockerReplyContext,
    CreditNoteContext,
    DisputeNoteContext,
    DraftContext,
    EscalationContext,
    ExposureRow,
    HoldNoteContext,
    InvoiceLine,
    PlanNoteContext,
    PromiseFollowUpContext,
    Quote,
    ReminderContext,
    RemittanceRequestContext,
)
from generator.manifest import Sender

_SENDER = Sender(name="Sample Sender", email="ar@sample.example", company="Sample Co", signature="Sample Sender")
_BLOCKERS: tuple[Blocker, ...] = (
    "po_amendment", "missing_po", "vendor_setup", "supplier_portal", "invoice_copy", "approval"
)


def _line(number: str, po: str | None = "PO-1", blocker: Blocker | None = None) -> InvoiceLine:
    return InvoiceLine(
        number=number,
        currency="USD",
        po=po,
        invoice_date="March 1, 2026",
        due="March 31, 2026",
        amount="USD 1,000.00",
        open_amount="USD 600.00",
        days_overdue=30,
        days="30 days",
        paid="USD 400.00",
        promised="April 15, 2026",
        blocker=blocker,
        customer="Sample Customer",
    )


_ONE = (_line("INV-1"),)
_TWO = (_line("INV-1"), _line("INV-2", po=None))
_QUOTES = (
    Quote(text="> A sample sentence.", where="sample.eml line 1", rule="sample.rule", origin="customer"),
    Quote(text="> A sample note.", where="notes.md line 1", rule="sample.rule", origin="internal"),
)


def _customer(invoices: tuple[InvoiceLine, ...], subject: str | None = None) -> dict[str, object]:
    return {
        "sender": _SENDER,
        "customer": "Sample Customer",
        "greeting_name": "Sam",
        "as_of": "April 30, 2026",
        "invoices": invoices,
        "totals": ("USD 1,200.00",),
        "thread_subject": subject,
        "followed_up": subject is not None,
    }


def _note(invoices: tuple[InvoiceLine, ...]) -> dict[str, object]:
    return {"customer": "Sample Customer", "as_of": "April 30, 2026", "invoices": invoices,
            "totals": ("USD 1,200.00",), "quotes": _QUOTES, "customer_quotes": _QUOTES[:1],
            "internal_quotes": _QUOTES[1:]}


def sample_contexts(kind: str) -> tuple[DraftContext, ...]:
    """Contexts that exercise every branch of the standard template for ``kind``."""
    if kind == "reminder":
        return tuple(
            ReminderContext.model_validate(
                {**_customer(lines), "tone": tone, "level": f"{tone} reminder", "oldest_days": "30 days"}
            )
            for tone in ("friendly", "firm", "final")
            for lines in (_ONE, _TWO)
        )
    if kind == "blocker_reply":
        lines = tuple(_line(f"INV-{i}", blocker=b) for i, b in enumerate(_BLOCKERS, start=1))
        return (
            BlockerReplyContext.model_validate({**_customer(lines), "blockers": _BLOCKERS}),
            BlockerReplyContext.model_validate(
                {**_customer(lines[:1], "Sample thread"), "blockers": _BLOCKERS[:1]}
            ),
        )
    simple: dict[str, type[PromiseFollowUpContext | BalanceReplyContext | RemittanceRequestContext]] = {
        "promise_followup": PromiseFollowUpContext,
        "balance_reply": BalanceReplyContext,
        "remittance_request": RemittanceRequestContext,
    }
    if kind in simple:
        model = simple[kind]
        return (model.model_validate(_customer(_ONE)), model.model_validate(_customer(_TWO, "Sample thread")))
    if kind == "dispute_note":
        return (DisputeNoteContext.model_validate(_note(_ONE)), DisputeNoteContext.model_validate(
            {**_note(_ONE), "quotes": (), "customer_quotes": (), "internal_quotes": ()}))
    if kind == "hold_note":
        return tuple(
            HoldNoteContext.model_validate(
                {**_note(lines), "until": until, "owner": owner, "set_by": owner, "legal": legal}
            )
            for lines, until, owner, legal in ((_ONE, None, None, False), (_TWO, "May 15, 2026", "Sam", True))
        )
    if kind == "plan_note":
        return (PlanNoteContext.model_validate(_note(_TWO)),)
    if kind == "credit_note":
        return tuple(
            CreditNoteContext.model_validate({**_note(_ONE), "credit": _ONE[0], "open_invoices": open_invoices,
                                              "matching": open_invoices[:1], "open_more": len(open_invoices)})
            for open_invoices in ((), _TWO)
        )
    if kind == "escalation":
        row = ExposureRow(customer="Sample Customer", total="USD 1,200.00", invoices=2, oldest="30 days")
        return tuple(
            EscalationContext(
                as_of="April 30, 2026",
                final_level="final notice",
                final_days="61 days",
                largest=(row,),
                oldest=_TWO,
                broken_promises=lines,
                broken_more=len(lines),
                past_final=(row,) * len(lines),
                past_final_more=len(lines),
                totals=("USD 1,200.00",),
            )
            for lines in ((), _TWO)
        )
    raise ValueError(f"no sample context for draft kind {kind!r}")
