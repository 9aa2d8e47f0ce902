"""Reading signals, sentence by sentence, clause by clause.

In each clause of a sentence, for each signal of the playbook:

* a *resolution* ("that resolves it", "PO received") ends the signal, and wins
  over the signal's own words in that clause ("the dispute is resolved");
* the signal's phrases *raise* it, unless a *negation* in the clause cancels
  them ("we are not disputing"), which then takes the signal back instead;
* an *exclusion* only cancels ("credit hold" is not a collections hold);
* a negation alone takes an earlier signal back ("there is no dispute");
* in a hypothetical clause ("if you have already paid...") signals marked
  ``hypothetical: cancels`` do not fire, and a promise needs a date.

Who may raise a signal is the playbook's ``sides``: a hold comes only from our
side (notes, our mailboxes, the do-not list); automatic replies and bounces
never raise anything. A sentence's own invoice numbers scope its signal, else
the customers it names, else the item's invoices, else every open invoice of
the item's customers (a customer-wide signal). In a note, a sentence without
a number or name continues the subject of the sentence before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Literal

from generator.analyze.dates import DateMention, find_dates
from generator.analyze.items import Item, When, sentence_source
from generator.analyze.linking import Linker, Links
from generator.analyze.model import Evidence, Owner
from generator.analyze.playbook import Playbook, Rule, Side, Signal
from generator.analyze.sentences import Sentence, clauses
from generator.problems import Source

Action = Literal["raise", "clear"]
DATED = ("promise", "paid_claim", "hold")  # signals whose date matters: promised, paid on, held until
QUOTE_LIMIT = 300
_REFERENCE = re.compile(
    r"\b(?:ref(?:erence)?|confirmation|conf|trace|transaction|txn|check|cheque|chk|ach|wire|eft|utr|"
    r"payment)\s*(?:no\.?|number|#|id)?\s*[:#]?\s*((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    """One signal raised or taken back in one clause of one item."""

    signal: str  # "dispute"
    rule: str  # "dispute.damaged_goods", "dispute.resolved", "dispute.negated"
    flag: str
    action: Action
    owner: Owner
    side: Side
    when: When
    order: int  # position inside the item (sentence, clause)
    item: int
    evidence: Evidence
    invoices: tuple[int, ...]
    customers: tuple[str, ...]  # the customers whose every open invoice it covers ("customer-wide")
    scope_customers: tuple[str, ...]  # the customers it is about
    date: dt.date | None = None  # promised date, or the date a payment is said to have gone out
    date_text: str | None = None  # as written, when there is a date phrase
    reference: str | None = None  # payment reference, for "we paid"
    source: Source | None = None  # the sentence's place, for questions about it
    also: tuple[str, ...] = ()  # further flags the rule sets

    @property
    def key(self) -> tuple[When, int]:
        return (self.when, self.order)


def quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LIMIT else flat[: QUOTE_LIMIT - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Scope:
    invoices: tuple[int, ...]
    customers: tuple[str, ...]  # customer-wide
    about: tuple[str, ...]


class Reader:
    """Reads every item's sentences against the playbook."""

    def __init__(self, playbook: Playbook, linker: Linker, as_of: dt.date, day_first: bool) -> None:
        self.playbook = playbook
        self.linker = linker
        self.as_of = as_of
        self.day_first = day_first
        self._candidates: dict[str, tuple[Signal, ...]] = {}  # a team's reminders repeat the same sentences

    def _signals_in(self, lower: str) -> tuple[Signal, ...]:
        """The signals whose words appear in a sentence at all (the cheap first test), remembered by its text."""
        found = self._candidates.get(lower)
        if found is None:
            found = self._candidates[lower] = tuple(s for s in self.playbook.signals if s.anything.search(lower))
        return found

    def _scope(self, item: Item, links: Links, index: int, carried: _Scope | None) -> _Scope:
        own = links.sentences[index] if index < len(links.sentences) else None
        if own and own.mentions:  # numbers that are not open items scope the sentence to nothing
            keys = tuple(sorted({self.linker.invoices[i].key for i in own.invoices}))
            return _Scope(invoices=own.invoices, customers=(), about=keys)
        named = own.customers if own else ()
        if named and (item.side == "internal" or not links.customers or set(named) <= set(links.customers)):
            keys = tuple(sorted(named))
            return _Scope(invoices=self.linker.open_invoices(keys), customers=keys, about=keys)
        if carried is not None:
            return carried
        if links.invoices:
            keys = tuple(sorted({self.linker.invoices[i].key for i in links.invoices}))
            return _Scope(invoices=links.invoices, customers=(), about=keys)
        return _Scope(
            invoices=self.linker.open_invoices(links.customers), customers=links.customers, about=links.customers
        )

    def read(self, item: Item, links: Links) -> list[Hit]:
        """Every signal in an item, in reading order."""
        if not item.reads_signals:
            return []
        hits: list[Hit] = []
        carried: _Scope | None = None
        carried_block = -1
        for sentence in item.sentences:
            own = links.sentences[sentence.index] if sentence.index < len(links.sentences) else None
            if item.side != "internal" and sentence.block != carried_block:
                carried = None  # in an email, "that one" refers back only within its paragraph
            scope = self._scope(item, links, sentence.index, carried)
            if own and (own.mentions or own.customers):
                carried, carried_block = scope, sentence.block
            hits += self._sentence(item, sentence, scope)
        return hits

    def _sentence(self, item: Item, sentence: Sentence, scope: _Scope) -> list[Hit]:
        lower = sentence.lower
        if not lower:
            return []
        hits: list[Hit] = []
        spans: list[tuple[int, int]] | None = None
        dates: list[DateMention] | None = None
        question = sentence.text.rstrip().endswith("?")
        for signal in self._signals_in(lower):
            if item.side not in signal.sides:
                continue
            if question and not signal.questions:
                continue
            if spans is None:
                spans = clauses(lower, self.playbook.clause_breaks)
            for number, (start, end) in enumerate(spans):
                clause = lower[start:end]
                outcome = self._clause(signal, clause, item.side)
                if outcome is None:
                    continue
                in_clause = self._clause_scope(scope, clause) if len(spans) > 1 else scope
                action, rules, match_at, label = outcome
                hypothetical = bool(self.playbook.hypothetical and self.playbook.hypothetical.search(clause))
                if action == "raise" and hypothetical and signal.hypothetical == "cancels":
                    continue
                if action == "clear" and hypothetical:
                    continue
                date: DateMention | None = None
                if signal.name in DATED and action == "raise":
                    if dates is None:
                        dates = find_dates(lower, item.day, self.as_of, self.day_first)
                    date = _pick_date(dates, start + match_at, item.day, future=signal.name != "paid_claim")
                    conditional = bool(self.playbook.conditions and self.playbook.conditions.search(lower))
                    if signal.hypothetical == "needs_date" and conditional and (date is None or date.value is None):
                        continue
                reference = None
                if signal.name == "paid_claim":
                    reference = next((m.group(1) for m in _REFERENCE.finditer(sentence.text)), None)
                source = sentence_source(item, sentence)
                for rule in rules:
                    name = rule.name if rule else f"{signal.name}.{label}"
                    hits.append(
                        Hit(
                            signal=signal.name,
                            rule=name,
                            flag=rule.flag if rule else f"{signal.name}_{label}",
                            action=action,
                            owner=rule.owner if rule else signal.owner,
                            side=item.side,
                            when=item.when,
                            order=sentence.index * 100 + number,
                            item=item.position,
                            evidence=Evidence(
                                source=source.path,
                                location=source.location or item.label,
                                quote=quote(sentence.text),
                                rule=name,
                            ),
                            invoices=in_clause.invoices,
                            customers=in_clause.customers,
                            scope_customers=in_clause.about,
                            date=date.value if date else None,
                            date_text=date.text if date else None,
                            reference=reference,
                            source=source,
                            also=rule.also if rule else (),
                        )
                    )
        return hits

    def _clause_scope(self, scope: _Scope, clause: str) -> _Scope:
        """"We will pay INV-1 on Friday, but INV-3 is disputed": a clause's own numbers win."""
        if len(scope.invoices) < 2:
            return scope
        index = self.linker.index
        named = {i for ref in index.references(clause) for i in index.find(ref)}
        named |= {i for number in index.bare_numbers(clause) for i in index.digits.get(number.lstrip("0"), ())}
        narrowed = tuple(i for i in scope.invoices if i in named)
        if not narrowed:
            return scope
        keys = tuple(sorted({self.linker.invoices[i].key for i in narrowed}))
        return _Scope(invoices=narrowed, customers=(), about=keys)

    def _clause(
        self, signal: Signal, clause: str, side: Side
    ) -> tuple[Action, list[Rule | None], int, str] | None:
        if not signal.anything.search(clause):
            return None
        if signal.exclusion is not None and signal.exclusion.search(clause):
            return None
        if signal.resolution is not None and signal.resolution.search(clause):
            negated = signal.resolution_negation is not None and signal.resolution_negation.search(clause)
            if not negated:
                return "clear", [None], 0, "resolved"
        raised: list[Rule | None] = []
        first = len(clause)
        for rule in signal.rules:
            if side not in rule.sides:
                continue
            match = rule.pattern.search(clause)
            if match:
                raised.append(rule)
                first = min(first, match.start())
        negation = signal.negation.search(clause) if signal.negation is not None else None
        if negation:
            return "clear", [None], negation.start(), "negated"
        if raised:
            return "raise", raised, first, ""
        return None


