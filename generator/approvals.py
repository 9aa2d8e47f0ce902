"""Approval, read from git: the state of every draft page (see CONTRACT.md).

The only module that imports ``git``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from generator.problems import Frozen, Problem

State = Literal["pending", "approved", "changed_after_approval", "unauthorized_merge", "on_hold"]


class DraftState(Frozen):
    path: str
    state: State
    pr: int | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "state": self.state,
            "pr": self.pr,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
        }


def draft_states(root: Path) -> tuple[list[DraftState], list[Problem]]:
    return [], []


def status_table(states: list[DraftState]) -> None:
    for s in states:
        print(s.path, s.state)
