"""Merging the aging with invoice lists and PDFs; disagreements and missing detail become questions."""

from __future__ import annotations

from decimal import Decimal

from fixtures.analyze.builders import balance, customer, inv, kinds, pdf, record, run, view


def test_invoice_list_adds_original_amount_po_and_email() -> None:
    analysis = run(
        invoices=[inv("INV-1042", open_amount="400.00", amount=None)],
        records=[record("INV-1042", amount="1000.00", remaining="400.00", po="PO-77", email="ap@acme.com")],
    )
    v = view(analysis, "INV-1042")
    assert v.amount == Decimal("1000.00") and v.open_amount == Decimal("400.00")
    assert v.po == "PO-77" and v.emails == ("ap@acme.com",)
    assert customer(analysis, "Acme Retail").emails == ("ap@acme.com",)


def test_partial_payment_seen_only_in_the_amounts_cites_the_row() -> None:
    analysis = run(invoices=[inv("INV-1042", amount="1000.00", open_amount="250.00", row=14)])
    v = view(analysis, "INV-1042")
    assert v.status == "partial_payment"
    assert "partial_payment" in v.flags
    assert v.evidence[0].rule == "partial_payment.amounts"
    assert v.evidence[0].source.endswith("aging.csv") and v.evidence[0].location == "line 14"
    assert "USD 1,000.00" in v.evidence[0].quote and "USD 250.00" in v.evidence[0].quote
    assert "remaining USD 250.00" in v.next_step.action


def test_partial_payment_with_original_from_the_invoice_list() -> None:
    analysis = run(
        invoices=[inv("INV-1042", open_amount="250.00")], records=[record("INV-1042", amount="1000.00", row=9)]
    )
    v = view(analysis, "INV-1042")
    assert v.status == "partial_payment"
    assert "invoice-list.csv line 9" in v.evidence[0].quote


def test_partial_payment_not_yet_due_stays_not_due() -> None:
    v = view(run(invoices=[inv("INV-1042", amount="1000.00", open_amount="250.00", due="2026-05-30")]), "INV-1042")
    assert v.status == "not_due"
    assert "partial_payment" in v.flags


def test_amounts_that_disagree_name_both_sources() -> None:
    analysis = run(
        invoices=[inv("INV-1042", amount="1000.00", open_amount="1000.00", row=5)],
        records=[record("INV-1042", amount="1100.00", remaining="600.00", row=8)],
        documents=[pdf("INV-1042", total="1200.00")],
    )
    questions = [u for u in analysis.unknowns if u.kind == "amount_mismatch"]
    assert len(questions) == 3
    text = " | ".join(u.question for u in questions)
    assert "aging.csv line 5" in text and "invoice-list.csv line 8" in text and "pdf/INV-1042.pdf" in text
    assert all(u.subject == "INV-1042" for u in questions)
    # the aging stays the truth for what is open
    assert view(analysis, "INV-1042").open_amount == Decimal("1000.00")


def test_pdf_po_and_due_date_disagreements() -> None:
    analysis = run(
        invoices=[inv("INV-1042", po="PO-1", due="2026-04-01")],
        documents=[pdf("INV-1042", po="PO-2", due="2026-04-15")],
    )
    assert {"po_mismatch", "due_date_mismatch"} <= set(kinds(analysis))


def test_pdf_fills_a_missing_po() -> None:
    analysis = run(invoices=[inv("INV-1042")], documents=[pdf("INV-1042", po="4500123", total="1000.00")])
    assert view(analysis, "INV-1042").po == "4500123"
    assert "amount_mismatch" not in kinds(analysis)


def test_numbers_match_across_sources_by_their_digits() -> None:
    analysis = run(
        invoices=[inv("1042", amount="1000.00", open_amount="1000.00")], records=[record("INV-1042", po="PO-9")]
    )
    assert view(analysis, "1042").po == "PO-9"


