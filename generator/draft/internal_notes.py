"""Internal notes: disputes, holds, payment-plan requests, credits and the escalation summary.

These are Markdown pages for finance, never sent. They may quote the sources,
internal notes included, because that is what a controller needs to decide;
every quoted or untrusted string is escaped before the template sees it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Literal

from generator.analyze.model import Analysis, CustomerView, Evidence, InvoiceView
from generator.draft.context import (
    CreditNoteContext,
    DisputeNoteContext,
    EscalationContext,
    ExposureRow,
    HoldNoteContext,
    InvoiceLine,
    PlanNoteContext,
    Quote,
)
from generator.draft.facts import FactBook, days_text, invoice_line, totals
from generator.draft.planned import PlannedDraft, Sources, customer_in_legal
from generator.draft.slugs import slugify
from generator.intake.model import Handoff
from generator.manifest import POLICY_PATH
from generator.render.text import inline, long_date, quote_block

TOP = 5  # rows in the escalation summary's tables of the largest and oldest
LONG = 50  # at most this many broken promises and accounts past the final level, then a count
OPEN_SHOWN = 10  # open invoices listed in a credit note
_LINE = re.compile(r"line (\d+)")


def _origin(handoff: Handoff, sources: Sources, item: Evidence) -> Literal["customer", "ours", "internal"]:
    """Whether a piece of evidence is the customer's own email, one of ours, or our notes and records."""
    message = sources.message(item.source, item.location)
    if message is None:
        return "internal"
    return "ours" if message.written_by_us(handoff.policy.sender.email) else "customer"


