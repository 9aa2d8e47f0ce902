"""A draft page on the site: the approval badge on top, the email text, and for approved
customer drafts only, the copy button and the ``.eml`` download.

The email text never goes through Markdown: the page's email block is swapped
for a slot before conversion and filled afterwards with the text escaped
inside a ``<pre>``, so whatever a customer or reviewer wrote stays text.
"""

from __future__ import annotations

from html import escape

from generator.site.badges import badge_html
from generator.site.catalog import DraftEntry
from generator.site.draft_page import find_email
from generator.site.eml import EmlResult

EMAIL_SLOT = '<div class="blitz-slot" data-blitz-slot="email"></div>'
TEXT_ID = "blitz-email-text"


def eml_uri(draft_uri: str) -> str:
    """Where a draft's ``.eml`` goes in the site: beside the page, same name."""
    return draft_uri.removesuffix(".md") + ".eml"


def slot_email(markdown: str) -> str:
    """The page's Markdown with its email block replaced by the slot."""
    block = find_email(markdown)
    if block is None:
        return markdown
    return f"{markdown[: block.start]}\n\n{EMAIL_SLOT}\n\n{markdown[block.end:]}"


def _headers(draft: DraftEntry) -> str:
    rows = []
    if draft.page.to:
        rows.append(f"<dt>To</dt><dd>{escape(', '.join(draft.page.to))}</dd>")
    if draft.page.subject:
        rows.append(f"<dt>Subject</dt><dd>{escape(draft.page.subject)}</dd>")
    return f'<dl class="blitz-email__headers">{"".join(rows)}</dl>' if rows else ""


def _actions(draft: DraftEntry, eml: EmlResult | None, eml_href: str | None) -> str:
    if not draft.page.is_customer:
        return ""
    if not draft.sendable:
        return ('<p class="blitz-email__locked"><strong>Not approved — do not send.</strong> '
                "The copy button and the .eml download appear once an approver merges this draft.</p>")
    parts = [
        f'<button type="button" class="md-button md-button--primary blitz-copy" '
        f'data-blitz-copy="{TEXT_ID}">Copy email text</button>'
    ]
    if eml is not None and eml.content is not None and eml_href:
        name = eml_href.rsplit("/", 1)[-1]
        parts.append(f'<a class="md-button blitz-eml" href="{escape(eml_href)}" download="{escape(name)}" '
                     'title="Opens as an unsent draft in Outlook or Apple Mail">Download .eml</a>')
    parts.append('<span class="blitz-copy__status" role="status" aria-live="polite"></span>')
    reason = f'<p class="blitz-email__none">{escape(eml.reason)}</p>' if eml and eml.reason else ""
    return f'<p class="blitz-email__actions">{" ".join(parts)}</p>{reason}'


def email_html(draft: DraftEntry, eml: EmlResult | None, eml_href: str | None) -> str:
    """The email block: headers, the exact text, and what may be done with it."""
    if draft.page.email is None:
        return ""
    return (
        f'<section class="blitz-email" aria-label="Email text">{_headers(draft)}'
        f'<pre class="blitz-email__text" id="{TEXT_ID}">{escape(draft.page.email)}</pre>'
        f"{_actions(draft, eml, eml_href)}</section>"
    )


def decorate_draft(html: str, draft: DraftEntry, eml: EmlResult | None, eml_href: str | None,
                   *, readable: bool) -> str:
    """The converted page with the badge after its title and the email block in its slot."""
    badge = badge_html(draft.state, customer=draft.page.is_customer, readable=readable)
    filled = html.replace(EMAIL_SLOT, email_html(draft, eml, eml_href), 1)
    if EMAIL_SLOT not in html and draft.page.is_customer and draft.page.email is None:
        badge += ('<p class="blitz-email__none">This page has no email text between the '
                  "<code>&lt;!-- blitz:email --&gt;</code> markers, so there is nothing to copy or download. "
                  "Put the markers back around the email in a pull request.</p>")
    end = filled.find("</h1>")
    if end == -1:
        return badge + filled
    end += len("</h1>")
    return filled[:end] + badge + filled[end:]
