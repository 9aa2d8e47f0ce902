"""Paths stay inside the handoff, and a packet is written only into its own folder.

Reading: a ``sources:`` entry that leaves the handoff folder (``../``, an
absolute path) and a link (to a file or a folder) leading outside are refused
with a problem, and nothing from outside reaches the packet. Writing: whatever
the handoff folder is called and whatever ``--docs-dir`` says, ``prepare``
changes nothing but ``DIR/packets/<id>/`` (and its own git-ignored cache,
``.blitz/``), and never writes through a link.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures.safety.handoff import HANDOFF, PACKET, assert_clean, blitz, digest, make_project, problem_lines

SECRET = "SECRET-TOKEN-7f3a9c"
OUTSIDE_AGING = f"""\
A/R Aging Detail
As of April 30, 2026

Invoice Number,Customer,Due Date,Open Balance
INV-9001,{SECRET},2026-04-01,1.00
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "aging.csv").write_text(OUTSIDE_AGING, encoding="utf-8")
    (outside / "secret.md").write_text(f"# Notes\n\n{SECRET}\n", encoding="utf-8")
    return root


def everything_but_the_packet(root: Path, packet: str = PACKET) -> dict[str, str]:
    """Every file of the project outside the packet folder (and the folders holding it) and Blitz's own cache."""
    holding = {Path(packet).parents[i].as_posix() for i in range(len(Path(packet).parents) - 1)}
    return {rel: value for rel, value in digest(root).items()
            if not (rel == packet or rel.startswith(packet + "/") or rel in holding or rel.startswith(".blitz"))}


def assert_refused(root: Path, where: str, says: str, *args: str) -> None:
    done = blitz(root, "prepare", HANDOFF, *args)
    assert_clean(done)
    assert done.returncode == 1, done.stderr
    assert any(m.group(0).startswith(f"{where}: ") and says in m.group(0) for m in problem_lines(done.stderr)), (
        done.stderr)
    assert SECRET not in done.stdout + done.stderr
    assert not (root / PACKET).exists()


# --- reading stays inside the handoff -------------------------------------------------------------


@pytest.mark.parametrize("name", ["../outside/aging.csv", "../../outside/aging.csv", "exports/../../../outside/a.csv",
                                  "{outside}/aging.csv", "/etc/passwd", "../handoffs/policy.yml"])
def test_sources_outside_the_handoff_are_refused(project: Path, name: str) -> None:
    name = name.format(outside=(project.parent / "outside").as_posix())
    manifest = project / HANDOFF / "handoff.yaml"
    manifest.write_text(manifest.read_text("utf-8") + f"sources:\n  '{name}': aging\n", encoding="utf-8")
    assert_refused(project, f"{HANDOFF}/handoff.yaml", f"sources: '{name}' is outside the handoff folder")


def test_a_source_named_through_a_link_leading_outside_is_refused(project: Path) -> None:
    (project / HANDOFF / "exports" / "linked.csv").symlink_to(project.parent / "outside" / "aging.csv")
    manifest = project / HANDOFF / "handoff.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "sources:\n  exports/linked.csv: aging\n", encoding="utf-8")
    assert_refused(project, f"{HANDOFF}/handoff.yaml", "sources: 'exports/linked.csv' is outside the handoff folder")


def test_a_link_to_a_file_outside_is_refused(project: Path) -> None:
    (project / HANDOFF / "exports" / "linked.csv").symlink_to(project.parent / "outside" / "aging.csv")
    assert_refused(project, f"{HANDOFF}/exports/linked.csv", "this link points outside the handoff folder")


def test_a_relative_link_climbing_out_is_refused(project: Path) -> None:
    (project / HANDOFF / "notes" / "linked.md").symlink_to(Path("../../../../outside/secret.md"))
    assert_refused(project, f"{HANDOFF}/notes/linked.md", "this link points outside the handoff folder")


def test_a_link_to_a_folder_outside_is_refused(project: Path) -> None:
    (project / HANDOFF / "more").symlink_to(project.parent / "outside", target_is_directory=True)
    assert_refused(project, f"{HANDOFF}/more", "this link points to a folder outside the handoff folder")


def test_a_link_inside_the_handoff_is_read(project: Path) -> None:
    (project / HANDOFF / "copy-of-memo.md").symlink_to(Path("notes/memo.md"))
    done = blitz(project, "prepare", HANDOFF)
    assert_clean(done)
    assert done.returncode == 0, done.stderr


