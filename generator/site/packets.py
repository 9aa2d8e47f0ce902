"""What the site reads from a packet's ``packet.json``, and the sums people look at.

The site never re-runs the analysis: it reads the data ``blitz prepare``
committed (see CONTRACT.md) and adds it up per currency, per aging bucket and
per customer. Currencies are never mixed: every total is for one currency.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, ValidationError

from generator.analyze.aging import BUCKETS
from generator.problems import Problem, Source, error


class _Lenient(BaseModel):
    """``packet.json`` carries more fields than the site needs; the extra ones are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class HandoffInfo(_Lenient):
    id: str
    title: str
    as_of: date


class InvoiceRow(_Lenient):
    number: str
    customer: str
    currency: str
    open_amount: Decimal | None = None
    bucket: str | None = None


class DraftRef(_Lenient):
    id: str
    audience: str
    customer: str | None = None
    path: str


class PacketData(_Lenient):
    """The part of ``packet.json`` the site shows."""

    handoff: HandoffInfo
    invoices: tuple[InvoiceRow, ...] = ()
    drafts: tuple[DraftRef, ...] = ()


Amounts = tuple[tuple[str, Decimal], ...]
"""(label, amount) pairs in display order: a bucket or customer, and its open balance."""


def parse_packet_json(text: str, path: str) -> tuple[PacketData | None, list[Problem]]:
    """Read ``packet.json`` text; ``path`` (relative to the repository root) names it in problems."""
    redo = "run 'blitz prepare' on its handoff folder again to rewrite it"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [error(Source(path=path, line=exc.lineno, column=exc.colno),
                            f"this packet.json is not valid JSON ({exc.msg}); {redo}")]
    try:
        return PacketData.model_validate(raw), []
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        return None, [error(Source(path=path), f"this packet.json has a bad '{where}' ({first['msg']}); {redo}")]


def _bucket_order(label: str) -> tuple[int, str]:
    return (BUCKETS.index(label), "") if label in BUCKETS else (len(BUCKETS), label)


def currency_totals(packet: PacketData) -> Amounts:
    """The open balance per currency (credits included, so a net figure), by currency code."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in packet.invoices:
        if row.open_amount is not None:
            totals[row.currency] += row.open_amount
    return tuple(sorted(totals.items()))


def bucket_totals(packet: PacketData) -> dict[str, Amounts]:
    """Per currency, the open balance in each aging bucket, oldest last; every bucket shown."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: {b: Decimal(0) for b in BUCKETS})
    for row in packet.invoices:
        if row.open_amount is not None:
            label = row.bucket or "Unknown"
            sums[row.currency][label] = sums[row.currency].get(label, Decimal(0)) + row.open_amount
    return {
        currency: tuple(sorted(buckets.items(), key=lambda item: _bucket_order(item[0])))
        for currency, buckets in sorted(sums.items())
    }


def top_exposures(packet: PacketData, limit: int = 10) -> dict[str, Amounts]:
    """Per currency, the customers owing the most (net open balance above zero), largest first."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in packet.invoices:
        if row.open_amount is not None:
            sums[row.currency][row.customer] += row.open_amount
    tops: dict[str, Amounts] = {}
    for currency, customers in sorted(sums.items()):
        owing = [(name, amount) for name, amount in customers.items() if amount > 0]
        owing.sort(key=lambda item: (-item[1], item[0]))
        if owing:
            tops[currency] = tuple(owing[:limit])
    return tops
