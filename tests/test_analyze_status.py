"""Status precedence, flags and evidence; next steps with owner, due date and gate."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures.analyze.builders import contact, customer, inv, msg, note, run, view

from generator.analyze.model import STATUSES
from generator.analyze.playbook import default_playbook_data

D = dt.date


def test_default_precedence_lists_every_status_once() -> None:
    precedence = default_playbook_data()["precedence"]
    assert sorted(precedence) == sorted(STATUSES)
    assert precedence[:3] == ["credit", "internal_hold", "dispute"]
    assert run().precedence == tuple(precedence)


def test_hold_beats_dispute_and_dispute_beats_promise() -> None:
    analysis = run(
        invoices=[inv("INV-1"), inv("INV-2", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("INV-1 and INV-2 arrived damaged; we will pay the rest on May 8.")],
        notes=[note("Do not chase INV-2, legal is reviewing the contract.")],
    )
    one, two = view(analysis, "INV-1"), view(analysis, "INV-2")
    assert one.status == "dispute"
    assert {"damaged_goods", "payment_promised"} <= set(one.flags)
    assert two.status == "internal_hold"
    assert {"damaged_goods", "do_not_chase"} <= set(two.flags)
    # the evidence of the status comes first
    assert two.evidence[0].rule.startswith("hold.")
    assert one.evidence[0].rule.startswith("dispute.")


def test_not_due_invoice_with_a_dispute_is_a_dispute() -> None:
    analysis = run(
        invoices=[inv("INV-9", due="2026-05-20")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("INV-9 was billed at the wrong rate.")],
    )
    v = view(analysis, "INV-9")
    assert v.days_overdue < 0 and v.status == "dispute"


def test_not_due_invoice_with_a_passed_promise_stays_not_due() -> None:
    analysis = run(
        invoices=[inv("INV-9", due="2026-05-20")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("We will pay INV-9 on April 24.")],
    )
    v = view(analysis, "INV-9")
    assert v.status == "not_due"
    assert "promise_passed" in v.flags


def test_every_exception_status_has_evidence() -> None:
    analysis = run(
        invoices=[
            inv("A-1", customer="Alpha Foods"),
            inv("B-1", customer="Bravo Tools", row=3),
            inv("C-1", customer="Charlie Labs", row=4),
            inv("D-1", customer="Delta Freight", amount="900.00", open_amount="300.00", row=5),
            inv("E-1", customer="Echo Media", row=6),
            inv("F-1", customer="Foxtrot Farms", row=7),
            inv("G-1", customer="Golf Gear", open_amount="-20.00", row=8),
            inv("H-1", customer="Hotel Group", row=9),
        ],
        notes=[
            note("Alpha Foods says A-1 arrived damaged.", line=1),
            note("Bravo Tools needs a PO number on B-1.", line=2),
            note("Charlie Labs asked to pay C-1 in installments.", line=3),
            note("Echo Media promised to pay E-1 on April 22.", line=5),
            note("Foxtrot Farms promised to pay F-1 on May 12.", line=6),
            note("Do not chase Hotel Group, the CEO is handling it.", line=7),
        ],
    )
    got = {v.number: v.status for v in analysis.invoices}
    assert got == {
        "A-1": "dispute",
        "B-1": "procurement",
        "C-1": "payment_plan",
        "D-1": "partial_payment",
        "E-1": "broken_promise",
        "F-1": "promised",
        "G-1": "credit",
        "H-1": "internal_hold",
    }
    for v in analysis.invoices:
        assert v.evidence, v.number
        assert all(e.source and e.location and e.quote and e.rule for e in v.evidence), v.number


def test_policy_can_change_the_precedence() -> None:
    order = [
        "credit",
        "internal_hold",
        "payment_plan",
        "dispute",
        "procurement",
        "broken_promise",
        "promised",
        "partial_payment",
        "overdue",
        "not_due",
    ]
    kwargs = {
        "invoices": [inv("INV-1")],
        "contacts": [contact("Acme Retail", "ap@acme.com")],
        "messages": [msg("INV-1 was double billed, and can we pay it in three installments?")],
    }
    assert view(run(**kwargs), "INV-1").status == "dispute"
    assert view(run(playbook={"precedence": order}, **kwargs), "INV-1").status == "payment_plan"


def test_policy_can_add_a_phrase() -> None:
    kwargs = {
        "invoices": [inv("INV-1")],
        "contacts": [contact("Acme Retail", "ap@acme.com")],
        "messages": [msg("The tiles on INV-1 arrived scratched.")],
    }
    assert view(run(**kwargs), "INV-1").status == "overdue"
    adjusted = {"signals": {"dispute": {"rules": {"damaged_goods": {"phrases": ["arrived (?:all )?scratched"]}}}}}
    v = view(run(playbook=adjusted, **kwargs), "INV-1")
    assert v.status == "dispute" and "damaged_goods" in v.flags


def test_policy_can_switch_a_rule_off_and_add_a_rule() -> None:
    kwargs = {
        "invoices": [inv("INV-1")],
        "contacts": [contact("Acme Retail", "ap@acme.com")],
        "messages": [msg("Please upload INV-1 to our supplier portal. Our auditors are reviewing it.")],
    }
    adjusted = {
        "signals": {
            "procurement": {
                "rules": {
                    "supplier_portal": {"enabled": False},
                    "audit_review": {"phrases": ["auditors? (?:are|is) reviewing"], "flag": "audit"},
                }
            }
        }
    }
    v = view(run(playbook=adjusted, **kwargs), "INV-1")
    assert v.status == "procurement"
    assert "audit" in v.flags and "supplier_portal" not in v.flags


def test_bad_adjustments_are_warnings_and_the_defaults_still_apply() -> None:
    adjusted = {
        "precedence": ["dispute"],
        "signals": {"dispute": {"rules": {"damaged_goods": {"phrases": ["(unclosed"]}}}},
        "colour": "blue",
    }
    analysis = run(
        playbook=adjusted,
        invoices=[inv("INV-1")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("INV-1 arrived damaged.")],
    )
    messages = [p.message for p in analysis.problems]
    assert any("precedence" in m for m in messages)
    assert any("(unclosed" in m for m in messages)
    assert any("colour" in m for m in messages)
    assert all(p.severity == "warning" and p.source.path == "handoffs/policy.yml" for p in analysis.problems)
    assert view(analysis, "INV-1").status == "dispute"


# --- next steps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "level"),
    [("2026-04-29", "friendly reminder"), ("2026-03-30", "firm reminder"), ("2026-02-28", "final notice")],
)
def test_reminder_level_by_days_overdue(due: str, level: str) -> None:
    analysis = run(invoices=[inv("INV-1", due=due)], contacts=[contact("Acme Retail", "ap@acme.com")])
    v = view(analysis, "INV-1")
    assert v.status == "overdue" and v.reminder_level == level
    assert v.next_step.action == f"Send the {level}"
    assert v.next_step.owner == "ar_clerk" and v.next_step.due == D(2026, 5, 1)
    assert v.next_step.gate and "approval" in v.next_step.gate


def test_policy_reminder_levels_are_used() -> None:
    levels = [{"name": "gentle nudge", "min_days": 1}, {"name": "second notice", "min_days": 15, "tone": "firm"}]
    analysis = run(
        invoices=[inv("INV-1", due="2026-04-10")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        policy={"reminder_levels": levels},
    )
    assert view(analysis, "INV-1").reminder_level == "second notice"


def test_long_overdue_is_escalated_to_the_controller() -> None:
    analysis = run(invoices=[inv("INV-1", due="2025-12-01")], contacts=[contact("Acme Retail", "ap@acme.com")])
    v = view(analysis, "INV-1")
    assert v.status == "overdue" and v.next_step.owner == "controller"
    assert v.next_step.action.startswith("Escalate")


def test_missing_contact_is_a_question_and_a_step() -> None:
    analysis = run(invoices=[inv("INV-1", due="2026-04-10")])
    v = view(analysis, "INV-1")
    assert "no_valid_contact" in v.flags
    assert v.next_step.depends_on == "a valid customer email address"
    assert any(u.kind == "missing_contact" and u.subject == "Acme Retail" for u in analysis.unknowns)
    assert any("Find a valid email" in s.action for s in customer(analysis, "Acme Retail").next_steps)


def test_customer_steps_consolidate_reminders_and_name_invoices() -> None:
    analysis = run(
        invoices=[
            inv("INV-1", due="2026-04-10"),
            inv("INV-2", due="2026-03-10", row=3),
            inv("INV-3", due="2026-06-01", row=4),
        ],
        contacts=[contact("Acme Retail", "ap@acme.com")],
    )
    steps = customer(analysis, "Acme Retail").next_steps
    assert [s.action for s in steps] == ["Send one firm reminder covering INV-1, INV-2"]


def test_decisions_belong_to_the_controller() -> None:
    analysis = run(
        invoices=[inv("INV-1"), inv("CM-1", open_amount="-10.00", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("Could we split INV-1 into three monthly payments?")],
    )
    for number in ("INV-1", "CM-1"):
        step = view(analysis, number).next_step
        assert step.owner == "controller"
        assert step.gate and "controller decision" in step.gate
        assert step.due == D(2026, 5, 5)  # three working days after Thursday April 30


def test_no_customer_contact_while_on_hold() -> None:
    analysis = run(invoices=[inv("INV-1")], notes=[note("Acme Retail is with our attorneys, no contact please.")])
    v = view(analysis, "INV-1")
    assert v.status == "internal_hold"
    assert v.next_step.owner == "legal"
    assert v.next_step.gate == "no customer contact while the hold stands"
    assert v.reminder_level is None
    acme = customer(analysis, "Acme Retail")
    assert acme.on_hold and "on_hold" in acme.flags
    assert not any(u.kind == "missing_contact" for u in analysis.unknowns)


def test_promised_invoice_waits_until_date_plus_grace() -> None:
    analysis = run(
        invoices=[inv("INV-1")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("We will pay INV-1 on May 6.")],
        policy={"promise_grace_days": 5},
    )
    step = view(analysis, "INV-1").next_step
    assert step.due == D(2026, 5, 11)
    assert "2026-05-06" in step.action and "2026-05-11" in step.action


def test_stale_export_when_mail_is_newer_than_the_aging() -> None:
    analysis = run(
        invoices=[inv("INV-1")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("Hello.", when="2026-05-03T09:00")],
    )
    stale = [u for u in analysis.unknowns if u.kind == "stale_export"]
    assert len(stale) == 1 and stale[0].subject is None and "2026-05-03" in stale[0].question


def test_unknowns_are_sorted_packet_first_and_never_repeat() -> None:
    analysis = run(
        invoices=[inv("INV-1"), inv("INV-1", row=3)],
        messages=[msg("Hi", sender="x@nowhere.example", when="2026-05-02T09:00")],
    )
    subjects = [u.subject for u in analysis.unknowns]
    assert subjects[0] is None
    assert len({(u.subject, u.question) for u in analysis.unknowns}) == len(analysis.unknowns)
