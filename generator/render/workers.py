"""Customer and draft pages rendered on the other core while this process renders the rest.

A packet of 20,000 invoices has thousands of customer and draft pages, each
made on its own from the analysis and the drafts, and together they are half
of rendering. For a packet that large, ``start`` forks a worker
(``generator.parallel``) that renders them while this process writes
``packet.json``, the brief and the lists; the pages come back as text, so the
packet is the same bytes either way. A small packet, or a worker that cannot
start or dies, means rendering them here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future

from generator.analyze.model import Analysis
from generator.draft.model import Draft
from generator.parallel import fork_pool
from generator.render.customers import render_customers
from generator.render.draft_page import render_draft_page
from generator.render.entries import Origins

POOL_MIN_PAGES = 1000  # below this, forking costs more than it saves

Job = tuple[Analysis, tuple[Draft, ...], Origins | None]
_job: Job | None = None  # what the worker renders: it is forked holding this, so nothing is pickled to it


def per_page(analysis: Analysis, drafts: tuple[Draft, ...], origins: Origins | None) -> dict[str, str]:
    """Every customer page and every draft page: relative path → text."""
    pages = render_customers(analysis, drafts, origins)
    for draft in drafts:
        pages[draft.path] = render_draft_page(draft)
    return pages


def _render_job() -> dict[str, str]:
    if _job is None:  # not forked from start(): nothing to render
        raise RuntimeError("no pages to render in this process")
    return per_page(*_job)


def start(analysis: Analysis, drafts: tuple[Draft, ...], origins: Origins | None) -> Callable[[], dict[str, str]]:
    """Begin rendering the per-customer and per-draft pages; calling the result returns them."""
    global _job
    job: Job = (analysis, drafts, origins)
    executor = fork_pool(1) if len(analysis.customers) + len(drafts) >= POOL_MIN_PAGES else None
    if executor is None:
        return lambda: per_page(*job)
    _job = job
    try:
        future: Future[dict[str, str]] | None = executor.submit(_render_job)  # forks the worker, holding _job
    except Exception:  # a worker could not be started
        future = None
    finally:
        _job = None

    def result() -> dict[str, str]:
        # A worker that died (killed, out of memory) or hit a bug: render here, which raises a bug again.
        with executor, contextlib.suppress(Exception):
            if future is not None:
                return future.result()
        return per_page(*job)

    return result
