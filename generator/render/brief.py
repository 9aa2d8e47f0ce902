"""The brief: the first page a controller reads."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from generator.analyze.aging import BUCKETS
from generator.analyze.model import Analysis
from generator.draft.model import Draft
from generator.intake.model import Handoff
from generator.problems import Problem
from generator.render.text import cell, inline, money_display


def render_brief(
    handoff: Handoff, analysis: Analysis, drafts: tuple[Draft, ...], problems: list[Problem]
) -> str:
    lines = [
        f"# {inline(analysis.title)}",
        "",
        f"Aging as of **{analysis.as_of.isoformat()}** · {len(analysis.invoices)} invoices · "
        f"{len(analysis.customers)} customers · {len(drafts)} drafts",
        "",
        "## Open balance by aging bucket",
        "",
    ]
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for view in analysis.invoices:
        totals[view.currency][view.bucket] += view.open_amount
    lines += ["| Currency | " + " | ".join(BUCKETS) + " | Total |", "|---|" + "---:|" * (len(BUCKETS) + 1)]
    for currency in sorted(totals):
        row = [money_display(totals[currency][b], currency) for b in BUCKETS]
        total = money_display(sum(totals[currency].values(), Decimal(0)), currency)
        lines.append(f"| {currency} | " + " | ".join(row) + f" | {total} |")
    lines += ["", "## Invoices by status", "", "| Status | Invoices |", "|---|---:|"]
    for status, count in sorted(Counter(v.status for v in analysis.invoices).items()):
        lines.append(f"| {status.replace('_', ' ')} | {count} |")
    lines += ["", "## Sources", "", "| File | Read as |", "|---|---|"]
    for file in handoff.files:
        lines.append(f"| {cell(file.path)} | {cell(file.description)} |")
    warnings = [p for p in problems if not p.is_error]
    if warnings:
        lines += ["", "## Problems in the sources", ""]
        lines += [f"- {inline(str(p))}" for p in warnings]
    return "\n".join(lines) + "\n"
