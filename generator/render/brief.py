"""The brief (``index.md``): the first page a controller reads.

What is in the packet, the money by currency and aging bucket, invoices by
status, the top risks, the exceptions at a glance, the drafts, the sources
read and not used, and the warnings found in them. Long lists are cut to the
top entries here and given whole on their own pages.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from decimal import Decimal

from generator.analyze.aging import BUCKETS
from generator.analyze.model import Analysis, InvoiceView
from generator.draft.model import Draft
from generator.intake.model import Handoff, SourceFile
from generator.problems import Problem
from generator.render.edits import KEPT_MARKER
from generator.render.entries import (
    Origins,
    customer_link,
    customer_slugs,
    draft_link,
    drafts_by_invoice,
    entry,
    evidence_origins,
    is_exception,
    money_list,
    status_label,
    status_order,
)
from generator.render.text import cell, inline, money_display, quote_block

TOP_EXCEPTIONS = 10
TOP_RISKS = 5
TOP_DRAFTS = 30
TOP_SOURCES = 40  # files listed one by one; a handoff of thousands of emails lists them by folder


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _overdue(view: InvoiceView) -> bool:
    return view.days_overdue > 0 and view.open_amount > 0 and view.status != "credit"


def _buckets(analysis: Analysis) -> list[str]:
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for view in analysis.invoices:
        totals[view.currency][view.bucket] += view.open_amount
    lines = [
        "## Open balance by aging bucket",
        "",
        "| Currency | " + " | ".join(BUCKETS) + " | Total |",
        "|---|" + "---:|" * (len(BUCKETS) + 1),
    ]
    for currency in sorted(totals):
        row = [money_display(totals[currency][b], currency) for b in BUCKETS]
        total = money_display(sum(totals[currency].values(), Decimal(0)), currency)
        lines.append(f"| {cell(currency)} | " + " | ".join(row) + f" | **{total}** |")
    if not totals:
        lines.append("| (none) |" + " |" * (len(BUCKETS) + 1))
    return [*lines, ""]


def _statuses(analysis: Analysis) -> list[str]:
    counts = Counter(v.status for v in analysis.invoices)
    amounts: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for view in analysis.invoices:
        amounts[view.status][view.currency] += view.open_amount
    lines = ["## Invoices by status", "", "| Status | Invoices | Open |", "|---|---:|---:|"]
    for status in sorted(counts, key=status_order):
        lines.append(
            f"| {status_label(status)} | {counts[status]} | {money_list(dict(sorted(amounts[status].items())))} |"
        )
    return [*lines, ""]


def _risks(analysis: Analysis, drafts: tuple[Draft, ...], slugs: dict[str, str]) -> list[str]:
    overdue = [v for v in analysis.invoices if _overdue(v)]
    exposure: dict[tuple[str, str], list[InvoiceView]] = defaultdict(list)
    for view in overdue:
        exposure[(view.customer, view.currency)].append(view)
    ranked = sorted(
        exposure.items(), key=lambda item: (-sum(v.open_amount for v in item[1]), item[0][0].casefold(), item[0][1])
    )
    lines = ["## Top risks", ""]
    if not ranked:
        return [*lines, "Nothing is overdue.", ""]
    for (customer, currency), group in ranked[:TOP_RISKS]:
        total = money_display(sum((v.open_amount for v in group), Decimal(0)), currency)
        oldest = max(v.days_overdue for v in group)
        statuses = ", ".join(sorted({status_label(v.status) for v in group}))
        lines.append(
            f"1. {customer_link(customer, slugs)}: **{total}** overdue · oldest {oldest} days · {statuses}"
        )
    broken = [v for v in analysis.invoices if v.status == "broken_promise"]
    disputes = [v for v in analysis.invoices if v.status == "dispute"]
    lines.append("")
    if broken:
        lines.append(f"- **{_plural(len(broken), 'broken promise')}** ({money_list(_sum(broken))})")
    if disputes:
        lines.append(f"- **{_plural(len(disputes), 'dispute')}** ({money_list(_sum(disputes))})")
    for draft in drafts:
        if draft.kind == "escalation":
            lines.append(f"- The full picture is in the [escalation summary]({draft.path}).")
    return [*lines, ""]


def _sum(views: list[InvoiceView]) -> dict[str, Decimal]:
    result: dict[str, Decimal] = defaultdict(Decimal)
    for view in views:
        result[view.currency] += view.open_amount
    return dict(sorted(result.items()))


def _exceptions(
    analysis: Analysis, drafts: tuple[Draft, ...], slugs: dict[str, str], origins: Origins
) -> list[str]:
    exceptions = [v for v in analysis.invoices if is_exception(v)]
    lines = ["## Exceptions at a glance", ""]
    if not exceptions:
        return [*lines, "None: every open invoice is a plain reminder or not yet due.", ""]
    index = drafts_by_invoice(drafts)
    ranked = sorted(exceptions, key=lambda v: (-abs(v.open_amount), v.customer.casefold(), v.number))
    for view in ranked[:TOP_EXCEPTIONS]:
        lines += [*entry(view, index.get((view.customer, view.number), []), slugs, origins=origins), ""]
    more = len(exceptions) - TOP_EXCEPTIONS
    tail = f" ({more} more than shown here)" if more > 0 else ""
    lines.append(
        f"All {_plural(len(exceptions), 'exception')}, with their evidence: [exceptions](exceptions.md){tail}."
    )
    return [*lines, ""]


def _drafts(drafts: tuple[Draft, ...], slugs: dict[str, str]) -> list[str]:
    lines = ["## Drafts", ""]
    if not drafts:
        return [*lines, "No drafts: nothing needs a message or a decision.", ""]
    customer_count = sum(1 for d in drafts if d.audience == "customer")
    lines += [
        f"{_plural(customer_count, 'customer email')} and {_plural(len(drafts) - customer_count, 'internal note')}. "
        "None has been sent.",
        "",
        "| Draft | Customer | Invoices | Decisions |",
        "|---|---|---|---:|",
    ]
    ordered = sorted(drafts, key=lambda d: (d.audience != "customer", d.id))
    for draft in ordered[:TOP_DRAFTS]:
        customer = customer_link(draft.customer, slugs) if draft.customer else "all customers"
        invoices = cell(", ".join(draft.invoices[:6]) + (" …" if len(draft.invoices) > 6 else ""))
        lines.append(f"| {draft_link(draft)} | {customer} | {invoices} | {len(draft.decisions)} |")
    if len(drafts) > TOP_DRAFTS:
        lines += ["", f"All {len(drafts)} drafts are listed under [approval gates](approval.md)."]
    return [*lines, ""]


def _file_rows(files: list[SourceFile], unused: bool = False) -> list[str]:
    """One row per file; past ``TOP_SOURCES`` files, many files of a kind (or not used for one reason) share a row."""
    if len(files) <= TOP_SOURCES:
        return [f"| {cell(f.path)} | {cell(f.description)} |" for f in files]
    by_kind: dict[str, list[SourceFile]] = defaultdict(list)
    for file in files:
        by_kind[file.description if unused else file.kind].append(file)
    rows = []
    for kind, group in by_kind.items():
        if len(group) <= TOP_SOURCES // 8:
            rows += [f"| {cell(f.path)} | {cell(f.description)} |" for f in group]
            continue
        folder = posixpath.commonpath([posixpath.dirname(f.path) for f in group])
        where = f"{len(group):,} files under {folder}/" if folder else f"{len(group):,} files"
        label = kind if unused else f"{kind.replace('_', ' ')} (each customer's page names the ones it quotes)"
        rows.append(f"| {cell(where)} | {cell(label)} |")
    return rows


def _sources(handoff: Handoff) -> list[str]:
    used = [f for f in handoff.files if f.kind != "unused"]
    unused = [f for f in handoff.files if f.kind == "unused"]
    lines = ["## Sources", "", "| File | Read as |", "|---|---|", *_file_rows(used)]
    if not used:
        lines.append("| (none) | |")
    if unused:
        lines += ["", "Not used:", "", "| File | Why |", "|---|---|", *_file_rows(unused, unused=True)]
    return [*lines, ""]


def render_brief(
    handoff: Handoff, analysis: Analysis, drafts: tuple[Draft, ...], problems: list[Problem]
) -> str:
    slugs = customer_slugs(analysis)
    exceptions = sum(1 for v in analysis.invoices if is_exception(v))
    decisions = sum(len(d.decisions) for d in drafts)
    lines = [
        f"# {inline(analysis.title)}",
        "",
        f"Aging as of **{analysis.as_of.isoformat()}** · {_plural(len(analysis.invoices), 'invoice')} · "
        f"{_plural(len(analysis.customers), 'customer')} · {_plural(len(drafts), 'draft')} · "
        f"{_plural(len(analysis.unknowns), 'open question')}"
        + (f" · prepared by {inline(handoff.manifest.prepared_by)}" if handoff.manifest.prepared_by else ""),
        "",
    ]
    if handoff.manifest.notes:
        lines += [quote_block(handoff.manifest.notes), ""]
    lines += [
        "**Nothing in this packet has been sent, paid, credited or posted.** Merging the pull request "
        "approves the drafts; a person still sends each email by hand.",
        "",
        "## In this packet",
        "",
        f"- [Exceptions](exceptions.md): {_plural(exceptions, 'invoice')} that need more than a reminder",
        f"- [Customers](customers.md): {_plural(len(analysis.customers), 'customer')}, each with its invoices, "
        "messages, notes and next steps",
        "- [Action queue](actions.md): who does what next, by when",
        f"- [Known unknowns](unknowns.md): {_plural(len(analysis.unknowns), 'question')} the sources do not settle",
        f"- [Approval gates](approval.md): what merging approves, {_plural(decisions, 'finance decision')} "
        "to make, and what stays manual",
        "",
        KEPT_MARKER,
        "",
        *_buckets(analysis),
        *_statuses(analysis),
        *_risks(analysis, drafts, slugs),
        *_exceptions(analysis, drafts, slugs, evidence_origins(handoff)),
        *_drafts(drafts, slugs),
        *_sources(handoff),
    ]
    warnings = [p for p in problems if not p.is_error]
    if warnings:
        lines += ["## Warnings in the sources", "", "Read these before trusting the numbers above.", ""]
        lines += [f"- {inline(str(p))}" for p in warnings]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
