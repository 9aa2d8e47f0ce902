"""``exceptions.md``: every invoice that needs more than a reminder, grouped by status, with its evidence."""

from __future__ import annotations

from itertools import groupby

from generator.analyze.model import Analysis, InvoiceView
from generator.draft.model import Draft
from generator.render.entries import (
    Origins,
    customer_slugs,
    drafts_by_invoice,
    entry,
    is_exception,
    status_label,
    status_order,
)
from generator.render.text import cell, inline


def _evidence(view: InvoiceView) -> list[str]:
    if not view.evidence:
        return []
    lines = ["| Source | Where | Rule | Quote |", "|---|---|---|---|"]
    for item in view.evidence:
        lines.append(f"| {cell(item.source)} | {cell(item.location)} | {cell(item.rule)} | {cell(item.quote)} |")
    return [*lines, ""]


def _next_step(view: InvoiceView) -> str:
    step = view.next_step
    parts = [f"Next step: {inline(step.action)}", f"owner {step.owner.replace('_', ' ')}"]
    if step.due:
        parts.append(f"by {step.due.isoformat()}")
    if step.depends_on:
        parts.append(f"after {inline(step.depends_on)}")
    return " · ".join(parts)


def render_exceptions(analysis: Analysis, drafts: tuple[Draft, ...], origins: Origins | None = None) -> str:
    slugs = customer_slugs(analysis)
    index = drafts_by_invoice(drafts)
    exceptions = sorted(
        (v for v in analysis.invoices if is_exception(v)),
        key=lambda v: (status_order(v.status), v.customer.casefold(), v.number),
    )
    lines = [
        "# Exceptions",
        "",
        "Invoices that need more than a plain reminder, grouped by status. Each entry says what stands in the "
        "way, what this packet prepared for it, and what must be approved before anything happens.",
        "",
    ]
    if not exceptions:
        lines += ["None: every open invoice is a plain reminder or not yet due.", ""]
    for status, group in groupby(exceptions, key=lambda v: v.status):
        views = list(group)
        lines += [f"## {status_label(status).capitalize()} ({len(views)})", ""]
        for view in views:
            lines += entry(view, index.get((view.customer, view.number), []), slugs, origins=origins)
            lines += ["", _next_step(view), "", *_evidence(view)]
    return "\n".join(lines).rstrip("\n") + "\n"
