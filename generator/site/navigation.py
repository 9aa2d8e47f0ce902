"""The site navigation: the home page, one entry per packet (its brief), then the guides and reference.

The navigation grows with the number of packets, never with customers or
drafts: MkDocs renders the whole navigation into every page, so a nav with a
page per customer makes builds quadratic (DESIGN.md, "Scale and speed").
Customer, draft and other packet pages are reached from the brief's links and
tables, and through search.
"""

from __future__ import annotations

from html import escape
from typing import Any

from generator.site.catalog import PacketEntry
from generator.site.titles import safe_title

SECTION = "Packets"
HOME = "Home"
HELP = "Help"


def packet_title(packet: PacketEntry) -> str:
    """The nav title: the handoff's title and its as-of date, as a safe title (see ``titles``)."""
    text = f"{packet.title} ({packet.as_of.isoformat()})" if packet.as_of else packet.title
    return safe_title(escape(text))  # the handoff's title is plain text, not HTML


def _mentions_packets(item: Any) -> bool:
    if isinstance(item, str):
        return item.startswith("packets/")
    if isinstance(item, dict):
        return any(_mentions_packets(value) for value in item.values())
    if isinstance(item, list):
        return any(_mentions_packets(value) for value in item)
    return False


def _grouped(pages: list[str]) -> list[Any]:
    """Pages in the docs folder's top level as entries, each subfolder's pages as one section."""
    entries: list[Any] = []
    sections: dict[str, list[str]] = {}
    for uri in pages:
        folder, _, _ = uri.partition("/")
        if "/" in uri:
            if folder not in sections:
                sections[folder] = []
                entries.append(folder)  # placeholder, keeps the folder where its first page sorts
            sections[folder].append(uri)
        else:
            entries.append(uri)
    return [{_folder_title(entry): sections[entry]} if entry in sections else entry for entry in entries]


def _folder_title(folder: str) -> str:
    return escape(folder.replace("-", " ").replace("_", " ").capitalize())


def site_nav(user_nav: list[Any] | None, pages: list[str], packets: list[PacketEntry]) -> list[Any]:
    """The nav MkDocs should build, in its ``nav:`` format.

    ``pages`` are the documentation pages MkDocs would put in the nav by
    itself, in its order; ``packets`` are in display order (newest first).
    Without a nav in ``mkdocs.yml``: Home, the packets, then "Help" with the
    other pages (a subsection per folder, which Material's ``navigation.prune``
    folds away except on its own pages). A nav written in ``mkdocs.yml`` is
    kept as it is, with the packets added after it unless it already lists
    packet pages.
    """
    section: list[Any] = [{SECTION: [{packet_title(p): p.brief_uri} for p in packets]}] if packets else []
    if user_nav is not None:
        return user_nav if _mentions_packets(user_nav) else [*user_nav, *section]
    home: list[Any] = [{HOME: uri} for uri in pages if uri == "index.md"]
    guides = _grouped([uri for uri in pages if uri != "index.md" and not uri.startswith("packets/")])
    return [*home, *section, *([{HELP: guides}] if guides else [])]
