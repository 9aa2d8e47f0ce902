"""The approval badge on a draft page: its state, pull request, approver and date, in plain words.

Only ``approved`` may be sent. Every other state says "do not send" in its
label, so a reader skimming the page cannot mistake it.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from generator.approvals import DraftState, State

LABELS: dict[State, str] = {
    "approved": "Approved",
    "pending": "Not approved — do not send",
    "on_hold": "On hold — do not send",
    "changed_after_approval": "Changed after approval — do not send",
    "unauthorized_merge": "Merged without an approver — do not send",
}

SHORT_LABELS: dict[State, str] = {
    "approved": "Approved",
    "pending": "Pending",
    "on_hold": "On hold",
    "changed_after_approval": "Changed after approval",
    "unauthorized_merge": "Merged without an approver",
}

# Material's admonition styles give each state a colour and an icon without extra CSS.
_STYLES: dict[State, str] = {
    "approved": "success",
    "pending": "danger",
    "on_hold": "warning",
    "changed_after_approval": "danger",
    "unauthorized_merge": "danger",
}


def progress(counts: dict[State, int]) -> str:
    """Approval progress in words: ``3 of 6 approved · 1 pending · 1 on hold`` (zeros left out)."""
    total = sum(counts.values())
    if not total:
        return "no drafts"
    others = [f"{n} {SHORT_LABELS[state].lower()}" for state, n in counts.items() if n and state != "approved"]
    return " · ".join([f"{counts.get('approved', 0)} of {total} approved", *others])


def when(moment: datetime) -> str:
    """A merge time for people: ``2026-04-30 14:05 +02:00``."""
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def _pr(state: DraftState) -> str:
    return f"pull request #{state.pr}" if state.pr is not None else "a merge"


def explanation(state: DraftState, *, customer: bool, readable: bool = True) -> str:
    """What the state means and what to do about it, as plain text."""
    if state.state == "approved":
        who = f" by {state.approved_by}" if state.approved_by else ""
        at = f" on {when(state.approved_at)}" if state.approved_at else ""
        then = ("Copy the text or download the .eml below: it opens as an unsent draft in your mail "
                "program, and Blitz never sends anything itself." if customer
                else "This is an internal note; there is nothing to send to a customer.")
        return f"Approved in {_pr(state)}{who}{at}. {then}"
    if not readable:
        return ("Approval could not be read from git for this build, so this draft is treated as not approved. "
                "Build the site from a full clone of the repository to see its real state.")
    if state.state == "on_hold":
        return ("A reviewer put this draft on hold ('decision: hold' at the top of the page). "
                "To release it, change that line back to 'decision: pending' in a pull request.")
    if state.state == "changed_after_approval":
        return (f"This draft was approved in {_pr(state)}, then changed without review. "
                "Open a pull request with the current text so an approver can review it again.")
    if state.state == "unauthorized_merge":
        return (f"This draft was merged in {_pr(state)} by someone who is not an approver in "
                "handoffs/policy.yml. An approver must review it and merge it again.")
    return ("This draft has not been merged through a reviewed pull request yet. "
            "A controller approves it by merging the pull request that adds it.")


def badge_html(state: DraftState, *, customer: bool, readable: bool = True) -> str:
    """The badge as HTML; every value escaped."""
    style = _STYLES[state.state]
    label = LABELS[state.state]
    facts = []
    if state.pr is not None:
        facts.append(f"PR #{state.pr}")
    if state.approved_by:
        facts.append(f"approver {state.approved_by}")
    if state.approved_at:
        facts.append(when(state.approved_at))
    fact_line = f'<p class="blitz-badge__facts">{escape(" · ".join(facts))}</p>' if facts else ""
    return (
        f'<div class="admonition {style} blitz-badge" role="status" '
        f'data-blitz-state="{escape(state.state)}">'
        f'<p class="admonition-title">{escape(label)}</p>'
        f"{fact_line}"
        f"<p>{escape(explanation(state, customer=customer, readable=readable))}</p>"
        "</div>"
    )
