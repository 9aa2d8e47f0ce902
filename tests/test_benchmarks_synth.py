"""The benchmark data generators: the same seed gives the same bytes, and what they write is usable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from history import build as build_history  # noqa: E402
from synth import Size, generate  # noqa: E402
from synth_exports import LAYOUTS  # noqa: E402

from generator.build import prepare  # noqa: E402

TINY = Size(invoices=60, customers=8, messages=30, notes=12)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", TINY, seed=7).parent.parent
    again = generate(tmp_path / "b", TINY, seed=7).parent.parent
    other = generate(tmp_path / "c", TINY, seed=8).parent.parent
    assert _files(first) == _files(again)
    assert _files(first) != _files(other)


def test_sizes_are_what_was_asked_for(tmp_path: Path) -> None:
    folder = generate(tmp_path, TINY, seed=3)
    assert len(list(folder.rglob("*.eml"))) == TINY.messages
    assert (folder / "handoff.yaml").is_file()
    assert (tmp_path / "handoffs" / "policy.yml").is_file()
    memo = (folder / "notes" / "controller-memo.md").read_text()
    holds = memo.count(" — management hold")
    slack = "".join(p.read_text() for p in (folder / "notes").glob("ar-channel-*.md"))
    said = sum(1 for line in slack.splitlines() if line.endswith((" AM", " PM")))
    assert holds >= 1
    assert holds + said == TINY.notes


@pytest.mark.parametrize(("layout", "fmt"), [*((layout, "csv") for layout in LAYOUTS), ("netsuite", "xlsx")])
def test_a_tiny_handoff_prepares_without_errors(tmp_path: Path, layout: str, fmt: str) -> None:
    folder = generate(tmp_path, TINY, seed=5, layout=layout, fmt=fmt)
    packet, problems = prepare(folder, tmp_path)
    errors = [str(p) for p in problems if p.is_error]
    assert errors == []
    assert packet is not None
    assert len(packet.analysis.invoices) == TINY.invoices
    statuses = {invoice.status for invoice in packet.analysis.invoices}
    assert len(statuses) >= 4, statuses  # the mail and notes carry more than plain overdue follow-up


def test_history_has_the_pages_and_first_parent_commits_asked_for(tmp_path: Path) -> None:
    repo = build_history(tmp_path / "repo", pages=40, commits=25, seed=2)
    count = subprocess.run(["git", "-C", str(repo), "rev-list", "--first-parent", "--count", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.strip()
    merges = subprocess.run(["git", "-C", str(repo), "rev-list", "--merges", "--count", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert int(count) == 25
    assert int(merges) > 0
    assert len(list((repo / "docs" / "packets" / "bench-history" / "drafts").glob("*.md"))) == 40
