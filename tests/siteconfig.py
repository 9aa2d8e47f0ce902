"""The Markdown extensions this project's ``mkdocs.yml`` enables, as MkDocs loads them."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def site_extensions() -> list[object]:
    """Extension names in MkDocs' order: its own toc, tables and fenced_code first, then mkdocs.yml's."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    names: list[object] = ["toc", "tables", "fenced_code"]
    for item in config.get("markdown_extensions", []):
        name = item if isinstance(item, str) else next(iter(item))
        if name not in names:
            names.append(name)
    return names
