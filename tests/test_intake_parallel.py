"""Reading a handoff in worker processes gives exactly what reading it in this process gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from synth import Size, generate  # noqa: E402

from generator import parallel as forking  # noqa: E402
from generator.intake import load_handoff, parallel  # noqa: E402
from generator.intake.model import FileReading, Handoff  # noqa: E402
from generator.manifest import Manifest, load_policy  # noqa: E402
from generator.problems import Problem  # noqa: E402

SMALL = Size(invoices=80, customers=10, messages=40, notes=12)
PARENT = os.getpid()
READ = parallel._read

Loaded = tuple[Handoff | None, list[Problem]]


def _load(folder: Path) -> Loaded:
    root = folder.parent.parent
    policy, _ = load_policy(root)
    return load_handoff(folder, root, policy)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = generate(tmp_path_factory.mktemp("handoff"), SMALL, seed=5)
    threads = folder / "threads"
    (threads / "binary.eml").write_bytes(b"\x00\x01\x02" * 100)  # each of these gives a problem
    (threads / "empty.eml").write_bytes(b"")
    (threads / "headerless.eml").write_bytes(b"Just a line of text, pasted.\n")
    return folder


@pytest.fixture(scope="module")
def read_here(folder: Path) -> Loaded:
    """The handoff read in this process: it has too few files for a pool."""
    return _load(folder)


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Any handoff goes to worker processes, a few files a task; the list says whether each pool started."""
    started: list[bool] = []
    make = parallel._pool

    def pool(files: int) -> parallel.ProcessPoolExecutor | None:
        executor = make(files)
        started.append(executor is not None)
        return executor

    monkeypatch.setattr(parallel, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(parallel, "CHUNK_FILES", 7)
    monkeypatch.setattr(forking, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "_pool", pool)
    return started


def test_a_handoff_read_in_workers_is_the_handoff_read_here(folder: Path, read_here: Loaded,
                                                            pools: list[bool]) -> None:
    assert _load(folder) == read_here
    assert pools == [True]
    handoff, problems = read_here
    assert handoff is not None and len(handoff.messages) >= SMALL.messages and handoff.invoices
    assert {p.source.path.rsplit("/", 1)[-1] for p in problems} >= {"binary.eml", "empty.eml", "headerless.eml"}


def test_a_small_handoff_starts_no_pool(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "ProcessPoolExecutor", None)  # starting one would raise TypeError
    handoff, _ = _load(folder)
    assert handoff is not None and handoff.messages


def test_where_no_pool_can_start_every_file_is_read_here(folder: Path, read_here: Loaded, pools: list[bool],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(forking, "ProcessPoolExecutor", refuse)
    assert _load(folder) == read_here
    assert pools == [False]


def _die_in_a_worker(jobs: list[parallel.Job], manifest: Manifest) -> list[FileReading]:
    if os.getpid() != PARENT:
        os._exit(1)
    return READ(jobs, manifest)


def test_the_files_of_a_worker_that_died_are_read_here(folder: Path, read_here: Loaded, pools: list[bool],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_read", _die_in_a_worker)
    assert _load(folder) == read_here
    assert pools == [True]
