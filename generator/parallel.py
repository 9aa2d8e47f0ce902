"""Worker processes on the machine's other cores, forked from this one.

Two stages of a large prepare split into independent pieces: intake reads
thousands of mail files, render writes thousands of draft pages. Both hand
chunks to workers forked from this process, so a worker starts with the
package and the data already loaded and runs nothing but Blitz's own code.
A small job, a machine with one core, a process with other threads running
(forking those can hang) or a pool that cannot start means doing the work
here, and the result is the same bytes either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor


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
