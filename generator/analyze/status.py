"""One status per invoice, from its signals and its amounts, by the playbook's precedence.

For each signal on an invoice, its events are put in time order (undated
items first, then by date and time; inside one item, by sentence): the
signal stands if it was raised after the last time it was taken back, so the
later message wins. A later promise to pay or "we paid" from a later message
supersedes earlier blockers (the playbook's ``supersede``).

The amounts speak too: a negative open amount is a credit; an open amount
below the original is a partial payment, cited at the export row.

The status is the first of the playbook's ``precedence`` that applies. The
default order, and why an AR clerk would choose it:

``credit > internal_hold > dispute > procurement > payment_plan >
broken_promise > promised > partial_payment > overdue > not_due``

A negative line is never chased; our own hold stops everything; a dispute or
a paperwork blocker must be settled before payment can come; a plan request
waits for the controller; a passed promise calls for follow-up before a
standing one is waited on; a partial payment asks for the rest; otherwise
plain aging decides. ``partial_payment`` and ``broken_promise`` apply only to
invoices past due (``only_when_overdue``); on an invoice not yet due they stay
flags. A promise is broken when its date is before the as-of date (the grace
days only delay the follow-up, not the status). ``flags`` keep every signal,
including those that lost on precedence, were resolved (``<signal>_resolved``)
or superseded (``<signal>_superseded``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.analyze.invoices import Invoice, amount_text
from generator.analyze.model import Evidence, Status
from generator.analyze.playbook import Playbook
from generator.analyze.signals import Hit


@dataclass(frozen=True)
class SignalState:
    """Where one signal stands on one invoice."""

    name: str
    active: tuple[Hit, ...]  # raised after the last take-back, oldest first
    ended: tuple[Hit, ...]  # what took it back or superseded it
    superseded: bool = False
    resolved: bool = False


@dataclass(frozen=True)
class Judgment:
    """The status of one invoice and everything that explains it."""

    status: Status
    flags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    promise: Hit | None = None  # the promise whose date counts
    promise_date: dt.date | None = None
    states: dict[str, SignalState] = field(default_factory=dict)

    def active(self, signal: str) -> tuple[Hit, ...]:
        state = self.states.get(signal)
        return state.active if state else ()


def signal_states(hits: list[Hit]) -> dict[str, SignalState]:
    """Each signal's standing after the later-wins rule (no supersession yet)."""
    by_signal: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_signal[hit.signal].append(hit)
    states: dict[str, SignalState] = {}
    for name, events in sorted(by_signal.items()):
        events.sort(key=lambda h: h.key)
        last_clear = max((i for i, h in enumerate(events) if h.action == "clear"), default=-1)
        active = tuple(h for h in events[last_clear + 1 :] if h.action == "raise")
        earlier_raise = any(h.action == "raise" for h in events[: max(last_clear, 0)])
        ended = (events[last_clear],) if last_clear >= 0 and not active and earlier_raise else ()
        states[name] = SignalState(name=name, active=active, ended=ended, resolved=bool(ended))
    return states


def _supersede(states: dict[str, SignalState], playbook: Playbook) -> dict[str, SignalState]:
    result = dict(states)
    for later, earlier_names in playbook.supersede:
        state = states.get(later)
        if state is None or not state.active:
            continue
        newest = state.active[-1]
        for name in earlier_names:
            earlier = result.get(name)
            if earlier is None or not earlier.active:
                continue
            if all(h.when < newest.when and h.item != newest.item for h in earlier.active):
                result[name] = SignalState(
                    name=name, active=(), ended=(newest,), superseded=True, resolved=False
                )
    return result


