"""Reading a handoff's files on every core: most of a large handoff is mail, read file by file.

``read_files`` reads each file as ``read_file`` does and returns the readings in
the files' order, so the packet is the same bytes however they were read. When
a handoff holds many files other than tables (thousands of ``.eml`` files),
chunks of them go to worker processes (``generator.parallel``) while this
process reads the tables; a table's reading is too large to be worth sending
back. A small handoff, or a pool that cannot start (or loses a worker), means
reading here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import NamedTuple

from generator.intake.model import FileReading
from generator.intake.readers import is_table, read_file
from generator.manifest import Manifest, SourceKind
from generator.parallel import cores, fork_pool

POOL_MIN_FILES = 300  # below this, starting processes costs more than it saves
CHUNK_FILES = 100  # files per task: few enough round trips, small enough to share the work evenly


class Job(NamedTuple):
    """One file to read: where it is, its path in the packet, the kind the manifest gives it."""

    path: Path
    rel: str
    kind: SourceKind | None


def _read(jobs: Sequence[Job], manifest: Manifest) -> list[FileReading]:
    return [read_file(job.path, job.rel, job.kind, manifest) for job in jobs]


def _in_pool(job: Job) -> bool:
    return not is_table(job.path, job.kind)


def _pool(files: int) -> ProcessPoolExecutor | None:
    """Worker processes for ``files`` files, or None where reading here is better."""
    return fork_pool(min(cores(), 4)) if files >= POOL_MIN_FILES else None


def read_files(
    jobs: Sequence[Job],
    manifest: Manifest,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[FileReading]:
    """The reading of every file, in the order given; ``progress`` is told ``(done, total, path)``."""
    readings: list[FileReading | None] = [None] * len(jobs)
    pooled = [i for i, job in enumerate(jobs) if _in_pool(job)]
    done = 0

    def finish(indices: Sequence[int], results: Sequence[FileReading]) -> None:
        nonlocal done
        for i, reading in zip(indices, results, strict=True):
            readings[i] = reading
            done += 1
            if progress:
                progress(done, len(jobs), jobs[i].rel)

    executor = _pool(len(pooled))
    if executor is None:
        for i, job in enumerate(jobs):
            finish([i], _read([job], manifest))
    else:
        with executor:
            chunks = [pooled[start:start + CHUNK_FILES] for start in range(0, len(pooled), CHUNK_FILES)]
            tasks = [(chunk, _submit(executor, [jobs[i] for i in chunk], manifest)) for chunk in chunks]
            for i, job in enumerate(jobs):
                if not _in_pool(job):  # read here while the workers read the rest
                    finish([i], _read([job], manifest))
            for chunk, future in tasks:
                finish(chunk, _result(future, [jobs[i] for i in chunk], manifest))
    return [reading for reading in readings if reading is not None]


def _submit(executor: ProcessPoolExecutor, jobs: list[Job], manifest: Manifest) -> Future[list[FileReading]] | None:
    try:
        return executor.submit(_read, jobs, manifest)
    except (OSError, BrokenProcessPool, RuntimeError):  # a worker could not be started
        return None


def _result(future: Future[list[FileReading]] | None, jobs: list[Job], manifest: Manifest) -> list[FileReading]:
    """A chunk's readings from its worker, or read here when the pool failed it."""
    if future is None:
        return _read(jobs, manifest)
    try:
        return future.result()
    except Exception:  # a worker died (killed, out of memory), or a bug, which reading here raises again
        return _read(jobs, manifest)
