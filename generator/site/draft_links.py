"""A small state label after every link to a draft page, wherever the link is.

The brief's draft table, a customer page and the action queue all link to
drafts; each link gets "Approved" or "Not approved" (etc.) beside it, so no
reader has to open a draft to learn whether it may be sent.
"""

from __future__ import annotations

import posixpath
import re
from html import escape

from generator.approvals import State
from generator.site.badges import SHORT_LABELS

_LINK = re.compile(r'<a href="(?P<href>[^"#?:]*)(?P<rest>[^"]*)"[^>]*>.*?</a>', re.DOTALL)


def resolve(page_url: str, href: str) -> str:
    """A relative link on the page at ``page_url`` as a site URL like ``packets/p/drafts/x/``."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, href))
    return joined + "/" if href.endswith("/") else joined


def chip(state: State) -> str:
    label = "Approved" if state == "approved" else f"{SHORT_LABELS[state]} — do not send"
    return (f' <span class="blitz-chip blitz-chip--{escape(state)}" data-search-exclude>'
            f"{escape(label)}</span>")


def mark_draft_links(html: str, page_url: str, states: dict[str, State]) -> str:
    """``html`` with a chip after each link whose target is a draft page in ``states`` (by URL)."""
    if not states:
        return html

    def add(match: re.Match[str]) -> str:
        href = match.group("href")
        if not href or href.startswith("/") or match.group("rest").startswith(("?", ":")):
            return match.group(0)
        state = states.get(resolve(page_url, href))
        return match.group(0) + chip(state) if state else match.group(0)

    return _LINK.sub(add, html)
