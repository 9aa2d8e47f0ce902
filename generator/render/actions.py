"""``actions.md``: the action queue, every next step with its owner, date, dependency and gate."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from generator.analyze.model import Analysis, InvoiceView, NextStep
from generator.draft.model import Draft
from generator.render.entries import customer_link, customer_slugs, draft_link, drafts_by_invoice, own_steps
from generator.render.text import cell, inline

OWNERS = {
    "ar_clerk": "AR clerk",
    "controller": "controller",
    "account_owner": "account owner",
    "sales": "sales",
    "legal": "legal",
}


def render_actions(analysis: Analysis, drafts: tuple[Draft, ...]) -> str:
    slugs = customer_slugs(analysis)
    prepared = drafts_by_invoice(drafts)
    rows: list[tuple[date, str, str, str, str, NextStep]] = []
    for view in analysis.invoices:
        if view.status == "not_due" and view.next_step.due is None:
            continue
        rows.append((view.next_step.due or date.max, view.next_step.owner, view.customer.casefold(),
                     view.customer, view.number, view.next_step))
    by_customer: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in analysis.invoices:
        by_customer[view.customer].append(view)
    for view_of_customer in analysis.customers:
        name = view_of_customer.name
        for step in own_steps(view_of_customer, by_customer[name]):
            rows.append((step.due or date.max, step.owner, name.casefold(), name, "", step))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[4], r[5].action))
    lines = [
        "# Action queue",
        "",
        "Who does what next, earliest first. Nothing here has been done; steps behind a gate wait for it.",
        "",
        "| Due | Owner | Customer | Invoice | Action | Prepared | Depends on | Gate |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for due, _owner, _key, customer, number, step in rows:
        ready = ", ".join(draft_link(d) for d in prepared.get((customer, number), [])) if number else ""
        lines.append(
            f"| {due.isoformat() if due != date.max else 'no date'} | {OWNERS.get(step.owner, step.owner)} | "
            f"{customer_link(customer, slugs)} | {cell(number) if number else 'all'} | {cell(step.action)} | "
            f"{ready or ' '} | {cell(step.depends_on or '')} | {cell(step.gate or '')} |"
        )
    if not rows:
        lines.append("| | | | | Nothing to do. | | | |")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[5].owner] = counts.get(row[5].owner, 0) + 1
    summary = ", ".join(f"{OWNERS.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    if summary:
        lines += ["", f"Steps per owner: {inline(summary)}."]
    return "\n".join(lines) + "\n"
