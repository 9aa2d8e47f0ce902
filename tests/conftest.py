"""Shared test fixtures: repository paths, the shared corpora, golden files."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture
def corpora() -> Path:
    """``../shared/corpora``; tests that need it skip when it is absent."""
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present on this machine")
    return CORPORA


class Golden:
    """Compare text with a file under tests/golden/, or rewrite it with --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str) -> None:
        self.check_file(GOLDEN / name, actual)

    def check_file(self, path: Path, actual: str) -> None:
        name = path.name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"no golden file {path}; run pytest with --update-golden and review the diff"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from its golden file; review and run with --update-golden"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))


@pytest.fixture
def fork_pools(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Two cores, as on the machines Blitz is measured on; the list says whether each worker pool started."""
    from generator import parallel

    started: list[bool] = []
    make = parallel.fork_pool

    def pool(workers: int) -> ProcessPoolExecutor | None:
        executor = make(workers)
        started.append(executor is not None)
        return executor

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "fork_pool", pool)
    return started
