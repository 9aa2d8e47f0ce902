"""Customer pages: ``customers.md`` (the list) and one ``customers/<slug>.md`` per customer.

A customer page holds its invoices, the drafts that concern it, its next steps
and the timeline of messages and notes. Every message and note is quoted as
an escaped blockquote; internal notes sit in a marked box so nobody copies
them into a customer email.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from generator.analyze.model import Analysis, CustomerView, InvoiceView, NextStep, TimelineEntry
from generator.draft.model import Draft
from generator.render.entries import (
    Origins,
    age,
    customer_slugs,
    draft_link,
    entry,
    is_exception,
    money_list,
    own_steps,
    status_label,
    totals_by_currency,
)
from generator.render.text import cell, inline, money_display, quote_block

BASE = "../"


def _invoices(views: list[InvoiceView]) -> list[str]:
    lines = [
        "## Invoices",
        "",
        "| Invoice | PO | Due | Amount | Open | Age | Status |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for v in views:
        due = v.due_date.isoformat() if v.due_date else ""
        lines.append(
            f"| {cell(v.number)} | {cell(v.po or '')} | {due} | {money_display(v.amount, v.currency)} | "
            f"{money_display(v.open_amount, v.currency)} | {age(v)} | {status_label(v.status)} |"
        )
    if not views:
        lines.append("| (none) | | | | | | |")
    return [*lines, ""]


def _step_line(step: NextStep, subject: str | None) -> str:
    parts = [f"**{inline(subject)}**: " if subject else "", inline(step.action)]
    details = [f"owner: {step.owner.replace('_', ' ')}"]
    if step.due:
        details.append(f"by {step.due.isoformat()}")
    if step.depends_on:
        details.append(f"after: {inline(step.depends_on)}")
    if step.gate:
        details.append(f"gate: {inline(step.gate)}")
    return "- " + "".join(parts) + " (" + "; ".join(details) + ")"


def _next_steps(customer: CustomerView, views: list[InvoiceView]) -> list[str]:
    lines = ["## Next steps", ""]
    steps = [_step_line(step, None) for step in own_steps(customer, views)]
    steps += [_step_line(v.next_step, v.number) for v in views if v.open_amount != 0 or v.status == "credit"]
    return [*lines, *(steps or ["- Nothing to do."]), ""]


def _when(text: str | None) -> str:
    """``2026-04-16T10:02:11-05:00`` → ``2026-04-16 10:02``, in the writer's own time zone."""
    if not text:
        return "undated"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return inline(text)
    return moment.strftime("%Y-%m-%d %H:%M") if "T" in text else moment.strftime("%Y-%m-%d")


def _timeline_entry(item: TimelineEntry) -> list[str]:
    when = _when(item.date)
    who = inline(item.who) if item.who else "unknown sender"
    kind = {"email": "Email", "note": "Internal note", "bounce": "Bounce", "auto_reply": "Auto-reply"}.get(
        item.kind, item.kind
    )
    subject = f" · “{inline(item.subject)}”" if item.subject else ""
    source = inline(f"{item.source.path} {item.source.location}".strip())
    heading = f"**{when} · {kind} · {who}**{subject} · _{source}_"
    quoted = quote_block(item.text) if item.text.strip() else "> (no text)"
    if item.internal:
        body = "\n".join(f"    {line}".rstrip() for line in [heading, "", *quoted.split("\n")])
        return ['!!! warning "Internal: not for the customer"', "", body, ""]
    return [heading, "", quoted, ""]


def _timeline(customer: CustomerView) -> list[str]:
    lines = ["## Timeline", ""]
    if not customer.timeline:
        return [*lines, "No messages or notes mention this customer.", ""]
    ordered = sorted(customer.timeline, key=lambda t: (t.date or "", t.source.path, t.source.line or 0))
    for item in ordered:
        lines += _timeline_entry(item)
    return lines