def _pick_date(
    dates: list[DateMention], after: int, day: dt.date | None, future: bool
) -> DateMention | None:
    """The date a promise (or payment) refers to: the first one after the verb, else the last before.

    Dates on the right side of the message date are preferred (a promise looks ahead, a payment
    made looks back); where there are none, the others still count.
    """
    if not dates:
        return None

    def fits(mention: DateMention) -> bool:
        if mention.value is None or day is None:
            return True
        return mention.value >= day if future else mention.value <= day + dt.timedelta(days=1)

    usable = [d for d in dates if fits(d)] or dates  # a note may report a promise already passed
    following = [d for d in usable if d.start >= after]
    return following[0] if following else usable[-1]


def settle_customer_wide(hits: list[Hit], playbook: Playbook) -> list[Hit]:
    """Narrow signals that name no invoice to the invoices the same signal names elsewhere.

    "The units left our dock fine, this looks like carrier damage" is about the
    dispute already known on INV-1038, not about every Globex invoice. Signals
    with ``customer_wide: known`` narrow this way; when the customer has no such
    invoice the signal keeps covering all of its open invoices (and a question
    asks which).
    """
    named: dict[tuple[str, str], set[int]] = defaultdict(set)
    for hit in hits:
        if not hit.customers and hit.action == "raise":
            for key in hit.scope_customers:
                named[(hit.signal, key)].update(hit.invoices)
    settled: list[Hit] = []
    for hit in hits:
        signal = playbook.signal(hit.signal)
        if hit.customers and signal is not None and signal.customer_wide == "known":
            known = {i for key in hit.customers for i in named.get((hit.signal, key), ())}
            if known:
                hit = replace(hit, invoices=tuple(sorted(known)), customers=())
        settled.append(hit)
    return settled
