"""One page per draft: front matter for tools, context for the reviewer, the email as sent.

The page format is an interface (the approvals and the site read it)::

    ---
    id: acme-retail-reminder
    audience: customer
    kind: reminder
    customer: "Acme Retail"
    invoices: ["INV-1042", "INV-1051"]
    to: ["ap@acme-retail.example.com"]
    subject: "..."
    decision: pending
    facts: {"INV-1042 open amount": "USD 18,400.00", ...}
    generated: "<sha256>"
    ---
    # <title>
    ...context for the reviewer...
    <!-- blitz:email -->
    ````text
    <the email body exactly as it would be sent>
    ````
    <!-- /blitz:email -->

Every untrusted value in the front matter is a JSON-style quoted string; the
email block's fence is longer than any run of backticks inside the body.
``generated`` is the fingerprint of the page as generated (see
:func:`generator.render.edits.fingerprint`): a page whose text no longer
matches it was edited by a reviewer.
"""

from __future__ import annotations

import hashlib
import re

from generator.draft.model import Draft
from generator.render.text import cell, fence_for, inline, yaml_list, yaml_mapping, yaml_string

EMAIL_START = "<!-- blitz:email -->"
EMAIL_END = "<!-- /blitz:email -->"
GENERATED_LINE = re.compile(r'^generated: ".*"$', re.MULTILINE)
GENERATED_PLACEHOLDER = 'generated: ""'

TITLES = {
    "reminder": "Reminder to {customer}",
    "blocker_reply": "Reply to {customer} about what holds up payment",
    "promise_followup": "Follow-up with {customer} on a missed payment promise",
    "balance_reply": "Reply to {customer} about the remaining balance",
    "remittance_request": "Request to {customer} for remittance details",
}


def fingerprint(page: str) -> str:
    """SHA-256 of a draft page with its own ``generated`` value blanked (line endings as LF).

    Covering the whole page, front matter included, means a reviewer's
    ``decision: hold`` or a corrected recipient counts as an edit as much as a
    rewritten sentence does.
    """
    text = page.replace("\r\n", "\n")
    text = GENERATED_LINE.sub(GENERATED_PLACEHOLDER, text, count=1)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draft_title(draft: Draft) -> str:
    """The page heading: what the draft is, for whom (Markdown-escaped)."""
    if draft.audience == "customer" and draft.kind in TITLES:
        return inline(TITLES[draft.kind].format(customer=draft.customer or "the customer"))
    return inline(draft.subject)


def front_matter(draft: Draft, generated: str, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The YAML block that tools read; ``extra`` adds lines (already YAML) before ``generated``."""
    lines = [
        "---",
        f"id: {draft.id}",
        f"audience: {draft.audience}",
        f"kind: {draft.kind}",
        f"customer: {yaml_string(draft.customer) if draft.customer is not None else 'null'}",
        f"invoices: {yaml_list(draft.invoices)}",
        f"to: {yaml_list(draft.to)}",
        f"subject: {yaml_string(draft.subject)}",
        "decision: pending",
        f"facts: {yaml_mapping(draft.facts)}",
        *(f"{key}: {value}" for key, value in extra),
        f'generated: "{generated}"',
        "---",
    ]
    return "\n".join(lines) + "\n"


def _facts_table(draft: Draft) -> list[str]:
    if not draft.facts:
        return []
    sources = dict(draft.sources)
    lines = [
        "## Facts used",
        "",
        "Every amount, date and invoice number in the draft is one of these.",
        "",
        "| Fact | Value | Source |",
        "|---|---|---|",
    ]
    for label, value in draft.facts:
        lines.append(f"| {cell(label)} | {cell(value)} | {cell(sources.get(label, ''))} |")
    return [*lines, ""]


def _decisions(draft: Draft) -> list[str]:
    if not draft.decisions:
        return []
    return [
        "## Decisions to make before approving",
        "",
        "Replace each placeholder in the text with what finance decided, or delete it.",
        "",
        *(f"- {inline(d)}" for d in draft.decisions),
        "",
    ]


def _notes(draft: Draft) -> list[str]:
    if not draft.notes:
        return []
    return ["!!! note \"For the reviewer\"", "", *(f"    - {inline(n)}" for n in draft.notes), ""]


def email_block(body: str) -> str:
    """The email exactly as it would be sent, fenced so nothing inside can close the fence."""
    fence = fence_for(body)
    return f"{EMAIL_START}\n{fence}text\n{body}{fence}\n{EMAIL_END}\n"


def page_body(draft: Draft) -> str:
    """Everything below the front matter."""
    lines = [f"# {draft_title(draft)}", ""]
    if draft.audience == "customer":
        invoices = ", ".join(draft.invoices)
        lines += [
            f"This draft {inline(draft.purpose)}. It concerns {inline(invoices)}. "
            "Nothing is sent until a person copies it into their mail program after approval.",
            "",
            *_notes(draft),
            *_decisions(draft),
            *_facts_table(draft),
            "## Email",
            "",
            "| Field | Value |",
            "|---|---|",
            f"| To | {cell(', '.join(draft.to)) if draft.to else '(no working address: add one before sending)'} |",
            f"| Subject | {cell(draft.subject)} |",
            "",
        ]
        return "\n".join(lines) + "\n" + email_block(draft.body)
    lines += [
        f"This internal note {inline(draft.purpose)}. It is never sent to the customer.",
        "",
        *_notes(draft),
        draft.body.rstrip("\n"),
        "",
        *_facts_table(draft),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_draft_page(draft: Draft) -> str:
    """The whole page, with its fingerprint in the front matter."""
    body = page_body(draft)
    unsigned = front_matter(draft, "") + body
    return front_matter(draft, fingerprint(unsigned)) + body


_EMAIL = re.compile(
    re.escape(EMAIL_START) + r"\n(?P<fence>`{3,})text\n(?P<body>.*?)^(?P=fence)\n" + re.escape(EMAIL_END),
    re.DOTALL | re.MULTILINE,
)


def email_body(page: str) -> str | None:
    """The email text of a draft page exactly as it would be sent, or ``None`` if it has none."""
    match = _EMAIL.search(page.replace("\r\n", "\n"))
    return match.group("body") if match else None
