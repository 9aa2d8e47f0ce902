"""The sample handoff, judged as an AR clerk reviewed it: every status, its key flags and questions.

This reads handoffs/2026-04-aging through the real intake, so it checks the
analysis on the pilot's own files: a NetSuite export, an invoice list, PDFs,
email threads, a Slack copy and the controller's memo.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.analyze import analyze
from generator.analyze.model import Analysis
from generator.intake import load_handoff
from generator.manifest import load_policy

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "handoffs" / "2026-04-aging"

# number: (status, flags that must be there)
REVIEWED = {
    "INV-1042": ("procurement", {"po_amendment", "missing_po"}),  # needs a new PO number from their buyer
    "INV-1051": ("overdue", set()),
    "INV-1058": ("not_due", set()),
    "INV-1027": ("broken_promise", {"payment_promised"}),  # "payment by April 15", still open
    "INV-1053": ("overdue", set()),
    "INV-1012": ("overdue", {"contact_bounced"}),
    "INV-1035": ("overdue", {"contact_bounced"}),
    "INV-1055": ("not_due", {"contact_bounced"}),  # due on the as-of date
    "CM-1009": ("credit", {"unapplied_credit"}),
    "INV-1038": ("dispute", {"damaged_goods"}),
    "INV-1047": ("promised", {"payment_promised"}),  # "not disputing INV-1047", May 5 payment run
    "INV-1060": ("not_due", set()),  # the damage remarks are about INV-1038, not this one
    "INV-1029": ("internal_hold", {"do_not_chase", "renewal_negotiation"}),
    "INV-1044": ("internal_hold", {"do_not_chase", "renewal_negotiation"}),
    "INV-1036": ("partial_payment", {"partial_payment", "auto_reply_only"}),
    "INV-1061": ("not_due", {"auto_reply_only"}),
    "INV-1015": ("internal_hold", {"do_not_chase"}),  # management hold in the controller's memo
    "INV-1040": ("overdue", {"customer_says_paid"}),  # verify the ACH before any reminder
    "PYMT-2291": ("credit", {"unapplied_payment"}),
    "INV-1021": ("payment_plan", {"payment_plan_requested"}),
    "INV-1033": ("payment_plan", {"payment_plan_requested"}),
    "INV-1049": ("payment_plan", {"payment_plan_requested"}),
    "INV-1008": ("internal_hold", {"bankruptcy"}),
    "INV-1024": ("internal_hold", {"bankruptcy"}),
}


@pytest.fixture(scope="module")
def sample() -> Analysis:
    if not (SAMPLE / "handoff.yaml").is_file():
        pytest.skip("the sample handoff is not in this checkout")
    policy, _ = load_policy(REPO)
    handoff, problems = load_handoff(SAMPLE, REPO, policy)
    assert handoff is not None, [str(p) for p in problems]
    return analyze(handoff)


def test_every_status_as_reviewed(sample: Analysis) -> None:
    got = {v.number: v.status for v in sample.invoices}
    assert got == {number: status for number, (status, _) in REVIEWED.items()}


@pytest.mark.parametrize("number", sorted(REVIEWED))
def test_flags_and_evidence(sample: Analysis, number: str) -> None:
    view = next(v for v in sample.invoices if v.number == number)
    status, flags = REVIEWED[number]
    assert flags <= set(view.flags), view.flags
    if status not in ("overdue", "not_due"):
        assert view.evidence and view.evidence[0].source.startswith("handoffs/2026-04-aging/")


def test_promise_dates(sample: Analysis) -> None:
    dates = {v.number: v.promise_date for v in sample.invoices if v.promise_date}
    assert dates == {"INV-1027": dt.date(2026, 4, 15), "INV-1047": dt.date(2026, 5, 5)}


def test_holds_and_contacts(sample: Analysis) -> None:
    held = {c.name for c in sample.customers if c.on_hold}
    assert held == {"Initech", "Meridian Property Partners", "Tallgrass Veterinary Partners"}
    cobalt = next(c for c in sample.customers if c.name.startswith("Cobalt Ridge"))
    assert cobalt.invalid_emails and not cobalt.emails
    tallgrass = next(v for v in sample.invoices if v.number == "INV-1008")
    assert tallgrass.next_step.owner == "legal"


def test_questions(sample: Analysis) -> None:
    kinds = {(u.kind, u.subject) for u in sample.unknowns}
    assert ("says_paid", "INV-1040") in kinds
    assert ("unapplied_credit", "PYMT-2291") in kinds
    assert ("unapplied_credit", "CM-1009") in kinds
    assert ("invoice_not_in_aging", "INV-1031") in kinds
    assert any(kind == "contact_bounced" for kind, _ in kinds)
    assert not any(kind in ("unmatched_message", "dispute_scope") for kind, _ in kinds)


def test_the_customers_own_words_come_first(sample: Analysis) -> None:
    """The first evidence item is what a reader sees quoted as the blocker: the customer's words."""
    by_number = {v.number: v for v in sample.invoices}
    for number in ("INV-1038", "INV-1021", "INV-1040"):
        first = by_number[number].evidence[0]
        assert "/threads/" in first.source, (number, first)
        assert "harborlight" not in first.location, (number, first)