def test_a_named_pipe_is_not_opened(project: Path) -> None:
    """Opening a pipe waits for a writer that never comes; prepare must not hang on one."""
    os.mkfifo(project / HANDOFF / "exports" / "pipe.csv")
    done = blitz(project, "prepare", HANDOFF, timeout=120)
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    assert f"{HANDOFF}/exports/pipe.csv: warning: this is not a regular file" in done.stderr


# --- writing stays inside the packet folder ---------------------------------------------------------

ODD_NAMES = ["h w space", "ünï cödé", "a;rm -rf x", "-dash", "$(touch pwned)", "a\\b", "x'y\"z", "#1 & <2>"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_oddly_named_handoff_writes_only_its_packet(tmp_path: Path, name: str) -> None:
    root = make_project(tmp_path / "project", handoff=f"handoffs/{name}")
    before = everything_but_the_packet(root, f"docs/packets/{name}")
    done = blitz(root, "prepare", f"handoffs/{name}")
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    assert (root / "docs" / "packets" / name / "packet.json").is_file()
    assert sorted(p.name for p in (root / "docs" / "packets").iterdir()) == [name]
    assert everything_but_the_packet(root, f"docs/packets/{name}") == before
    assert not (root / "pwned").exists() and not (tmp_path / "pwned").exists()


def test_docs_dir_elsewhere_writes_only_there(project: Path) -> None:
    before = everything_but_the_packet(project, "elsewhere/packets/h")
    done = blitz(project, "prepare", HANDOFF, "--docs-dir", "elsewhere")
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    assert (project / "elsewhere" / "packets" / "h" / "packet.json").is_file()
    assert not (project / "docs").exists()
    assert everything_but_the_packet(project, "elsewhere/packets/h") == before


@pytest.mark.parametrize(("setup", "where", "says"), [
    ("docs-is-a-file", "docs", "this is a file where a folder is needed"),
    ("packets-is-a-file", "docs/packets", "this is a file where a folder is needed"),
    ("packet-is-a-link", PACKET, "this is a link to another place"),
    ("packets-is-a-link", "docs/packets", "this is a link to another place"),
    ("docs-is-a-link", "docs", "this is a link to another place"),
])
def test_a_packet_is_never_written_through_a_link_or_over_a_file(project: Path, setup: str, where: str,
                                                                  says: str) -> None:
    outside = project.parent / "outside"
    target = {"docs-is-a-file": project / "docs", "packets-is-a-file": project / "docs" / "packets",
              "packet-is-a-link": project / PACKET, "packets-is-a-link": project / "docs" / "packets",
              "docs-is-a-link": project / "docs"}[setup]
    target.parent.mkdir(parents=True, exist_ok=True)
    if setup.endswith("file"):
        target.write_text("not a folder\n", encoding="utf-8")
    else:
        target.symlink_to(outside, target_is_directory=True)
    outside_before = digest(outside)
    before = digest(project)
    done = blitz(project, "prepare", HANDOFF)
    assert_clean(done)
    assert done.returncode == 1, done.stderr
    assert f"{where}: {says}" in done.stderr
    assert digest(outside) == outside_before, "something was written outside the project"
    assert {k: v for k, v in digest(project).items() if not k.startswith(".blitz")} == before


def test_an_empty_docs_dir_is_a_usage_error(project: Path) -> None:
    done = blitz(project, "prepare", HANDOFF, "--docs-dir", "")
    assert done.returncode == 2
    assert "--docs-dir needs a folder" in done.stderr
    assert not (project / "packets").exists()


def test_a_page_linked_to_a_file_elsewhere_is_never_copied_in(project: Path) -> None:
    """Regression: a draft page replaced by a link was "kept as a reviewer's edit", copying the linked file in."""
    assert blitz(project, "prepare", HANDOFF).returncode == 0
    (project / PACKET / "drafts" / "zz-extra.md").symlink_to(project.parent / "outside" / "secret.md")
    done = blitz(project, "prepare", HANDOFF)
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    assert "drafts/zz-extra.md: was a link to another file and is left out" in done.stderr
    assert not (project / PACKET / "drafts" / "zz-extra.md").exists()
    for path in (project / PACKET).rglob("*"):
        assert not path.is_symlink()
        assert not path.is_file() or SECRET not in path.read_text("utf-8"), path

