"""A scratch copy of the project, as a finance team's repository, for workflow tests.

    project = ScratchProject.create(tmp_path)        # handoffs/, docs/, mkdocs.yml; packets prepared; committed
    project.base                                     # the commit before the handoffs (a pull request's base)
    done = project.run("blitz fresh")                # a shell command there, .venv/bin first on PATH
    project.repo.commit("Edit the handoff")          # it is a tests.gitrepo.GitRepo

The copy holds what the workflows read (``handoffs/``, ``docs/``, ``mkdocs.yml``)
and a ``.venv`` link to this checkout's virtualenv, so ``.venv/bin/blitz`` works
there as it does in CI after ``make install``. It has two commits: the project
without its handoffs (``base``), then the handoffs with their packets, prepared
by the code under test, as a pull request would add them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from gitrepo import ANN, GitRepo

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = REPO / ".venv" / "bin"
SAMPLE = "2026-04-aging"
PINNED = "2026-05-04T09:00:00+02:00"


class ScratchProject:
    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self.path = repo.path
        self.base = ""  # the commit before the handoffs were added: a pull request's base

    @classmethod
    def create(cls, tmp_path: Path, extra: tuple[str, ...] = ()) -> ScratchProject:
        """Copy the project's handoffs, docs and site config (and ``extra`` files), prepare, commit."""
        repo = GitRepo.create(tmp_path / "project")
        for name in ("handoffs", "docs", "mkdocs.yml", *extra):
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, repo.path / name, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            else:
                shutil.copy2(source, repo.path / name)
        (repo.path / ".venv").symlink_to(REPO / ".venv")
        (repo.path / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
        project = cls(repo)
        handoffs = sorted(p.parent for p in (repo.path / "handoffs").glob("*/handoff.yaml"))
        parked = repo.path.parent / "parked"
        parked.mkdir()
        for folder in handoffs:
            folder.rename(parked / folder.name)
            shutil.rmtree(repo.path / "docs" / "packets" / folder.name, ignore_errors=True)
        project.base = repo.commit("The team's repository before the handoffs", author=ANN)
        for folder in handoffs:
            (parked / folder.name).rename(folder)
            done = project.run(f"blitz prepare handoffs/{folder.name}")
            assert done.returncode == 0, f"preparing {folder.name} failed:\n{done.stderr}"
        repo.commit("The handoffs and their packets, as a pull request adds them", author=ANN)
        return project

    def env(self, **extra: str) -> dict[str, str]:
        """The repository's pinned git environment with ``.venv/bin`` first on PATH, as after activation."""
        env = dict(self.repo.env)
        for key in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CI"):
            env.pop(key, None)
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        # pre-commit keeps the hook environments it installs from PyPI here, outside git, between runs.
        env["PRE_COMMIT_HOME"] = str(REPO / ".venv" / "pre-commit-home")
        # Commits made by the commands themselves (git commit in a hook test) get a pinned identity and date.
        env.update(GIT_AUTHOR_NAME=ANN[0], GIT_AUTHOR_EMAIL=ANN[1], GIT_AUTHOR_DATE=PINNED,
                   GIT_COMMITTER_NAME=ANN[0], GIT_COMMITTER_EMAIL=ANN[1], GIT_COMMITTER_DATE=PINNED)
        env.update(extra)
        return env

    def run(self, command: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """A bash command in the project folder; never raises on a non-zero exit."""
        return subprocess.run(
            ["bash", "-eo", "pipefail", "-c", command],
            cwd=self.path, env=self.env(**extra), capture_output=True, text=True, check=False,
        )

    def handoffs(self) -> list[str]:
        return sorted(p.parent.name for p in (self.path / "handoffs").glob("*/handoff.yaml"))
