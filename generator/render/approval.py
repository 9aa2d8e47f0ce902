"""``approval.md``: what the controller approves by merging, and what stays manual.

Merging the pull request approves the draft pages exactly as they are; it
sends nothing. This page lists the drafts, every finance decision still open
as a placeholder, what a person does by hand afterwards, the actions that
always need approval (from the policy) and the handoff's own do-not list.
"""

from __future__ import annotations

from generator.draft.model import Draft
from generator.intake.model import Handoff
from generator.render.entries import draft_link
from generator.render.text import cell, inline


def render_approval(handoff: Handoff, drafts: tuple[Draft, ...]) -> str:
    policy = handoff.policy
    lines = [
        "# Approval gates",
        "",
        "## What merging approves",
        "",
        "Merging this pull request, by an approver, approves each draft page below exactly as it stands. "
        "A reviewer can hold a draft by setting `decision: hold` in its front matter. Any later change to an "
        "approved page outside review makes it unapproved again.",
        "",
    ]
    if drafts:
        lines += ["| Draft | Audience | To | Invoices | Open decisions |", "|---|---|---|---|---:|"]
        for draft in sorted(drafts, key=lambda d: (d.audience != "customer", d.id)):
            to = cell(", ".join(draft.to)) if draft.to else ("(no address)" if draft.audience == "customer" else "")
            lines.append(
                f"| {draft_link(draft)} | {draft.audience} | {to} | {cell(', '.join(draft.invoices))} | "
                f"{len(draft.decisions)} |"
            )
    else:
        lines.append("There are no drafts in this packet.")
    lines += ["", "## Finance decisions to make", ""]
    open_decisions = [(d, text) for d in drafts for text in d.decisions]
    if open_decisions:
        lines += [
            "Each placeholder below stands where a made-up term would otherwise be. Replace it with what "
            "finance decided, or delete it, before approving the draft.",
            "",
        ]
        lines += [f"- {draft_link(d)}: {inline(text)}" for d, text in open_decisions]
    else:
        lines.append("None.")
    lines += [
        "",
        "## What stays manual",
        "",
        "- **Sending.** Blitz never sends email. After approval, a person copies the text (or opens the "
        "downloaded `.eml` draft) in their own mail program, checks it and sends it.",
        "- **Money and the ledger.** Payments, credits, write-offs, marking invoices paid and account status "
        "changes are made by a person in the accounting system. Nothing in this packet does any of them.",
        "",
        "Always approval-only, by the team's policy:",
        "",
        *(f"- {inline(item)}" for item in policy.approval_only),
        "",
        "## Do not",
        "",
    ]
    if handoff.manifest.do_not:
        lines += [f"- {inline(item)}" for item in handoff.manifest.do_not]
    else:
        lines.append("The handoff lists nothing extra (add `do_not:` lines to handoff.yaml).")
    lines += ["", "## Who can approve", ""]
    if policy.approvers:
        lines += [f"- {inline(a.name)} ({inline(a.email)})" for a in policy.approvers]
    else:
        lines.append(
            "Nobody yet: add `approvers:` (name and email) to handoffs/policy.yml, or no draft can be approved."
        )
    return "\n".join(lines) + "\n"
