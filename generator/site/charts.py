"""Charts as plain SVG text: the open balance by aging bucket and the largest customer exposures.

Pure functions from amounts to markup. The SVG is accessible (``role="img"``
with a ``<title>`` and a ``<desc>`` that states every number), labelled in
text, uses the reader's own system fonts, needs no script and no network, and
is the same bytes for the same amounts. Every label is escaped: customer names
come from exports and are data, never markup.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from generator.render.text import money_display
from generator.site.packets import Amounts

WIDTH = 720
LABEL_WIDTH = 200
VALUE_WIDTH = 150
BAR_LEFT = LABEL_WIDTH + 8
BAR_WIDTH = WIDTH - BAR_LEFT - VALUE_WIDTH
ROW_HEIGHT = 30
BAR_HEIGHT = 18
MAX_LABEL = 28
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#1f2328"

BUCKET_LABELS = {
    "Current": "Not yet due",
    "1-30": "1–30 days overdue",
    "31-60": "31–60 days overdue",
    "61-90": "61–90 days overdue",
    "91+": "91+ days overdue",
}
# Older is darker and redder; every colour keeps 3:1 contrast against white.
BUCKET_COLOURS = {
    "Current": "#546e7a",
    "1-30": "#b26a00",
    "31-60": "#d84315",
    "61-90": "#b71c1c",
    "91+": "#6d0000",
}
EXPOSURE_COLOUR = "#3949ab"
OTHER_COLOUR = "#757575"


def bucket_label(bucket: str) -> str:
    return BUCKET_LABELS.get(bucket, bucket)


def _dom_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def _short(label: str) -> str:
    flat = " ".join(label.split())
    return flat if len(flat) <= MAX_LABEL else flat[: MAX_LABEL - 1].rstrip() + "…"


def _bar_length(amount: Decimal, largest: Decimal) -> Decimal:
    if largest <= 0 or amount <= 0:
        return Decimal(0)
    return (amount * BAR_WIDTH / largest).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def bar_chart(
    *, chart_id: str, title: str, summary: str, currency: str,
    rows: list[tuple[str, Decimal, str]],
) -> str:
    """A horizontal bar chart: one row per (label, amount, colour); amounts in one currency.

    ``summary`` opens the ``<desc>``; each row's label and amount follow, so a
    screen reader hears every number the bars show.
    """
    dom = _dom_id(chart_id)
    height = max(len(rows), 1) * ROW_HEIGHT + 8
    largest = max((amount for _, amount, _ in rows), default=Decimal(0))
    spoken = "; ".join(f"{label}: {money_display(amount, currency)}" for label, amount, _ in rows)
    desc = f"{summary} {spoken}." if rows else f"{summary} Nothing to show."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="blitz-chart__svg" role="img" '
        f'aria-labelledby="{dom}-title {dom}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="{escape(FONT)}" font-size="13">',
        f'<title id="{dom}-title">{escape(title)}</title>',
        f'<desc id="{dom}-desc">{escape(desc)}</desc>',
    ]
    for index, (label, amount, colour) in enumerate(rows):
        top = index * ROW_HEIGHT + 4
        middle = top + ROW_HEIGHT // 2
        length = _bar_length(amount, largest)
        parts += [
            "<g>",
            f"<title>{escape(label)}: {escape(money_display(amount, currency))}</title>",
            f'<text x="{LABEL_WIDTH}" y="{middle}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}">{escape(_short(label))}</text>',
            f'<rect x="{BAR_LEFT}" y="{middle - BAR_HEIGHT // 2}" width="{length}" height="{BAR_HEIGHT}" '
            f'rx="2" fill="{escape(colour)}"/>',
            f'<text x="{BAR_LEFT + length + 6}" y="{middle}" dominant-baseline="middle" '
            f'fill="{TEXT_COLOUR}">{escape(money_display(amount, currency))}</text>',
            "</g>",
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def aging_chart(packet_id: str, currency: str, buckets: Amounts) -> str:
    """Open balance in one currency by aging bucket, not-yet-due first."""
    rows = [(bucket_label(b), amount, BUCKET_COLOURS.get(b, OTHER_COLOUR)) for b, amount in buckets]
    return bar_chart(
        chart_id=f"blitz-aging-{packet_id}-{currency}",
        title=f"Open balance by aging bucket ({currency})",
        summary=f"Open balance in {currency} by how many days invoices are overdue.",
        currency=currency,
        rows=rows,
    )


def exposure_chart(packet_id: str, currency: str, customers: Amounts) -> str:
    """The customers owing the most in one currency, largest first."""
    rows = [(name, amount, EXPOSURE_COLOUR) for name, amount in customers]
    return bar_chart(
        chart_id=f"blitz-exposure-{packet_id}-{currency}",
        title=f"Largest open balances by customer ({currency})",
        summary=f"The customers with the largest open balance in {currency}, largest first.",
        currency=currency,
        rows=rows,
    )