def test_summary_only_handoff_still_gives_customer_totals_and_asks_for_detail() -> None:
    analysis = run(balances=[balance("Acme Retail", "1500.00"), balance("Globex", "200.00", row=3)])
    assert analysis.invoices == ()
    assert customer(analysis, "Acme Retail").currency_totals == (("USD", Decimal("1500.00")),)
    missing = [u for u in analysis.unknowns if u.kind == "missing_invoice_detail"]
    assert len(missing) == 1 and missing[0].subject is None
    assert "summary.csv" in missing[0].question


def test_summary_beside_detail_is_tied_out_per_customer() -> None:
    analysis = run(
        invoices=[inv("INV-1042", open_amount="1000.00")],
        balances=[balance("Acme Retail", "1200.00"), balance("Initech", "50.00", row=3)],
    )
    assert "amount_mismatch" in kinds(analysis)
    initech = [u for u in analysis.unknowns if u.subject == "Initech"]
    assert initech and initech[0].kind == "missing_invoice_detail"
    assert customer(analysis, "Initech").currency_totals == (("USD", Decimal("50.00")),)


def test_invoice_list_alone_stands_in_for_the_aging() -> None:
    analysis = run(records=[record("INV-1", remaining="100.00"), record("INV-2", remaining="0.00", row=3)])
    assert [v.number for v in analysis.invoices] == ["INV-1"]


def test_credit_is_a_finance_decision() -> None:
    analysis = run(
        invoices=[inv("INV-1042"), inv("CM-17", open_amount="-150.00", doc_type="Credit Memo", row=3)],
    )
    v = view(analysis, "CM-17")
    assert v.status == "credit"
    assert v.evidence[0].rule == "credit.negative_open" and v.evidence[0].location == "line 3"
    assert v.next_step.owner == "controller"
    question = [u for u in analysis.unknowns if u.kind == "unapplied_credit"]
    assert question and question[0].subject == "CM-17" and "finance decision" in question[0].question


def test_unapplied_payment() -> None:
    analysis = run(invoices=[inv("PMT-9", open_amount="-500.00", doc_type="Payment")])
    assert "unapplied_payment" in view(analysis, "PMT-9").flags
    assert "unapplied payment" in next(u for u in analysis.unknowns if u.kind == "unapplied_credit").question


def test_mixed_currencies_for_one_customer() -> None:
    analysis = run(invoices=[inv("INV-1"), inv("INV-2", currency="EUR", row=3)])
    assert customer(analysis, "Acme Retail").currency_totals == (
        ("EUR", Decimal("1000.00")),
        ("USD", Decimal("1000.00")),
    )
    assert "mixed_currencies" in kinds(analysis)


def test_duplicate_rows_are_a_question() -> None:
    analysis = run(invoices=[inv("INV-1"), inv("INV-1", row=3)])
    assert "duplicate_invoice" in kinds(analysis)
    assert len(analysis.invoices) == 2


def test_missing_due_date_falls_back_to_the_invoice_date() -> None:
    v = view(run(invoices=[inv("INV-1", due=None, invoice_date="2026-03-31")]), "INV-1")
    assert v.due_date is not None and v.days_overdue == 30
    analysis = run(invoices=[inv("INV-2", due=None)])
    assert "missing_due_date" in kinds(analysis)


def test_due_on_the_as_of_date_is_not_overdue() -> None:
    v = view(run(invoices=[inv("INV-1", due="2026-04-30")]), "INV-1")
    assert v.days_overdue == 0 and v.status == "not_due" and v.bucket == "Current"


def test_a_line_with_nothing_open_is_left_out_with_a_question() -> None:
    analysis = run(invoices=[inv("INV-1"), inv("INV-2", open_amount="0.00", row=3)])
    assert [v.number for v in analysis.invoices] == ["INV-1"]
    assert [u.subject for u in analysis.unknowns if u.kind == "zero_balance"] == ["INV-2"]


def test_a_residual_cent_is_kept() -> None:
    v = view(run(invoices=[inv("INV-1", amount="100.00", open_amount="0.01")]), "INV-1")
    assert v.open_amount == Decimal("0.01") and v.status == "partial_payment"