def _amount_evidence(invoice: Invoice) -> tuple[list[Status], list[str], list[Evidence]]:
    statuses: list[Status] = []
    flags: list[str] = []
    evidence: list[Evidence] = []
    line = invoice.line
    cur = invoice.currency
    if invoice.open_amount < 0:
        statuses.append("credit")
        kind = (line.doc_type or "").casefold()
        flags.append("unapplied_payment" if "pay" in kind else "unapplied_credit")
        evidence.append(
            Evidence(
                source=line.source.path,
                location=line.source.location,
                quote=f"{line.doc_type or 'Line'} {invoice.number}: open {amount_text(invoice.open_amount, cur)}",
                rule="credit.negative_open",
            )
        )
    elif invoice.amount is not None and 0 < invoice.open_amount < invoice.amount:
        statuses.append("partial_payment")
        flags.append("partial_payment")
        source = line.source
        origin = invoice.amount_source
        from_elsewhere = origin is not None and origin != source
        suffix = f" (original from {origin.path} {origin.location})".rstrip() if from_elsewhere and origin else ""
        evidence.append(
            Evidence(
                source=source.path,
                location=source.location,
                quote=f"{invoice.number}: original {amount_text(invoice.amount, cur)}, "
                f"open {amount_text(invoice.open_amount, cur)}{suffix}",
                rule="partial_payment.amounts",
            )
        )
    return statuses, flags, evidence


def _dedupe(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    seen: set[tuple[str, str, str, str]] = set()
    kept = []
    for item in evidence:
        key = (item.source, item.location, item.quote, item.rule)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return tuple(kept)


_SIDE_ORDER = {"customer": 0, "ours": 1, "internal": 2}


def _customer_words_first(hits: Sequence[Hit]) -> list[Evidence]:
    """Evidence newest first, the customer's own words before our replies and internal notes.

    The first item is the one a reader sees quoted as the blocker, so it should be
    what the customer said, not our paraphrase of it.
    """
    newest_first = list(reversed(hits))
    return [h.evidence for h in sorted(newest_first, key=lambda h: _SIDE_ORDER[h.side])]


def judge(
    invoice: Invoice,
    days_overdue: int,
    hits: list[Hit],
    as_of: dt.date,
    playbook: Playbook,
    extra_flags: tuple[str, ...] = (),
    extra_evidence: tuple[Evidence, ...] = (),
) -> Judgment:
    """The status, flags and evidence of one invoice."""
    states = _supersede(signal_states(hits), playbook)
    candidates: dict[Status, list[Evidence]] = {}
    flags: list[str] = []
    amount_statuses, amount_flags, amount_evidence = _amount_evidence(invoice)
    for status in amount_statuses:
        candidates[status] = [e for e in amount_evidence if e.rule.split(".")[0] == status]
    flags += amount_flags
    promise: Hit | None = None
    promise_date: dt.date | None = None
    for name, state in states.items():
        if state.superseded:
            flags.append(f"{name}_superseded")
            continue
        if state.resolved:
            flags.append(f"{name}_resolved")
            continue
        flags += [f for h in state.active for f in (h.flag, *h.also)]
        signal = playbook.signal(name)
        if signal is None or not state.active:
            continue
        newest_first = _customer_words_first(state.active)
        if name == "promise":
            dated = [h for h in state.active if h.date is not None]
            if not dated or state.active[-1].date is None:
                flags.append("promise_without_date")
            if dated:
                promise = dated[-1]
                promise_date = promise.date
                assert promise_date is not None
                kept: Status = "broken_promise" if promise_date < as_of else "promised"
                if promise_date < as_of:
                    flags.append("promise_passed")
                candidates.setdefault(kept, []).extend(newest_first)
            continue
        if signal.status is not None:
            candidates.setdefault(signal.status, []).extend(newest_first)
    base: Status = "overdue" if days_overdue > 0 else "not_due"
    chosen = base
    for status in playbook.precedence:
        if status in (base,):
            chosen = status
            break
        if status not in candidates:
            continue
        if status in playbook.only_when_overdue and days_overdue <= 0:
            continue
        chosen = status
        break
    evidence = list(candidates.get(chosen, []))
    for status, items in candidates.items():
        if status != chosen:
            evidence += items
    for state in states.values():
        if state.active and state.name not in ("promise",) and not state.superseded:
            evidence += _customer_words_first(state.active)
        evidence += [h.evidence for h in state.ended]
    evidence += extra_evidence
    flags += extra_flags
    return Judgment(
        status=chosen,
        flags=tuple(sorted(set(flags))),
        evidence=_dedupe(evidence),
        promise=promise,
        promise_date=promise_date,
        states=states,
    )
