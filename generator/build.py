"""The pipeline in one place: a handoff folder in, the pages of its packet out.

    policy    = load_policy(root)                     # handoffs/policy.yml
    templates = load_templates(root, policy)          # the team's own wording, if any
    handoff   = load_handoff(folder, root, policy)    # intake: typed facts + problems
    analysis  = analyze(handoff)                      # pure judgment: status, evidence, unknowns
    drafts    = make_drafts(handoff, analysis, templates)  # customer reminders, internal notes
    pages     = render_packet(...)                    # Markdown + packet.json, as strings

``write_packet`` is the only place that touches the packet folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.analyze import analyze
from generator.analyze.model import Analysis
from generator.draft import make_drafts
from generator.draft.model import Draft
from generator.draft.templates import load_templates
from generator.intake import Progress, load_handoff
from generator.intake.model import Handoff
from generator.manifest import load_policy
from generator.problems import Problem, Source, error, sort_problems
from generator.render import render_packet
from generator.render.edits import keep_reviewer_edits


@dataclass(frozen=True)
class Packet:
    """A prepared packet: what was read, concluded, drafted, and the text of every page."""

    handoff: Handoff
    analysis: Analysis
    drafts: tuple[Draft, ...]
    pages: dict[str, str]


def prepare(
    folder: Path, root: Path, progress: Progress | None = None, today: dt.date | None = None
) -> tuple[Packet | None, list[Problem]]:
    """Run the whole pipeline for one handoff folder. ``None`` when nothing usable was read.

    ``today`` (the CLI's date; the pipeline never reads the clock) refuses an ``as_of`` in the future.
    """
    policy, problems = load_policy(root)
    templates, template_problems = load_templates(root, policy)  # the team's own wording, if any
    handoff, intake_problems = load_handoff(folder, root, policy, progress, today)
    problems = sort_problems(problems + template_problems + intake_problems)
    if handoff is None:
        return None, problems
    analysis = analyze(handoff)
    problems = sort_problems(problems + list(analysis.problems))  # warnings about the policy's playbook
    drafts = make_drafts(handoff, analysis, templates)
    pages = render_packet(handoff, analysis, drafts, problems)
    return Packet(handoff, analysis, drafts, pages), problems


def packet_dir(docs_dir: Path, handoff_id: str) -> Path:
    return docs_dir / "packets" / handoff_id


def read_packet(directory: Path) -> dict[str, str]:
    """The text files of an existing packet folder (for keeping reviewer edits).

    Links are not followed: a page linked to a file elsewhere would otherwise be
    "kept" and copy that file's text into the packet.
    """
    if not directory.is_dir():
        return {}
    pages: dict[str, str] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix in (".md", ".json", ".csv"):
            pages[path.relative_to(directory).as_posix()] = path.read_text("utf-8")
    return pages


def _links(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return [path.relative_to(directory).as_posix() for path in sorted(directory.rglob("*")) if path.is_symlink()]


def target_problems(docs_dir: Path, directory: Path) -> list[Problem]:
    """Why a packet cannot be written to ``directory``: a file, or a link to another place, in the way.

    A packet is only ever written into real folders, so a link committed in
    place of ``docs/`` or a packet folder cannot send the output elsewhere.
    """
    for path in (docs_dir, directory.parent, directory):
        where = Source(path=path.as_posix())
        if path.is_symlink():
            return [error(where, "this is a link to another place; packets are written only into real folders, "
                                 "so replace the link with a folder and run this again")]
        if path.exists() and not path.is_dir():
            return [error(where, "this is a file where a folder is needed; move it away, or give another folder "
                                 "with --docs-dir, and run this again")]
    return []


def write_packet(directory: Path, pages: dict[str, str]) -> list[str]:
    """Write the packet atomically, keeping pages a reviewer edited. Returns notices.

    Pages are written to a temporary folder beside the packet, which then takes
    the old folder's place; a failure at any point leaves the previous packet as
    it was.
    """
    merged, notices = keep_reviewer_edits(read_packet(directory), pages)
    notices += [f"{rel}: was a link to another file and is left out; the packet holds only its own pages"
                for rel in _links(directory)]
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        folders = {staging}
        for rel, text in merged.items():
            target = staging / rel
            if target.parent not in folders:  # thousands of pages share a handful of folders
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_bytes(text.encode("utf-8"))  # "\n" as written, on every platform
        staging.chmod(0o755)  # mkdtemp makes it 0700; the packet is shared in git
        old = directory.with_name(f".{directory.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if directory.exists():
            directory.rename(old)
        staging.rename(directory)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return notices
