"""Reusing a packet whose inputs have not changed, so a second ``blitz prepare`` takes a moment.

A prepare is a pure function of its inputs: the handoff folder's files,
``handoffs/policy.yml``, the team's templates, and Blitz itself (its version,
its own files and the libraries that shape its output), plus the packet folder
it finds (reviewer edits are kept). The one thing it takes from the clock, an
``as_of`` later than today, is an error, and a run with errors writes and
records nothing. After writing a packet, ``remember`` records a digest of those
inputs and a digest of every file the packet folder then holds, in
``.blitz/prepared/<id>-<hash of the packet folder's path>.json`` at the
repository root (a folder git ignores through the ``.gitignore`` it carries).
The next prepare with the same input digest, finding the packet folder exactly
as it was left, would write the same bytes again: ``recall`` returns what that
run reported instead, and nothing is read or written. Any difference (an input,
the code, a page edited, added or deleted since) means a full prepare.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from pydantic import Field, ValidationError

from generator.build import read_packet
from generator.manifest import POLICY_PATH, load_policy
from generator.problems import Frozen, Problem
from generator.render.edits import keep_reviewer_edits

CACHE_DIR = ".blitz/prepared"
_LIBRARIES = ("blitz-ar-packets", "pydantic", "jinja2", "pyyaml", "python-calamine", "pypdf", "openpyxl", "pandas")


class Prepared(Frozen):
    """What one prepare was made from, what it left in the packet folder, and what it said."""

    inputs: str  # digest of everything the packet was made from
    packet: str  # the packet folder, as given on the command line
    files: dict[str, str]  # packet file (relative, posix) → sha256 of its bytes
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    counts: dict[str, int] = Field(default_factory=dict)


def _hash_file(digest: hashlib._Hash, path: Path) -> None:
    digest.update(path.read_bytes())  # inputs and pages are at most a few hundred MB; most are small


def _hash_tree(digest: hashlib._Hash, label: str, folder: Path, suffixes: Iterable[str] | None = None) -> None:
    """Every file under ``folder`` (names and bytes, in a fixed order), links by their target."""
    wanted = tuple(suffixes) if suffixes is not None else None
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if wanted is not None and not name.endswith(wanted):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            digest.update(f"\0{label}/{rel}\0".encode("utf-8", "surrogateescape"))
            if path.is_symlink():
                digest.update(str(path.readlink()).encode("utf-8", "surrogateescape"))
            if not path.is_file():  # a named pipe or a device: opening it could wait forever
                digest.update(b"\0not a regular file")
                continue
            try:
                _hash_file(digest, path)
            except OSError as exc:  # unreadable: prepare will say so; the digest just differs
                digest.update(f"\0unreadable {exc.errno}".encode())


def _library_versions() -> str:
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return ";".join(versions)


def input_digest(folder: Path, root: Path) -> str:
    """A digest of everything a prepare of ``folder`` (run from ``root``) is made from."""
    digest = hashlib.sha256()
    digest.update(f"blitz {folder.resolve().as_posix()} {root.resolve().as_posix()}\0".encode())
    digest.update(_library_versions().encode())
    _hash_tree(digest, "generator", Path(__file__).resolve().parent, (".py", ".yml", ".yaml", ".j2", ".css", ".js"))
    policy_path = root / POLICY_PATH
    if policy_path.is_file():
        digest.update(b"\0policy\0")
        _hash_file(digest, policy_path)
    policy, _ = load_policy(root)
    if policy.templates_dir and (root / policy.templates_dir).is_dir():
        _hash_tree(digest, "templates", root / policy.templates_dir)
    _hash_tree(digest, "handoff", folder)
    return digest.hexdigest()


def packet_files(directory: Path) -> dict[str, str]:
    """Every file in the packet folder → sha256 of its bytes."""
    files: dict[str, str] = {}
    if not directory.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath) / name
            files[path.relative_to(directory).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(files.items()))


def _record_path(root: Path, packet: Path) -> Path:
    where = hashlib.sha256(packet.as_posix().encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return root / CACHE_DIR / f"{packet.name}-{where}.json"


def recall(root: Path, packet: Path, inputs: str) -> Prepared | None:
    """What the last prepare of this packet reported, when it would write the same files again."""
    path = _record_path(root, packet)
    try:
        record = Prepared.model_validate_json(path.read_bytes())
    except (OSError, ValueError, ValidationError):
        return None
    if record.inputs != inputs or record.packet != packet.as_posix():
        return None
    try:
        if packet_files(packet) != record.files:
            return None
    except OSError:
        return None
    return record


def remember(
    root: Path,
    packet: Path,
    inputs: str,
    pages: dict[str, str],
    problems: list[Problem],
    notices: list[str],
    counts: dict[str, int],
) -> None:
    """Record a prepare that just wrote ``packet`` from ``pages``; silently skipped if it cannot be.

    Nothing is recorded when preparing again on top of this packet could still
    change it (keeping a reviewer's edit is meant to settle in one run; ``notices``
    name the pages that were kept), so a reused packet is always the one a full
    prepare would leave.
    """
    try:
        if notices:  # reviewer edits were kept: make sure keeping them again changes nothing
            on_disk = read_packet(packet)
            again, _ = keep_reviewer_edits(on_disk, pages)
            if again != on_disk:
                return
        record = Prepared(
            inputs=inputs, packet=packet.as_posix(), files=packet_files(packet), problems=tuple(problems),
            notices=tuple(notices), counts=counts,
        )
        path = _record_path(root, packet)
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Blitz's own records of earlier runs; never commit them.\n*\n", encoding="utf-8")
        partial = path.with_suffix(".json.partial")
        partial.write_text(json.dumps(record.model_dump(mode="json"), sort_keys=True), encoding="utf-8")
        partial.replace(path)
    except (OSError, UnicodeDecodeError):
        return
