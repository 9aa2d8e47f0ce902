"""The same handoff gives the same packet, byte for byte, under pressure.

The real CLI runs in subprocesses on identical copies of the sample handoff,
each under another environment: hash seeds, time zones from UTC−10 to UTC+14,
the C locale with ASCII as the preferred encoding, directory listings that
come back reversed or shuffled (``tests/fixtures/safety/fsorder``), and a
handoff whose files were created in another order with scattered modification
times. Every packet, and what the command printed, must equal the first one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.safety.handoff import digest, environment

REPO = Path(__file__).resolve().parents[1]
SAMPLE = "2026-04-aging"
FSORDER = Path(__file__).resolve().parent / "fixtures" / "safety" / "fsorder"
BASE = {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"}

ENVIRONMENTS: dict[str, dict[str, str]] = {
    "hash seed 1": {"PYTHONHASHSEED": "1"},
    "hash seed 4242": {"PYTHONHASHSEED": "4242"},
    "random hash seed": {"PYTHONHASHSEED": "random"},
    "Pacific/Auckland": {"TZ": "Pacific/Auckland"},
    "Pacific/Honolulu": {"TZ": "Pacific/Honolulu"},
    "Pacific/Kiritimati": {"TZ": "Pacific/Kiritimati"},
    "C locale, ASCII": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    "POSIX locale": {"LC_ALL": "POSIX"},
    "listings reversed": {"PYTHONPATH": str(FSORDER), "BLITZ_FS_ORDER": "reverse"},
    "listings shuffled": {"PYTHONPATH": str(FSORDER), "BLITZ_FS_ORDER": "shuffle:7"},
}


def copy_sample(root: Path, *, reverse: bool = False) -> Path:
    """The sample handoff and policy under ``root``: files created in name order, or backwards with odd mtimes."""
    source = REPO / "handoffs"
    files = sorted(p for p in source.rglob("*") if (p.is_file() and SAMPLE in p.parts) or p.name == "policy.yml")
    if reverse:
        files.reverse()
    for number, path in enumerate(files):
        target = root / "handoffs" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        if reverse:
            stamp = 1_000_000_000 + (number * 7919) % 100_000_000
            os.utime(target, (stamp, stamp))
    if reverse:
        for number, folder in enumerate(sorted(p for p in (root / "handoffs").rglob("*") if p.is_dir())):
            os.utime(folder, (2_000_000_000 - number, 2_000_000_000 - number))
    return root


def run_prepare(root: Path, extra: dict[str, str]) -> tuple[dict[str, str], str, str]:
    env = environment(**{**BASE, **extra})
    done = subprocess.run([sys.executable, "-m", "generator", "prepare", f"handoffs/{SAMPLE}"], cwd=root, env=env,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    packet = digest(root / "docs" / "packets" / SAMPLE)
    assert packet, "no packet was written"
    return packet, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str, str]:
    root = copy_sample(tmp_path_factory.mktemp("reference"))
    return run_prepare(root, {})


def test_the_listing_order_switch_works(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        (tmp_path / name).touch()
    env = environment(PYTHONPATH=str(FSORDER), BLITZ_FS_ORDER="reverse")
    listed = subprocess.run([sys.executable, "-c", "import os, sys; print(' '.join(os.listdir(sys.argv[1])))",
                             str(tmp_path)], env=env, capture_output=True, text=True, check=True)
    assert listed.stdout.split() == ["c", "b", "a"]


@pytest.mark.parametrize("name", sorted(ENVIRONMENTS))
def test_the_packet_is_byte_identical(name: str, reference: tuple[dict[str, str], str, str],
                                      tmp_path: Path) -> None:
    packet, stdout, stderr = run_prepare(copy_sample(tmp_path), ENVIRONMENTS[name])
    expected_packet, expected_stdout, expected_stderr = reference
    different = sorted(set(packet.items()) ^ set(expected_packet.items()))
    assert not different, f"under {name} these packet files differ: {sorted({rel for rel, _ in different})}"
    assert (stdout, stderr) == (expected_stdout, expected_stderr)


def test_creation_order_and_modification_times_do_not_matter(reference: tuple[dict[str, str], str, str],
                                                             tmp_path: Path) -> None:
    packet, _, _ = run_prepare(copy_sample(tmp_path, reverse=True), {"PYTHONHASHSEED": "99"})
    assert packet == reference[0]


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    first, _, _ = run_prepare(root, {})
    shutil.rmtree(root / ".blitz", ignore_errors=True)  # no reuse: a full second prepare over its own packet
    second, _, _ = run_prepare(root, {"PYTHONHASHSEED": "3", "TZ": "Pacific/Auckland"})
    assert second == first
