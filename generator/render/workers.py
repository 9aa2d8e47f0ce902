"""Customer and draft pages rendered on the other core while this process renders the rest.

A packet of 20,000 invoices has thousands of customer and draft pages, each
made on its own from the analysis and the drafts, and together they are half
of rendering. For a packet that large, ``start`` hands them to a worker
(``generator.parallel``) while this process writes ``packet.json``, the brief
and the lists; the pages come back as text, so the packet is the same bytes
either way.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.analyze.model import Analysis
from generator.draft.model import Draft
from generator.parallel import on_other_core
from generator.render.customers import render_customers
from generator.render.draft_page import render_draft_page
from generator.render.entries import Origins

POOL_MIN_PAGES = 1000  # below this, forking costs more than it saves


def per_page(analysis: Analysis, drafts: tuple[Draft, ...], origins: Origins | None) -> dict[str, str]:
    """Every customer page and every draft page: relative path → text."""
    pages = render_customers(analysis, drafts, origins)
    for draft in drafts:
        pages[draft.path] = render_draft_page(draft)
    return pages


def start(analysis: Analysis, drafts: tuple[Draft, ...], origins: Origins | None) -> Callable[[], dict[str, str]]:
    """Begin rendering the per-customer and per-draft pages; calling the result returns them."""
    return on_other_core(
        lambda: per_page(analysis, drafts, origins),
        worth_it=len(analysis.customers) + len(drafts) >= POOL_MIN_PAGES,
    )
