"""Linking emails and notes to customers and invoices, by number, address, name and thread."""

from __future__ import annotations

import pytest
from fixtures.analyze.builders import contact, customer, inv, kinds, msg, note, record, run, view

from generator.analyze.names import customer_key
from generator.analyze.references import InvoiceIndex

SUFFIXES = frozenset({"inc", "llc", "ltd", "corp", "co", "corporation", "company", "l l c"})


@pytest.mark.parametrize(
    "written",
    [
        "INV-1042",
        "inv 1042",
        "Inv. 1042",
        "inv1042",
        "#1042",
        "invoice 1042",
        "Invoice #1042",
        "invoice no. 1042",
        "Invoice Number: 1042",
        "invoice #: INV-1042",
        "bill 1042",
    ],
)
def test_invoice_number_forms(written: str) -> None:
    index = InvoiceIndex([(0, "INV-1042"), (1, "INV-2042")])
    refs = index.references(f"About {written}, the goods arrived damaged.")
    assert [index.find(r) for r in refs] == [[0]]


def test_a_list_of_invoices_after_one_invoice_word() -> None:
    index = InvoiceIndex([(0, "1042"), (1, "1043"), (2, "1051")])
    refs = index.references("Invoices 1042, 1043 and 1051 are approved.")
    assert [index.find(r) for r in refs] == [[0], [1], [2]]


def test_bare_number_only_where_the_export_uses_bare_numbers() -> None:
    plain = InvoiceIndex([(0, "5033")])
    assert [plain.find(r) for r in plain.references("We will pay 5033 on Friday.")] == [[0]]
    prefixed = InvoiceIndex([(0, "INV-5033")])
    assert prefixed.references("We will pay 5033 on Friday.") == []


@pytest.mark.parametrize(
    "text",
    [
        "PO 5033 is attached.",
        "PO #5033 is attached.",
        "Check 5033 was mailed.",
        "We paid $5033 yesterday.",
        "We paid 5,033.00 yesterday.",
        "It shipped on April 15, 5033 units.",
        "Call me at 555-5033.",
        "That is 5033 USD.",
        "Due 5/03/2026.",
    ],
)
def test_bare_numbers_that_are_something_else(text: str) -> None:
    index = InvoiceIndex([(0, "5033")])
    assert index.references(text) == []


def test_customer_names_ignore_case_punctuation_and_suffixes() -> None:
    key = customer_key("Acme Retail", SUFFIXES)
    assert customer_key("ACME RETAIL, INC.", SUFFIXES) == key
    assert customer_key("Acme Retail LLC", SUFFIXES) == key
    assert customer_key("Acme Retail L.L.C.", SUFFIXES) == key
    assert customer_key("Acme Retail:Store 12", SUFFIXES) == key


# --- linking in a whole analysis ----------------------------------------------------------


def test_link_by_sender_domain_of_a_contact() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg("The goods arrived damaged.", sender="someone.else@acme.com", subject="Problem")],
    )
    assert view(analysis, "INV-1042").status == "dispute"


def test_link_by_invoice_email_domain() -> None:
    analysis = run(
        invoices=[inv("INV-1042", email="billing@acme.com")],
        messages=[msg("We never received the goods.", sender="jo@acme.com", subject="Question")],
    )
    assert view(analysis, "INV-1042").status == "dispute"


def test_free_mail_domain_links_only_the_exact_address() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("B-1", customer="Bob's Bakery", row=3)],
        contacts=[contact("Bob's Bakery", "bobsbakery@gmail.com")],
        messages=[msg("Wrong items were delivered.", sender="someone@gmail.com", subject="Delivery")],
    )
    assert view(analysis, "B-1").status == "overdue"
    assert "unmatched_message" in kinds(analysis)


def test_link_by_customer_name_in_the_text() -> None:
    analysis = run(
        invoices=[inv("INV-1042", customer="Acme Retail, Inc.")],
        messages=[
            msg("Hello, this is ACME RETAIL. Our PO number is missing from your invoice.", sender="x@acme-hq.net")
        ],
    )
    assert view(analysis, "INV-1042").status == "procurement"


def test_short_name_links_when_no_other_customer_shares_it() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("G-1", customer="Globex Corporation", row=3)],
        notes=[note("Acme says the pallets were damaged.")],
    )
    assert view(analysis, "INV-1042").status == "dispute"
    assert view(analysis, "G-1").status == "overdue"


def test_short_name_shared_by_two_customers_links_neither() -> None:
    analysis = run(
        invoices=[inv("A-1", customer="Acme Retail"), inv("A-2", customer="Acme Logistics", row=3)],
        notes=[note("Acme says the pallets were damaged.")],
    )
    assert view(analysis, "A-1").status == "overdue"
    assert view(analysis, "A-2").status == "overdue"


