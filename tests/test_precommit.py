"""The pre-commit hooks: valid, the same for this repository and for others, and they catch mistakes.

The hooks run for real, with pre-commit, in a scratch copy of the project:
they stop a commit whose packet is stale or whose handoff is broken, and let a
good one through.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from scratchproject import SAMPLE, ScratchProject

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / ".pre-commit-config.yaml"
MANIFEST = REPO / ".pre-commit-hooks.yaml"
PRE_COMMIT = REPO / ".venv" / "bin" / "pre-commit"
BLITZ_HOOKS = ("blitz-check", "blitz-fresh")
PYPI_HOOKS = ("check-yaml", "check-added-large-files", "check-merge-conflict")


def local_hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]}


def shared_hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_config_and_hook_manifest_are_valid() -> None:
    for command, path in (("validate-config", CONFIG), ("validate-manifest", MANIFEST)):
        done = subprocess.run([str(PRE_COMMIT), command, str(path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_this_repository_runs_the_shared_hooks_from_its_venv() -> None:
    local, shared = local_hooks(), shared_hooks()
    assert set(shared) == set(BLITZ_HOOKS)
    for hook_id in BLITZ_HOOKS:
        mine, theirs = local[hook_id], shared[hook_id]
        assert mine["entry"] == f".venv/bin/{theirs['entry']}"
        assert mine["language"] == "system" and theirs["language"] == "python"
        for key in ("files", "require_serial"):
            assert mine[key] == theirs[key], (hook_id, key)
        blitz_command = theirs["entry"].split()[1]
        done = subprocess.run([str(REPO / ".venv" / "bin" / "blitz"), blitz_command, "--help"],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{hook_id} calls `blitz {blitz_command}`, which does not exist"
    assert {"ruff", "check-yaml"} <= set(local)
    assert all(repo["repo"] == "local" for repo in yaml.safe_load(CONFIG.read_text())["repos"]), (
        "hooks from other git repositories would need the network; keep them local"
    )


@pytest.fixture
def project(tmp_path: Path) -> ScratchProject:
    project = ScratchProject.create(tmp_path, extra=(".pre-commit-config.yaml",))
    project.repo.commit("Add the pre-commit configuration")
    return project


def run_hooks(project: ScratchProject, *hooks: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` of each hook over the staged files; the combined result."""
    command = " && ".join(f"pre-commit run {hook}" for hook in hooks)
    return project.run(f"git add -A && {command}")


def test_hooks_catch_a_stale_packet(project: ScratchProject) -> None:
    manifest = project.path / "handoffs" / SAMPLE / "handoff.yaml"
    manifest.write_text(manifest.read_text().replace("title: April aging review", "title: April review"))
    done = run_hooks(project, "blitz-check", "blitz-fresh")
    assert done.returncode == 1
    assert f"docs/packets/{SAMPLE}/packet.json: out of date; run `blitz prepare handoffs/{SAMPLE}`" in done.stdout

    assert project.run(f"blitz prepare handoffs/{SAMPLE}").returncode == 0
    done = run_hooks(project, "blitz-check", "blitz-fresh")
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout


def test_hooks_catch_a_broken_handoff(project: ScratchProject) -> None:
    manifest = project.path / "handoffs" / SAMPLE / "handoff.yaml"
    text = manifest.read_text().replace("as_of: 2026-04-30", "as_of: end of April")
    manifest.write_text(text)
    line = text.splitlines().index("as_of: end of April") + 1
    done = run_hooks(project, "blitz-check")
    assert done.returncode == 1
    assert f"handoffs/{SAMPLE}/handoff.yaml:{line}: 'as_of'" in done.stdout
    assert "Traceback" not in done.stdout


def test_installed_hook_refuses_the_commit_and_skips_unrelated_ones(project: ScratchProject) -> None:
    assert project.run("pre-commit install").returncode == 0
    skip = {"SKIP": ",".join(PYPI_HOOKS)}  # these come from PyPI; test_yaml_check_finds_broken_yaml runs one
    (project.path / "README.md").write_text("Our AR repository\n")
    done = project.run("git add README.md && git commit -q -m 'A readme'", **skip)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "blitz check (handoffs being committed)" in done.stderr
    assert "(no files to check)Skipped" in done.stderr

    note = project.path / "handoffs" / SAMPLE / "notes" / "late-note.md"
    note.write_text("Dana: Acme paid INV-1042 this morning.\n")
    done = project.run("git add -A && git commit -q -m 'A late note, packet not prepared again'", **skip)
    assert done.returncode == 1
    assert "out of date; run `blitz prepare handoffs/2026-04-aging` and commit the result" in done.stderr
    assert project.run("git log -1 --format=%s").stdout.strip() == "A readme"


def test_yaml_check_finds_broken_yaml(project: ScratchProject) -> None:
    (project.path / "mkdocs.yml").write_text("site_name: [Blitz\n")
    done = run_hooks(project, "check-yaml")
    assert done.returncode == 1
    assert 'in "mkdocs.yml", line 2' in done.stdout


def test_another_repository_can_use_the_shared_hooks(tmp_path: Path) -> None:
    """The definitions in .pre-commit-hooks.yaml, run as a local copy (a forge would serve them by URL)."""
    project = ScratchProject.create(tmp_path)
    hooks = []
    for hook in shared_hooks().values():
        hooks.append(dict(hook, language="system"))  # `blitz` is on PATH here, as pre-commit's own venv would be
    (project.path / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local",
                                                                                     "hooks": hooks}]}))
    (project.path / "handoffs" / SAMPLE / "handoff.yaml").write_text("title: April\nas_of: 2026-04-30\ncolour: x\n")
    done = run_hooks(project, "blitz-check")
    assert done.returncode == 1
    assert f"handoffs/{SAMPLE}/handoff.yaml:3: unknown key 'colour'" in done.stdout
