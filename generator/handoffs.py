"""The handoff folders of a repository, and which of them a set of changed files touches.

A handoff folder is a folder directly under ``handoffs/``. Its packet lives in
``docs/packets/<same name>/``. A change to ``handoffs/policy.yml`` touches every
handoff, since the policy shapes every packet. Commands that take changed
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
    root: Path, paths: list[str], docs_dir: str = "docs", templates_dir: str | None = None
) -> list[str]:
    """The handoff folders that ``paths`` (folders or files, relative to ``root``) belong to.

    ``handoffs/<id>/…`` and ``<docs_dir>/packets/<id>/…`` belong to ``handoffs/<id>``;
    ``handoffs/policy.yml`` to every handoff; anything else to none.
    """
    everything = all_handoffs(root, templates_dir)
    packets = PurePosixPath(Path(docs_dir).as_posix(), "packets").parts
    touched: set[str] = set()
    for raw in paths:
        parts = PurePosixPath(Path(raw).as_posix()).parts
        if "/".join(parts) == POLICY_PATH:
            return everything
        if len(parts) >= 2 and parts[0] == HANDOFFS_DIR:
            folder = f"{HANDOFFS_DIR}/{parts[1]}"
        elif len(parts) > len(packets) and parts[: len(packets)] == packets:
            folder = f"{HANDOFFS_DIR}/{parts[len(packets)]}"
        else:
            continue
        if folder in everything or (root / folder / MANIFEST_NAME).is_file():
            touched.add(folder)
    return sorted(touched)
