"""Draft pages in the working tree, and the one front-matter key approval reads: ``decision``.

Nothing else in a page's front matter counts: a page that says ``state:
approved`` or ``approved: true`` about itself is judged by its history like
any other.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_HEAD_BYTES = 64 * 1024
_DECISION = re.compile(r"^decision[ \t]*:(.*)$", re.MULTILINE)
_PLAIN = re.compile(r"^[ \t]*([A-Za-z][A-Za-z_-]*)[ \t]*(?:[ \t]#.*)?\r?$")


def draft_pages(root: Path, docs_dir: str = "docs") -> list[str]:
    """Every ``<docs_dir>/packets/<id>/drafts/*.md`` under ``root``, relative to it, sorted.

    Hidden folders (a packet being written, editor backups) are skipped.
    """
    base = root / docs_dir / "packets"
    if not base.is_dir():
        return []
    pages = []
    for path in base.glob("*/drafts/**/*.md"):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            pages.append(rel.as_posix())
    return sorted(pages)


def front_matter(text: str) -> str | None:
    """The YAML between a page's opening ``---`` line and the next ``---`` (or ``...``) line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r").rstrip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r").rstrip() in ("---", "..."):
            return "\n".join(lines[1:number])
    return None


def decision(text: str) -> str | None:
    """The page's top-level ``decision:`` value (lower case), if its front matter has one."""
    block = front_matter(text)
    if block is None:
        return None
    match = _DECISION.search(block)
    if match is None:
        return None
    plain = _PLAIN.match(match.group(1))
    if plain:  # the usual `decision: hold`, without a YAML parser per page
        return plain.group(1).lower()
    try:
        value = yaml.safe_load("decision:" + match.group(1))
    except yaml.YAMLError:
        return None
    found = value.get("decision") if isinstance(value, dict) else None
    return str(found).strip().lower() if found is not None else None


def is_held(path: Path) -> bool:
    """True when a reviewer set ``decision: hold`` in the page's front matter."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False
    return decision(head.decode("utf-8-sig", errors="replace")) == "hold"