def quotes(
    handoff: Handoff, sources: Sources, evidence: tuple[Evidence, ...] | list[Evidence]
) -> dict[str, tuple[Quote, ...]]:
    """Each distinct quoted sentence once, in the order given, escaped; all, the customer's, ours."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for item in evidence:
        key = (item.source, item.location, item.quote)
        if key in seen or not item.quote.strip():
            continue
        seen.add(key)
        result.append(
            Quote(
                text=quote_block(item.quote),
                where=inline(f"{item.source} {item.location}".strip()),
                rule=inline(item.rule),
                origin=_origin(handoff, sources, item),
            )
        )
    return {
        "quotes": tuple(result),
        "customer_quotes": tuple(q for q in result if q.origin == "customer"),
        "internal_quotes": tuple(q for q in result if q.origin != "customer"),
    }


def _as_of(handoff: Handoff, book: FactBook) -> str:
    return book.day("As-of date", handoff.manifest.as_of, f"{handoff.path}/handoff.yaml as_of")


NoteContexts = DisputeNoteContext | HoldNoteContext | PlanNoteContext | CreditNoteContext


def _note(
    kind: str,
    slug: str,
    customer: CustomerView,
    views: list[InvoiceView],
    context: NoteContexts,
    book: FactBook,
    purpose: str,
) -> PlannedDraft:
    return PlannedDraft(
        id=f"internal-{kind.removesuffix('_note').replace('_', '-')}-{slug}",
        kind=kind,
        audience="internal",
        customer=customer.name,
        invoices=tuple(v.number for v in views),
        context=context,
        facts=book.facts,
        purpose=purpose,
    )


def hold_owner(sources: Sources, evidence: list[Evidence]) -> str | None:
    """The author of the internal note that set the hold, when the note names one."""
    for item in evidence:
        match = _LINE.search(item.location)
        note = sources.note_at(item.source, int(match.group(1))) if match else None
        if note is not None and note.author:
            return note.author
    return None


def plan_internal_notes(
    handoff: Handoff,
    analysis: Analysis,
    sources: Sources,
    customer: CustomerView,
    views: list[InvoiceView],
    slug: str,
) -> list[PlannedDraft]:
    """One note per dispute and credit, one per customer for a hold and for a plan request."""
    name = inline(customer.name)
    drafts: list[PlannedDraft] = []
    for view in views:
        if view.status == "dispute":
            book = FactBook()
            context = DisputeNoteContext(
                customer=name,
                as_of=_as_of(handoff, book),
                invoices=(invoice_line(view, book, escape=inline),),
                totals=totals([view], book),
                **quotes(handoff, sources, view.evidence),
            )
            drafts.append(
                _note(
                    "dispute_note",
                    f"{slug}-{slugify(view.number) or 'invoice'}",
                    customer,
                    [view],
                    context,
                    book,
                    f"sets out {customer.name}'s dispute of {view.number} for finance to decide",
                )
            )
    held = [v for v in views if v.status == "internal_hold"]
    if customer.on_hold and not held:
        held = [v for v in views if v.open_amount > 0]
    if held:
        book = FactBook()
        evidence = [*customer.hold_evidence, *(e for v in held for e in v.evidence)]
        setter = hold_owner(sources, evidence)
        roles = sorted({v.next_step.owner.replace("_", " ") for v in held})
        reviews = sorted(v.next_step.due for v in held if v.next_step.due)
        until = (
            "review on " + book.day("Hold review date", reviews[0], "next step of the held invoices")
            if reviews
            else None
        )
        context_hold = HoldNoteContext(
            customer=name,
            as_of=_as_of(handoff, book),
            invoices=tuple(invoice_line(v, book, escape=inline) for v in held),
            totals=totals(held, book),
            **quotes(handoff, sources, evidence),
            until=inline(until) if until else None,
            owner=", ".join(roles) or None,
            set_by=inline(setter) if setter else None,
            legal=customer_in_legal(customer, views),
        )
        drafts.append(
            _note("hold_note", slug, customer, held, context_hold, book, f"records why {customer.name} is on hold")
        )
    plans = [v for v in views if v.status == "payment_plan"]
    if plans:
        book = FactBook()
        context_plan = PlanNoteContext(
            customer=name,
            as_of=_as_of(handoff, book),
            invoices=tuple(invoice_line(v, book, escape=inline) for v in plans),
            totals=totals(plans, book),
            **quotes(handoff, sources, [e for v in plans for e in v.evidence]),
        )
        drafts.append(
            _note(
                "plan_note",
                slug,
                customer,
                plans,
                context_plan,
                book,
                f"puts {customer.name}'s payment-plan request to the controller",
            )
        )
    for view in views:
        if view.status == "credit":
            drafts.append(_credit_note(handoff, sources, customer, views, view, slug))
    return drafts


def _credit_note(
    handoff: Handoff,
    sources: Sources,
    customer: CustomerView,
    views: list[InvoiceView],
    credit: InvoiceView,
    slug: str,
) -> PlannedDraft:
    book = FactBook()
    candidates = sorted(
        (v for v in views if v.currency == credit.currency and v.open_amount > 0 and v.status != "credit"),
        key=lambda v: (v.open_amount != -credit.open_amount, v.due_date or date.min, v.number),
    )
    open_invoices = candidates[:OPEN_SHOWN]
    credit_line = invoice_line(credit, book, escape=inline)
    context = CreditNoteContext(
        customer=inline(customer.name),
        as_of=_as_of(handoff, book),
        invoices=(credit_line,),
        totals=totals([credit], book),
        **quotes(handoff, sources, credit.evidence),
        credit=credit_line,
        open_invoices=tuple(invoice_line(v, book, escape=inline) for v in open_invoices),
        open_more=len(candidates) - len(open_invoices),
        matching=tuple(
            invoice_line(v, book, escape=inline) for v in open_invoices if v.open_amount == -credit.open_amount
        ),
    )
    return _note(
        "credit_note",
        f"{slug}-{slugify(credit.number) or 'credit'}",
        customer,
        [credit],
        context,
        book,
        f"asks finance what to do with {customer.name}'s credit {credit.number}",
    )


def _overdue(view: InvoiceView) -> bool:
    return view.days_overdue > 0 and view.open_amount > 0 and view.status != "credit"


Exposure = tuple[Decimal, str, str, list[InvoiceView], int]


def _exposure(views: list[InvoiceView]) -> list[Exposure]:
    """(total, customer, currency, invoices, oldest days) per customer and currency, largest first."""
    groups: dict[tuple[str, str], list[InvoiceView]] = defaultdict(list)
    for view in views:
        groups[(view.customer, view.currency)].append(view)
    rows = [
        (sum((v.open_amount for v in g), Decimal(0)), customer, currency, g, max(v.days_overdue for v in g))
        for (customer, currency), g in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r[0], r[1].casefold(), r[1], r[2]))


def _rows(rows: list[Exposure], book: FactBook, label: str) -> tuple[ExposureRow, ...]:
    return tuple(
        ExposureRow(
            customer=inline(customer),
            total=book.amount(
                f"{label} {customer} {currency}",
                total,
                currency,
                "computed: sum of open amounts (" + ", ".join(v.number for v in group) + ")",
            ),
            invoices=len(group),
            oldest=book.days(f"Oldest overdue {customer} {currency}", oldest, "computed: as-of date − due date"),
        )
        for total, customer, currency, group, oldest in rows
    )


def plan_escalation(handoff: Handoff, analysis: Analysis) -> PlannedDraft | None:
    """The controller's summary, when anything is overdue at all."""
    overdue = sorted(
        (v for v in analysis.invoices if _overdue(v)), key=lambda v: (v.customer.casefold(), v.customer, v.number)
    )
    if not overdue:
        return None
    book = FactBook()
    levels = sorted(handoff.policy.reminder_levels, key=lambda lv: lv.min_days)
    final = levels[-1] if levels else None
    by_age = sorted(overdue, key=lambda v: (-v.days_overdue, v.number, v.customer))
    broken = sorted(
        (v for v in analysis.invoices if v.status == "broken_promise"), key=lambda v: (v.number, v.customer)
    )
    past_final = _exposure([v for v in overdue if final is not None and v.days_overdue >= final.min_days])
    owners: dict[str, set[str]] = defaultdict(set)
    for view in analysis.invoices:
        owners[view.number].add(view.customer)

    def line(view: InvoiceView) -> InvoiceLine:
        key = f"{view.number} ({view.customer})" if len(owners[view.number]) > 1 else view.number
        return invoice_line(view, book, escape=inline, with_customer=True, key=key)

    context = EscalationContext(
        as_of=_as_of(handoff, book),
        final_level=inline(final.name) if final else "none set",
        final_days=book.days(
            "Final reminder level from", final.min_days if final else 0, f"{POLICY_PATH} reminder_levels"
        ),
        largest=_rows(_exposure(overdue)[:TOP], book, "Overdue"),
        oldest=tuple(line(v) for v in by_age[:TOP]),
        broken_promises=tuple(line(v) for v in broken[:LONG]),
        broken_more=max(0, len(broken) - LONG),
        past_final=_rows(past_final[:LONG], book, "Past final"),
        past_final_more=max(0, len(past_final) - LONG),
        totals=totals(overdue, book, label="Total overdue"),
    )
    invoices = sorted(
        {v.number for v in [*by_age[:TOP], *broken[:LONG]]}
        | {v.number for row in past_final[:LONG] for v in row[3]}
    )
    return PlannedDraft(
        id="internal-escalation-summary",
        kind="escalation",
        audience="internal",
        customer=None,
        invoices=tuple(invoices),
        context=context,
        facts=book.facts,
        purpose=(
            f"sums up for the controller what is most at risk as of {long_date(analysis.as_of)}: "
            f"the largest and oldest exposure, broken promises and accounts past the final level "
            f"({days_text(final.min_days) if final else 'no levels set'})"
        ),
    )
