"""What the site adds to a packet's brief: charts and the approval state of every draft.

The brief's Markdown comes from ``blitz prepare``. The site puts its additions
where the brief has the marker ``<!-- blitz:charts -->``, or else just before
the brief's first ``##`` section, so they are the first thing a reader sees
after the title and summary line.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from generator.render.text import cell
from generator.site.badges import SHORT_LABELS
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
    return f'<figure class="blitz-chart">{svg}<figcaption>{escape(caption)}</figcaption></figure>'


def drafts_table(packet: PacketEntry) -> str:
    """Every draft with who it is for and its approval state, linked to its page."""
    if not packet.drafts:
        return "This packet has no drafts.\n"
    lines = ["| Draft | For | Approval |", "|---|---|---|"]
    for draft in packet.drafts:
        target = quote(draft.src_uri.removeprefix(f"packets/{packet.id}/"))
        audience = "Customer" if draft.page.is_customer else "Internal"
        who = f"{audience}: {draft.page.customer}" if draft.page.customer else audience
        lines.append(f"| [{cell(draft.name)}]({target}) | {cell(who)} | {cell(SHORT_LABELS[draft.state.state])} |")
    return "\n".join(lines) + "\n"


def brief_block(packet: PacketEntry) -> str:
    """The Markdown the site adds to a brief; the charts go in through ``CHARTS_SLOT``."""
    counts = packet.counts()
    summary = ", ".join(f"{n} {SHORT_LABELS[state].lower()}" for state, n in counts.items() if n)
    return (
        "## At a glance\n\n"
        f"{CHARTS_SLOT}\n\n"
        "## Drafts and their approval\n\n"
        + (f"{summary}. Only approved drafts may be sent.\n\n" if summary else "")
        + drafts_table(packet)
        + "\n"
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
