"""``exceptions.md`` and ``exceptions.csv``: every invoice that needs more than a reminder, with its evidence."""

from __future__ import annotations

from itertools import groupby

from generator.analyze.model import Analysis, InvoiceView
from generator.draft.model import Draft
from generator.render.entries import (
    WAITING,
    Origins,
    best_evidence,
    customer_slugs,
    draft_label,
    drafts_by_invoice,
    entry,
    flag_label,
    is_exception,
    status_label,
    status_order,
)
from generator.render.spreadsheet import csv_text
from generator.render.text import cell, inline, money


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


ON_PAGE = 50  # entries per status; the rest are in exceptions.csv and on each customer's page
HEADER = ("Status", "Customer", "Invoice", "Days overdue", "Currency", "Open amount", "Signals", "Quote", "Source",
          "Prepared", "Next step", "Owner", "Due by")


def exception_views(analysis: Analysis) -> list[InvoiceView]:
    """Every invoice that needs more than a reminder, by status, then customer and number."""
    return sorted(
        (v for v in analysis.invoices if is_exception(v)),
        key=lambda v: (status_order(v.status), v.customer.casefold(), v.number),
    )


def render_exceptions(
    analysis: Analysis, exceptions: list[InvoiceView], drafts: tuple[Draft, ...], origins: Origins | None = None
) -> str:
    """``exceptions.md`` from the ``exception_views``: each status's most overdue, and where the rest are."""
    slugs = customer_slugs(analysis)
    index = drafts_by_invoice(drafts)
    lines = [
        "# Exceptions",
        "",
        "Invoices that need more than a plain reminder, grouped by status. Each entry says what stands in the "
        "way, what this packet prepared for it, and what must be approved before anything happens. The same "
        "list is in [exceptions.csv](exceptions.csv), which opens in a spreadsheet.",
        "",
    ]
    if not exceptions:
        lines += ["None: every open invoice is a plain reminder or not yet due.", ""]
    for status, group in groupby(exceptions, key=lambda v: v.status):
        views = list(group)
        lines += [f"## {status_label(status).capitalize()} ({len(views)})", ""]
        if len(views) > ON_PAGE:
            oldest = {id(v) for v in sorted(views, key=lambda v: (-v.days_overdue, -v.open_amount))[:ON_PAGE]}
            views = [v for v in views if id(v) in oldest]
            lines += [f"The {ON_PAGE} most overdue are below; the rest are in [exceptions.csv](exceptions.csv) "
                      "and on each customer's page.", ""]
        for view in views:
            lines += entry(view, index.get((view.customer, view.number), []), slugs, origins=origins)
            lines += ["", _next_step(view), "", *_evidence(view)]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_exceptions_csv(
    exceptions: list[InvoiceView], drafts: tuple[Draft, ...], origins: Origins | None = None
) -> str:
    """``exceptions.csv``: every one of the ``exception_views``, one row each, with the quote that shows its blocker."""
    index = drafts_by_invoice(drafts)
    rows = []
    for view in exceptions:
        quoted = best_evidence(view, origins or {})
        ready = index.get((view.customer, view.number), [])
        step = view.next_step
        rows.append((
            status_label(view.status), view.customer, view.number, str(view.days_overdue), view.currency,
            money(view.open_amount), "; ".join(flag_label(flag) for flag in view.flags),
            quoted.quote if quoted else "", f"{quoted.source} ({quoted.location})" if quoted else "",
            "; ".join(f"{draft_label(d)} ({d.path})" for d in ready) or WAITING.get(view.status, "no draft"),
            step.action, step.owner.replace("_", " "), step.due.isoformat() if step.due else "",
        ))
    return csv_text(HEADER, rows)
