"""The CLI's contract basics: exit codes and path:line problems."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = run(["prepare"], tmp_path)
    assert result.returncode == 2


def test_missing_folder_is_usage_error(tmp_path: Path) -> None:
    result = run(["prepare", "handoffs/nope"], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_unknown_manifest_key_is_a_problem_with_a_suggestion(tmp_path: Path) -> None:
    folder = tmp_path / "handoffs" / "x"
    folder.mkdir(parents=True)
    (folder / "handoff.yaml").write_text("title: T\nas_of: 2026-04-30\ntitel: x\n")
    result = run(["check", "handoffs/x"], tmp_path)
    assert result.returncode == 1
    assert "handoffs/x/handoff.yaml:3: unknown key 'titel'; did you mean 'title'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "docs").exists()
