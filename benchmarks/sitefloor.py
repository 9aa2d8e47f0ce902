"""The floor for the site build: plain MkDocs Material, as many plain pages, a short navigation.

The pages hold a heading, a paragraph and a small table, padded to the mean
size of the packet's Markdown pages, so the floor converts about as much text
as the real site does, with none of the plugin's work.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = """site_name: Plain pages
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - tables
  - toc
  - admonition
  - attr_list
nav:
  - Home: index.md
  - First page: pages/page-00001.md
not_in_nav: |
  /pages/**
"""

PARAGRAPH = ("Customer {n} has open invoices under review. The balance, the aging bucket and the next step are "
             "listed below, with the source of each figure. ")


def page(number: int, chars: int) -> str:
    rows = "\n".join(f"| INV-{100000 + number * 10 + row} | 2026-04-{row + 10:02d} | {1000 + row * 37}.00 |"
                     for row in range(8))
    text = f"# Page {number:05d}\n\n{PARAGRAPH.format(n=number)}\n\n| Invoice | Due | Open |\n|---|---|---:|\n{rows}\n"
    padding = max(0, chars - len(text))
    filler = (PARAGRAPH.format(n=number) * (padding // len(PARAGRAPH) + 1))[:padding]
    return f"{text}\n{filler}\n" if filler else text


def plain_site(project: Path, pages: int, chars: int) -> Path:
    """Write the plain project (replaced if present) with ``pages`` HTML pages in all."""
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs" / "pages"
    docs.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(CONFIG)
    links = "\n".join(f"- [Page {n:05d}](pages/page-{n:05d}.md)" for n in range(1, min(pages, 50)))
    (project / "docs" / "index.md").write_text(f"# Plain pages\n\n{links}\n")
    for number in range(1, max(2, pages)):
        (docs / f"page-{number:05d}.md").write_text(page(number, chars))
    return project
