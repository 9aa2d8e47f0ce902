"""Drafting and rendering in a worker process give exactly the drafts and pages made in this process."""

from __future__ import annotations

import os

import pytest
from fixtures.draft.scenarios import harbor

from generator import draft
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
def pools(fork_pools: list[bool], monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Any packet's drafting and rendering go to workers; the list says whether each pool started."""
    monkeypatch.setattr(workers, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(draft, "POOL_MIN_CUSTOMERS", 1)
    return fork_pools


def test_pages_made_in_workers_are_the_pages_made_here(here: dict[str, str], pools: list[bool]) -> None:
    assert rendered() == here
    assert pools == [True, True]  # drafting, then rendering
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
    assert pools == [False, False]


def _die_in_a_worker(*job: object) -> dict[str, str]:
    if os.getpid() != PARENT:
        os._exit(1)
    return PER_PAGE(*job)  # type: ignore[arg-type]


def test_the_pages_of_a_worker_that_died_are_rendered_here(here: dict[str, str], pools: list[bool],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "per_page", _die_in_a_worker)
    assert rendered() == here
    assert pools == [True, True]


def test_drafts_made_in_a_worker_are_the_drafts_made_here(pools: list[bool]) -> None:
    handoff, analysis = harbor()
    pooled = make_drafts(handoff, analysis)
    assert pools == [True]
    draft.POOL_MIN_CUSTOMERS = 10**9  # restored by monkeypatch
    assert make_drafts(handoff, analysis) == pooled
    assert pools == [True]
    assert len({d.customer for d in pooled}) > 2
