"""The first-parent history of ``HEAD``, read once: the only module that talks to git.

One ``git log --first-parent`` over the draft folders and ``handoffs/policy.yml``
gives, for every commit on the line, the fields the rules need and the files it
changed against its first parent. That also tells which version of the policy
stood in any merge's first parent: the one written by the newest older commit
on the line that changed it. Each such version is read once, and only when a
merge needs it, through GitPython's persistent ``git cat-file --batch``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.approvals.rules import Commit
from generator.manifest import POLICY_PATH, Approver, parse_policy, parse_yaml
from generator.problems import Problem, Source, error, warning

_FIELDS = (
    "%H",
    "%P",
    "%ae",
    "%cI",
    "%s",
    "%(trailers:key=Approved-by,valueonly,separator=%x1f)",
    "%b",
)
# Every record starts with \x1e; fields and file names are NUL-separated, and
# neither can contain NUL, so a commit message cannot forge a record.
_FORMAT = "%x1e" + "%x00".join(_FIELDS)
_GIT_OPTIONS = (
    "-c", "log.showSignature=false",
    "-c", "core.quotePath=false",
    "--no-replace-objects",
    "--literal-pathspecs",
)  # fmt: skip

SHALLOW = (
    "the repository is a shallow clone, so approvals cannot be read; fetch the full history "
    "(in GitHub Actions: actions/checkout with `fetch-depth: 0`; elsewhere: git fetch --unshallow)"
)


class History:
    """Which commits changed which files on the first-parent line of ``HEAD``, newest first."""

    def __init__(self, repo: Any, prefix: str, commits: dict[str, Commit], touched: dict[str, list[str]],
                 uncommitted: frozenset[str]) -> None:
        self._repo = repo
        self._prefix = prefix
        self._commits = commits
        self._touched = touched
        self._uncommitted = uncommitted
        self._policy = prefix + POLICY_PATH
        self._order = list(commits)  # newest first, as git log gave them
        self._position = {sha: at for at, sha in enumerate(self._order)}
        self._policy_changes = sorted(self._position[sha] for sha in touched.get(self._policy, ()))
        self._versions: dict[str, tuple[Approver, ...]] = {}  # by the commit that wrote the version
        self.problems: list[Problem] = []

    @property
    def commits(self) -> list[Commit]:
        """Every commit the log listed, newest first."""
        return [self._commits[sha] for sha in self._order]

    def changes(self, path: str) -> list[Commit]:
        """The commits that changed ``path`` (relative to the project root), newest first."""
        return [self._commits[sha] for sha in self._touched.get(self._prefix + path, ())]

    def uncommitted(self, path: str) -> bool:
        """True when the file on disk is not the one committed at ``HEAD`` (edited or new)."""
        return self._prefix + path in self._uncommitted

    def approvers_at(self, commit: Commit) -> tuple[Approver, ...]:
        """The approvers of ``handoffs/policy.yml`` as it stood in the commit's first parent."""
        if not commit.parents:
            return ()
        older = bisect_right(self._policy_changes, self._position[commit.sha])
        if older == len(self._policy_changes):  # no commit before this one wrote a policy
            return ()
        writer = self._order[self._policy_changes[older]]
        if writer not in self._versions:
            self._versions[writer] = self._read_approvers(writer, commit)
        return self._versions[writer]

    def _read_approvers(self, writer: str, commit: Commit) -> tuple[Approver, ...]:
        try:
            _blob, kind, _size, raw = self._repo.git.get_object_data(f"{writer}:{self._policy}")
        except ValueError:  # that commit removed the policy: nobody can approve
            return ()
        if kind != b"blob":
            return ()
        return self._parse_approvers(raw, writer, commit)

    def _parse_approvers(self, raw: bytes, writer: str, commit: Commit) -> tuple[Approver, ...]:
        data, problems = parse_yaml(raw, POLICY_PATH)
        if not problems and data is not None and not isinstance(data, dict):
            problems = [error(Source(path=POLICY_PATH), "the policy must be a list of 'key: value' lines")]
        if not problems and isinstance(data, dict):
            text = raw.decode("utf-8-sig", errors="replace")
            policy, problems = parse_policy({"approvers": data.get("approvers") or []}, text)
            if not problems:
                return policy.approvers
        for problem in problems:
            where = f"line {problem.source.line}: " if problem.source.line else ""
            self.problems.append(warning(
                Source(path=POLICY_PATH),
                f"the version written in commit {writer[:10]} (the one merge {commit.sha[:10]} was checked "
                "against) "
                f"cannot be read: {where}{problem.message}; drafts merged on top of it count as not approved "
                "until an approver merges them again",
            ))
        return ()


def _git_problem(message: str) -> Problem:
    return error(Source(path=".git"), message)