def test_customer_job_names_group_under_the_parent() -> None:
    analysis = run(
        invoices=[
            inv("1001", customer="Acme Retail:Store 12"),
            inv("1002", customer="Acme Retail:Store 14", row=3),
            inv("1003", customer="Acme Retail", row=4),
        ],
        notes=[note("Do not chase Acme Retail, the CFO is talking to them.")],
    )
    acme = customer(analysis, "Acme Retail")
    assert acme.invoices == ("1001", "1002", "1003")
    assert set(acme.names_as_written) == {"Acme Retail:Store 12", "Acme Retail:Store 14", "Acme Retail"}
    first = view(analysis, "1001")
    assert first.customer == "Acme Retail"
    assert first.customer_as_written == "Acme Retail:Store 12" and first.job == "Store 12"
    assert {view(analysis, n).status for n in ("1001", "1002", "1003")} == {"internal_hold"}
    assert len(analysis.customers) == 1


def test_link_by_thread_in_reply_to() -> None:
    first = msg("Question about INV-1042.", mid="<t1@acme>", sender="ap@acme.com", when="2026-04-10T09:00")
    reply = msg(
        "We were double billed for this one.",
        mid="<t2@x>",
        sender="controller@acme-parent.org",
        in_reply_to="<t1@acme>",
        subject="Re: Invoice",
        when="2026-04-12T09:00",
    )
    analysis = run(invoices=[inv("INV-1042"), inv("INV-1043", row=3)], messages=[first, reply])
    assert view(analysis, "INV-1042").status == "dispute"
    assert view(analysis, "INV-1043").status == "overdue"


def test_link_by_references_header() -> None:
    first = msg("About INV-1042.", mid="<r1@acme>", when="2026-04-10T09:00")
    later = msg(
        "We need the PO amended first.",
        mid="<r3@x>",
        sender="buyer@elsewhere.org",
        references=("<r1@acme>", "<r2@missing>"),
        subject="Re: Re: About",
        when="2026-04-15T09:00",
    )
    analysis = run(
        invoices=[inv("INV-1042")], contacts=[contact("Acme Retail", "ap@acme.com")], messages=[first, later]
    )
    assert view(analysis, "INV-1042").status == "procurement"


def test_link_by_subject_and_shared_address_without_headers() -> None:
    first = msg(
        "INV-1042 is attached.",
        sender="ar@ourco.com",
        to=("pat@gmail.com",),
        subject="Invoice INV-1042 from OurCo",
        when="2026-04-02T09:00",
        mid="<s1@ourco>",
    )
    reply = msg(
        "The rate is wrong.",
        sender="pat@gmail.com",
        subject="RE: Invoice INV-1042 from OurCo",
        when="2026-04-03T09:00",
        mid="<s2@gmail>",
    )
    analysis = run(invoices=[inv("INV-1042")], messages=[first, reply])
    assert view(analysis, "INV-1042").status == "dispute"


def test_sender_learned_from_a_linked_message_links_their_other_mail() -> None:
    messages = [
        msg("Regarding INV-1042, thanks.", sender="pat@gmail.com", subject="Hello", when="2026-04-02T09:00"),
        msg(
            "We never received the goods, by the way.",
            sender="pat@gmail.com",
            subject="Another thing",
            when="2026-04-03T09:00",
        ),
    ]
    analysis = run(invoices=[inv("INV-1042")], messages=messages)
    assert view(analysis, "INV-1042").status == "dispute"


def test_message_matching_no_customer_is_a_question_not_dropped() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        messages=[msg("Please update our bank details.", sender="jo@stranger.example", subject="Bank details")],
    )
    unmatched = [u for u in analysis.unknowns if u.kind == "unmatched_message"]
    assert len(unmatched) == 1
    assert unmatched[0].subject is None
    assert "jo@stranger.example" in unmatched[0].question and "Bank details" in unmatched[0].question


def test_message_about_an_invoice_not_in_the_aging() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        records=[record("INV-0999")],
        messages=[msg("Did you get our payment for INV-0999 and INV-1098?")],
    )
    found = {u.subject: u for u in analysis.unknowns if u.kind == "invoice_not_in_aging"}
    assert set(found) == {"INV-0999", "INV-1098"}
    assert "invoice list has it" in found["INV-0999"].question
    assert "mistyped" in found["INV-1098"].question


def test_customer_timeline_orders_mail_and_notes_and_marks_notes_internal() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg("Second.", when="2026-04-22T09:00"),
            msg("First.", when="2026-04-02T09:00"),
            msg("Reminder about INV-1042", sender="ar@ourco.com", to=("ap@acme.com",), when="2026-04-10T09:00"),
        ],
        notes=[note("Acme Retail called about INV-1042.", date="2026-04-15", time="3:15 PM")],
    )
    timeline = customer(analysis, "Acme Retail").timeline
    assert [t.text for t in timeline] == [
        "First.",
        "Reminder about INV-1042",
        "Acme Retail called about INV-1042.",
        "Second.",
    ]
    assert [t.internal for t in timeline] == [False, False, True, False]
    assert timeline[2].kind == "note" and timeline[2].date == "2026-04-15T15:15"
    assert customer(analysis, "Acme Retail").emails == ("ap@acme.com",)
