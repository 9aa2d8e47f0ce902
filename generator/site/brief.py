"""What the site adds to a packet's brief: approval progress and charts.

The brief's Markdown comes from ``blitz prepare``. The site puts its additions
where the brief has the marker ``<!-- blitz:charts -->``, or else just before
the brief's first ``##`` section, so they are the first thing a reader sees
after the title and summary line.
"""

from __future__ import annotations

from html import escape

from generator.site.badges import progress
from generator.site.catalog import PacketEntry
from generator.site.charts import aging_chart, exposure_chart
from generator.site.packets import bucket_totals, top_exposures

MARKER = "<!-- blitz:charts -->"
CHARTS_SLOT = '<div class="blitz-slot" data-blitz-slot="charts"></div>'
TOP_CUSTOMERS = 10


def charts_html(packet: PacketEntry) -> str:
    """Both charts for every currency, as HTML figures (left out of the search index)."""
    if packet.data is None or not packet.data.invoices:
        return '<p class="blitz-charts__none">No invoices in this packet, so there is nothing to chart.</p>'
    figures = []
    exposures = top_exposures(packet.data, TOP_CUSTOMERS)
    for currency, buckets in bucket_totals(packet.data).items():
        figures.append(_figure(aging_chart(packet.id, currency, buckets),
                               f"Open balance by aging bucket, {currency}"))
        if currency in exposures:
            figures.append(_figure(exposure_chart(packet.id, currency, exposures[currency]),
                                   f"Largest open balances by customer, {currency} (up to {TOP_CUSTOMERS})"))
    return f'<div class="blitz-charts" data-search-exclude>{"".join(figures)}</div>'


def _figure(svg: str, caption: str) -> str:
    return f'<figure class="blitz-chart"><figcaption>{escape(caption)}</figcaption>{svg}</figure>'


def brief_block(packet: PacketEntry) -> str:
    """The Markdown the site adds to a brief; the charts go in through ``CHARTS_SLOT``."""
    return (
        "## At a glance\n\n"
        f"**Drafts:** {progress(packet.counts())}. Only approved drafts may be sent; every link to a "
        "draft says where it stands.\n\n"
        f"{CHARTS_SLOT}\n\n"
    )


def fill_brief(markdown: str, packet: PacketEntry) -> str:
    """The brief with the site's block at the marker, or before its first ``##`` section."""
    block = brief_block(packet)
    if MARKER in markdown:
        return markdown.replace(MARKER, block, 1)
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("## "):
            return "".join(lines[:index]) + block + "".join(lines[index:])
    return markdown.rstrip("\n") + "\n\n" + block
