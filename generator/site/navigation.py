"""The site navigation: the home page, one entry per packet (its brief), then the guides.

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


def site_nav(user_nav: list[Any] | None, pages: list[str], packets: list[PacketEntry]) -> list[Any]:
    """The nav MkDocs should build, in its ``nav:`` format.

    ``pages`` are the documentation pages MkDocs would put in the nav by
    itself, in its order; ``packets`` are in display order (newest first).
    A nav written in ``mkdocs.yml`` is kept as it is, with the packets added
    after it unless it already lists packet pages itself.
    """
    section: list[Any] = [{SECTION: [{packet_title(p): p.brief_uri} for p in packets]}] if packets else []
    if user_nav is not None:
        return user_nav if _mentions_packets(user_nav) else [*user_nav, *section]
    home = [uri for uri in pages if uri == "index.md"]
    guides = [uri for uri in pages if uri != "index.md" and not uri.startswith("packets/")]
    return [*home, *section, *guides]
