"""``blitz status`` for people: a table of draft pages, a one-line summary and what to do next."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from generator.approvals.model import LABELS, DraftState, State, count_states

_ADVICE: dict[State, str] = {
    "pending": "Pending drafts are waiting for review: an approver reviews and merges their pull request.",
    "changed_after_approval": (
        "Changed after approval: someone edited these after they were approved, outside review. "
        "Do not send them; open a pull request with the change so an approver reviews it again."
    ),
    "unauthorized_merge": (
        "Merged without an approver: whoever merged is not listed under approvers in "
        "handoffs/policy.yml (as it stood before the merge). Do not send them; an approver must "
        "merge a pull request that changes them, or the merge must name an approver in an "
        "'Approved-by: Name <email>' line."
    ),
    "on_hold": "On hold: a reviewer set 'decision: hold' on these. Do not send them until it is lifted.",
}


def _split(path: str) -> tuple[str, str]:
    """(packet id, draft name) for ``…/packets/<id>/drafts/<name>``; else ("", path)."""
    parts = path.split("/")
    for at in range(len(parts) - 2):
        if parts[at] == "packets" and parts[at + 2] == "drafts":
            return parts[at + 1], "/".join(parts[at + 3 :])
    return "", path


def _review(state: DraftState) -> str:
    """``#7 · carol@example.com · 2026-05-04``: the pull request, approver and date that apply."""
    parts = [f"#{state.pr}" if state.pr is not None else ""]
    if state.approved_by:
        parts.append(state.approved_by)
    if state.approved_at:
        parts.append(state.approved_at.date().isoformat())
    return " · ".join(part for part in parts if part)


def status_table(states: list[DraftState]) -> Table:
    """One row per draft page: packet, draft, state in plain words, and the review it refers to."""
    table = Table(header_style="bold")
    table.add_column("Packet", overflow="fold")
    table.add_column("Draft", overflow="fold", ratio=2)
    table.add_column("State")
    table.add_column("Review", overflow="fold", ratio=2)
    styles: dict[State, str] = {
        "approved": "green",
        "pending": "yellow",
        "on_hold": "blue",
        "changed_after_approval": "red",
        "unauthorized_merge": "red",
    }
    for state in states:
        packet, name = _split(state.path)
        table.add_row(  # Text, not markup: file names and emails are shown as written
            Text(packet), Text(name), Text(state.label, style=styles[state.state]), Text(_review(state))
        )
    return table


def status_summary(states: list[DraftState], where: str = "docs/packets/") -> str:
    """``12 drafts: 5 approved, 4 pending, 1 on hold, …`` (states with no drafts left out)."""
    if not states:
        return f"No draft pages under {where} yet: run blitz prepare on a handoff folder to make a packet."
    total = len(states)
    counts = [f"{n} {LABELS[s]}" for s, n in count_states(states).items() if n]
    return f"{total} draft{'s' if total != 1 else ''}: {', '.join(counts)}."


def status_advice(states: list[DraftState]) -> list[str]:
    """What to do about each state present, other than approved; then the one rule that matters."""
    present = {state.state for state in states}
    lines = [text for state, text in _ADVICE.items() if state in present]
    if states:
        lines.append("Only approved drafts may be sent.")
    return lines
