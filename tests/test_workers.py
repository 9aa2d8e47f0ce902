"""Rendering customer and draft pages in a worker process gives exactly the pages rendered in this process."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import pytest
from fixtures.draft.scenarios import harbor

from generator import parallel as forking
from generator.draft import make_drafts
from generator.render import render_packet, workers

PARENT = os.getpid()
PER_PAGE = workers.per_page


def rendered() -> dict[str, str]:
    handoff, analysis = harbor()
    return render_packet(handoff, analysis, make_drafts(handoff, analysis), [])


@pytest.fixture(scope="module")
def here() -> dict[str, str]:
    """The harbor packet rendered in this process: it is too small for a worker."""
    return rendered()


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Any packet goes to a worker; the list says whether each pool started."""
    started: list[bool] = []
    make = forking.fork_pool

    def pool(workers_wanted: int) -> ProcessPoolExecutor | None:
        executor = make(workers_wanted)
        started.append(executor is not None)
        return executor

    monkeypatch.setattr(workers, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(forking, "cores", lambda: 2)
    monkeypatch.setattr(workers, "fork_pool", pool)
    return started


def test_pages_rendered_in_a_worker_are_the_pages_rendered_here(here: dict[str, str], pools: list[bool]) -> None:
    assert rendered() == here
    assert pools == [True]
    assert sum(1 for path in here if path.startswith(("customers/", "drafts/"))) > 10


def test_a_small_packet_starts_no_worker(here: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "ProcessPoolExecutor", None)  # starting one would raise TypeError
    assert rendered() == here


def test_where_no_worker_can_start_the_pages_are_rendered_here(here: dict[str, str], pools: list[bool],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores here")

    monkeypatch.setattr(forking, "ProcessPoolExecutor", refuse)
    assert rendered() == here
    assert pools == [False]


def _die_in_a_worker(*job: object) -> dict[str, str]:
    if os.getpid() != PARENT:
        os._exit(1)
    return PER_PAGE(*job)  # type: ignore[arg-type]


def test_the_pages_of_a_worker_that_died_are_rendered_here(here: dict[str, str], pools: list[bool],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "per_page", _die_in_a_worker)
    assert rendered() == here
    assert pools == [True]


def test_the_worker_renders_only_what_it_was_forked_with() -> None:
    with pytest.raises(RuntimeError):
        workers._render_job()
