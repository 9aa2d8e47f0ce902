"""Which drafts a packet needs, decided from the analysis alone.

For each customer: at most one email per purpose (a consolidated reminder for
its clean overdue invoices, a reply naming a blocker, a follow-up on a broken
promise, a note on a remaining balance, a request for remittance details) and
an internal note per dispute, hold, payment-plan request and credit; then one
escalation summary for the controller. An invoice is asked about in at most
one customer email, and never while it is disputed, held, in a payment-plan
request, a credit, or matched by an unapplied payment. A customer on hold, or
in legal or bankruptcy, gets no customer draft at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from generator.analyze.model import Analysis, CustomerView, InvoiceView
from generator.draft.customer_drafts import plan_customer_drafts
from generator.draft.internal_notes import plan_escalation, plan_internal_notes
from generator.draft.planned import PlannedDraft, Sources
from generator.draft.slugs import slugify, unique_slugs
from generator.intake.model import Handoff


def customer_views(analysis: Analysis) -> dict[str, list[InvoiceView]]:
    grouped: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in analysis.invoices:
        grouped[view.customer].append(view)
    return grouped


def plan_drafts(handoff: Handoff, analysis: Analysis) -> list[PlannedDraft]:
    """Every draft the packet needs, sorted by id."""
    grouped = customer_views(analysis)
    names = sorted({c.name for c in analysis.customers} | set(grouped), key=lambda n: (n.casefold(), n))
    slugs = unique_slugs(names)
    known = {c.name: c for c in analysis.customers}
    sources = Sources(handoff)
    planned: list[PlannedDraft] = []
    for name in names:
        customer = known.get(name) or CustomerView(name=name)
        views = sorted(grouped.get(name, []), key=lambda v: (v.due_date or date.min, v.number))
        planned += plan_customer_drafts(handoff, analysis, sources, customer, views, slugs[name])
        planned += plan_internal_notes(handoff, analysis, sources, customer, views, slugs[name])
    escalation = plan_escalation(handoff, analysis)
    if escalation is not None:
        planned.append(escalation)
    return _unique_ids(planned)


def _unique_ids(planned: list[PlannedDraft]) -> list[PlannedDraft]:
    """Sorted by id; an id that would repeat gets a suffix from its invoices (never silently lost)."""
    seen: dict[str, int] = defaultdict(int)
    result = []
    for draft in sorted(planned, key=lambda d: (d.id, d.invoices)):
        seen[draft.id] += 1
        if seen[draft.id] > 1:
            suffix = slugify("-".join(draft.invoices)) or str(seen[draft.id])
            draft = replace(draft, id=f"{draft.id}-{suffix}")
        result.append(draft)
    return sorted(result, key=lambda d: d.id)
