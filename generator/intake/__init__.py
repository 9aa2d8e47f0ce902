"""Intake: read a handoff folder into typed facts, recognizing each file by its content.

``load_handoff`` walks the folder in a fixed order, hands each file to the
reader its content calls for and gathers facts and problems. One broken file
gives problems while the rest still load; nothing here raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from generator.intake.mail import count_once
from generator.intake.model import FileReading, Handoff, InvoiceLine, SourceFile
from generator.intake.money import format_money
from generator.intake.parallel import Job, read_files
from generator.manifest import MANIFEST_NAME, Manifest, Policy, SourceKind, as_of_problems, load_manifest
from generator.problems import Problem, Source, error, warning

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"}


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the repository root, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def list_files(folder: Path, root: Path) -> tuple[list[tuple[Path, Path]], list[Problem]]:
    """Every regular file under ``folder`` in a stable order, with the real path it names.

    Links leading outside the folder are refused. Only a link needs resolving: the
    walk never enters a linked folder, so every other file's real path is the
    folder's own real path followed by the same names.
    """
    files: list[tuple[Path, Path]] = []
    problems: list[Problem] = []
    base = folder.resolve()
    top = os.fspath(folder)
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        real = base / dirpath[len(top):].lstrip(os.sep)
        for name in dirnames:  # os.walk does not go into linked folders; one leading outside is said
            path = here / name
            if path.is_symlink() and not path.resolve().is_relative_to(base):
                problems.append(error(
                    Source(path=relative(path, root)),
                    "this link points to a folder outside the handoff folder and was not read; copy the files in "
                    "instead",
                ))
        for name in sorted(filenames):
            if name.startswith(".") or name in IGNORED_NAMES or (name == MANIFEST_NAME and dirpath == top):
                continue
            path = here / name
            target = path.resolve() if path.is_symlink() else real / name
            if not target.is_relative_to(base):
                problems.append(
                    error(
                        Source(path=relative(path, root)),
                        "this link points outside the handoff folder and was not read; copy the file in instead",
                    )
                )
                continue
            if target.is_file():
                files.append((path, target))
            elif target.exists():  # a named pipe or device: reading it could wait forever
                problems.append(warning(Source(path=relative(path, root)),
                                        "this is not a regular file and was not read; remove it from the folder"))
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


MAX_OPEN_ITEMS = 100_000  # far above the largest handoff a team reviews; beyond it prepare takes minutes


def _stated_dates(readings: list[FileReading], manifest: Manifest) -> list[Problem]:
    """An export whose own title gives another date than ``as_of``: ages would be counted from the wrong day."""
    return [
        warning(
            Source(path=r.file.path),
            f"this export says it is as of {r.detected_as_of.isoformat()}, but handoff.yaml says as_of: "
            f"{manifest.as_of.isoformat()}; days overdue are counted from as_of, so correct it or export the "
            "report again for that date",
        )
        for r in readings
        if r.detected_as_of is not None and r.detected_as_of != manifest.as_of
    ]


def _across_files(readings: list[FileReading]) -> list[Problem]:
    """The same open item in two exports: its balance would count twice, or the exports disagree."""
    first: dict[str, InvoiceLine] = {}
    problems: list[Problem] = []
    for reading in readings:
        here: set[str] = set()
        for line in reading.invoices:
            key = line.number.strip().upper()
            seen = first.get(key)
            if seen is None:
                first[key] = line
            elif seen.source.path != line.source.path and key not in here:
                here.add(key)
                where = f"{seen.source.path} line {seen.source.line}" if seen.source.line else seen.source.path
                if (seen.open_amount, seen.currency) != (line.open_amount, line.currency):
                    said = (f"with a different open balance ({_money(seen)} there, {_money(line)} here); "
                            "keep only the export that is current")
                else:
                    said = "too, so its balance would count twice; if both files are the same report, keep one"
                problems.append(warning(
                    line.source,
                    f"{line.number} is also in {where} {said} (or mark the other 'ignore' under sources: in "
                    "handoff.yaml)",
                    subject=line.number,
                ))
    return problems


def _money(line: InvoiceLine) -> str:
    return "no amount" if line.open_amount is None else format_money(line.open_amount, line.currency)


Progress = Callable[[int, int, str], None]
"""Told ``(done, total, path)`` as each file is read, for a progress bar on a terminal."""


def load_handoff(
    folder: Path, root: Path, policy: Policy, progress: Progress | None = None, today: dt.date | None = None
) -> tuple[Handoff | None, list[Problem]]:
    """Read one handoff folder. ``None`` when the manifest itself cannot be used.

    ``today``, given by the CLI, lets an ``as_of`` in the future be refused.
    """
    rel_folder = relative(folder, root)
    manifest, problems = load_manifest(folder, rel_folder)
    if manifest is None:
        return None, problems
    if today is not None:
        problems += as_of_problems(manifest, folder, rel_folder, today)
    kinds, kind_problems = _explicit_kinds(manifest, folder, rel_folder)
    listed, walk_problems = list_files(folder, root)
    problems += kind_problems + walk_problems
    inside = root.resolve().as_posix().rstrip("/") + "/"
    jobs = []
    for path, target in listed:
        real = target.as_posix()
        rel = real[len(inside):] if real.startswith(inside) else path.as_posix()
        jobs.append(Job(path, rel, kinds.get(target)))
    readings = read_files(jobs, manifest, progress)
    for reading in readings:
        problems.extend(reading.problems)
    problems += _stated_dates(readings, manifest) + _across_files(readings)
    open_items = sum(len(r.invoices) for r in readings)
    if open_items > MAX_OPEN_ITEMS:
        return None, [*problems, error(
            Source(path=rel_folder),
            f"the exports list {open_items:,} open items; one packet holds at most {MAX_OPEN_ITEMS:,}. "
            "Split the review into several handoff folders, e.g. by region or by customer range",
        )]
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
