"""A Markdown overview of every packet, for a pull request's job summary.

Built from each packet's ``packet.json`` and the approval state of its draft
pages: totals, invoices by status, drafts awaiting approval, the known
unknowns and the handoff's do-not list. Text from the sources (titles, customer names, questions) is
untrusted and escaped like everywhere else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.render.text import cell, inline, money_display

APPROVED = "approved"
ON_HOLD = "on_hold"
STATE_WORDS = {
    "pending": "pending — not yet merged through review",
    "approved": "approved",
    "changed_after_approval": "changed after approval — needs review again",
    "unauthorized_merge": "merged without an approver — needs review",
    "on_hold": "on hold",
}


@dataclass(frozen=True)
class PacketFile:
    """One packet as read from ``<docs>/packets/<id>/packet.json``."""

    folder: str  # e.g. "docs/packets/2026-04-aging"
    data: dict[str, Any]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(_str(value) or "0")
    except InvalidOperation:
        return Decimal(0)


def _balance(invoices: list[dict[str, Any]]) -> str:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for invoice in invoices:
        totals[_str(invoice.get("currency")) or "?"] += _amount(invoice.get("open_amount"))
    return "; ".join(money_display(totals[c], c) for c in sorted(totals)) or "—"


def _state(packet: PacketFile, draft: dict[str, Any], states: dict[str, str]) -> str:
    return states.get(f"{packet.folder}/{_str(draft.get('path'))}", "pending")


def _awaiting(packet: PacketFile, states: dict[str, str]) -> list[dict[str, Any]]:
    drafts = [_dict(d) for d in _list(packet.data.get("drafts"))]
    return [d for d in drafts if _state(packet, d, states) not in (APPROVED, ON_HOLD)]


def _overview(packets: list[PacketFile], states: dict[str, str]) -> list[str]:
    lines = [
        "| Packet | As of | Invoices | Open balance | Drafts | Awaiting approval | Known unknowns |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for packet in packets:
        handoff = _dict(packet.data.get("handoff"))
        invoices = [_dict(i) for i in _list(packet.data.get("invoices"))]
        name = f"{cell(_str(handoff.get('title')))} (`{packet.folder}`)"
        lines.append(
            f"| {name} | {cell(_str(handoff.get('as_of')))} | {len(invoices)} | {_balance(invoices)} "
            f"| {len(_list(packet.data.get('drafts')))} | {len(_awaiting(packet, states))} "
            f"| {len(_list(packet.data.get('unknowns')))} |"
        )
    return lines


def _statuses(invoices: list[dict[str, Any]]) -> list[str]:
    if not invoices:
        return ["No open invoices in this packet."]
    by_status: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for invoice in invoices:
        by_status[_str(invoice.get("status")) or "unknown"].append(invoice)
    lines = ["| Status | Invoices | Open balance |", "|---|---:|---:|"]
    for status in sorted(by_status):
        group = by_status[status]
        lines.append(f"| {cell(status.replace('_', ' '))} | {len(group)} | {_balance(group)} |")
    return lines


def _drafts(packet: PacketFile, states: dict[str, str]) -> list[str]:
    waiting = _awaiting(packet, states)
    if not waiting:
        return ["No drafts are waiting for approval."]
    lines = ["| Draft | For | Customer | Invoices | State |", "|---|---|---|---|---|"]
    for draft in waiting:
        state = _state(packet, draft, states)
        invoices = ", ".join(_str(n) for n in _list(draft.get("invoices")))
        lines.append(
            f"| `{packet.folder}/{cell(_str(draft.get('path')))}` | {cell(_str(draft.get('audience')))} "
            f"| {cell(_str(draft.get('customer')))} | {cell(invoices)} | {cell(STATE_WORDS.get(state, state))} |"
        )
    return lines


def _unknowns(data: dict[str, Any]) -> list[str]:
    unknowns = [_dict(u) for u in _list(data.get("unknowns"))]
    if not unknowns:
        return ["None: the sources settle every question Blitz asked."]
    lines = []
    for unknown in unknowns:
        subject = _str(unknown.get("subject")) or "Whole packet"
        lines.append(f"- **{inline(subject)}**: {inline(_str(unknown.get('question')))}")
    return lines


def summary_markdown(packets: list[PacketFile], states: dict[str, str], notes: list[str]) -> str:
    """The job summary: an overview table, then each packet's statuses, waiting drafts and unknowns.

    ``states`` maps a draft page's path (``docs/packets/<id>/drafts/….md``) to
    its approval state; a draft with no known state counts as pending.
    ``notes`` are short remarks (e.g. why approval states are missing) shown first.
    """
    lines = ["## Blitz packets", ""]
    lines += [f"> {inline(note)}" for note in notes]
    if notes:
        lines.append("")
    if not packets:
        lines.append("No packets yet: run `blitz prepare handoffs/<name>` and commit the result.")
        return "\n".join(lines) + "\n"
    lines += _overview(packets, states)
    for packet in packets:
        handoff = _dict(packet.data.get("handoff"))
        invoices = [_dict(i) for i in _list(packet.data.get("invoices"))]
        statuses = Counter(_str(i.get("status")) for i in invoices)
        lines += ["", f"### {inline(_str(handoff.get('title')) or packet.folder)}", ""]
        lines += [f"`{packet.folder}` · as of {inline(_str(handoff.get('as_of')))} · "
                  f"{len(invoices)} invoices in {len(statuses)} statuses", ""]
        lines += ["**Invoices by status**", "", *_statuses(invoices), ""]
        lines += ["**Drafts awaiting approval**", "", *_drafts(packet, states), ""]
        lines += ["**Known unknowns**", "", *_unknowns(packet.data)]
        do_not = [_str(item) for item in _list(handoff.get("do_not"))]
        if do_not:
            lines += ["", "**Do not** (from handoff.yaml)", "", *[f"- {inline(item)}" for item in do_not]]
    return "\n".join(lines) + "\n"
