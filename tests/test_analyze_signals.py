"""Signals read from customer emails and internal notes, one scenario per signal and per trap."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures.analyze.builders import contact, customer, inv, kinds, msg, note, rules, run, status_of, view

# --- each signal ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("Two of the pallets arrived damaged, so we cannot pay INV-1042 as billed.", "dispute.damaged_goods"),
        ("You sent the wrong items on INV-1042; we ordered the blue model.", "dispute.wrong_goods"),
        ("We never received the goods for INV-1042.", "dispute.goods_not_received"),
        ("The rate on INV-1042 is wrong: we agreed $85/hour, not $95.", "dispute.wrong_amount"),
        ("We were overcharged on INV-1042.", "dispute.wrong_amount"),
        ("These charges do not match our contract.", "dispute.contract_mismatch"),
        ("We need a credit note for the returned units before we can pay.", "dispute.credit_note_requested"),
        ("We are disputing INV-1042.", "dispute.disputed"),
    ],
)
def test_dispute_rules(body: str, rule: str) -> None:
    v = status_of(body)
    assert v.status == "dispute"
    assert rule in rules(v)
    quoted = next(e for e in v.evidence if e.rule == rule)
    assert quoted.quote == body
    assert quoted.location.startswith("<m") and quoted.source.endswith(".eml")


@pytest.mark.parametrize(
    ("body", "flag"),
    [
        ("We can't process INV-1042 without a PO number.", "missing_po"),
        ("Please add our PO number to the invoice, it is missing.", "missing_po"),
        ("The PO needs to be amended before we can pay INV-1042.", "po_amendment"),
        ("INV-1042 exceeds the PO amount, so it needs a change order.", "po_amendment"),
        ("We still need your vendor set-up form and W-9 before we can pay.", "vendor_setup"),
        ("Please upload the invoice to our supplier portal (Coupa).", "supplier_portal"),
        ("We have not received invoice INV-1042, can you resend it?", "invoice_not_received"),
        ("INV-1042 is stuck in approval on our side.", "awaiting_approval"),
        ("The invoice is pending approval by our director.", "awaiting_approval"),
    ],
)
def test_procurement_rules(body: str, flag: str) -> None:
    v = status_of(body)
    assert v.status == "procurement"
    assert flag in v.flags
    assert any(e.rule.startswith("procurement.") for e in v.evidence)


@pytest.mark.parametrize(
    "body",
    [
        "Could we pay this in three installments?",
        "We would like to split the payment over the next three months.",
        "Can we set up a payment plan for INV-1042?",
        "We propose monthly payments of $2,000 until it is cleared.",
    ],
)
def test_payment_plan_request(body: str) -> None:
    v = status_of(body)
    assert v.status == "payment_plan"
    assert "payment_plan_requested" in v.flags
    assert v.next_step.owner == "controller"


@pytest.mark.parametrize(
    "body",
    [
        "We sent a partial payment of $400 yesterday; the rest will follow next week.",
        "We short-paid INV-1042 because of a pricing question.",
    ],
)
def test_partial_payment_from_text(body: str) -> None:
    v = status_of(body)
    assert "partial_payment" in v.flags
    assert v.status in ("partial_payment", "promised", "dispute")


def test_partial_payment_text_alone_sets_status() -> None:
    v = status_of("We paid $400 towards INV-1042 last Friday.")
    assert v.status == "partial_payment"
    assert "partial_payment.partial_payment" in rules(v)


def test_customer_says_paid_is_flagged_with_reference_and_question() -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("We already paid INV-1042 on April 17, ACH reference 88123401.")],
    )
    v = view(analysis, "INV-1042")
    assert v.status == "overdue"
    assert "customer_says_paid" in v.flags
    assert v.reminder_level is None
    assert "Verify the remittance" in v.next_step.action and "88123401" in v.next_step.action
    says = [u for u in analysis.unknowns if u.kind == "says_paid"]
    assert len(says) == 1 and says[0].subject == "INV-1042" and "88123401" in says[0].question


def test_if_you_already_paid_is_not_a_claim() -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11")],
        messages=[
            msg(
                "If you have already paid INV-1042, please disregard this reminder.",
                sender="ar@ourco.com",
                to=("ap@acme.com",),
            )
        ],
        contacts=[contact("Acme Retail", "ap@acme.com")],
    )
    v = view(analysis, "INV-1042")
    assert "customer_says_paid" not in v.flags
    assert v.status == "overdue"


# --- holds: our side only -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Please do not chase Acme this month.", "do_not_chase"),
        ("Acme is in renewal negotiations; hold off on reminders.", "renewal_negotiation"),
        ("Our CFO is handling the Acme relationship personally.", "executive_handling"),
        ("Acme has been handed over to legal.", "legal"),
        ("Acme filed for Chapter 11 last week.", "bankruptcy"),
    ],
)
def test_internal_note_holds_every_invoice_of_the_customer(text: str, flag: str) -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11"), inv("INV-1050", due="2026-05-20", row=3)],
        notes=[note(text)],
    )
    for number in ("INV-1042", "INV-1050"):
        v = view(analysis, number)
        assert v.status == "internal_hold", number
        assert flag in v.flags
        assert any(e.source.endswith("notes.md") and e.location == "line 1" for e in v.evidence)
    acme = customer(analysis, "Acme Retail")
    assert acme.on_hold and acme.hold_evidence
    assert all("No customer contact" in s.action for s in acme.next_steps)


def test_hold_that_names_an_invoice_covers_only_that_invoice() -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11"), inv("INV-1050", due="2026-04-12", row=3)],
        notes=[note("Do not chase INV-1042 until the credit is sorted.")],
    )
    assert view(analysis, "INV-1042").status == "internal_hold"
    assert view(analysis, "INV-1050").status == "overdue"
    assert not customer(analysis, "Acme Retail").on_hold


def test_customer_asking_us_to_hold_off_is_not_a_hold() -> None:
    v = status_of("Please hold off on reminders, do not chase us, we are reviewing.")
    assert v.status != "internal_hold"


def test_do_not_list_in_the_manifest_is_a_hold() -> None:
    analysis = run(
        invoices=[inv("G-1", customer="Globex Corporation")], do_not=("Do not contact Globex until legal signs off",)
    )
    v = view(analysis, "G-1")
    assert v.status == "internal_hold"
    assert v.evidence[0].location == "do_not item 1"
    assert v.evidence[0].source.endswith("handoff.yaml")


def test_our_own_mailbox_can_put_an_account_on_hold() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        messages=[
            msg(
                "Please pause reminders for Acme Retail while I finish the renewal.",
                sender="vp.sales@ourco.com",
                to=("ar@ourco.com",),
            )
        ],
    )
    assert view(analysis, "INV-1042").status == "internal_hold"


def test_credit_hold_is_not_a_collections_hold() -> None:
    analysis = run(invoices=[inv("INV-1042")], notes=[note("Acme Retail is on credit hold until they pay.")])
    assert view(analysis, "INV-1042").status == "overdue"


def test_customer_reporting_bankruptcy_stops_contact_and_asks_legal() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("Please note Acme Retail filed for Chapter 11 protection on April 2.")],
    )
    v = view(analysis, "INV-1042")
    assert v.status == "internal_hold"
    assert "bankruptcy" in v.flags
    assert v.next_step.owner == "legal"
    assert "bankruptcy_reported" in kinds(analysis)


# --- negation and change of mind -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "We are not disputing INV-1042, we just need more time.",
        "There's no dispute about the amount.",
        "We have no issue with the invoice itself.",
        "We don't dispute the charges.",
    ],
)
def test_negation_is_not_a_dispute(body: str) -> None:
    v = status_of(body)
    assert v.status != "dispute"
    assert not any(e.rule.startswith("dispute.") and e.rule != "dispute.negated" for e in v.evidence)


def test_dispute_later_resolved_in_the_thread() -> None:
    first = msg("The goods for INV-1042 arrived damaged.", mid="<d1@acme>", when="2026-04-14T10:00")
    second = msg(
        "Thanks for the credit note, that resolves it.",
        mid="<d2@acme>",
        when="2026-04-21T10:00",
        in_reply_to="<d1@acme>",
        subject="Re: Invoice",
    )
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[second, first],  # order in the handoff does not matter: dates do
    )
    v = view(analysis, "INV-1042")
    assert v.status == "overdue"
    assert "dispute_resolved" in v.flags
    assert "damaged_goods" not in v.flags
    assert any(e.rule == "dispute.resolved" for e in v.evidence)


def test_dispute_raised_again_after_resolution_wins() -> None:
    messages = [
        msg("INV-1042: the goods arrived damaged.", when="2026-04-10T10:00"),
        msg("We withdraw the dispute on INV-1042.", when="2026-04-12T10:00"),
        msg("Sorry, more boxes of INV-1042 are broken on arrival, we dispute it again.", when="2026-04-20T10:00"),
    ]
    analysis = run(invoices=[inv("INV-1042")], contacts=[contact("Acme Retail", "ap@acme.com")], messages=messages)
    assert view(analysis, "INV-1042").status == "dispute"


def test_po_received_all_good_resolves_procurement() -> None:
    messages = [
        msg("We cannot pay INV-1042 without a PO number.", when="2026-04-10T10:00"),
        msg("PO 4500123 received, all good. We will pay on May 8.", when="2026-04-24T10:00"),
    ]
    analysis = run(invoices=[inv("INV-1042")], contacts=[contact("Acme Retail", "ap@acme.com")], messages=messages)
    v = view(analysis, "INV-1042")
    assert v.status == "promised"
    assert v.promise_date == dt.date(2026, 5, 8)
    assert "procurement_resolved" in v.flags


def test_later_promise_supersedes_an_earlier_blocker() -> None:
    messages = [
        msg("INV-1042 is stuck in approval on our side.", when="2026-04-10T10:00"),
        msg("Good news: INV-1042 will be paid on May 6.", when="2026-04-22T10:00"),
    ]
    analysis = run(invoices=[inv("INV-1042")], contacts=[contact("Acme Retail", "ap@acme.com")], messages=messages)
    v = view(analysis, "INV-1042")
    assert v.status == "promised"
    assert "procurement_superseded" in v.flags


def test_blocker_in_the_same_message_as_a_promise_still_counts() -> None:
    v = status_of("We will pay on May 6, but the rate on INV-1042 is wrong and needs a credit note first.")
    assert v.status == "dispute"
    assert "payment_promised" in v.flags


def test_hold_lifted_later() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        notes=[
            note("Do not chase Acme Retail during the renewal.", date="2026-04-01"),
            note("Renewal signed, OK to chase Acme Retail again.", date="2026-04-20"),
        ],
    )
    v = view(analysis, "INV-1042")
    assert v.status == "overdue"
    assert "hold_resolved" in v.flags
    assert not customer(analysis, "Acme Retail").on_hold


# --- automatic replies and bounces -----------------------------------------------------------


def test_auto_reply_is_not_a_customer_response() -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg(
                "I am out of the office until May 4 with no access to email. The invoice is disputed by nobody.",
                subject="Automatic reply: INV-1042",
                kind="auto_reply",
            )
        ],
    )
    v = view(analysis, "INV-1042")
    assert v.status == "overdue"
    assert "auto_reply_only" in v.flags
    assert not any(e.rule.startswith("dispute") for e in v.evidence)
    assert customer(analysis, "Acme Retail").timeline[0].kind == "auto_reply"


def test_auto_reply_recognized_by_subject_alone() -> None:
    v = status_of("We will pay on May 6.", subject="Out of Office: Invoice INV-1042")
    assert v.status == "overdue"
    assert "auto_reply_only" in v.flags


def test_bounce_makes_the_contact_invalid() -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-04-11")],
        contacts=[contact("Acme Retail", "old.ap@acme.com")],
        messages=[
            msg(
                "Delivery to the following recipient failed permanently: old.ap@acme.com",
                sender="mailer-daemon@googlemail.com",
                subject="Delivery Status Notification (Failure)",
                kind="bounce",
                bounced=("old.ap@acme.com",),
            )
        ],
    )
    acme = customer(analysis, "Acme Retail")
    assert acme.invalid_emails == ("old.ap@acme.com",)
    assert acme.emails == ()
    v = view(analysis, "INV-1042")
    assert "contact_bounced" in v.flags
    assert "Find a valid contact" in v.next_step.action
    assert any(u.kind == "contact_bounced" and u.subject == "Acme Retail" for u in analysis.unknowns)


def test_bounce_never_raises_signals() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg(
                "Your message could not be delivered. Original text: the goods arrived damaged.",
                sender="postmaster@acme.com",
                kind="bounce",
                bounced=("ap@acme.com",),
            )
        ],
    )
    assert view(analysis, "INV-1042").status == "overdue"


# --- scope: sentence, message, customer ------------------------------------------------------


def test_sentence_numbers_scope_the_signal() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("INV-1043", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("INV-1042 arrived damaged. INV-1043 will be paid on May 6.", subject="INV-1042 and INV-1043")],
    )
    assert view(analysis, "INV-1042").status == "dispute"
    assert view(analysis, "INV-1043").status == "promised"


def test_dispute_without_invoice_covers_all_and_asks_which() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("INV-1043", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("The last shipment arrived damaged.", subject="Problem")],
    )
    assert view(analysis, "INV-1042").status == "dispute"
    assert view(analysis, "INV-1043").status == "dispute"
    scope = [u for u in analysis.unknowns if u.kind == "dispute_scope"]
    assert len(scope) == 1 and scope[0].subject == "Acme Retail"


def test_note_about_two_customers_keeps_each_sentence_with_its_customer() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("G-7", customer="Globex Corporation", row=3)],
        notes=[note("Globex Corporation: legal is handling their account now. Acme Retail promised to pay by May 8.")],
    )
    assert view(analysis, "G-7").status == "internal_hold"
    acme = view(analysis, "INV-1042")
    assert acme.status == "promised" and acme.promise_date == dt.date(2026, 5, 8)


def test_note_sentence_without_names_continues_the_previous_subject() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("G-7", customer="Globex Corporation", row=3)],
        notes=[note("Spoke to Globex Corporation today.\nThey are going into administration. Acme Retail is fine.")],
    )
    assert view(analysis, "G-7").status == "internal_hold"
    assert view(analysis, "INV-1042").status == "overdue"


def test_undated_note_is_older_than_dated_email() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        notes=[note("Acme Retail says INV-1042 arrived damaged.", date=None)],
        messages=[msg("The replacement arrived, all good with INV-1042.", when="2026-04-22T09:00")],
    )
    assert view(analysis, "INV-1042").status == "overdue"


# --- how people refer back ------------------------------------------------------------------


def test_that_one_refers_back_within_its_paragraph() -> None:
    body = (
        "To be clear, we are not disputing INV-1047. That one is approved and we will pay it on May 5.\n\n"
        "Also, your March statement still listed INV-1031. That one was settled by check 5521 on March 9."
    )
    analysis = run(
        invoices=[inv("INV-1047"), inv("INV-1038", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg(body, subject="Open invoices INV-1038, INV-1047")],
    )
    assert view(analysis, "INV-1047").status == "promised"
    assert "customer_says_paid" not in view(analysis, "INV-1047").flags
    assert "customer_says_paid" not in view(analysis, "INV-1038").flags
    assert [u.subject for u in analysis.unknowns if u.kind == "invoice_not_in_aging"] == ["INV-1031"]


def test_bare_number_of_a_known_customers_invoice() -> None:
    analysis = run(
        invoices=[inv("INV-1038"), inv("INV-1047", row=3), inv("INV-2047", customer="Initech", row=4)],
        notes=[note("Acme Retail is disputing invoice 1038. They are NOT disputing 1047, it goes out on May 5.")],
    )
    assert view(analysis, "INV-1038").status == "dispute"
    assert view(analysis, "INV-1047").status == "promised"
    assert view(analysis, "INV-2047").status == "overdue"


def test_questions_do_not_promise_or_claim_payment() -> None:
    analysis = run(
        invoices=[inv("INV-1038")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg(
                "Could you let me know when INV-1038 is scheduled for payment?",
                sender="ar@ourco.com",
                to=("ap@acme.com",),
            ),
            msg("Have you already paid INV-1038?", sender="ar@ourco.com", to=("ap@acme.com",)),
            msg("Should we put Acme Retail on hold?", sender="casey@ourco.com", to=("ar@ourco.com",)),
        ],
    )
    v = view(analysis, "INV-1038")
    assert v.status == "overdue"
    assert not {"payment_promised", "customer_says_paid", "do_not_chase"} & set(v.flags)


def test_a_remark_about_a_known_dispute_stays_with_its_invoice() -> None:
    analysis = run(
        invoices=[inv("INV-1038"), inv("INV-1060", due="2026-05-20", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("Invoice #1038: three units were delivered damaged.", when="2026-04-22T10:00")],
        notes=[note("Acme Retail: the units left our dock fine, this looks like carrier damage to me.")],
    )
    assert view(analysis, "INV-1038").status == "dispute"
    assert view(analysis, "INV-1060").status == "not_due"
    assert "dispute_scope" not in kinds(analysis)
    assert len([e for e in view(analysis, "INV-1038").evidence if e.source.endswith("notes.md")]) == 1


def test_a_chat_reply_continues_the_previous_note() -> None:
    analysis = run(
        invoices=[inv("INV-1"), inv("G-1", customer="Globex Corporation", row=3)],
        notes=[
            note("Globex Corporation asked about their statement.", time="3:05 PM", line=1),
            note("They filed for chapter 11 this morning.", time="3:12 PM", line=4),
        ],
    )
    assert view(analysis, "G-1").status == "internal_hold"
    assert view(analysis, "INV-1").status == "overdue"
    assert "unmatched_message" not in kinds(analysis)


def test_hold_until_a_date_is_waited_out() -> None:
    analysis = run(invoices=[inv("INV-1")], notes=[note("Don't chase Acme Retail until May 15, renewal talks.")])
    step = view(analysis, "INV-1").next_step
    assert step.due == dt.date(2026, 5, 15)
    assert step.action.startswith("No customer contact until 2026-05-15")


def test_one_question_per_payment_claim_quoting_the_customer() -> None:
    analysis = run(
        invoices=[inv("INV-1040"), inv("PMT-7", open_amount="-1000.00", doc_type="Payment", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("We already paid INV-1040 on April 22, reference ACH 0042173.")],
        notes=[note("Acme Retail says they paid invoice INV-1040 by ACH (ref 0042173).", date="2026-04-27")],
    )
    says = [u for u in analysis.unknowns if u.kind == "says_paid"]
    assert len(says) == 1 and "We already paid" in says[0].question
    credit = next(u for u in analysis.unknowns if u.kind == "unapplied_credit")
    assert "equals the open amount of INV-1040" in credit.question


def test_notes_are_placed_in_time_by_the_teams_clock() -> None:
    analysis = run(
        invoices=[inv("INV-1")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg("Reminder for INV-1.", sender="ar@ourco.com", to=("ap@acme.com",), when="2026-04-20T08:00"),
            msg("INV-1 arrived damaged.", when="2026-04-20T16:30"),
        ],
        notes=[note("Acme Retail: that resolves it, the replacement arrived.", date="2026-04-20", time="4:45 PM")],
    )
    # 16:45 in the team's own offset is after the customer's 16:30 email
    assert view(analysis, "INV-1").status == "overdue"
    timeline = customer(analysis, "Acme Retail").timeline
    assert [t.kind for t in timeline] == ["email", "email", "note"]


@pytest.mark.parametrize(
    ("body", "status", "flag"),
    [
        ("Payment for INV-1042 has been scheduled for May 12.", "promised", "payment_promised"),
        ("Our AP team is processing it this week.", "broken_promise", "payment_promised"),
        ("We can't pay INV-1042 until next month.", "promised", "payment_promised"),
        ("The check is in the mail.", "overdue", "customer_says_paid"),
        ("Can you provide a W-9 and banking details?", "procurement", "vendor_setup"),
        ("We don't have a record of this invoice.", "procurement", "invoice_not_received"),
        ("It was sent to the wrong address.", "procurement", "invoice_not_received"),
        ("Please send a corrected invoice with our new PO number.", "procurement", "po_amendment"),
        ("We won't pay until the credit note is issued.", "dispute", "credit_note_requested"),
        ("Please send us a corrected invoice.", "dispute", "disputed"),
        ("The invoice is on hold pending receipt of the goods.", "dispute", "goods_not_received"),
        ("Just checking: we processed payment for INV-1042 last Thursday via wire.", "overdue", "customer_says_paid"),
        ("Attached is the remittance for INV-1042.", "overdue", "customer_says_paid"),
        ("We are reviewing the invoice internally and will get back to you.", "procurement", "awaiting_approval"),
        ("Per our agreement, payment terms are net 60, so this isn't due yet.", "dispute", "wrong_terms"),
        ("Can we push payment to mid-May?", "payment_plan", "payment_plan_requested"),
        ("The invoice shows 120 units but we only received 100.", "dispute", "wrong_goods"),
        ("We'll settle the balance once our funding comes through next month.", "promised", "payment_promised"),
    ],
)
def test_everyday_phrasings(body: str, status: str, flag: str) -> None:
    v = status_of(body, when="2026-04-20T09:00")
    assert v.status == status
    assert flag in v.flags


def test_cannot_pay_is_not_a_promise() -> None:
    v = status_of("We cannot pay INV-1042 this month, sorry.")
    assert "payment_promised" not in v.flags


def test_our_final_notice_warning_is_not_a_hold() -> None:
    analysis = run(
        invoices=[inv("INV-1042", due="2026-02-01")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg(
                "If payment is not received by May 10, your account will be referred to our collections agency.",
                sender="ar@ourco.com",
                to=("ap@acme.com",),
            )
        ],
    )
    assert view(analysis, "INV-1042").status == "overdue"


def test_out_of_office_recognized_by_its_first_words() -> None:
    v = status_of("I am currently out of the office until May 4. The goods arrived damaged.", subject="RE: INV-1042")
    assert v.status == "overdue"
    assert "auto_reply_only" in v.flags


def test_proof_of_delivery_before_payment_is_a_dispute_not_a_promise() -> None:
    v = status_of("We need proof of delivery for INV-1042 before we can pay.")
    assert v.status == "dispute" and "goods_not_received" in v.flags
    assert "payment_promised" not in v.flags


def test_each_clause_keeps_its_own_invoices() -> None:
    analysis = run(
        invoices=[inv("INV-1001"), inv("INV-1002", row=3), inv("INV-1003", row=4)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("We will pay INV-1001 and INV-1002 on May 8, but INV-1003 is disputed.")],
    )
    assert view(analysis, "INV-1001").status == "promised"
    assert view(analysis, "INV-1002").status == "promised"
    assert view(analysis, "INV-1003").status == "dispute"
    assert "payment_promised" not in view(analysis, "INV-1003").flags


@pytest.mark.parametrize(
    "text",
    [
        "Called Acme Retail, they said they'd pay INV-1042 on May 7.",
        "Acme Retail committed to paying INV-1042 on May 7.",
        "Acme Retail gave an ETA on payment of May 7.",
    ],
)
def test_reported_promises_in_notes(text: str) -> None:
    analysis = run(invoices=[inv("INV-1042")], notes=[note(text)])
    v = view(analysis, "INV-1042")
    assert v.status == "promised" and v.promise_date == dt.date(2026, 5, 7)


def test_customer_asking_to_apply_a_credit_is_a_controller_decision() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("CM-88", open_amount="-200.00", doc_type="Credit Memo", row=3)],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("Please apply our credit from the returned items to INV-1042.")],
    )
    v = view(analysis, "INV-1042")
    assert "credit_application_requested" in v.flags
    assert v.next_step.owner == "controller" and v.reminder_level is None
    assert any(u.kind == "credit_request" and u.subject == "INV-1042" for u in analysis.unknowns)
