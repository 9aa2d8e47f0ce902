"""Starting a handoff folder from the files a person already has.

``blitz init NAME FILE…`` copies the files into ``handoffs/NAME/``, each into a
subfolder for what intake recognizes it as (``exports/``, ``threads/``,
``notes/``, ``pdfs/``, ``other/``), and writes a ``handoff.yaml`` holding what
Blitz could tell — a title, the export's "As of" date — with comments for what
it could not. Planning (:func:`plan_handoff`) is pure; :func:`create` is the
only function that writes, and it never overwrites anything.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import textwrap
from datetime import date
from pathlib import Path, PurePosixPath

from generator.intake.model import FileKind, FileReading
from generator.manifest import MANIFEST_NAME
from generator.problems import Frozen
from generator.render.text import yaml_string

KIND_FOLDERS: dict[FileKind, str] = {
    "aging": "exports",
    "aging_summary": "exports",
    "invoice_list": "exports",
    "contacts": "exports",
    "email": "threads",
    "notes": "notes",
    "invoice_pdf": "pdfs",
    "manifest": "other",
    "unused": "other",
}
KIND_WORDS: dict[FileKind, str] = {
    "aging": "A/R aging export",
    "aging_summary": "A/R aging summary (totals per customer)",
    "invoice_list": "invoice list",
    "contacts": "contact list",
    "email": "email",
    "notes": "internal notes",
    "invoice_pdf": "invoice PDF",
    "manifest": "not used",
    "unused": "not recognized",
}
AS_OF_PLACEHOLDER = "YYYY-MM-DD"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../docs/schema/handoff.schema.json"


class Recognized(Frozen):
    """One file the person gave, and what intake made of it."""

    given: str  # the path as the person typed it (or found inside a folder they gave)
    reading: FileReading
    inner: str = ""  # its path inside the folder they gave ("acme/re-reminder.eml"); the name alone if none


class Plan(Frozen):
    """What ``blitz init`` will create: copies, the manifest text and what it could not tell."""

    folder: str  # handoffs/NAME
    copies: tuple[tuple[str, str], ...]  # (given path, destination inside the folder)
    kinds: tuple[str, ...]  # what each copy was recognized as, in plain words
    manifest: str
    unsure: tuple[str, ...]  # what Blitz could not tell, each a sentence saying what to do
    as_of: date | None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a handoff folder's name, or ``None`` when it can."""
    if NAME_PATTERN.match(name):
        return None
    return (
        f"'{name}' cannot be a handoff name; use letters, digits, '-', '_' or '.', "
        "starting with a letter or digit, e.g. 2026-04-aging"
    )


def title_from_name(name: str) -> str:
    """A first title from the folder name: ``2026-04-aging`` → ``2026-04 aging``, ``may_review`` → ``May review``."""
    spaced = re.sub(r"(?<=\D)[-_.]|[-_.](?=\D)", " ", name)
    spaced = " ".join(spaced.split())
    return spaced[:1].upper() + spaced[1:]


def _destination(folder: str, inner: str, taken: set[str]) -> str:
    """``folder/inner``, or ``folder/…/name-2.ext`` (and so on) when that is taken, ignoring case."""
    path = PurePosixPath(folder, inner)
    candidate, number = path.as_posix(), 2
    while candidate.casefold() in taken:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}").as_posix()
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _as_of(copies: list[tuple[Recognized, str]]) -> tuple[date | None, str, list[str]]:
    """The as-of date the exports state, the comment beside it, and what is unsure about it."""
    found = sorted({(r.reading.detected_as_of, dest) for r, dest in copies if r.reading.detected_as_of})
    dates = sorted({when for when, _ in found})
    fill_in = f"replace {AS_OF_PLACEHOLDER} after 'as_of:' in handoff.yaml with the date the aging export describes"
    if len(dates) == 1:
        where = ", ".join(dest for _, dest in found)
        return dates[0], f'the "As of" date in {where}', []
    if not dates:
        return None, "FILL IN: the date the aging export describes", [
            f"Blitz found no \"As of\" date in the files; {fill_in}."
        ]
    listed = "; ".join(f"{when.isoformat()} in {dest}" for when, dest in found)
    return None, "FILL IN: the exports disagree, see below", [
        f"The exports state different as-of dates ({listed}); a handoff describes one date. "
        f"Keep the exports for that date and {fill_in}."
    ]


