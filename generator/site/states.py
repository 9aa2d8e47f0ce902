"""The approval state the site shows for each draft page, read from git once per build.

``generator.approvals`` decides the states (CONTRACT.md). This module decides
what the site does when git cannot answer:

- **Not a git repository** (e.g. a demo tarball unpacked without history): the
  site still builds, every draft shows "Not approved — do not send", and the
  build says so at INFO level. Nothing can be approved without history, so
  nothing is; there is no risk to report as a warning. A site that must never
  be built this way sets the plugin option ``require_git: true``, which turns
  this into a warning (and a failed ``mkdocs build --strict``).
- **A git repository git cannot read fully** (a shallow clone, a broken
  policy file): the problems are logged as warnings, so ``--strict`` fails and
  CI gets fixed (``fetch-depth: 0``). If any of them is an error, every draft
  is shown as not approved meanwhile.

A draft page git has no state for (not committed yet) is pending.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from generator.approvals import DraftState, draft_states
from generator.problems import Frozen, Problem

NOT_A_REPOSITORY = (
    "this folder is not a git repository, so no draft can be shown as approved: every draft page says "
    "'Not approved — do not send'. Build the site from a clone with its full history to see approvals."
)


class SiteStates(Frozen):
    """Every known draft state by path (``docs/packets/<id>/drafts/x.md``) and why any is missing."""

    by_path: dict[str, DraftState] = Field(default_factory=dict)
    readable: bool = True
    problems: tuple[Problem, ...] = ()
    notice: str | None = None  # said once at INFO level, e.g. "not a git repository"

    def state_of(self, path: str, decision: str | None = None) -> DraftState:
        """The state to show for a draft page. Unreadable history never yields ``approved``."""
        known = self.by_path.get(path) if self.readable else None
        if known is not None:
            return known
        return DraftState(path=path, state="on_hold" if decision == "hold" else "pending")


def is_in_git_repository(folder: Path) -> bool:
    """Whether ``folder`` or one of its parents holds a ``.git`` (a folder, or a file for worktrees)."""
    folder = folder.resolve()
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))


def read_states(root: Path, docs_dir: str = "docs") -> SiteStates:
    """Ask git once for every draft's state; see the module docstring for what happens without it."""
    if not is_in_git_repository(root):
        return SiteStates(readable=False, notice=NOT_A_REPOSITORY)
    states, problems = draft_states(root, docs_dir)
    if any(problem.is_error for problem in problems):
        return SiteStates(readable=False, problems=tuple(problems))
    return SiteStates(by_path={state.path: state for state in states}, problems=tuple(problems))