def render_customer(
    customer: CustomerView,
    views: list[InvoiceView],
    drafts: list[Draft],
    slugs: dict[str, str],
    origins: Origins | None = None,
) -> str:
    lines = [f"# {inline(customer.name)}", ""]
    totals = totals_by_currency(views)
    facts = [f"Open: **{money_list(totals)}**", f"{len(views)} invoice{'s' if len(views) != 1 else ''}"]
    if customer.emails:
        facts.append("contacts: " + ", ".join(inline(e) for e in customer.emails))
    lines += [" · ".join(facts), ""]
    if customer.invalid_emails:
        lines += [f"Bounced addresses (do not use): {', '.join(inline(e) for e in customer.invalid_emails)}", ""]
    if customer.on_hold:
        lines += [
            '!!! danger "On hold: no customer contact"',
            "",
            "    Our side asked not to chase this customer. No customer email is drafted; see the hold note.",
            "",
        ]
    lines += _invoices(views)
    lines += ["## Drafts", ""]
    if drafts:
        for draft in drafts:
            audience = "to the customer" if draft.audience == "customer" else "internal"
            lines.append(f"- {draft_link(draft, BASE)} ({audience}): {inline(draft.purpose)}")
    else:
        lines.append("- None.")
    lines.append("")
    exceptions = [v for v in views if is_exception(v)]
    if exceptions:
        lines += ["## Exceptions", ""]
        by_invoice: dict[str, list[Draft]] = defaultdict(list)
        for draft in drafts:
            for number in draft.invoices:
                by_invoice[number].append(draft)
        for view in exceptions:
            lines += [*entry(view, by_invoice.get(view.number, []), slugs, BASE, origins), ""]
    lines += _next_steps(customer, views)
    lines += _timeline(customer)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_customer_list(analysis: Analysis, drafts: tuple[Draft, ...]) -> str:
    slugs = customer_slugs(analysis)
    views: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in analysis.invoices:
        views[view.customer].append(view)
    draft_count: dict[str | None, int] = defaultdict(int)
    for draft in drafts:
        draft_count[draft.customer] += 1
    lines = [
        "# Customers",
        "",
        "Every customer in the packet, largest open balance first.",
        "",
        "| Customer | Open | Invoices | Statuses | Drafts |",
        "|---|---:|---:|---|---:|",
    ]
    names = sorted(
        {c.name for c in analysis.customers} | set(views),
        key=lambda n: (-sum((v.open_amount for v in views[n]), Decimal(0)), n.casefold(), n),
    )
    on_hold = {c.name for c in analysis.customers if c.on_hold}
    for name in names:
        group = views[name]
        statuses = ", ".join(sorted({status_label(v.status) for v in group}))
        hold = " (on hold)" if name in on_hold else ""
        lines.append(
            f"| [{inline(name)}](customers/{slugs[name]}.md){hold} | {money_list(totals_by_currency(group))} | "
            f"{len(group)} | {cell(statuses)} | {draft_count[name]} |"
        )
    return "\n".join(lines) + "\n"


def render_customers(analysis: Analysis, drafts: tuple[Draft, ...], origins: Origins | None = None) -> dict[str, str]:
    """``customers.md`` and every ``customers/<slug>.md``."""
    slugs = customer_slugs(analysis)
    views: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in analysis.invoices:
        views[view.customer].append(view)
    by_customer: dict[str | None, list[Draft]] = defaultdict(list)
    for draft in drafts:
        by_customer[draft.customer].append(draft)
    for group in views.values():
        group.sort(key=lambda v: (v.number, v.due_date or date.min))
    known = {c.name: c for c in analysis.customers}
    pages = {"customers.md": render_customer_list(analysis, drafts)}
    for name, slug in sorted(slugs.items(), key=lambda item: item[1]):
        customer = known.get(name) or CustomerView(name=name)
        pages[f"customers/{slug}.md"] = render_customer(customer, views[name], by_customer[name], slugs, origins)
    return pages
