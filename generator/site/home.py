"""The home page's list of packets: newest first, with totals and approval progress.

``docs/index.md`` holds the marker ``<!-- blitz:packets -->``; the list
replaces it as Markdown, so MkDocs checks every link like any other.
"""

from __future__ import annotations

from urllib.parse import quote

from generator.render.text import cell, money_display
from generator.site.badges import progress
from generator.site.catalog import PacketEntry
from generator.site.packets import currency_totals

MARKER = "<!-- blitz:packets -->"

EMPTY = (
    "No packets yet. Prepare one with `blitz prepare handoffs/<folder>`, commit it and open a pull "
    "request; it appears here once the site is built again."
)


def packet_link(packet: PacketEntry, from_dir: str = "") -> str:
    """A Markdown link target to the packet's brief, from a page in ``from_dir``."""
    return from_dir + quote(packet.brief_uri)


def packets_table(packets: list[PacketEntry]) -> str:
    """The packet list as a Markdown table (packets already in display order)."""
    if not packets:
        return EMPTY + "\n"
    lines = ["| Packet | As of | Open balance | Drafts |", "|---|---|--:|---|"]
    for packet in packets:
        totals = currency_totals(packet.data) if packet.data else ()
        balance = "<br>".join(cell(money_display(amount, currency)) for currency, amount in totals) or "—"
        lines.append(
            f"| [{cell(packet.title)}]({packet_link(packet)}) "
            f"| {packet.as_of.isoformat() if packet.as_of else '—'} "
            f"| {balance} "
            f"| {cell(progress(packet.counts()))} |"
        )
    return "\n".join(lines) + "\n"


def fill_home(markdown: str, packets: list[PacketEntry]) -> str:
    """The home page with its marker replaced; unchanged when the marker was removed on purpose."""
    return markdown.replace(MARKER, packets_table(packets), 1)
