"""The draft stage: which drafts a packet needs, and what they may and may not say."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fixtures.draft.scenarios import customer, email_evidence, handoff, harbor, invoice, note_evidence
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.analyze.model import Analysis, InvoiceView
from generator.draft import make_drafts
from generator.draft.facts import NEAR, Fact, printed
from generator.draft.model import CUSTOMER_KINDS, INTERNAL_KINDS, Draft
from generator.draft.slugs import slugify, unique_slugs
from generator.manifest import Policy, ReminderLevel

D = dt.date


def analysis_of(views: list[InvoiceView], **customer_fields: dict[str, object]) -> Analysis:
    names = sorted({v.customer for v in views})
    return Analysis(
        handoff_id="test",
        title="Test aging",
        as_of=D(2026, 4, 30),
        invoices=tuple(sorted(views, key=lambda v: (v.customer, v.number))),
        customers=tuple(customer(n, views, **customer_fields.get(n, {"emails": ("ap@x.example",)})) for n in names),
    )


def by_id(drafts: tuple[Draft, ...]) -> dict[str, Draft]:
    return {d.id: d for d in drafts}


@pytest.fixture(scope="module")
def harbor_drafts() -> tuple[Draft, ...]:
    h, a = harbor()
    return make_drafts(h, a)


# --- which drafts ---------------------------------------------------------------


def test_the_harbor_packet_has_exactly_the_drafts_its_situations_call_for(harbor_drafts: tuple[Draft, ...]) -> None:
    assert [d.id for d in harbor_drafts] == [
        "acme-retail-blocker-reply",
        "acme-retail-reminder",
        "bluewater-marine-supply-promise-followup",
        "bluewater-marine-supply-reminder",
        "cobalt-ridge-brewing-co-reminder",
        "internal-credit-globex-corporation-cm-1009",
        "internal-credit-pinecrest-dental-group-pymt-2291",
        "internal-dispute-globex-corporation-inv-1038",
        "internal-escalation-summary",
        "internal-hold-initech",
        "internal-hold-meridian-property-partners",
        "internal-plan-sandpiper-hospitality-group",
        "kestrel-logistics-balance-reply",
        "tallgrass-veterinary-partners-reminder",
        "tallgrass-veterinary-partners-remittance-request",
    ]
    for draft in harbor_drafts:
        assert draft.path == f"drafts/{draft.id}.md"
        assert draft.kind in (CUSTOMER_KINDS if draft.audience == "customer" else INTERNAL_KINDS)
        if draft.audience == "customer":
            assert draft.id.startswith(slugify(draft.customer or "")), draft.id
        else:
            assert draft.id.startswith(f"internal-{draft.kind.removesuffix('_note')}-")


def test_one_consolidated_reminder_lists_every_clean_overdue_invoice_and_nothing_else() -> None:
    views = [
        invoice("INV-1", "Cobalt", "100.00", D(2026, 4, 20)),
        invoice("INV-2", "Cobalt", "200.00", D(2026, 3, 20)),
        invoice("INV-3", "Cobalt", "300.00", D(2026, 5, 20), "not_due"),
        invoice("INV-4", "Cobalt", "400.00", D(2026, 3, 1), "dispute",
                evidence=(note_evidence(1, "The customer says the goods arrived broken.", "dispute.damaged"),)),
    ]
    drafts = by_id(make_drafts(handoff(), analysis_of(views)))
    reminder = drafts["cobalt-reminder"]
    assert reminder.invoices == ("INV-2", "INV-1")
    assert "INV-1" in reminder.body and "INV-2" in reminder.body
    assert "INV-3" not in reminder.body and "INV-4" not in reminder.body
    assert "USD 300.00" in reminder.body  # the total of the two listed
    assert "disput" not in (reminder.body + reminder.subject).lower()
    assert [d.kind for d in drafts.values() if d.customer == "Cobalt"] == ["reminder", "dispute_note"]


@pytest.mark.parametrize(
    ("oldest_due", "tone", "words"),
    [
        (D(2026, 4, 20), "friendly", "friendly reminder"),
        (D(2026, 3, 20), "firm", "following up"),
        (D(2026, 2, 1), "final", "final notice"),
    ],
)
def test_the_reminder_tone_follows_the_oldest_invoice_s_level(oldest_due: dt.date, tone: str, words: str) -> None:
    views = [invoice("INV-1", "Cobalt", "100.00", D(2026, 4, 25)), invoice("INV-2", "Cobalt", "50.00", oldest_due)]
    reminder = by_id(make_drafts(handoff(), analysis_of(views)))["cobalt-reminder"]
    assert reminder.tone == tone
    assert words in reminder.body.lower()


def test_reminder_levels_come_from_the_policy() -> None:
    policy = Policy(
        reminder_levels=(
            ReminderLevel(name="nudge", min_days=1, tone="friendly"),
            ReminderLevel(name="last call", min_days=5, tone="final"),
        )
    )
    views = [invoice("INV-1", "Cobalt", "100.00", D(2026, 4, 20))]  # 10 days overdue
    reminder = by_id(make_drafts(handoff(policy=policy), analysis_of(views)))["cobalt-reminder"]
    assert reminder.tone == "final"
    assert ("Reminder level", "last call (from 5 days)") in reminder.facts


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("po_amended", "amended"),
        ("missing_po", "PO number to reference"),
        ("vendor_setup", "vendor set-up"),
        ("supplier_portal", "supplier portal"),
        ("invoice_not_received", "not received"),
        ("awaiting_approval", "waiting for approval"),
    ],
)
def test_a_blocker_reply_names_the_blocker(flag: str, expected: str) -> None:
    views = [invoice("INV-9", "Acme", "900.00", D(2026, 4, 1), "procurement", flags=(flag,))]
    reply = by_id(make_drafts(handoff(), analysis_of(views)))["acme-blocker-reply"]
    assert reply.audience == "customer" and reply.invoices == ("INV-9",)
    assert expected in reply.body


def test_replies_for_a_broken_promise_a_partial_payment_and_a_paid_claim(harbor_drafts: tuple[Draft, ...]) -> None:
    drafts = by_id(harbor_drafts)
    promise = drafts["bluewater-marine-supply-promise-followup"]
    assert promise.body.startswith("Hello Tom,\n\nFollowing up on my earlier note: you let us know that INV-1027")
    assert "April 15, 2026" in promise.body and "new date" in promise.body
    assert promise.in_reply_to == "<ours-1@harborlight.example.com>"  # the latest message of the thread
    blocker = drafts["acme-retail-blocker-reply"]
    opening = "Hello Priya,\n\nThank you for the update on INV-1042 (USD 18,400.00, PO 4500-1187). We understand it"
    assert blocker.body.startswith(opening)
    assert promise.subject == "Re: INV-1027 past due - Harbor Light Supply"
    assert promise.to[0] == "tkessler@bluewater-marine.example.com"
    balance = drafts["kestrel-logistics-balance-reply"]
    assert "USD 8,000.00" in balance.body and "USD 4,750.00" in balance.body
    assert balance.to == () and any("No working email address" in n for n in balance.notes)
    paid = drafts["tallgrass-veterinary-partners-remittance-request"]
    assert paid.invoices == ("INV-1008",) and "remittance details" in paid.body
    reminder = drafts["tallgrass-veterinary-partners-reminder"]
    assert "INV-1008" not in reminder.body  # verify the payment before any reminder


@pytest.mark.parametrize(
    "setup",
    [
        {"on_hold": True},
        {"flags": ("bankruptcy",)},
        {"flags": ("legal",)},
    ],
)
def test_no_customer_draft_at_all_for_a_customer_on_hold_or_in_legal(setup: dict[str, object]) -> None:
    flags = setup.get("flags", ())
    views = [
        invoice("INV-1", "Initech", "100.00", D(2026, 4, 1)),
        invoice("INV-2", "Initech", "200.00", D(2026, 3, 1), "internal_hold" if flags else "overdue",
                flags=flags, evidence=(note_evidence(3, "Legal says no contact with Initech.", "hold.legal"),)),
        invoice("INV-3", "Initech", "300.00", D(2026, 4, 1), "procurement", flags=("missing_po",)),
    ]
    fields = {"emails": ("ap@initech.example",), "on_hold": bool(setup.get("on_hold"))}
    drafts = make_drafts(handoff(), analysis_of(views, Initech=fields))
    assert [d for d in drafts if d.audience == "customer"] == []
    assert "internal-hold-initech" in by_id(drafts)


def test_no_customer_draft_asks_about_a_disputed_held_planned_or_credited_invoice(
    harbor_drafts: tuple[Draft, ...],
) -> None:
    _, a = harbor()
    never = {v.number for v in a.invoices if v.status in ("dispute", "internal_hold", "payment_plan", "credit")}
    never.add("INV-1040")  # matched exactly by the unapplied payment PYMT-2291
    for draft in harbor_drafts:
        if draft.audience == "customer":
            assert not never & set(draft.invoices), draft.id
            assert not any(re.search(rf"\b{n}\b", draft.body + draft.subject) for n in never), draft.id


def test_an_invoice_is_asked_about_in_at_most_one_customer_email(harbor_drafts: tuple[Draft, ...]) -> None:
    asked = [n for d in harbor_drafts if d.audience == "customer" for n in d.invoices]
    assert len(asked) == len(set(asked))


def test_internal_notes_cover_each_dispute_hold_plan_credit_and_the_escalation(
    harbor_drafts: tuple[Draft, ...],
) -> None:
    drafts = by_id(harbor_drafts)
    dispute = drafts["internal-dispute-globex-corporation-inv-1038"]
    says, ours = dispute.body.split("## What our side says")
    assert "> 3 of the 12 shelving units" in says.split("## What the customer says")[1]  # the customer's words
    assert "> Ops agrees the Globex shelving was damaged" in ours  # our own assessment, kept apart
    assert "dispute.damaged\\_goods" in dispute.body  # the rule that fired
    hold = drafts["internal-hold-meridian-property-partners"]
    assert "Sam Ortiz" in hold.body and "May 15, 2026" in hold.body and "lease renewal" in hold.body
    assert "legal" in drafts["internal-hold-initech"].body.lower()
    assert "installments" in drafts["internal-plan-sandpiper-hospitality-group"].body
    credit = drafts["internal-credit-pinecrest-dental-group-pymt-2291"]
    assert "INV-1040 has exactly this open amount" in credit.body
    escalation = drafts["internal-escalation-summary"]
    assert escalation.customer is None and escalation.audience == "internal"
    assert "Meridian Property Partners | USD 31,250.00" in escalation.body  # the largest exposure first
    assert "INV-1027 | Bluewater Marine Supply | USD 9,415.00 | April 15, 2026" in escalation.body


def test_drafts_are_deterministic() -> None:
    h, a = harbor()
    assert make_drafts(h, a) == make_drafts(h, a)
    shuffled = a.model_copy(update={"invoices": tuple(reversed(a.invoices)), "customers": tuple(reversed(a.customers))})
    assert [d.model_dump() for d in make_drafts(h, shuffled)] == [d.model_dump() for d in make_drafts(h, a)]


def test_colliding_customer_names_get_distinct_stable_slugs() -> None:
    slugs = unique_slugs(["Acme, Inc.", "ACME Inc", "Zeta"])
    assert slugs["Zeta"] == "zeta"
    assert slugs["Acme, Inc."] != slugs["ACME Inc"]
    assert slugs["Acme, Inc."].startswith("acme-inc-")
    assert unique_slugs(["Acme, Inc.", "ACME Inc"]) == {k: v for k, v in slugs.items() if k != "Zeta"}
    assert unique_slugs(["株式会社"])["株式会社"].startswith("customer-")
    views = [invoice("1", "Acme, Inc.", "10.00", D(2026, 4, 1)), invoice("2", "ACME Inc", "20.00", D(2026, 4, 1))]
    ids = [d.id for d in make_drafts(handoff(), analysis_of(views)) if d.audience == "customer"]
    assert len(ids) == len(set(ids)) == 2


# --- finance decisions stay visible ---------------------------------------------

MADE_UP_TERMS = re.compile(
    r"late fee|interest|\d+(\.\d+)?\s*%|per ?cent|collection agenc|legal action|suspend|write[- ]?off|"
    r"discount|installment|payment plan|credit (note|memo)|apply (a|the) credit",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"\[FINANCE DECISION:[^\]]*\]")


def test_every_placeholder_in_a_draft_is_listed_and_every_listed_one_is_in_the_text(
    harbor_drafts: tuple[Draft, ...],
) -> None:
    for draft in harbor_drafts:
        assert list(draft.decisions) == list(dict.fromkeys(PLACEHOLDER.findall(draft.body))), draft.id


def test_customer_emails_make_up_no_finance_terms(harbor_drafts: tuple[Draft, ...]) -> None:
    for draft in harbor_drafts:
        if draft.audience == "customer":
            outside = PLACEHOLDER.sub("", draft.body + "\n" + draft.subject)
            assert not MADE_UP_TERMS.search(outside), (draft.id, MADE_UP_TERMS.search(outside))


def test_decisions_that_need_finance_carry_a_placeholder(harbor_drafts: tuple[Draft, ...]) -> None:
    drafts = by_id(harbor_drafts)
    assert any("payment-plan terms" in d for d in drafts["internal-plan-sandpiper-hospitality-group"].decisions)
    assert any("credit" in d for d in drafts["internal-credit-globex-corporation-cm-1009"].decisions)
    assert any("hold" in d for d in drafts["internal-hold-initech"].decisions)
    assert any("escalation" in d for d in drafts["internal-escalation-summary"].decisions)
    final = drafts["cobalt-ridge-brewing-co-reminder"]
    assert final.tone == "final" and any("late fees" in d for d in final.decisions)
    assert drafts["acme-retail-reminder"].decisions == ()  # a friendly reminder needs no decision


def test_recipients_leave_out_bounced_addresses_and_our_own() -> None:
    views = [invoice("INV-1", "Acme", "100.00", D(2026, 4, 20))]
    fields = {"emails": ("AP@acme.example", "ar@harborlight.example.com", "old@acme.example", "ap@acme.example"),
              "invalid_emails": ("old@acme.example",)}
    reminder = by_id(make_drafts(handoff(), analysis_of(views, Acme=fields)))["acme-reminder"]
    assert reminder.to == ("ap@acme.example",)


def test_a_reply_follows_up_in_our_own_thread_when_only_an_auto_reply_came_back() -> None:
    import datetime as dtm

    from generator.intake.model import Message
    from generator.problems import Source

    ours = Message(message_id="<ours@harborlight.example.com>", date=dtm.datetime(2026, 4, 28, 15, tzinfo=dtm.UTC),
                   sender="ar@harborlight.example.com", to=("payables@kestrel.example",),
                   subject="Remaining balance on INV-1036", body="...",
                   source=Source(path="handoffs/test/k1.eml", message_id="<ours@harborlight.example.com>"))
    auto = Message(message_id="<auto@kestrel.example>", date=dtm.datetime(2026, 4, 28, 15, 1, tzinfo=dtm.UTC),
                   sender="payables@kestrel.example", sender_name="Gail Hendricks", kind="auto_reply",
                   in_reply_to="<ours@harborlight.example.com>", subject="Automatic reply: Remaining balance",
                   body="I am out of the office.", source=Source(path="handoffs/test/k2.eml",
                                                                message_id="<auto@kestrel.example>"))
    evidence = (email_evidence("handoffs/test/k2.eml", "<auto@kestrel.example>", "Automatic reply", "contact.auto"),)
    views = [invoice("INV-1036", "Kestrel", "12750.00", D(2026, 4, 3), "partial_payment", open_amount="4750.00",
                     flags=("auto_reply_only",), evidence=evidence)]
    reply = by_id(make_drafts(handoff(messages=(ours, auto)), analysis_of(
        views, Kestrel={"emails": ("payables@kestrel.example",)})))["kestrel-balance-reply"]
    assert reply.subject == "Re: Remaining balance on INV-1036"
    assert reply.in_reply_to == "<ours@harborlight.example.com>"
    assert reply.body.startswith("Hello Kestrel team,\n\nI am following up on my earlier note about INV-1036.")
    assert any("automatic replies" in note for note in reply.notes)


def test_a_repeated_draft_id_gets_a_suffix_from_its_invoices_and_a_path_to_match() -> None:
    from generator.draft import _unique_ids

    drafts = make_drafts(*harbor())
    first, other = drafts[0], next(d for d in drafts[1:] if d.invoices)
    twin = other.model_copy(update={"id": first.id, "path": first.path})
    unique = _unique_ids([twin, first])
    renamed = sorted([first, twin], key=lambda d: (d.id, d.invoices))[1]
    assert {d.id for d in unique} == {first.id, f"{first.id}-{slugify('-'.join(renamed.invoices))}"}
    moved = next(d for d in unique if d.id != first.id)
    assert moved.invoices == renamed.invoices
    assert moved.path == f"drafts/{moved.id}.md"
    assert [d.id for d in unique] == sorted(d.id for d in unique)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="ab1 ,", max_size=4), st.booleans()), max_size=12),
       st.text(alphabet="ab1 ,\n", max_size=40))
@example([("b", False), ("ab", False)], "ab")  # found only by looking before the previous value
@example([("1", False), ("a", False), ("a", True), ("1", False)], "1" + " " * 3000 + "a")  # far apart, repeated
@example([("a", False)], "x" * (NEAR + 1) + "a")  # just past the first place looked at
@example([("b", False), ("a", False)], "a" + "x" * NEAR + "b")  # just before the second
def test_the_printed_facts_are_exactly_those_whose_value_the_text_holds(values: list[tuple[str, bool]],
                                                                       text: str) -> None:
    facts = [Fact(label=f"fact {i}", value=v, source="s", always=always) for i, (v, always) in enumerate(values)]
    assert printed(facts, text) == [f for f in facts if f.always or f.value in text]
