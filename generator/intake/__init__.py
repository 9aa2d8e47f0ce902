"""Intake: read a handoff folder into typed facts, recognizing each file by its content.

``load_handoff`` walks the folder in a fixed order, hands each file to the
reader its content calls for and gathers facts and problems. One broken file
gives problems while the rest still load; nothing here raises for bad input.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from generator.intake.mail import count_once
from generator.intake.model import FileReading, Handoff, SourceFile
from generator.intake.readers import read_file
from generator.manifest import MANIFEST_NAME, Manifest, Policy, SourceKind, load_manifest
from generator.problems import Problem, Source, error

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the repository root, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def list_files(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """Every regular file under ``folder`` in a stable order; links leading outside are refused."""
    files: list[Path] = []
    problems: list[Problem] = []
    base = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES or (name == MANIFEST_NAME and Path(dirpath) == folder):
                continue
            path = Path(dirpath) / name
            target = path.resolve()
            if not target.is_relative_to(base):
                problems.append(
                    error(
                        Source(path=relative(path, root)),
                        "this link points outside the handoff folder and was not read; copy the file in instead",
                    )
                )
                continue
            if target.is_file():
                files.append(path)
    return files, problems


def _explicit_kinds(manifest: Manifest, folder: Path, rel_folder: str) -> tuple[dict[Path, SourceKind], list[Problem]]:
    kinds: dict[Path, SourceKind] = {}
    problems: list[Problem] = []
    where = Source(path=f"{rel_folder}/{MANIFEST_NAME}")
    base = folder.resolve()
    for name, kind in sorted(manifest.sources.items()):
        candidate = (folder / name).resolve()
        if Path(name).is_absolute() or not candidate.is_relative_to(base):
            problems.append(error(where, f"sources: '{name}' is outside the handoff folder; name files inside it"))
        elif not candidate.is_file():
            problems.append(error(where, f"sources: '{name}' does not exist in the handoff folder"))
        else:
            kinds[candidate] = kind
    return kinds, problems


Progress = Callable[[int, int, str], None]
"""Told ``(done, total, path)`` as each file is read, for a progress bar on a terminal."""


def load_handoff(
    folder: Path, root: Path, policy: Policy, progress: Progress | None = None
) -> tuple[Handoff | None, list[Problem]]:
    """Read one handoff folder. ``None`` when the manifest itself cannot be used."""
    rel_folder = relative(folder, root)
    manifest, problems = load_manifest(folder, rel_folder)
    if manifest is None:
        return None, problems
    kinds, kind_problems = _explicit_kinds(manifest, folder, rel_folder)
    paths, walk_problems = list_files(folder, root)
    problems += kind_problems + walk_problems
    readings: list[FileReading] = []
    for done, path in enumerate(paths, start=1):
        rel = relative(path, root)
        readings.append(read_file(path, rel, kinds.get(path.resolve()), manifest))
        if progress:
            progress(done, len(paths), rel)
    for reading in readings:
        problems.extend(reading.problems)
    manifest_file = SourceFile(path=f"{rel_folder}/{MANIFEST_NAME}", kind="manifest", description="handoff manifest")
    handoff = Handoff(
        id=folder.resolve().name,
        path=rel_folder,
        manifest=manifest,
        policy=policy,
        files=(manifest_file, *(r.file for r in readings)),
        invoices=tuple(i for r in readings for i in r.invoices),
        records=tuple(i for r in readings for i in r.records),
        balances=tuple(b for r in readings for b in r.balances),
        export_totals=tuple(t for r in readings for t in r.export_totals),
        contacts=tuple(c for r in readings for c in r.contacts),
        messages=count_once(m for r in readings for m in r.messages),
        notes=tuple(n for r in readings for n in r.notes),
        documents=tuple(d for r in readings for d in r.documents),
    )
    return handoff, problems
