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
from collections.abc import Sequence
from datetime import date

from generator.analyze.model import Analysis, CustomerView, InvoiceView
from generator.draft.customer_drafts import plan_customer_drafts
from generator.draft.internal_notes import plan_escalation, plan_internal_notes
from generator.draft.planned import PlannedDraft, Sources
from generator.draft.slugs import unique_slugs
from generator.intake.model import Handoff


def customer_views(analysis: Analysis) -> dict[str, list[InvoiceView]]:
    grouped: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in analysis.invoices:
        grouped[view.customer].append(view)
    return grouped


class Planner:
    """What deciding the drafts needs, indexed once; ``plan`` decides them for some of the customers."""

    def __init__(self, handoff: Handoff, analysis: Analysis) -> None:
        self.handoff = handoff
        self.analysis = analysis
        self.grouped = customer_views(analysis)
        self.names = sorted({c.name for c in analysis.customers} | set(self.grouped), key=lambda n: (n.casefold(), n))
        self.slugs = unique_slugs(self.names)
        self.known = {c.name: c for c in analysis.customers}
        self.sources = Sources(handoff)

    def plan(self, names: Sequence[str]) -> list[PlannedDraft]:
        """The emails and internal notes of these customers, each decided from its own invoices alone."""
        planned: list[PlannedDraft] = []
        for name in names:
            customer = self.known.get(name) or CustomerView(name=name)
            views = sorted(self.grouped.get(name, []), key=lambda v: (v.due_date or date.min, v.number))
            args = (self.handoff, self.analysis, self.sources, customer, views, self.slugs[name])
            planned += plan_customer_drafts(*args)
            planned += plan_internal_notes(*args)
        return planned

    def escalation(self) -> PlannedDraft | None:
        """The one summary for the controller, across customers."""
        return plan_escalation(self.handoff, self.analysis)
