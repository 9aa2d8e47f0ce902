"""Invoice PDFs: fields read by their labels; unreadable PDFs are problems, never crashes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from generator.intake.mail import read_mail
from generator.intake.model import FileReading
from generator.intake.pdf import read_pdf
from generator.intake.readers import read_file
from generator.manifest import Manifest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
MANIFEST = Manifest(title="April aging review", as_of=dt.date(2026, 4, 30))

STACKED = [  # label above value, as billing systems lay out a header box
    "Harbor Light Supply, Inc.", "INVOICE", "Invoice #:", "INV-1042", "Invoice Date:", "03/12/2026",
    "Due Date:", "04/11/2026", "Terms:", "Net 30", "P.O. Number:", "4500-1187", "Bill To", "Acme Retail",
    "800 Commerce Parkway", "Subtotal", "$18,000.00", "Freight", "$400.00", "Total (USD)", "$18,400.00",
    "Balance Due", "$18,400.00", "Remit to P.O. Box 7781, Chicago IL",
]  # fmt: skip


def make_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> bytes:
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1, encrypt=password)
    for lines in pages:
        y = 740
        for text in lines:
            pdf.drawString(72, y, text)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path.read_bytes()


def read(data: bytes, name: str = "invoice.pdf", manifest: Manifest = MANIFEST) -> FileReading:
    return read_pdf(data, f"handoffs/h/{name}", manifest)


def test_stacked_labels_give_every_field(tmp_path: Path) -> None:
    reading = read(make_pdf(tmp_path / "a.pdf", [STACKED]))
    (document,) = reading.documents
    assert document.number == "INV-1042"
    assert document.customer == "Acme Retail"
    assert document.po == "4500-1187"
    assert document.total == Decimal("18400.00")
    assert document.currency == "USD"
    assert document.due_date == dt.date(2026, 4, 11)  # 03/12 → 04/11 is Net 30 month-first
    assert document.source.path == "handoffs/h/invoice.pdf"
    assert reading.file.kind == "invoice_pdf"
    assert reading.file.description == "invoice PDF INV-1042 (1 page)"
    assert reading.problems == ()


def test_labels_and_values_on_one_line(tmp_path: Path) -> None:
    lines = [
        "Invoice No. 77-1038", "Invoice Date: 2026-03-06", "Payment Due: April 5, 2026",
        "Purchase Order: GX-22817", "Customer: Globex Corporation", "Subtotal: 7,000.00",
        "Total Tax: 342.80", "Amount Due: EUR 7,342.80",
    ]  # fmt: skip
    (document,) = read(make_pdf(tmp_path / "b.pdf", [lines])).documents
    assert (document.number, document.po, document.customer) == ("77-1038", "GX-22817", "Globex Corporation")
    assert (document.total, document.currency) == (Decimal("7342.80"), "EUR")
    assert document.due_date == dt.date(2026, 4, 5)


def test_day_first_dates_are_settled_by_the_payment_terms(tmp_path: Path) -> None:
    lines = ["Invoice #: INV-9", "Invoice Date: 06/03/2026", "Due Date: 05/04/2026", "Terms: Net 30", "Total: £120.50"]
    (document,) = read(make_pdf(tmp_path / "c.pdf", [lines])).documents
    assert document.due_date == dt.date(2026, 4, 5)
    assert (document.total, document.currency) == (Decimal("120.50"), "GBP")


def test_unsettled_due_date_is_left_out_with_a_warning(tmp_path: Path) -> None:
    reading = read(make_pdf(tmp_path / "d.pdf", [["Invoice #: INV-9", "Due Date: 05/04/2026", "Total: $1.00"]]))
    assert reading.documents[0].due_date is None
    assert [p.severity for p in reading.problems] == ["warning"]
    assert "date_order" in reading.problems[0].message
    day_first = MANIFEST.model_copy(update={"date_order": "DMY"})
    settled = read(make_pdf(tmp_path / "e.pdf", [["Invoice #: INV-9", "Due Date: 05/04/2026"]]), manifest=day_first)
    assert settled.documents[0].due_date == dt.date(2026, 4, 5)
    assert settled.problems == ()


def test_a_po_box_is_not_a_purchase_order_and_subtotals_are_not_totals(tmp_path: Path) -> None:
    lines = ["Invoice #: INV-5", "Remit to:", "P.O. Box 1234", "Subtotal $100.00", "Total $108.00"]
    (document,) = read(make_pdf(tmp_path / "f.pdf", [lines])).documents
    assert document.po is None
    assert document.total == Decimal("108.00")


def test_pages_naming_different_invoices_give_one_document_each(tmp_path: Path) -> None:
    pages = [["Invoice #: INV-1", "Total: $10.00"], ["Invoice #: INV-2", "Total: $20.00"]]
    reading = read(make_pdf(tmp_path / "g.pdf", pages))
    expected = [("INV-1", Decimal("10.00")), ("INV-2", Decimal("20.00"))]
    assert [(d.number, d.total) for d in reading.documents] == expected
    assert reading.file.description == "invoice PDF INV-1, INV-2 (2 pages)"


def test_a_scan_without_text_is_a_warning_that_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.rect(72, 72, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    reading = read(path.read_bytes(), "scan.pdf")
    assert reading.documents == ()
    assert reading.file.kind == "unused"
    (problem,) = reading.problems
    assert problem.severity == "warning"
    assert "no text" in problem.message and "scanned" in problem.message and "ignore" in problem.message


def test_password_protected_pdf_is_an_error(tmp_path: Path) -> None:
    reading = read(make_pdf(tmp_path / "locked.pdf", [STACKED], password="s3cret"), "locked.pdf")
    assert reading.documents == ()
    (problem,) = reading.problems
    assert problem.is_error
    assert str(problem).startswith("handoffs/h/locked.pdf: this PDF is password-protected")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "not a PDF"),
        (b"GIF89a not a pdf at all", "not a PDF"),
        (b"%PDF-1.7\n\x00\x01garbage that is not a document", "damaged"),
    ],
)
def test_broken_files_are_one_clear_error(data: bytes, words: str) -> None:
    reading = read(data, "broken.pdf")
    assert reading.documents == ()
    assert len(reading.problems) == 1 and reading.problems[0].is_error
    assert words in reading.problems[0].message


def test_truncated_pdf_never_raises(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "t.pdf", [STACKED])
    for cut in range(0, len(whole), max(1, len(whole) // 40)):
        reading = read(whole[:cut], "t.pdf")
        assert reading.documents or reading.problems


def test_a_text_pdf_that_is_not_an_invoice_is_a_warning(tmp_path: Path) -> None:
    reading = read(make_pdf(tmp_path / "h.pdf", [["Company picnic", "Saturday at noon"]]), "picnic.pdf")
    assert reading.documents == () and reading.file.kind == "unused"
    assert "no invoice number or total" in reading.problems[0].message


def test_committed_fixture_reads_through_the_file_router() -> None:
    path = FIXTURES / "INV-2001.pdf"
    reading = read_file(path, "tests/fixtures/pdf/INV-2001.pdf", None, MANIFEST)
    (document,) = reading.documents
    assert (document.number, document.customer, document.po) == ("INV-2001", "Bluewater Marine Supply", "PO-5512")
    assert (document.total, document.currency, document.due_date) == (Decimal("9415.00"), "USD", dt.date(2026, 3, 4))


def test_an_invoice_attached_to_an_email_is_read_as_a_document(tmp_path: Path) -> None:
    mail = EmailMessage()
    mail["From"] = "ap@acme.example"
    mail["Message-ID"] = "<att@acme.example>"
    mail["Subject"] = "copy of the invoice"
    mail.set_content("Attached.")
    invoice = make_pdf(tmp_path / "a.pdf", [STACKED])
    mail.add_attachment(invoice, maintype="application", subtype="pdf", filename="INV-1042.pdf")
    mail.add_attachment(b"not a pdf", maintype="application", subtype="pdf", filename="broken.pdf")
    reading = read_mail(mail.as_bytes(), "h/copy.eml", ".eml", MANIFEST)
    assert reading.messages[0].attachments == ("INV-1042.pdf", "broken.pdf")
    (document,) = reading.documents  # the broken attachment is not an invoice, and not an error either
    assert document.number == "INV-1042"
    assert document.source.message_id == "<att@acme.example>"
    assert reading.problems == ()


def test_reading_is_deterministic(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "a.pdf", [STACKED])
    assert read(data) == read(data)
