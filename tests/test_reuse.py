"""A second ``blitz prepare`` of unchanged inputs reuses the packet; any change means a full run."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = "handoffs/2026-04-aging"
PACKET = "docs/packets/2026-04-aging"
FULL = "Wrote "
REUSED = "Up to date"


def prepare(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "generator", "prepare", SAMPLE, *extra], cwd=root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's digest and modification time (ns), to tell rewritten files from untouched ones."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / SAMPLE, tmp_path / SAMPLE)
    shutil.copy2(REPO / "handoffs" / "policy.yml", tmp_path / "handoffs" / "policy.yml")
    return tmp_path


def test_unchanged_inputs_reuse_the_packet_and_say_the_same(project: Path) -> None:
    first = prepare(project)
    assert first.stdout.startswith(FULL)
    before = snapshot(project / PACKET)
    second = prepare(project)
    assert second.stdout.startswith(REUSED)
    assert second.stdout.split("—", 1)[1] == first.stdout.split("—", 1)[1]  # the same counts
    assert second.stderr == first.stderr  # the same warnings, in the same order
    assert snapshot(project / PACKET) == before  # nothing rewritten
    assert (project / ".blitz" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_changed_input_file_means_a_full_run(project: Path) -> None:
    prepare(project)
    memo = project / SAMPLE / "notes" / "controller-memo.md"
    memo.write_text(memo.read_text() + "\nOne more line.\n")
    assert prepare(project).stdout.startswith(FULL)


def test_a_changed_policy_means_a_full_run(project: Path) -> None:
    prepare(project)
    policy = project / "handoffs" / "policy.yml"
    policy.write_text(policy.read_text().replace("promise_grace_days: 3", "promise_grace_days: 5"))
    assert prepare(project).stdout.startswith(FULL)


def test_a_page_changed_or_removed_in_the_packet_is_written_again(project: Path) -> None:
    prepare(project)
    expected = snapshot(project / PACKET)
    brief = project / PACKET / "index.md"
    brief.write_text("# Someone's edit\n")
    assert prepare(project).stdout.startswith(FULL)
    assert brief.read_text() != "# Someone's edit\n"
    (project / PACKET / "packet.json").unlink()
    assert prepare(project).stdout.startswith(FULL)
    assert {k: v[0] for k, v in snapshot(project / PACKET).items()} == {k: v[0] for k, v in expected.items()}


def test_a_stray_file_in_the_packet_means_a_full_run(project: Path) -> None:
    prepare(project)
    (project / PACKET / "stray.txt").write_text("x")
    assert prepare(project).stdout.startswith(FULL)
    assert not (project / PACKET / "stray.txt").exists()  # a full run replaces the folder


def test_a_reviewer_edit_is_kept_then_reused(project: Path) -> None:
    prepare(project)
    draft = sorted((project / PACKET / "drafts").glob("*.md"))[0]
    edited = draft.read_text().replace("\n\n", "\n\nA sentence the reviewer added.\n\n", 1)
    draft.write_text(edited)
    assert prepare(project).stdout.startswith(FULL)
    assert draft.read_text() == edited
    assert prepare(project).stdout.startswith(REUSED)
    assert draft.read_text() == edited


def test_another_docs_dir_is_another_packet(project: Path) -> None:
    prepare(project)
    other = prepare(project, "--docs-dir", "elsewhere")
    assert other.stdout.startswith(FULL)
    assert (project / "elsewhere" / "packets" / "2026-04-aging" / "packet.json").is_file()
    assert prepare(project, "--docs-dir", "elsewhere").stdout.startswith(REUSED)
