"""The facts a draft states, each written once, the same way, with where it came from.

Every amount, date and invoice number a template prints is taken from a
:class:`FactBook`: the book formats the value, remembers the label, the text
and the source, and the draft lists them as ``Draft.facts``. A reviewer (and a
test) can then check each number in a draft against the source it cites.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from generator.analyze.model import InvoiceView
from generator.draft.context import Blocker, InvoiceLine
from generator.problems import Source
from generator.render.text import long_date, money_display


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


@dataclass(frozen=True, slots=True)
class Fact:
    """One value a draft may state: its label, the text as printed, and where it came from.

    A plain dataclass, not a model: a large packet records hundreds of thousands.
    """

    label: str
    value: str
    source: str  # "aging.csv:14", "threads/acme.eml <message-id>" or "computed: amount − open amount"
    always: bool = False  # listed even when the text does not print it (it chose the tone, say)


def where(source: Source) -> str:
    """A short citation for a source: ``path:line``, ``path <message-id>`` or ``path cell B4``."""
    if source.line is not None:
        return str(source)
    location = source.location
    return f"{source.path} {location}" if location else source.path


class FactBook:
    """Collects the facts one draft uses, in the order it uses them, each label once."""

    def __init__(self) -> None:
        self._facts: dict[str, Fact] = {}

    def _add(self, label: str, value: str, source: str, always: bool = False) -> str:
        # Two different values under one label (an invoice number listed twice in an
        # export) each keep their own entry: "INV-1 amount", "INV-1 amount (2)".
        candidate, n = label, 1
        while (known := self._facts.get(candidate)) is not None and known.value != value:
            n += 1
            candidate = f"{label} ({n})"
        self._facts.setdefault(candidate, Fact(candidate, value, source, always))
        return value

    def amount(self, label: str, value: Decimal, currency: str, source: str) -> str:
        return self._add(label, money_display(value, currency), source)

    def day(self, label: str, value: date, source: str) -> str:
        return self._add(label, long_date(value), source)

    def days(self, label: str, value: int, source: str) -> str:
        return self._add(label, days_text(value), source)

    def text(self, label: str, value: str, source: str, always: bool = False) -> str:
        return self._add(label, value, source, always)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(self._facts.values())


def identity(text: str) -> str:
    return text


def invoice_line(
    view: InvoiceView,
    book: FactBook,
    *,
    escape: Callable[[str], str] = identity,
    blocker: Blocker | None = None,
    with_customer: bool = False,
    key: str | None = None,
) -> InvoiceLine:
    """The invoice as a draft states it, each value recorded in ``book`` with its source.

    Fact labels start with ``key`` (the invoice number unless told otherwise, e.g.
    where two customers use the same number).
    """
    number = key or view.number
    cited = where(view.source)
    po = book.text(f"{number} PO", view.po, cited) if view.po else None
    due = book.day(f"{number} due date", view.due_date, cited) if view.due_date else None
    issued = book.day(f"{number} invoice date", view.invoice_date, cited) if view.invoice_date else None
    paid = None
    if view.status == "partial_payment" and view.amount > view.open_amount > 0:
        paid = book.amount(
            f"{number} paid so far",
            view.amount - view.open_amount,
            view.currency,
            f"computed: amount − open amount ({cited})",
        )
    promised = None
    if view.promise_date:
        promise = next((e for e in view.evidence if "promise" in e.rule), None)
        promised = book.day(
            f"{number} promised date",
            view.promise_date,
            f"{promise.source} {promise.location}".strip() if promise else cited,
        )
    return InvoiceLine(
        number=escape(view.number),
        currency=view.currency,
        po=escape(po) if po else None,
        invoice_date=issued,
        due=due,
        amount=book.amount(f"{number} amount", view.amount, view.currency, cited),
        open_amount=book.amount(f"{number} open amount", view.open_amount, view.currency, cited),
        days_overdue=view.days_overdue,
        days=book.days(
            f"{number} days overdue", max(view.days_overdue, 0), f"computed: as-of date − due date ({cited})"
        ),
        paid=paid,
        promised=promised,
        blocker=blocker,
        customer=escape(view.customer) if with_customer else None,
    )


def totals(views: Iterable[InvoiceView], book: FactBook, label: str = "Total open") -> tuple[str, ...]:
    """The open total per currency of ``views``, one fact per currency."""
    by_currency: dict[str, list[InvoiceView]] = defaultdict(list)
    for view in views:
        by_currency[view.currency].append(view)
    result = []
    for currency in sorted(by_currency):
        group = by_currency[currency]
        numbers = ", ".join(v.number for v in group)
        result.append(
            book.amount(
                f"{label} {currency}",
                sum((v.open_amount for v in group), Decimal(0)),
                currency,
                f"computed: sum of open amounts ({numbers})",
            )
        )
    return tuple(result)


NEAR = 1000  # characters before the previous fact where a value printed out of order is looked for first


def printed(facts: tuple[Fact, ...] | list[Fact], text: str) -> list[Fact]:
    """The facts a draft's text prints (or that are listed ``always``), in their order.

    The same as asking ``fact.value in text`` of each, without reading the text
    once per fact: a reminder to a customer with thousands of overdue invoices
    has tens of thousands of facts. Facts are collected in the order the
    wording uses them, so each value is looked for close to where the previous
    one was found (after it, then before it: a line may print an invoice's
    facts in another order) before the rest of the text is read.
    """
    found: list[Fact] = []
    known: dict[str, bool] = {}  # values already looked for: many invoices share a date or an age
    at = 0
    for fact in facts:
        value = fact.value
        if value in known:
            if known[value] or fact.always:
                found.append(fact)
            continue
        size = len(value)
        low, high = max(0, at - NEAR), at + NEAR
        where = text.find(value, at, high + size)  # starting in [at, high]
        if where < 0:
            where = text.find(value, low, at + size - 1)  # starting in [low, at)
        if where < 0:
            where = text.find(value, high + 1)  # starting after high
        if where < 0 and low:
            where = text.find(value, 0, low + size - 1)  # starting before low
        known[value] = where >= 0
        if where >= 0:
            at = where
            found.append(fact)
        elif fact.always:
            found.append(fact)
    return found
