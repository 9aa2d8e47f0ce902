"""Two promises every draft keeps, checked on every fixture and on the sample handoff.

- Internal text never leaks: no sentence of an internal note, no internal
  name, no hold reason and no dispute analysis appears in a customer draft.
- Every number is right: each amount, date, day count and invoice number a
  draft states is one of its facts, and each fact equals the analysis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from fixtures.draft.scenarios import harbor, hostile

from generator.analyze.model import Analysis, InvoiceView
from generator.build import prepare
from generator.draft import make_drafts
from generator.draft.model import Draft
from generator.intake.model import Handoff
from generator.render.text import long_date, money_display

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "handoffs" / "2026-04-aging"


def sample() -> tuple[Handoff, Analysis]:
    if not (SAMPLE / "handoff.yaml").is_file():
        pytest.skip("the sample handoff is not in this checkout")
    packet, problems = prepare(SAMPLE, REPO)
    assert packet is not None, [str(p) for p in problems]
    return packet.handoff, packet.analysis


FIXTURES: dict[str, Callable[[], tuple[Handoff, Analysis]]] = {
    "harbor": harbor,
    "hostile": hostile,
    "sample": sample,
}


@pytest.fixture(params=sorted(FIXTURES))
def packet(request: pytest.FixtureRequest) -> tuple[Handoff, Analysis, tuple[Draft, ...]]:
    handoff, analysis = FIXTURES[request.param]()
    return handoff, analysis, make_drafts(handoff, analysis)


# --- internal text never leaks ----------------------------------------------------

SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def internal_texts(handoff: Handoff, analysis: Analysis) -> tuple[set[str], set[str]]:
    """(sentences, names) that must never reach a customer."""
    passages: list[str] = [note.text for note in handoff.notes]
    names: set[str] = {note.author for note in handoff.notes if note.author}
    note_files = {note.source.path for note in handoff.notes}
    for customer in analysis.customers:
        passages += [e.quote for e in customer.hold_evidence]
        for entry in customer.timeline:
            if entry.internal:
                passages.append(entry.text)
                if entry.who:
                    names.add(entry.who)
    for view in analysis.invoices:
        for evidence in view.evidence:
            if evidence.source in note_files or view.status in ("dispute", "internal_hold"):
                passages.append(evidence.quote)
            if view.status in ("dispute", "internal_hold"):
                passages.append(evidence.rule)
    signer = _norm(f"{handoff.policy.sender.name} {handoff.policy.sender.signature}")
    names = {n for n in names if _norm(n) not in signer}  # who signs our emails is no secret
    sentences = {
        _norm(s) for p in passages for s in SENTENCE.split(p) if len(_norm(s)) >= 12 and len(s.split()) >= 3
    }
    rules = {_norm(e.rule) for v in analysis.invoices for e in v.evidence if "." in e.rule}
    return sentences | rules, {_norm(n) for n in names if len(n.strip()) >= 3}


def test_no_internal_sentence_or_name_appears_in_a_customer_draft(
    packet: tuple[Handoff, Analysis, tuple[Draft, ...]],
) -> None:
    handoff, analysis, drafts = packet
    sentences, names = internal_texts(handoff, analysis)
    customer_drafts = [d for d in drafts if d.audience == "customer"]
    for draft in customer_drafts:
        text = _norm(" ".join([draft.subject, draft.body, *draft.to]))
        for sentence in sentences:
            assert sentence not in text, f"{draft.id} repeats internal text: {sentence!r}"
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"{draft.id} names {name!r}"


def test_the_leak_check_would_catch_a_leak() -> None:
    handoff, analysis = harbor()
    sentences, names = internal_texts(handoff, analysis)
    leaked = _norm("Hello, Dana Whitfield is handling the account personally. Please pay.")
    assert any(s in leaked for s in sentences)
    assert "sam ortiz" in names and "lena brandt" in names


# --- every number is right ----------------------------------------------------------

AMOUNT = re.compile(r"-?[A-Z]{3} [\d,]+\.\d{2}")
LONG_DATE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"
)
DAYS = re.compile(r"\b\d+ days?\b")


def stated(draft: Draft) -> str:
    """What the draft itself says: its subject and text without the sources' quoted words."""
    lines = [line for line in draft.body.split("\n") if not line.startswith(">")]
    return draft.subject + "\n" + "\n".join(lines)


def expected_fact(label: str, views: dict[str, InvoiceView], analysis: Analysis) -> str | None:
    """What a fact must say according to the analysis (None for facts not about one invoice)."""
    number, _, what = label.partition(" ")
    view = views.get(number)
    if view is None:
        return long_date(analysis.as_of) if label == "As-of date" else None
    days = max(view.days_overdue, 0)
    return {
        "amount": money_display(view.amount, view.currency),
        "open amount": money_display(view.open_amount, view.currency),
        "due date": long_date(view.due_date) if view.due_date else None,
        "invoice date": long_date(view.invoice_date) if view.invoice_date else None,
        "days overdue": "1 day" if days == 1 else f"{days} days",
        "PO": view.po,
        "promised date": long_date(view.promise_date) if view.promise_date else None,
        "paid so far": money_display(view.amount - view.open_amount, view.currency),
    }.get(what)


def test_every_amount_date_and_invoice_number_in_a_draft_is_a_checked_fact(
    packet: tuple[Handoff, Analysis, tuple[Draft, ...]],
) -> None:
    _, analysis, drafts = packet
    numbers = {v.number for v in analysis.invoices}
    for draft in drafts:
        views = {v.number: v for v in analysis.invoices if draft.customer in (None, v.customer)}
        facts = dict(draft.facts)
        values = set(facts.values())
        text = stated(draft)
        checked = 0
        for pattern in (AMOUNT, LONG_DATE, DAYS):
            for match in pattern.finditer(text):
                assert match.group(0) in values or any(match.group(0) in v for v in values), (
                    f"{draft.id} states {match.group(0)!r}, which is not among its facts"
                )
                checked += 1
        for number in numbers:
            if re.search(rf"(?<![\w-]){re.escape(number)}(?![\w-])", text):
                assert number in views, f"{draft.id} names {number}, another customer's invoice"
                if draft.audience == "customer":
                    assert number in draft.invoices, f"{draft.id} names {number} without asking about it"
        for label, value in draft.facts:
            want = expected_fact(label, views, analysis)
            if want is not None:
                assert value == want, f"{draft.id}: {label} is {value!r}, the analysis says {want!r}"
            if label.startswith("Total open "):
                currency = label.removeprefix("Total open ")
                total = sum(
                    (views[n].open_amount for n in draft.invoices if n in views and views[n].currency == currency),
                    Decimal(0),
                )
                assert value == money_display(total, currency), (draft.id, label)
        assert checked or draft.audience == "internal", f"{draft.id} states no number at all"


def test_the_number_check_would_catch_a_wrong_amount() -> None:
    handoff, analysis = harbor()
    draft = next(d for d in make_drafts(handoff, analysis) if d.id == "acme-retail-reminder")
    wrong = draft.model_copy(update={"body": draft.body.replace("USD 6,215.50", "USD 6,215.05")})
    values = set(dict(wrong.facts).values())
    assert [m.group(0) for m in AMOUNT.finditer(stated(wrong)) if m.group(0) not in values] == ["USD 6,215.05"]
    views = {v.number: v for v in analysis.invoices}
    assert expected_fact("INV-1051 open amount", views, analysis) == "USD 6,215.50"