def _manifest(title: str, as_of: date | None, as_of_note: str, unsure: list[str], unused: list[str],
              date_order: bool) -> str:
    value = as_of.isoformat() if as_of else AS_OF_PLACEHOLDER
    lines = [
        SCHEMA_COMMENT,
        "#",
        "# Started by `blitz init`. Check every line, fill in what says FILL IN, then run",
        "# `blitz prepare` on this folder. docs/templates/handoff.yaml explains every key.",
    ]
    if unsure:
        lines += ["#", "# What Blitz could not tell:"]
        for sentence in unsure:
            wrapped = textwrap.wrap(sentence, width=84, break_on_hyphens=False, break_long_words=False)
            lines += [f"#   {'-' if n == 0 else ' '} {part}" for n, part in enumerate(wrapped)]
    lines += [
        "",
        f"title: {yaml_string(title)}  # a short name for this review; change it as you like",
        f"as_of: {value}  # {as_of_note}",
        "# prepared_by: Your Name  # who put the handoff together",
        "# notes: Anything the reviewer should know before reading the packet.",
        "# do_not:  # what must not happen without approval",
        "#   - Do not contact a customer whose renewal is being negotiated",
    ]
    if date_order:
        lines += ["# date_order: MDY  # FILL IN: MDY if 03/04/2026 means March 4, DMY if it means 3 April"]
    if unused:
        lines += ["# sources:  # what a file is, where Blitz could not tell: aging, invoice_list, contacts,"]
        lines += ["#           # email, notes, invoice_pdf, or ignore (keep it, but do not read it)"]
        lines += [f"#   {yaml_string(path)}: ignore" for path in unused]
    return "\n".join(lines) + "\n"


def plan_handoff(name: str, recognized: list[Recognized], handoffs_dir: str = "handoffs") -> Plan:
    """Decide where each file goes and what ``handoff.yaml`` says; nothing is written here."""
    taken: set[str] = {MANIFEST_NAME.casefold()}
    copies: list[tuple[Recognized, str]] = []
    for item in recognized:
        folder = KIND_FOLDERS[item.reading.file.kind]
        copies.append((item, _destination(folder, item.inner or PurePosixPath(item.given).name, taken)))
    as_of, as_of_note, unsure = _as_of(copies)
    unused = [dest for item, dest in copies if item.reading.file.kind in ("unused", "manifest")]
    for item, dest in copies:
        if item.reading.file.kind in ("unused", "manifest"):
            unsure.append(
                f"{dest} was copied but not recognized: {item.reading.file.description}. If it is an export, "
                "email or notes, name its kind under 'sources:' in handoff.yaml; otherwise delete it."
            )
    # Intake's problem for dates it cannot order tells the user to set date_order.
    undecided = sorted(dest for item, dest in copies if any("date_order" in p.message for p in item.reading.problems))
    if undecided:
        unsure.append(
            f"Dates in {', '.join(undecided)} could be read month-first or day-first; "
            "uncomment 'date_order:' in handoff.yaml and set it to MDY or DMY."
        )
    return Plan(
        folder=f"{handoffs_dir}/{name}",
        copies=tuple((item.given, dest) for item, dest in copies),
        kinds=tuple(KIND_WORDS[item.reading.file.kind] for item, _ in copies),
        manifest=_manifest(title_from_name(name), as_of, as_of_note, unsure, unused, bool(undecided)),
        unsure=tuple(unsure),
        as_of=as_of,
    )


def next_steps(plan: Plan, blitz: str = "blitz") -> list[str]:
    """The commands a person runs next, numbered, as plain lines to print."""
    name = PurePosixPath(plan.folder).name
    steps = []
    if plan.unsure:
        steps.append(f"Open {plan.folder}/{MANIFEST_NAME} and settle what Blitz could not tell (listed at its top).")
    steps += [
        f"Work on a branch:     git switch -c handoff/{name}   (skip this if you are on one already)",
        f"Prepare the packet:   {blitz} prepare {plan.folder}",
        f"Save it in git:       git add {plan.folder} docs/packets/{name}",
        f'                      git commit -m "Handoff {name}"',
        f"Send it for review:   git push -u origin handoff/{name}",
        f"Open a pull request for the branch handoff/{name} on GitHub; the controller reviews and merges it.",
    ]
    numbered, number = [], 0
    for step in steps:
        if step.startswith(" "):
            numbered.append(f"    {step}")
        else:
            number += 1
            numbered.append(f" {number}. {step}")
    return numbered


def gather(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    """The files the person named: files as they are, folders by their files (hidden ones skipped).

    Returns each file with its path inside the folder it was found in (its name
    alone for a file named directly), in a stable order, and one message per
    path that does not exist.
    """
    files: list[tuple[Path, str]] = []
    missing: list[str] = []
    for path in paths:
        if path.is_file():
            files.append((path, path.name))
        elif path.is_dir():
            files += sorted(
                (p, p.relative_to(path).as_posix()) for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            missing.append(f"{path.as_posix()}: no such file or folder; check the name and try again")
    return files, missing


def create(root: Path, plan: Plan, files: dict[str, Path]) -> None:
    """Write the planned handoff folder in one step: assembled beside it, then moved into place.

    ``files`` maps each planned ``given`` path to the file to copy. Refuses
    (``FileExistsError``) if the folder appeared meanwhile; nothing is overwritten.
    """
    target = root / plan.folder
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for given, dest in plan.copies:
            copy = staging / dest
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(files[given], copy)
        with open(staging / MANIFEST_NAME, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(plan.manifest)
        staging.chmod(0o755)  # mkdtemp makes it 0700; the handoff is shared in git
        if target.exists():
            raise FileExistsError(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
