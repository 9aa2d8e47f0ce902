"""Worker processes on the machine's other cores, forked from this one.

Some stages of a large prepare split into independent pieces: intake reads
thousands of mail files, drafting works customer by customer, render writes
thousands of pages. Each hands a piece to a worker forked from this process,
so the worker starts with the package and the data already loaded, runs
nothing but Blitz's own code, and only its result is sent back. A small job,
a machine with one core, a process with other threads running (forking those
can hang), a pool that cannot start or a worker that dies means doing the
work here, and the result is the same bytes either way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# A forked worker is slower at first (each page of memory it writes to is copied) and sends its result
# back pickled: given two fifths of the items, it finishes about when this process does.
WORKER_SHARE = 0.4

_task: Callable[[], object] | None = None  # what a worker runs: it is forked holding this, so nothing is pickled


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def fork_pool(workers: int) -> ProcessPoolExecutor | None:
    """Up to ``workers`` forked worker processes, or None where working here is better or the only way."""
    if workers < 1 or cores() < 2 or threading.active_count() > 1:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ImportError):  # no semaphores or no processes to be had here
        return None


def _run_task() -> object:
    if _task is None:  # not forked from on_other_core(): nothing to run
        raise RuntimeError("no task to run in this process")
    return _task()


def on_other_core(task: Callable[[], T], worth_it: bool = True) -> Callable[[], T]:
    """Start ``task`` in a forked worker; calling the result waits for its value.

    When a worker is not ``worth_it`` or cannot start, or when it dies, ``task``
    runs here once its value is asked for: the value is the same either way,
    and a bug raises here as it would without a worker.
    """
    global _task
    executor = fork_pool(1) if worth_it else None
    if executor is None:
        return task
    _task = task
    try:
        future: Future[object] | None = executor.submit(_run_task)  # forks the worker, holding _task
    except Exception:  # a worker could not be started
        future = None
    finally:
        _task = None

    def value() -> T:
        with executor, contextlib.suppress(Exception):
            if future is not None:
                return cast(T, future.result())
        return task()

    return value


def split_in_two(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], worth_it: bool) -> list[R]:
    """``work(items)``: the first items done by a forked worker while this process does the rest.

    ``work`` must treat each item on its own, so that the parts joined are the whole.
    """
    if not worth_it or len(items) < 2:
        return work(items)
    split = max(1, round(len(items) * WORKER_SHARE))
    first = on_other_core(lambda: work(items[:split]))
    rest = work(items[split:])
    return first() + rest
