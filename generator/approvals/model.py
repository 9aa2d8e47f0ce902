"""The approval state of one draft page, as ``blitz status --json`` prints it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from generator.problems import Frozen

State = Literal["pending", "approved", "changed_after_approval", "unauthorized_merge", "on_hold"]

STATES: tuple[State, ...] = (
    "approved",
    "pending",
    "on_hold",
    "changed_after_approval",
    "unauthorized_merge",
)

LABELS: dict[State, str] = {
    "approved": "approved",
    "pending": "pending",
    "on_hold": "on hold",
    "changed_after_approval": "changed after approval",
    "unauthorized_merge": "merged without an approver",
}


class DraftState(Frozen):
    """Where one draft page stands.

    ``pr`` is the pull request the state refers to: the approving one, the one
    merged without an approver, or, for ``changed_after_approval``, the one that
    last approved the page. ``approved_by`` (the approver's email as written in
    the policy) and ``approved_at`` (the merge's committer date) are set only
    when the page is approved as it stands.
    """

    path: str
    state: State
    pr: int | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None

    @property
    def label(self) -> str:
        """The state in plain words, for people."""
        return LABELS[self.state]

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "state": self.state,
            "pr": self.pr,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
        }


def count_states(states: list[DraftState]) -> dict[State, int]:
    """How many pages are in each state, in the order people read them (zeros included)."""
    counts: dict[State, int] = dict.fromkeys(STATES, 0)
    for state in states:
        counts[state.state] += 1
    return counts
