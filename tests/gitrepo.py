"""Real git repositories for tests, with pinned people and dates.

    repo = GitRepo.create(tmp_path / "repo")
    repo.write("docs/packets/p/drafts/a.md", "Dear Acme, ...")
    repo.commit("Add the April packet", author=ANN)       # returns the commit hash
    repo.branch("april")                                  # create it and switch to it
    repo.write("docs/packets/p/drafts/a.md", "Dear Acme, ... (edited)")
    repo.commit("Edit the reminder", author=ANN)
    repo.checkout("main")
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    repo.squash("other", "Add drafts (#8)", author=ANN)  # one commit on main, no merge
    clone = repo.shallow_clone(tmp_path / "clone")

Every git command runs in ``repo.env``: the machine's git configuration is
ignored (``GIT_CONFIG_GLOBAL=/dev/null``, no system config, ``HOME`` in the
temporary folder), and author and committer names, emails and dates are pinned.
Each commit is one minute after the previous one unless ``date`` is given. Use
``repo.env`` to run the CLI or MkDocs against the repository, and
:func:`isolate` for code that runs git inside the test process.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

Person = tuple[str, str]  # (name, email)

ANN: Person = ("Ann Preparer", "ann@example.com")
CAROL: Person = ("Carol Controller", "carol@example.com")
GITHUB: Person = ("GitHub", "noreply@github.com")  # the committer of GitHub web merges

START = datetime(2026, 5, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))


def git_environment(home: Path) -> dict[str, str]:
    """This process's environment without any GIT_* setting, reading no user or system git config."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(HOME=str(home), GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    return env


def isolate(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Make git run inside this test process (e.g. through GitPython) ignore the machine's config."""
    for key in [key for key in os.environ if key.startswith("GIT_")]:
        monkeypatch.delenv(key)
    for key, value in git_environment(home).items():
        monkeypatch.setenv(key, value)


class GitRepo:
    """A git repository in a temporary folder; see the module docstring."""

    def __init__(self, path: Path, home: Path) -> None:
        self.path = path
        self.env = git_environment(home)
        self._clock = START

    @classmethod
    def create(cls, path: Path, branch: str = "main") -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        home = path.parent / f".{path.name}-home"
        home.mkdir(exist_ok=True)
        repo = cls(path, home)
        repo.git("init", "-q", "-b", branch)
        return repo

    def git(self, *args: str, author: Person = ANN, committer: Person | None = None,
            date: str | None = None) -> str:
        """Run git here with pinned people and date; its output, stripped. Fails the test on error."""
        if date is None:
            self._clock += timedelta(minutes=1)
            date = self._clock.isoformat()
        committer = committer or author
        env = dict(self.env, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_AUTHOR_DATE=date,
                   GIT_COMMITTER_NAME=committer[0], GIT_COMMITTER_EMAIL=committer[1],
                   GIT_COMMITTER_DATE=date)
        done = subprocess.run(["git", *args], cwd=self.path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stderr}"
        return done.stdout.strip()

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str, *, author: Person = ANN, committer: Person | None = None,
               date: str | None = None) -> str:
        """Commit every change in the working tree; the new commit's hash."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author=author, committer=committer, date=date)
        return self.head()

    def branch(self, name: str, start: str = "HEAD") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, message: str, *, author: Person, committer: Person | None = None,
              date: str | None = None) -> str:
        """A merge commit (``--no-ff``) of ``branch`` into the current branch; its hash."""
        self.git("merge", "-q", "--no-ff", "-m", message, branch, author=author, committer=committer, date=date)
        return self.head()

    def squash(self, branch: str, message: str, *, author: Person, committer: Person | None = None,
               date: str | None = None) -> str:
        """``branch``'s changes as one ordinary commit on the current branch; its hash."""
        self.git("merge", "-q", "--squash", branch)
        return self.commit(message, author=author, committer=committer, date=date)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def shallow_clone(self, dest: Path, depth: int = 1) -> GitRepo:
        """``git clone --depth N file://…``: what CI checks out without ``fetch-depth: 0``."""
        clone = GitRepo(dest, Path(self.env["HOME"]))
        subprocess.run(["git", "clone", "-q", f"--depth={depth}", self.path.as_uri(), str(dest)],
                       env=self.env, check=True, capture_output=True)
        return clone


def packets_repo(path: Path, monkeypatch: pytest.MonkeyPatch, policy: str, author: tuple[str, str]) -> GitRepo:
    """A repository whose main branch holds ``policy`` as handoffs/policy.yml, git isolated for the test."""
    repo = GitRepo.create(path)
    isolate(monkeypatch, Path(repo.env["HOME"]))
    repo.write("handoffs/policy.yml", policy)
    repo.write("README.md", "Packets\n")
    repo.commit("Start the packets repository", author=author)
    return repo
