"""Approval, read from git: the state of every draft page (CONTRACT.md, "Approval, read from git").

    pages   = draft_pages(root)                 # docs/packets/<id>/drafts/*.md on disk
    history = open_history(root, folders)       # one git log over the first-parent line of HEAD
    states  = [judge(page, history...) ...]     # the contract's rules, pure

``draft_states`` is what ``blitz status`` and the site call; ``states_for``
judges any list of pages from the same single pass. Only
:mod:`generator.approvals.history` imports ``git``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from generator.approvals.history import SHALLOW, open_history
from generator.approvals.model import LABELS, STATES, DraftState, State, count_states
from generator.approvals.pages import draft_pages, is_held
from generator.approvals.rules import judge
from generator.approvals.table import status_advice, status_summary, status_table
from generator.problems import Problem

__all__ = [
    "LABELS",
    "SHALLOW",
    "STATES",
    "DraftState",
    "State",
    "count_states",
    "draft_pages",
    "draft_states",
    "states_for",
    "status_advice",
    "status_summary",
    "status_table",
]


def draft_states(root: Path, docs_dir: str = "docs") -> tuple[list[DraftState], list[Problem]]:
    """The state of every draft page under ``root/<docs_dir>/packets/``, sorted by path.

    ``root`` is the project folder (where ``docs/`` and ``handoffs/`` are), for
    the CLI the current folder and for the site MkDocs' config folder. Paths in
    the result are relative to it. On a problem that makes the history
    untrustworthy (a shallow clone, no repository) the list is empty.
    """
    return states_for(root, draft_pages(root, docs_dir))


def states_for(root: Path, paths: Iterable[str]) -> tuple[list[DraftState], list[Problem]]:
    """The state of each page in ``paths`` (relative to ``root``), from one pass over the history."""
    pages = sorted(set(paths))
    history, problems = open_history(root, _folders(pages))
    if history is None:
        return [], problems
    states = [
        judge(
            page,
            history.changes(page),
            history.approvers_at,
            held=is_held(root / page),
            uncommitted=history.uncommitted(page),
        )
        for page in pages
    ]
    return states, problems + history.problems


def _folders(pages: list[str]) -> list[str]:
    """The one folder holding every page, to limit ``git log`` to it (none without pages)."""
    if not pages:
        return []
    common = posixpath.commonpath([posixpath.dirname(page) or "." for page in pages])
    return [common or "."]