def open_history(root: Path, folders: Sequence[str]) -> tuple[History | None, list[Problem]]:
    """Read the history of the repository holding ``root`` for files under ``folders``.

    ``folders`` are relative to ``root`` (``"."`` for all of it); paths in the
    result are too; with no folders only the repository itself is checked. ``None``
    with a problem when the history cannot be read truthfully (not a git
    repository, a shallow clone, git missing or failing).
    """
    try:
        import git
    except ImportError:
        return None, [_git_problem("git is not installed or cannot run, so approvals cannot be read; "
                                   "install git and run this again")]
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None, [_git_problem(
            f"{root.resolve().as_posix()} is not inside a git repository, so approvals cannot be read; "
            "run this in your clone of the packets repository"
        )]
    # Replace refs (git replace) make git show another object in place of a commit or a file;
    # the log already ignores them, and so must the reading of each policy version.
    repo.git.update_environment(GIT_NO_REPLACE_OBJECTS="1")
    try:
        return _read(repo, root, folders), []
    except git.GitCommandError as exc:
        return None, [_git_problem(f"git could not read the history ({_git_said(exc)}); check the "
                                   "repository with `git status` and `git fsck`, then run this again")]
    except _Shallow:
        return None, [_git_problem(SHALLOW)]
    except _OutsideRepository as exc:
        return None, [_git_problem(str(exc))]


def _git_said(exc: Any) -> str:
    """The last thing git wrote to stderr, without GitPython's and git's prefixes."""
    lines = [line.strip() for line in str(exc.stderr or exc).splitlines() if line.strip()]
    said = lines[-1] if lines else "no message"
    for prefix in ("stderr:", "'", "fatal:", "error:"):
        said = said.removeprefix(prefix).strip()
    return said.removesuffix("'").strip()


class _Shallow(Exception):
    pass


class _OutsideRepository(Exception):
    pass


def _read(repo: Any, root: Path, folders: Sequence[str]) -> History:
    if repo.bare or repo.working_tree_dir is None:
        raise _OutsideRepository("the repository has no working tree, so there are no draft pages to check; "
                                 "run this in a normal clone")
    if repo.git.rev_parse("--is-shallow-repository").strip() == "true" or (
        Path(repo.common_dir) / "shallow"
    ).exists():
        raise _Shallow
    prefix = _prefix(Path(repo.working_tree_dir), root)
    pathspecs = [(prefix + folder if folder != "." else prefix or ".") for folder in folders]
    if not pathspecs:  # no pages to judge; the checks above still ran
        return History(repo, prefix, {}, {}, frozenset())
    if not repo.head.is_valid():  # a new repository without commits: nothing is merged yet
        return History(repo, prefix, {}, {}, _uncommitted(repo, pathspecs))
    raw = repo.git.execute(
        ["git", *_GIT_OPTIONS, "log", "--first-parent", "--diff-merges=first-parent", "--no-renames",
         "--no-relative", "--name-only", "-z", f"--format={_FORMAT}", "HEAD", "--", *pathspecs,
         prefix + POLICY_PATH],
        stdout_as_string=False, strip_newline_in_stdout=False,
    )
    commits, touched = parse_log(raw.decode("utf-8", errors="surrogateescape"))
    return History(repo, prefix, commits, touched, _uncommitted(repo, pathspecs))


def _prefix(top: Path, root: Path) -> str:
    try:
        inside = root.resolve().relative_to(top.resolve()).as_posix()
    except ValueError as exc:
        raise _OutsideRepository(f"{root.as_posix()} is outside the repository's working tree") from exc
    return "" if inside == "." else inside + "/"


def _uncommitted(repo: Any, pathspecs: list[str]) -> frozenset[str]:
    raw = repo.git.execute(
        ["git", *_GIT_OPTIONS, "--no-optional-locks", "status", "--porcelain=v1", "-z", "--no-renames",
         "--untracked-files=all", "--ignore-submodules", "--", *pathspecs],
        stdout_as_string=False, strip_newline_in_stdout=False,
    )
    entries = raw.decode("utf-8", errors="surrogateescape").split("\0")
    return frozenset(entry[3:] for entry in entries if len(entry) > 3)


def parse_log(text: str) -> tuple[dict[str, Commit], dict[str, list[str]]]:
    """Commits by hash, and for each file the hashes that changed it, newest first."""
    commits: dict[str, Commit] = {}
    touched: dict[str, list[str]] = {}
    tokens = text.split("\0")
    at = 0
    sha = ""
    while at < len(tokens):
        token = tokens[at]
        if token.startswith("\x1e") and at + len(_FIELDS) <= len(tokens):
            sha, parents, email, date, subject, trailers, body = tokens[at : at + len(_FIELDS)]
            sha = sha[1:]
            commits[sha] = Commit(
                sha=sha,
                parents=tuple(parents.split()),
                author_email=email,
                committed_at=datetime.fromisoformat(date),
                subject=subject,
                trailers=tuple(t.strip() for t in trailers.split("\x1f") if t.strip()),
                body=body,
            )
            at += len(_FIELDS)
            continue
        name = token.lstrip("\n")
        if name and sha:
            touched.setdefault(name, []).append(sha)
        at += 1
    return commits, touched
