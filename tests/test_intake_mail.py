"""Email intake: .eml, .mbox and pasted text become messages that each count once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.intake import load_handoff
from generator.intake.htmltext import html_to_text
from generator.intake.mail import looks_like_email, read_mail
from generator.intake.model import FileReading, Message
from generator.intake.quoting import body_lines, split_thread
from generator.intake.readers import read_file
from generator.manifest import Manifest, Policy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"
MANIFEST = Manifest(title="April aging review", as_of=dt.date(2026, 4, 30))
UTC = dt.UTC


def read(data: bytes | str, name: str = "mail.eml", manifest: Manifest = MANIFEST) -> FileReading:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_mail(raw, f"handoffs/h/{name}", Path(name).suffix.lower(), manifest)


def fixture(name: str) -> FileReading:
    return read((FIXTURES / name).read_bytes(), name)


def only(reading: FileReading) -> Message:
    assert len(reading.messages) == 1, [m.body for m in reading.messages]
    return reading.messages[0]


# --- .eml ---------------------------------------------------------------------------------------


def test_plain_message_keeps_headers_and_thread_links() -> None:
    raw = (
        "Message-ID: <abc@acme.example>\n"
        "In-Reply-To: <r1@us.example>\n"
        "References: <r0@us.example>\n <r1@us.example>\n"
        "Date: Mon, 20 Apr 2026 16:47:05 -0400\n"
        'From: "Raman, Priya" <Priya.Raman@Acme.example>\n'
        "To: AR <ar@us.example>, second@us.example\n"
        "Cc: ap@acme.example\n"
        "Subject: Re: INV-1042\n\n"
        "We need a new PO.\n"
    )
    reading = read(raw)
    message = only(reading)
    assert message.message_id == "<abc@acme.example>"
    assert message.sender == "priya.raman@acme.example"
    assert message.sender_name == "Raman, Priya"
    assert message.to == ("ar@us.example", "second@us.example")
    assert message.cc == ("ap@acme.example",)
    assert message.subject == "Re: INV-1042"
    assert message.date == dt.datetime(2026, 4, 20, 20, 47, 5, tzinfo=UTC)
    assert message.date.tzinfo is not None
    assert message.in_reply_to == "<r1@us.example>"
    assert message.references == ("<r0@us.example>", "<r1@us.example>")
    assert message.body == "We need a new PO."
    assert message.source.path == "handoffs/h/mail.eml"
    assert message.source.message_id == "<abc@acme.example>"
    assert message.source.location == "<abc@acme.example>"
    assert reading.file.kind == "email"
    assert reading.file.description == "1 email message"
    assert reading.problems == ()


def test_multipart_alternative_prefers_the_plain_text() -> None:
    mail = EmailMessage()
    mail["From"] = "a@acme.example"
    mail["Subject"] = "alt"
    mail.set_content("Plain words.\n")
    mail.add_alternative("<p>HTML words.</p>", subtype="html")
    assert only(read(mail.as_bytes())).body == "Plain words."


def test_html_only_message_is_reduced_to_text_without_markup() -> None:
    message = only(fixture("html-only-quoted-printable.eml"))
    assert message.subject == "RE: Invoice #1038 – damaged units"
    assert message.sender == "m.oyelaran@globex.example"
    assert message.sender_name == "Marcus Oyélaran"
    assert "We’re disputing invoice #1038 until the replacement uprights arrive & the claim" in message.body
    assert "- 3 units bent" in message.body
    assert "$7,342.80" in message.body
    for leaked in ("<", "alert", "color: red", "ignored title", "&amp;"):
        assert leaked not in message.body
    # the quoted original (a Gmail blockquote) is history, not this message's words
    assert "Here is where the Globex account stands" not in message.body
    assert "wrote:" not in message.body


def test_html_to_text_marks_blockquotes_and_drops_scripts() -> None:
    text = html_to_text(
        "<div>Hello<br><br>On Mon, Jordan wrote:<blockquote>old<br>text</blockquote></div>"
        "<script>evil()</script><style>p{}</style><table><tr><td>INV-1</td><td>$5.00</td></tr></table>"
    )
    assert text == "Hello\n\nOn Mon, Jordan wrote:\n> old\n> text\n\nINV-1 $5.00"


def test_forwarded_rfc822_part_becomes_its_own_message_and_filenames_are_decoded() -> None:
    reading = fixture("forward-with-attachment.eml")
    outer, inner = reading.messages
    assert outer.body == "FYI, see Initech's note below."
    assert outer.attachments == ("Rechnung ü INV-1029.pdf",)
    assert inner.message_id == "<fwd-inner@initech.example>"
    assert inner.sender == "bill@initech.example"
    assert inner.body == "We will pay INV-1029 once the renewal is signed. Café order included."
    assert inner.source.message_id == "<fwd-inner@initech.example>"
    assert reading.file.description == "2 email messages"


def test_rfc2047_headers_and_rfc2231_charset_are_decoded() -> None:
    raw = (
        b"From: =?iso-8859-1?q?Andr=E9_M=FCller?= <andre@kunde.example>\n"
        b"Subject: =?utf-8?b?WmFobHVuZyBmw7xyIElOVi0xMDQy?=\n"
        b"Content-Type: text/plain; charset*=utf-8''utf-8\n"
        b"Content-Transfer-Encoding: 8bit\n\n"
    ) + "Grüße\n".encode()
    message = only(read(raw))
    assert message.sender_name == "André Müller"
    assert message.subject == "Zahlung für INV-1042"
    assert message.body == "Grüße"


def test_outlook_forward_in_text_becomes_a_message_but_reply_history_does_not() -> None:
    forward = (
        "From: sales@us.example\nSubject: FW: payment\nMessage-ID: <f@us.example>\n\n"
        "See below.\n\n-----Original Message-----\n"
        "From: Bill Lumbergh <bill@initech.example>\nSent: Wednesday, April 22, 2026 4:20 PM\n"
        "To: sales@us.example\nSubject: payment\n\nWe pay INV-1029 after the renewal.\n"
    )
    reading = read(forward)
    assert [m.body for m in reading.messages] == ["See below.", "We pay INV-1029 after the renewal."]
    forwarded = reading.messages[1]
    assert forwarded.sender == "bill@initech.example"
    assert forwarded.date == dt.datetime(2026, 4, 22, 16, 20, tzinfo=UTC)
    assert forwarded.message_id is None
    reply = forward.replace("FW: payment", "RE: payment")
    assert [m.body for m in read(reply).messages] == ["See below."]


def test_html_only_outlook_reply_drops_the_original_below_its_header_block() -> None:
    html = (
        "From: ap@acme.example\nSubject: RE: INV-1\nContent-Type: text/html\n\n"
        "<html><body><div>We will pay on May 5.</div><hr><div id=divRplyFwdMsg><b>From:</b> Jordan "
        "&lt;ar@us.example&gt;<br><b>Sent:</b> Tuesday, April 14, 2026 9:12 AM<br><b>To:</b> ap@acme.example"
        "<br><b>Subject:</b> INV-1</div><div>Reminder: INV-1 is overdue.</div></body></html>"
    )
    assert only(read(html)).body == "We will pay on May 5."


def test_apple_mail_forward_becomes_a_message_with_its_zone() -> None:
    raw = (
        "From: sales@us.example\nSubject: Fwd: INV-7\n\nFYI\n\nBegin forwarded message:\n\n"
        "From: Bill <bill@initech.example>\nSubject: INV-7\nDate: April 14, 2026 at 9:12:33 AM EDT\n"
        "To: sales@us.example\n\nWe dispute INV-7.\n"
    )
    top, forwarded = read(raw).messages
    assert top.body == "FYI"
    assert (forwarded.sender, forwarded.body) == ("bill@initech.example", "We dispute INV-7.")
    assert forwarded.date == dt.datetime(2026, 4, 14, 13, 12, 33, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "own"),
    [
        ("Thanks.\n\nOn Tue, Apr 14, 2026 at 10:12 AM Jordan <ar@us.example> wrote:\n> old words\n", "Thanks."),
        ("On 04/02/2012 06:26 PM, Megan One wrote:\n> old words\nBottom-posted reply.", "Bottom-posted reply."),
        ("I agree.\n> old words\nYes.\n> more old words\nNo.", "I agree.\nYes.\nNo."),
        ("Paid today.\n\n________________________________\nFrom: AR <ar@us.example>\n"
         "Sent: Monday, April 13, 2026 8:00 AM\nTo: ap@x.example\nSubject: INV-1\n\nold words", "Paid today."),
        ("Paid today.\n\nFrom: AR <ar@us.example>\nSent: Monday, April 13, 2026 8:00 AM\n"
         "To: ap@x.example\nSubject: INV-1\n\nold words", "Paid today."),
        ("Paid today.\n-- \nDana\nAP lead", "Paid today."),
        ("Paid today.\n\nSent from my iPhone", "Paid today."),
    ],
)
def test_quoted_history_is_stripped(body: str, own: str) -> None:
    message = only(read(f"From: ap@x.example\nSubject: Re: INV-1\n\n{body}"))
    assert message.body == own
    assert "old words" not in message.body


def test_a_remittance_pasted_into_a_reply_is_not_mistaken_for_quoted_mail() -> None:
    body = "Paid today, details:\n\nFrom: Pinecrest Dental\nDate: 4/22/2026\nTo: Harbor Light\nAmount: $3,187.40\n"
    message = only(read(f"From: ap@x.example\nSubject: Re: INV-1040\n\n{body}"))
    assert "Amount: $3,187.40" in message.body


def test_split_thread_reports_older_messages_with_their_headers() -> None:
    parts = split_thread(
        body_lines(
            "Top.\n\nOn Mon, Apr 13, 2026 at 8:00 AM, AR <ar@us.example> wrote:\n> Middle.\n>\n"
            "> On Sun, Apr 12, 2026 at 7:00 AM, AP <ap@x.example> wrote:\n>> Bottom.\n",
            1,
        )
    )
    assert [(p.how, p.text, p.field("from")) for p in parts] == [
        ("top", "Top.", None),
        ("reply", "Middle.", "AR <ar@us.example>"),
        ("reply", "Bottom.", "AP <ap@x.example>"),
    ]
    assert [p.line for p in parts] == [None, 3, 6]


# --- delivery failures and automatic replies ----------------------------------------------------


def test_multipart_report_is_a_bounce_with_its_recipients() -> None:
    raw = (
        "From: MAILER-DAEMON@mail.us.example (Mail Delivery System)\n"
        "To: ar@us.example\nSubject: Your message\nMessage-ID: <dsn@us.example>\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain\n\nYour message could not be delivered to one or more recipients.\n"
        "--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.us.example\n\n"
        "Final-Recipient: rfc822; Dan.Morales@Cobalt.example\nAction: failed\nStatus: 5.1.1\n"
        "--b1\nContent-Type: message/rfc822\n\nFrom: ar@us.example\nSubject: Past due: INV-1012\n\nreturned\n"
        "--b1--\n"
    )
    reading = read(raw)
    message = only(reading)  # the returned original is our own mail, not a message of its own
    assert message.kind == "bounce"
    assert message.bounced_recipients == ("dan.morales@cobalt.example",)
    assert message.body == "Your message could not be delivered to one or more recipients."


def test_a_customer_writing_about_a_failed_delivery_is_not_a_bounce() -> None:
    for subject in ("Re: Delivery failed for order 77", "Delivery failed for order 77"):
        message = only(read(f"From: ap@x.example\nSubject: {subject}\n\nThe truck never came."))
        assert message.kind == "message", subject


def test_plain_text_delivery_failure_is_a_bounce() -> None:
    reading = fixture("gmail-delivery-failure.eml")
    message = only(reading)
    assert message.kind == "bounce"
    assert message.bounced_recipients == ("dmorales@cobaltridgebrewing.example.com",)
    assert reading.file.description == "1 email message (1 delivery failure)"


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: auto-replied\nSubject: Re: INV-1\n",
        "X-Autoreply: yes\nSubject: Re: INV-1\n",
        "Subject: Automatic reply: INV-1\n",
        "Subject: Out of Office: INV-1\n",
    ],
)
def test_automatic_replies_are_recognized(headers: str) -> None:
    message = only(read(f"From: ap@x.example\n{headers}\nThanks for your message."))
    assert message.kind == "auto_reply"


def test_out_of_office_wording_is_an_automatic_reply_but_a_person_saying_paid_is_not() -> None:
    away = only(read("From: ap@x.example\nSubject: Re: INV-1\n\nI am out of the office and will return May 4."))
    assert away.kind == "auto_reply"
    for words in ("Our controller was out on leave; paid today.", "I'm out of the office today; we pay Friday."):
        person = only(read(f"From: ap@x.example\nSubject: Re: INV-1\n\n{words}"))
        assert person.kind == "message", words


# --- .mbox ---------------------------------------------------------------------------------------


def test_mbox_messages_start_at_their_from_lines_and_count_once() -> None:
    reading = fixture("thread.mbox")
    assert [m.message_id for m in reading.messages] == ["<m1@harborlight.example.com>", "<m2@acme-retail.example.com>"]
    assert [m.source.line for m in reading.messages] == [1, 11]
    first, reply = reading.messages
    assert first.body.endswith("From our side it is still open.")  # ">From" escaping undone
    assert reply.body == "The PO was amended; we need a new PO number before we can pay."
    assert reply.in_reply_to == "<m1@harborlight.example.com>"
    assert reading.file.description == "2 email messages in a mailbox"


# --- pasted text ---------------------------------------------------------------------------------


def test_outlook_thread_paste_gives_each_message_once_with_its_line() -> None:
    reading = fixture("outlook-thread-paste.txt")
    assert [m.source.line for m in reading.messages] == [2, 14, 22]
    assert [m.sender for m in reading.messages] == [
        "tkessler@bluewater-marine.example.com",
        "ar@harborlight.example.com",
        "ap@bluewater-marine.example.com",
    ]
    newest = reading.messages[0]
    assert newest.date == dt.datetime(2026, 4, 8, 15, 22, tzinfo=UTC)
    assert newest.cc == ("ap@bluewater-marine.example.com",)
    assert newest.body == "Jordan,\n\nIt's approved now. We will send payment by April 15.\n\nTom"
    assert all(m.message_id is None and m.source.message_id is None for m in reading.messages)
    assert "INV-1027 for $9,415.00" not in newest.body
    assert reading.file.description == "3 email messages pasted as text"


def test_gmail_paste_with_attribution_and_forward() -> None:
    reading = fixture("gmail-thread-paste.md")
    assert [(m.source.line, m.sender, m.date) for m in reading.messages] == [
        (1, "kmorrow@sandpiper-hospitality.example.com", dt.datetime(2026, 4, 27, 14, 18, tzinfo=UTC)),
        (8, "ar@harborlight.example.com", dt.datetime(2026, 4, 24, 9, 30, tzinfo=UTC)),
        (12, "accounts.payable@sandpiper-hospitality.example.com", dt.datetime(2026, 4, 2, 8, 0, tzinfo=UTC)),
    ]
    assert reading.messages[0].subject == "Re: past due balance"
    assert reading.messages[0].body == "Could we split the balance into three monthly installments?"


def test_messages_pasted_one_after_another_and_repeated_ones_count_once() -> None:
    block = (
        "From: Dana <dana@acme.example>\nDate: Tue, Apr 14, 2026 at 9:12 AM\nSubject: INV-1\nTo: ar@us.example\n\n"
        "We pay Friday.\n\n"
    )
    other = block.replace("We pay Friday.", "Paid.").replace("Apr 14", "Apr 15")
    reading = read(block + other + block, "paste.txt")
    assert [m.body for m in reading.messages] == ["We pay Friday.", "Paid."]
    assert [m.source.line for m in reading.messages] == [1, 8]


def test_ambiguous_numeric_dates_ask_for_the_date_order() -> None:
    paste = "From: Dana <dana@acme.example>\nSent: 4/3/2026 9:12 AM\nTo: ar@us.example\nSubject: x\n\nhello"
    reading = read(paste, "paste.txt")
    assert only(reading).date is None
    assert any("date_order" in p.message and p.source.line == 1 for p in reading.problems)
    settled = read(paste, "paste.txt", MANIFEST.model_copy(update={"date_order": "DMY"}))
    assert only(settled).date == dt.datetime(2026, 3, 4, 9, 12, tzinfo=UTC)
    assert settled.problems == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From: Dana <dana@acme.example>\nDate: Tue, Apr 14, 2026 at 9:12 AM\nSubject: x\nTo: a@b.example\n", True),
        ("\n\nFrom: Dana Whitfield\nSent: Tuesday, April 14, 2026 9:12 AM\nTo: AR\nSubject: x\n", True),
        ("From: Dana Whitfield <dana@acme.example>\nSent: Tuesday, April 14, 2026 9:12 AM\nTo: AR\n\nhi", True),
        ("Return-Path: <a@b.example>\nReceived: from x\nFrom: a@b.example\n\nhi", True),
        ("From MAILER-DAEMON Fri Apr 06 16:46:09 2001\nReceived: x\n", True),
        ("Dana Whitfield  10:42 AM\nDon't chase Initech.\n", False),
        ("# Holds\n\nFrom: the controller. Do not contact Tallgrass.\n", False),
        ("From: Renata\nTo: AR team\nDate: April 24, 2026\nRe: holds\n\nNo late fees.\n", False),
        ("To: do list\n- call Acme\n", False),
        ("", False),
    ],
)
def test_looks_like_email(text: str, expected: bool) -> None:
    assert looks_like_email(text) is expected


def test_readers_send_pasted_email_in_a_txt_to_the_mail_reader(tmp_path: Path) -> None:
    paste = tmp_path / "acme.txt"
    paste.write_bytes((FIXTURES / "outlook-thread-paste.txt").read_bytes())
    reading = read_file(paste, "handoffs/h/acme.txt", None, MANIFEST)
    assert reading.file.kind == "email"
    assert len(reading.messages) == 3


# --- broken input ---------------------------------------------------------------------------------


def test_empty_file_is_a_warning_not_an_exception() -> None:
    reading = read(b"", "empty.eml")
    assert reading.messages == ()
    assert reading.file.kind == "unused"
    expected = "handoffs/h/empty.eml: warning: the file is empty; no messages were read"
    assert [str(p) for p in reading.problems] == [expected]


def test_binary_junk_named_eml_is_one_clear_error() -> None:
    reading = read(bytes(range(256)) * 40, "junk.eml")
    assert reading.messages == ()
    assert len(reading.problems) == 1
    problem = reading.problems[0]
    assert problem.is_error
    assert str(problem).startswith("handoffs/h/junk.eml: this is not an email message")
    assert "ignore" in problem.message


def test_outlook_msg_file_says_how_to_get_an_eml() -> None:
    reading = read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "reply.msg")
    assert reading.messages == ()
    assert "Outlook .msg" in reading.problems[0].message and ".eml" in reading.problems[0].message


def test_message_without_headers_is_read_as_text_with_a_warning() -> None:
    reading = read("We will pay INV-1042 on Friday.\nThanks, Dana\n", "noheaders.eml")
    message = only(reading)
    assert message.sender is None
    assert message.body == "We will pay INV-1042 on Friday.\nThanks, Dana"
    assert [p.severity for p in reading.problems] == ["warning"]
    assert "no email headers" in reading.problems[0].message


def test_unknown_and_wrong_charsets_are_replaced_not_fatal() -> None:
    raw = b"From: a@x.example\nSubject: s\nContent-Type: text/plain; charset=x-no-such-charset\n\ncaf\xe9 \xff\n"
    assert only(read(raw)).body == "café ÿ"
    wrong = b"From: a@x.example\nSubject: s\nContent-Type: text/plain; charset=utf-8\n\ncaf\xe9\n"
    assert only(read(wrong)).body == "caf\ufffd"


def test_malformed_headers_fall_back_instead_of_raising() -> None:
    raw = (
        b"From: =?utf-8?q?broken <<<@@>\nTo: ,,,<>;;\nDate: 99 Foo 20xx 99:99\n"
        b"Subject: =?unknown-8?B?!!!?=\nMessage-ID: <<>>\nContent-Type: multipart/mixed\n\nbody"
    )
    reading = read(raw)
    message = only(reading)
    assert message.date is None
    assert message.to == ()
    assert "body" in message.body


def test_a_20_megabyte_message_and_a_1_megabyte_line_are_read_with_a_warning() -> None:
    head = b"From: a@x.example\nSubject: big\nMessage-ID: <big@x.example>\n\n"
    big = only(read(head + b"Payment is scheduled for Friday.\n" * 640_000))
    assert 150_000 < len(big.body) <= 200_000
    long_line = read(head + b"y" * 1_000_000 + b"\n")
    assert len(only(long_line).body) == 200_000
    assert any("very long" in p.message for p in long_line.problems)
    pasted = read(b"From: A <a@x.example>\nDate: Tue, Apr 14, 2026 at 9:12 AM\nSubject: s\n\n" + b">" * 1_000_000)
    assert only(pasted).body == ""


def test_reading_is_deterministic() -> None:
    names = ["thread.mbox", "outlook-thread-paste.txt", "forward-with-attachment.eml"]
    first = [fixture(name).model_dump_json() for name in names]
    assert first == [fixture(name).model_dump_json() for name in names]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from([".eml", ".mbox", ".txt", ".md"]))
def test_any_bytes_give_messages_or_problems_never_an_exception(data: bytes, suffix: str) -> None:
    reading = read_mail(data, f"h/x{suffix}", suffix, MANIFEST)
    assert reading.messages or reading.problems


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "From: A <a@x.example>", "Sent: Tuesday, April 14, 2026 9:12 AM", "Subject: s", "To: b@y.example",
                "> quoted", "On Tue, Apr 14, 2026 at 9:12 AM, A <a@x.example> wrote:", "-----Original Message-----",
                "---------- Forwarded message ---------", "________________________________", "", "words here",
                "-- ", "Begin forwarded message:", ">> deeper",
            ]
        ),
        max_size=40,
    )
)
def test_any_paste_shape_is_read_without_losing_the_top_message(lines: list[str]) -> None:
    text = "From: Top <top@x.example>\nDate: Tue, Apr 14, 2026 at 9:12 AM\nSubject: t\nTo: b@y.example\n\n"
    reading = read(text + "\n".join(lines), "p.txt")
    assert reading.messages[0].sender == "top@x.example"
    assert all(m.source.line is not None for m in reading.messages)


def test_cli_reports_broken_mail_as_path_and_message_and_reads_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "handoffs" / "april"
    folder.mkdir(parents=True)
    (folder / "handoff.yaml").write_text("title: April\nas_of: 2026-04-30\n", encoding="utf-8")
    (folder / "junk.eml").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.eml").write_bytes(b"")
    (folder / "acme.txt").write_bytes((FIXTURES / "outlook-thread-paste.txt").read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "handoffs/april"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("handoffs/april/junk.eml: this is not an email message") for line in lines)
    assert "handoffs/april/empty.eml: warning: the file is empty; no messages were read" in lines
    assert not any("acme.txt" in line for line in lines)


def test_a_paste_saved_as_utf16_is_read(tmp_path: Path) -> None:
    paste = tmp_path / "acme.txt"
    paste.write_bytes((FIXTURES / "outlook-thread-paste.txt").read_text(encoding="utf-8").encode("utf-16"))
    reading = read_file(paste, "handoffs/h/acme.txt", None, MANIFEST)
    assert reading.file.kind == "email"
    assert [m.source.line for m in reading.messages] == [2, 14, 22]
    raw = (FIXTURES / "thread.mbox").read_text(encoding="utf-8").encode("utf-16-le")
    assert len(read(raw, "mailbox.txt").messages) == 2


def test_absurdly_nested_mime_is_a_problem_or_a_message_never_an_exception() -> None:
    for depth in (100, 1500):
        opening = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(depth))
        closing = "".join(f"--b{i}--\n" for i in reversed(range(depth)))
        reading = read(f"From: a@x.example\nSubject: deep\n{opening}Content-Type: text/plain\n\nhello\n{closing}")
        assert reading.messages or (reading.problems and reading.problems[0].is_error)


def test_a_huge_message_gets_one_warning() -> None:
    reading = read(b"From: a@x.example\nSubject: big\n\n" + b"Payment is scheduled for Friday.\n" * 640_000)
    assert [p.severity for p in reading.problems] == ["warning"]


def test_a_message_saved_in_two_files_counts_once_in_the_handoff(tmp_path: Path) -> None:
    folder = tmp_path / "handoffs" / "april"
    folder.mkdir(parents=True)
    (folder / "handoff.yaml").write_text("title: April\nas_of: 2026-04-30\n", encoding="utf-8")
    mailbox = (FIXTURES / "thread.mbox").read_text(encoding="utf-8")
    (folder / "thread.mbox").write_text(mailbox, encoding="utf-8")
    first = mailbox.split("\n\nFrom priya")[0].split("\n", 1)[1]
    (folder / "reminder.eml").write_text(first, encoding="utf-8")
    handoff, problems = load_handoff(folder, tmp_path, Policy())
    assert handoff is not None and problems == []
    assert [m.message_id for m in handoff.messages] == ["<m1@harborlight.example.com>", "<m2@acme-retail.example.com>"]
    assert handoff.messages[0].source.path == "handoffs/april/reminder.eml"  # files are read in name order


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("Subject", "Re:   INV-1042\r\n\tpast due"),
        ("X-Mailer", "(comment) \"quoted \\\" text\""),
        ("References", "<a@b.example>\r\n <c@d.example>"),
        ("In-Reply-To", "<a@b.example> (extra)"),
        ("Date", "Tue, 11 Dec 2001 16:23:50 -0800 (PST)"),
        ("Date", "Wed, 08 Apr 2026 11:06:33 -0000"),
        ("Date", "8 Apr 2026 11:06"),
        ("Date", "31 Feb 2026 10:00 +0100"),
        ("Date", "not a date"),
        ("Resent-Date", ""),
    ],
)
def test_plain_headers_read_without_the_parser_as_the_parser_reads_them(name: str, raw: str) -> None:
    from generator.intake.eml import _header
    from generator.intake.mailpolicy import MAIL_POLICY

    parsed = " ".join(str(MAIL_POLICY.header_fetch_parse(name, raw)).split())
    assert _header(EmailMessage(policy=MAIL_POLICY), name, raw) == parsed
