"""The approval rules of CONTRACT.md, as pure functions over commits already read from git.

A draft page is judged by the commits that changed it on the first-parent line
of ``HEAD`` (newest first). The newest one decides:

- a *reviewed merge* — a merge commit, or a squash commit whose subject ends in
  ``(#N)`` — made by an approver approves the page (``approved``); made by
  anyone else it is ``unauthorized_merge``, even when an earlier merge had
  approved the page, since an unreviewed merge is exactly what that state warns
  about;
- any other commit (a direct commit, a squash without ``(#N)``, the test merge
  GitHub Actions checks out for an open pull request) means the page is not
  merged through review: ``changed_after_approval`` when an earlier reviewed
  merge had approved it, ``pending`` otherwise.

An edit not yet committed counts like a direct commit on top of the history
(what is on disk is not what was reviewed): ``changed_after_approval`` for a
page approved before, ``pending`` otherwise, and a page never committed is
``pending``. ``decision: hold`` in a page's front matter makes it ``on_hold``
whatever its history says.

Who merged: a merge commit's author, or anyone named in an ``Approved-by:``
trailer; a squash commit's author is the change's author, so only its trailers
count. The approvers are those of ``handoffs/policy.yml`` as it stood in the
merge's first parent, so a change cannot approve itself by adding its merger.

What this cannot prove: git does not authenticate authors, and subjects and
trailers are text anyone with push access can write. The states are as true as
the forge keeps them: protect the main branch (no direct pushes, required
reviews from the controllers' group). GitHub's "Rebase and merge" leaves no
merge behind, so drafts merged that way stay ``pending``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from generator.approvals.model import DraftState
from generator.manifest import Approver
from generator.problems import Frozen

Kind = Literal["merge", "squash", "direct"]

_GITHUB_MERGE = re.compile(r"^Merge pull request #(\d+) from ")
_SQUASH = re.compile(r"\(#(\d+)\)\s*$")
_GITLAB = re.compile(r"^See merge request \S+!(\d+)\s*$", re.MULTILINE)
# GitHub Actions checks out refs/pull/N/merge for a pull request: a merge git
# made to test the change, not a merge of a reviewed change.
_TEST_MERGE = re.compile(r"^Merge [0-9a-f]{40,64} into [0-9a-f]{40,64}$")
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)@users\.noreply\.github\.com$")
_ANGLE_EMAIL = re.compile(r"<([^<>\s]+@[^<>\s]+)>")
_BARE_EMAIL = re.compile(r"^\S+@\S+$")


class Commit(Frozen):
    """The fields of one commit the rules look at, exactly as git gave them."""

    sha: str
    parents: tuple[str, ...]
    author_email: str
    committed_at: datetime
    subject: str
    trailers: tuple[str, ...] = ()  # values of its Approved-by: trailers, as written
    body: str = ""


ApproversAt = Callable[[Commit], tuple[Approver, ...]]


def kind(commit: Commit) -> Kind:
    """Whether a commit is the merge of a reviewed change, and which form."""
    if len(commit.parents) >= 2:
        return "direct" if _TEST_MERGE.match(commit.subject) else "merge"
    if _SQUASH.search(commit.subject):
        return "squash"
    return "direct"


def pr_number(commit: Commit) -> int | None:
    """The pull/merge request number a reviewed merge names, if it names one."""
    for match in (
        _GITHUB_MERGE.match(commit.subject),
        _GITLAB.search(commit.body),
        _SQUASH.search(commit.subject),
    ):
        if match:
            return int(match.group(1))
    return None


def trailer_email(value: str) -> str | None:
    """The email in an ``Approved-by: Name <email>`` trailer (or a bare email)."""
    match = _ANGLE_EMAIL.search(value)
    if match:
        return match.group(1).lower()
    value = value.strip()
    return value.lower() if _BARE_EMAIL.match(value) else None


def is_person(email: str, approver: Approver) -> bool:
    """Same email (any case), or a GitHub noreply address of the approver's ``github`` handle."""
    email = email.strip().lower()
    if email == approver.email:
        return True
    handle = (approver.github or "").strip().lstrip("@").lower()
    match = _NOREPLY.match(email)
    return bool(handle and match and match.group(1).lower() == handle)


def merged_by(commit: Commit, approvers: Sequence[Approver]) -> Approver | None:
    """The approver who made a reviewed merge: its author first, then its trailers in order."""
    people = [trailer_email(value) for value in commit.trailers]
    if kind(commit) == "merge":
        people.insert(0, commit.author_email)
    for email in people:
        for approver in approvers:
            if email and is_person(email, approver):
                return approver
    return None


def judge(
    path: str,
    changes: Sequence[Commit],
    approvers_at: ApproversAt,
    *,
    held: bool = False,
    uncommitted: bool = False,
) -> DraftState:
    """The state of one page from the commits that changed it, newest first."""
    if held:
        return DraftState(path=path, state="on_hold")
    if not changes:
        return DraftState(path=path, state="pending")
    last = changes[0]
    if not uncommitted and kind(last) != "direct":
        approver = merged_by(last, approvers_at(last))
        if approver is None:
            return DraftState(path=path, state="unauthorized_merge", pr=pr_number(last))
        return DraftState(
            path=path,
            state="approved",
            pr=pr_number(last),
            approved_by=approver.email,
            approved_at=last.committed_at,
        )
    # Not merged through review as it stands: was it ever approved before?
    for earlier in changes if uncommitted else changes[1:]:
        if kind(earlier) != "direct" and merged_by(earlier, approvers_at(earlier)):
            return DraftState(path=path, state="changed_after_approval", pr=pr_number(earlier))
    return DraftState(path=path, state="pending")
