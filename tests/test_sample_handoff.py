"""The sample handoff (handoffs/2026-04-aging) is internally consistent.

Every demo, golden file and guide builds on this pilot data, so these checks
read the raw files with the standard library (csv, email) rather than with the
intake under test: they pin down what the sample *says*, which the analysis is
then judged against.
"""

from __future__ import annotations

import csv
import email
import email.policy
import html
import re
from datetime import date, datetime
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.manifest import load_manifest, load_policy

REPO = Path(__file__).resolve().parents[1]
HANDOFF = REPO / "handoffs" / "2026-04-aging"
AGING = HANDOFF / "exports" / "ar-aging-detail.csv"
INVOICE_LIST = HANDOFF / "exports" / "invoice-list.csv"
AS_OF = date(2026, 4, 30)
AGING_HEADER = [
    "Customer",
    "Type",
    "Date",
    "Document Number",
    "PO/Check Number",
    "Due Date",
    "Age",
    "Amount",
    "Open Balance",
]

# Invoice numbers as people write them: INV-1042, inv 1042, invoice 1042, #1042; and CM-1009.
MENTION = re.compile(r"(?i)(?:\b(?:inv|invoice)[\s#.:-]*|#)(\d{4})\b|\b(CM-\d{4})\b")

# Globex says INV-1031 was settled in March: a closed invoice that is rightly absent from the aging.
DELIBERATELY_ABSENT = {"INV-1031"}


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def us_date(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def aging_rows() -> tuple[list[list[str]], list[dict[str, str]], list[list[str]], list[str]]:
    """(title lines, detail rows, customer total rows, grand total row) of the export."""
    with AGING.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header_at = rows.index(AGING_HEADER)
    details: list[dict[str, str]] = []
    subtotals: list[list[str]] = []
    grand: list[str] = []
    for row in rows[header_at + 1 :]:
        if row[0] == "Total":
            grand = row
        elif row[0].startswith("Total - "):
            subtotals.append(row)
        else:
            details.append(dict(zip(AGING_HEADER, row, strict=True)))
    return rows[:header_at], details, subtotals, grand


def invoice_rows() -> list[dict[str, str]]:
    return [row for row in aging_rows()[1] if row["Type"] == "Invoice"]


def messages() -> dict[str, EmailMessage]:
    found = {}
    for path in sorted(HANDOFF.glob("threads/**/*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        found[path.relative_to(HANDOFF).as_posix()] = message
    return found


def text_of(message: EmailMessage) -> str:
    """Every text part, HTML reduced to text, headers of an attached original included."""
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() in ("text/plain", "text/html", "text/rfc822-headers"):
            content = part.get_content()
            if isinstance(content, bytes):
                content = content.decode("ascii")
            if part.get_content_type() == "text/html":
                content = html.unescape(re.sub(r"<[^>]+>", " ", content))
            parts.append(content)
    return f"{message['Subject']}\n" + "\n".join(parts)


def mentioned_documents(text: str) -> set[str]:
    return {f"INV-{number}" if number else doc for number, doc in MENTION.findall(text)}


def test_manifest_loads_without_problems() -> None:
    manifest, problems = load_manifest(HANDOFF, "handoffs/2026-04-aging")
    assert problems == []
    assert manifest is not None
    assert manifest.title == "April aging review"
    assert manifest.as_of == AS_OF
    assert manifest.currency == "USD"
    assert len(manifest.do_not) >= 3
    assert any("Globex" in rule and "credit memo" in rule for rule in manifest.do_not)
    first_line = (HANDOFF / "handoff.yaml").read_text("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../docs/schema/handoff.schema.json"


def test_policy_loads_without_problems() -> None:
    policy, problems = load_policy(REPO)
    assert problems == []
    assert 2 <= len(policy.approvers) <= 3
    assert all(a.github for a in policy.approvers)
    assert policy.systems == ("NetSuite",)
    assert policy.promise_grace_days == 3
    assert [(level.min_days, level.tone) for level in policy.reminder_levels] == [
        (1, "friendly"),
        (31, "firm"),
        (61, "final"),
    ]
    assert policy.sender.email == "ar@harborlight.example.com"


def test_handoffs_root_holds_only_policy_and_folders() -> None:
    root = HANDOFF.parent
    assert sorted(p.name for p in root.iterdir() if p.is_file()) == ["policy.yml"]


def test_aging_title_lines_name_report_and_period() -> None:
    titles, _, _, _ = aging_rows()
    lines = [" ".join(row) for row in titles if row]
    assert lines == ["Harbor Light Supply, Inc.", "A/R Aging Detail", "End of Apr 2026"]


def test_aging_detail_rows_tie_out_to_total_row() -> None:
    _, details, subtotals, grand = aging_rows()
    assert grand, "the export has a final Total row"
    assert sum(money(r["Open Balance"]) for r in details) == money(grand[-1]) == Decimal("180713.55")
    assert sum(money(r["Amount"]) for r in details) == money(grand[-2])
    assert sum(money(row[-1]) for row in subtotals) == money(grand[-1])


def test_each_customer_group_ties_out_to_its_total_row() -> None:
    _, details, subtotals, _ = aging_rows()
    by_customer: dict[str, Decimal] = {}
    for row in details:
        by_customer[row["Customer"]] = by_customer.get(row["Customer"], Decimal(0)) + money(row["Open Balance"])
    stated = {row[0].removeprefix("Total - "): money(row[-1]) for row in subtotals}
    assert stated == by_customer
    assert len(stated) == 10


def test_aging_has_the_shapes_a_real_export_has() -> None:
    _, details, _, _ = aging_rows()
    types = [r["Type"] for r in details]
    assert types.count("Credit Memo") == 1
    assert types.count("Payment") == 1
    assert all(money(r["Open Balance"]) < 0 for r in details if r["Type"] != "Invoice")
    partial = [r["Document Number"] for r in details if money(r["Open Balance"]) < money(r["Amount"])]
    assert partial == ["INV-1036"]
    assert any(us_date(r["Date"]).day > 12 for r in details), "US dates that cannot be read as D/M"
    assert any("," in r["Open Balance"] for r in details), "thousands separators"
    numbers = [r["Document Number"] for r in details]
    assert len(numbers) == len(set(numbers)) == 24


def test_as_of_is_end_of_april() -> None:
    manifest, _ = load_manifest(HANDOFF, "handoffs/2026-04-aging")
    assert manifest is not None
    assert manifest.as_of == date(2026, 4, 30)


def test_overdue_and_not_due_invoices_by_due_date() -> None:
    days = {r["Document Number"]: (AS_OF - us_date(r["Due Date"])).days for r in invoice_rows()}
    overdue = sorted(n for n, d in days.items() if d > 0)
    not_due = sorted(n for n, d in days.items() if d <= 0)
    assert len(overdue) >= 17
    assert len(overdue) == 18
    assert not_due == ["INV-1055", "INV-1058", "INV-1060", "INV-1061"]
    assert days["INV-1055"] == 0, "one invoice falls due exactly on the as-of date"
    buckets = {
        "1-30": any(1 <= d <= 30 for d in days.values()),
        "31-60": any(31 <= d <= 60 for d in days.values()),
        "61-90": any(61 <= d <= 90 for d in days.values()),
        "91+": any(d > 90 for d in days.values()),
    }
    assert all(buckets.values()), buckets


def test_age_column_agrees_with_due_dates() -> None:
    for row in invoice_rows():
        assert int(row["Age"]) == max(0, (AS_OF - us_date(row["Due Date"])).days), row["Document Number"]


def test_invoice_list_agrees_with_the_aging() -> None:
    with INVOICE_LIST.open(newline="", encoding="utf-8") as handle:
        listed = {row["Document Number"]: row for row in csv.DictReader(handle)}
    aging = {r["Document Number"]: r for r in invoice_rows()}
    assert listed.keys() == aging.keys()
    for number, row in listed.items():
        assert row["Customer"] == aging[number]["Customer"], number
        assert us_date(row["Due Date"]) == us_date(aging[number]["Due Date"]), number
        assert money(row["Amount Remaining"]) == money(aging[number]["Open Balance"]), number
        assert money(row["Amount"]) == money(aging[number]["Amount"]), number
        assert row["PO #"] == aging[number]["PO/Check Number"], number
        terms = int(row["Terms"].removeprefix("Net "))
        assert (us_date(row["Due Date"]) - us_date(row["Date"])).days == terms, number
    partial = [n for n, r in listed.items() if money(r["Amount"]) > money(r["Amount Remaining"])]
    assert partial == ["INV-1036"]


def test_mentioned_invoices_exist_in_the_aging_or_are_deliberately_absent() -> None:
    _, details, _, _ = aging_rows()
    in_aging = {r["Document Number"] for r in details}
    texts = {name: text_of(message) for name, message in messages().items()}
    for path in sorted(HANDOFF.glob("threads/*.txt")) + sorted(HANDOFF.glob("notes/*.md")):
        texts[path.relative_to(HANDOFF).as_posix()] = path.read_text("utf-8")
    mentioned: dict[str, set[str]] = {}
    for name, text in texts.items():
        for number in mentioned_documents(text):
            mentioned.setdefault(number, set()).add(name)
    assert set(mentioned) - in_aging == DELIBERATELY_ABSENT
    assert mentioned["INV-1031"] >= {"threads/globex/2026-04-22-re-open-invoices.eml"}
    # The written forms people use all occur somewhere.
    everything = "\n".join(texts.values())
    for form in ("INV-1042", "inv 1042", "#1038", "invoice 1040"):
        assert form in everything, form
    # Every customer with a signal is talked about somewhere.
    for number in (
        "INV-1042",
        "INV-1038",
        "INV-1047",
        "INV-1029",
        "INV-1036",
        "INV-1027",
        "INV-1040",
        "INV-1021",
        "INV-1008",
        "INV-1015",
        "INV-1012",
        "CM-1009",
    ):
        assert number in mentioned, number


def test_the_mention_pattern_ignores_other_numbers() -> None:
    text = "PO 4500-1187, ACH 0042173, check 5521, call 555-0142, claim GX-RC-5517, #ar"
    assert mentioned_documents(text) == set()
    assert mentioned_documents("inv 1042, invoice #1040, #1038, INV-1047") == {
        "INV-1042",
        "INV-1040",
        "INV-1038",
        "INV-1047",
    }


def test_emails_are_well_formed_and_replies_link_up() -> None:
    found = messages()
    ids = {m["Message-ID"] for m in found.values()}
    assert len(ids) == len(found) == 13
    for name, message in found.items():
        sent = message["Date"].datetime
        assert sent.tzinfo is not None and sent.utcoffset() is not None, name
        assert (sent.year, sent.month) == (2026, 4), name
        assert sent.date() <= AS_OF, name
    dangling = {name for name, m in found.items() if m["In-Reply-To"] and m["In-Reply-To"] not in ids}
    # Pinecrest answers a reminder that is not in the handoff, as replies often do.
    assert dangling == {"threads/pinecrest-dental/2026-04-27-re-reminder-invoice-1040.eml"}
    for name, message in found.items():
        for ref in str(message["References"] or "").split():
            assert ref in ids or name in dangling, (name, ref)


def test_emails_cover_the_mail_shapes_intake_must_read() -> None:
    found = messages()
    types = {name: m.get_content_type() for name, m in found.items()}
    assert "text/html" in types.values()
    assert "multipart/alternative" in types.values()
    assert "multipart/report" in types.values()
    encodings = {str(part["Content-Transfer-Encoding"]) for m in found.values() for part in m.walk()}
    assert "quoted-printable" in encodings
    auto = [
        n for n, m in found.items() if m["Auto-Submitted"] == "auto-replied" and m.get_content_type() == "text/plain"
    ]
    assert auto == ["threads/kestrel-logistics/2026-04-28-automatic-reply.eml"]
    bounce = found["threads/cobalt-ridge-undeliverable.eml"]
    assert "Final-Recipient: rfc822; dmorales@cobaltridgebrewing.example.com" in bounce.as_string()
    with INVOICE_LIST.open(newline="", encoding="utf-8") as handle:
        emails = {row["Email"] for row in csv.DictReader(handle)}
    assert "dmorales@cobaltridgebrewing.example.com" in emails, "the bounced contact is still on file"
    pasted = (HANDOFF / "threads" / "sandpiper-payment-plan.txt").read_text("utf-8").splitlines()
    assert [line.split(":")[0] for line in pasted[:5]] == ["From", "Sent", "To", "Cc", "Subject"]


@pytest.mark.parametrize(
    ("phrase", "where"),
    [
        ("promised an internal review by\nThursday", "threads/acme-retail/2026-04-20-re-reminder.eml"),
        ("we are not disputing INV-1047", "threads/globex/2026-04-22-re-open-invoices.eml"),
        ("we\u2019ll pay it in our May 5 payment run", "threads/globex/2026-04-22-re-open-invoices.eml"),
        ("We will send payment by April 15.", "threads/bluewater-marine/2026-04-08-re-inv-1027.eml"),
        (
            "We already paid this on April 22, reference ACH 0042173",
            "threads/pinecrest-dental/2026-04-27-re-reminder-invoice-1040.eml",
        ),
        ("split the balance into three\nmonthly installments", "threads/sandpiper-payment-plan.txt"),
        ("don't chase Initech", "notes/ar-channel-slack.md"),
        ("filed a voluntary Chapter 11 petition", "notes/controller-memo.md"),
        ("Meridian is on management hold", "notes/controller-memo.md"),
    ],
)
def test_signal_sentences_are_where_the_report_says(phrase: str, where: str) -> None:
    path = HANDOFF / where
    if path.suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        text = html.unescape(text_of(message)).replace("\xa0", " ")
    else:
        text = path.read_text("utf-8")
    assert phrase in text


def test_every_address_is_under_a_reserved_example_domain() -> None:
    address = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
    for path in sorted(p for p in HANDOFF.parent.rglob("*") if p.is_file() and p.suffix != ".png"):
        text = path.read_bytes().decode("latin-1")
        for domain in address.findall(text):
            labels = domain.lower().split(".")
            assert "example" in labels, f"{path.name}: {domain}"


def test_invoice_pdfs_match_the_aging() -> None:
    aging = {r["Document Number"]: r for r in invoice_rows()}
    pdfs = sorted((HANDOFF / "pdfs").glob("*.pdf"))
    assert [p.stem for p in pdfs] == ["INV-1038", "INV-1042"]
    for path in pdfs:
        text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        row = aging[path.stem]
        for label in ("Invoice #", "Bill To", "P.O. Number", "Total", "Due Date"):
            assert label in text, (path.name, label)
        assert row["Customer"] in text
        assert row["PO/Check Number"] in text
        assert f"${row['Amount']}" in text
        assert us_date(row["Due Date"]).strftime("%m/%d/%Y") in text


def test_the_unread_file_is_a_real_png() -> None:
    data = (HANDOFF / "logo.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data.endswith(b"IEND\xaeB`\x82")
