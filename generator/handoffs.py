"""The handoff folders of a repository, and which of them a set of changed files touches.

A handoff folder is a folder directly under ``handoffs/``. Its packet lives in
``docs/packets/<same name>/``. A change to ``handoffs/policy.yml`` or to the
team's draft templates touches every handoff for checking, since they shape
every packet; for freshness it touches none, since a packet already approved
is a record of what was decided and is not redrafted because the policy moved on. Commands that take changed
files (pre-commit passes them) use :func:`touched_handoffs` to find the
handoff folders to check.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.manifest import MANIFEST_NAME, POLICY_PATH

HANDOFFS_DIR = "handoffs"


def all_handoffs(root: Path, templates_dir: str | None = None) -> list[str]:
    """Every handoff folder under ``handoffs/``, as ``handoffs/<id>``, sorted.

    A folder without ``handoff.yaml`` still counts (checking it says what is
    missing), except hidden folders and the policy's templates folder.
    """
    base = root / HANDOFFS_DIR
    if not base.is_dir():
        return []
    skip = PurePosixPath(templates_dir).as_posix().strip("/") if templates_dir else None
    found = []
    for child in sorted(base.iterdir()):
        rel = f"{HANDOFFS_DIR}/{child.name}"
        if child.is_dir() and not child.name.startswith(".") and rel != skip:
            found.append(rel)
    return found


def touched_handoffs(
    root: Path,
    paths: list[str],
    docs_dir: str = "docs",
    templates_dir: str | None = None,
    shared_touches_all: bool = True,
) -> list[str]:
    """The handoff folders that ``paths`` (folders or files, relative to ``root``) belong to.

    ``handoffs/<id>/…`` and ``<docs_dir>/packets/<id>/…`` belong to ``handoffs/<id>``;
    ``handoffs/policy.yml`` and the team's templates folder to every handoff
    (unless ``shared_touches_all`` is false); anything else to none.
    """
    everything = all_handoffs(root, templates_dir)
    packets = PurePosixPath(Path(docs_dir).as_posix(), "packets").parts
    templates = PurePosixPath(templates_dir).parts if templates_dir else None
    touched: set[str] = set()
    for raw in paths:
        parts = PurePosixPath(Path(raw).as_posix()).parts
        if "/".join(parts) == POLICY_PATH or (templates and parts[: len(templates)] == templates):
            if shared_touches_all:
                return everything
            continue
        if len(parts) >= 2 and parts[0] == HANDOFFS_DIR:
            folder = f"{HANDOFFS_DIR}/{parts[1]}"
        elif len(parts) > len(packets) and parts[: len(packets)] == packets:
            folder = f"{HANDOFFS_DIR}/{parts[len(packets)]}"
        else:
            continue
        if folder in everything or (root / folder / MANIFEST_NAME).is_file():
            touched.add(folder)
    return sorted(touched)
