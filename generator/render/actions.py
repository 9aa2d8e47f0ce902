"""``actions.md`` and ``actions.csv``: the action queue, every next step with its owner, date, dependency and gate."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from generator.analyze.model import Analysis, InvoiceView, NextStep
from generator.draft.model import Draft
from generator.render.entries import (
    customer_link,
    customer_slugs,
    draft_label,
    draft_link,
    drafts_by_invoice,
    own_steps,
)
from generator.render.spreadsheet import csv_text
from generator.render.text import cell, inline

OWNERS = {
    "ar_clerk": "AR clerk",
    "controller": "controller",
    "account_owner": "account owner",
    "sales": "sales",
    "legal": "legal",
}


ON_PAGE = 500  # rows; the rest are in actions.csv and on each customer's page
HEADER = ("Due", "Owner", "Customer", "Invoice", "Action", "Prepared", "Depends on", "Gate")


class Row(NamedTuple):
    due: date  # date.max when the step has none
    customer: str
    number: str  # "" for a step about the whole customer
    step: NextStep
    drafts: tuple[Draft, ...]


def queue(analysis: Analysis, drafts: tuple[Draft, ...]) -> list[Row]:
    """Every next step, earliest first: one per invoice that has one, then each customer's own."""
    prepared = drafts_by_invoice(drafts)
    rows: list[Row] = []
    for view in analysis.invoices:
        if view.status == "not_due" and view.next_step.due is None:
            continue
        ready = tuple(prepared.get((view.customer, view.number), []))
        rows.append(Row(view.next_step.due or date.max, view.customer, view.number, view.next_step, ready))
    by_customer: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in analysis.invoices:
        by_customer[view.customer].append(view)
    for customer in analysis.customers:
        steps = own_steps(customer, by_customer[customer.name])
        rows += [Row(step.due or date.max, customer.name, "", step, ()) for step in steps]
    rows.sort(key=lambda r: (r.due, r.step.owner, r.customer.casefold(), r.number, r.step.action))
    return rows


def _due(row: Row) -> str:
    return row.due.isoformat() if row.due != date.max else "no date"


def render_actions(analysis: Analysis, rows: list[Row]) -> str:
    """``actions.md`` from the ``queue``: its first rows, and where the rest are."""
    slugs = customer_slugs(analysis)
    lines = [
        "# Action queue",
        "",
        "Who does what next, earliest first. Nothing here has been done; steps behind a gate wait for it.",
        "",
    ]
    if len(rows) > ON_PAGE:
        lines += [f"This queue has {len(rows):,} steps. The {ON_PAGE:,} due first are below; all of them are in "
                  "[actions.csv](actions.csv), which opens in a spreadsheet, and each customer's page lists its "
                  "own.", ""]
    else:
        lines += ["The same list is in [actions.csv](actions.csv), which opens in a spreadsheet.", ""]
    lines += [
        "| Due | Owner | Customer | Invoice | Action | Prepared | Depends on | Gate |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows[:ON_PAGE]:
        step = row.step
        ready = ", ".join(draft_link(d) for d in row.drafts)
        lines.append(
            f"| {_due(row)} | {OWNERS.get(step.owner, step.owner)} | "
            f"{customer_link(row.customer, slugs)} | {cell(row.number) if row.number else 'all'} | "
            f"{cell(step.action)} | {ready or ' '} | {cell(step.depends_on or '')} | {cell(step.gate or '')} |"
        )
    if not rows:
        lines.append("| | | | | Nothing to do. | | | |")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.step.owner] = counts.get(row.step.owner, 0) + 1
    summary = ", ".join(f"{OWNERS.get(k, k)}: {v}" for k, v in sorted(counts.items()))
    if summary:
        lines += ["", f"Steps per owner: {inline(summary)}."]
    return "\n".join(lines) + "\n"


def render_actions_csv(rows: list[Row]) -> str:
    """``actions.csv``: the whole ``queue``, one row per step, as the page lists it."""
    return csv_text(HEADER, (
        (_due(row), OWNERS.get(row.step.owner, row.step.owner), row.customer, row.number or "all",
         row.step.action, ", ".join(f"{draft_label(d)} ({d.path})" for d in row.drafts),
         row.step.depends_on or "", row.step.gate or "")
        for row in rows
    ))
