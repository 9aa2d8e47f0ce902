"""Work handed to a forked worker comes back as the value it has here, whatever happens to the worker."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from generator import parallel

PARENT = os.getpid()


@pytest.fixture
def pools(fork_pools: list[bool]) -> list[bool]:
    return fork_pools


def where(items: Sequence[int]) -> list[tuple[int, bool]]:
    """Each item, and whether it was worked on in this process."""
    return [(item * item, os.getpid() == PARENT) for item in items]


def test_a_task_runs_in_a_worker_and_its_value_comes_back(pools: list[bool]) -> None:
    value = parallel.on_other_core(lambda: (os.getpid(), list(range(5))))
    pid, numbers = value()
    assert pid != PARENT
    assert numbers == [0, 1, 2, 3, 4]
    assert pools == [True]


def test_a_task_not_worth_a_worker_runs_here(pools: list[bool]) -> None:
    assert parallel.on_other_core(os.getpid, worth_it=False)() == PARENT
    assert pools == []


def test_where_no_worker_can_start_the_task_runs_here(pools: list[bool], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", refuse)
    assert parallel.on_other_core(os.getpid)() == PARENT
    assert pools == [False]


def test_the_task_of_a_worker_that_died_runs_here(pools: list[bool]) -> None:
    def die_in_a_worker() -> int:
        if os.getpid() != PARENT:
            os._exit(1)
        return os.getpid()

    assert parallel.on_other_core(die_in_a_worker)() == PARENT
    assert pools == [True]


def test_a_bug_in_the_task_raises_here(pools: list[bool]) -> None:
    def broken() -> int:
        raise ValueError("a bug")

    value = parallel.on_other_core(broken)
    with pytest.raises(ValueError, match="a bug"):
        value()


def test_no_worker_is_started_while_other_threads_run(pools: list[bool]) -> None:
    first = parallel.on_other_core(os.getpid)  # its pool keeps a thread until the value is taken
    second = parallel.on_other_core(os.getpid)
    assert second() == PARENT
    assert first() != PARENT
    assert pools == [True, False]


@pytest.mark.parametrize("count", [0, 1, 2, 7, 100])
def test_split_in_two_is_the_work_on_the_whole(pools: list[bool], count: int) -> None:
    items = list(range(count))
    done = parallel.split_in_two(where, items, worth_it=True)
    assert [value for value, _ in done] == [item * item for item in items]
    half = max(1, round(count * parallel.WORKER_SHARE)) if count >= 2 else 0
    assert [here for _, here in done] == [False] * half + [True] * (count - half)


def test_split_in_two_not_worth_a_worker_works_here(pools: list[bool]) -> None:
    assert parallel.split_in_two(where, [1, 2, 3], worth_it=False) == [(1, True), (4, True), (9, True)]
    assert pools == []


def test_a_worker_runs_only_what_it_was_forked_with() -> None:
    with pytest.raises(RuntimeError):
        parallel._run_task()
