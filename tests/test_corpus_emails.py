"""Real mail from ../shared/corpora/emails: every file loads, and what it says is read right.

SOURCES.md there lists each Enron message's Message-ID and subject; those are
checked against what intake reads. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.intake.mail import read_mail
from generator.intake.model import FileReading, Message
from generator.manifest import Manifest

EMAILS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "emails"
MANIFEST = Manifest(title="corpus", as_of=dt.date(2026, 4, 30))
FILES = sorted(p.relative_to(EMAILS).as_posix() for p in EMAILS.glob("*/*") if p.is_file()) if EMAILS.is_dir() else []


def load(corpora: Path, name: str) -> FileReading:
    path = corpora / "emails" / name
    return read_mail(path.read_bytes(), f"corpus/{name}", path.suffix.lower(), MANIFEST)


def by_sender(messages: tuple[Message, ...], address: str) -> Message:
    return next(m for m in messages if m.sender == address)


def test_the_corpus_is_complete(corpora: Path) -> None:
    assert len(FILES) == 40


@pytest.mark.parametrize("name", FILES or ["(corpus absent)"])
def test_every_file_loads_as_messages_or_clear_problems(corpora: Path, name: str) -> None:
    reading = load(corpora, name)
    assert reading.messages or reading.problems
    for problem in reading.problems:
        assert str(problem).startswith(f"corpus/{name}")
    for message in reading.messages:
        assert message.source.path == f"corpus/{name}"
        assert message.date is None or message.date.tzinfo is not None
        assert message.sender is None or message.sender == message.sender.lower()
        assert "<html" not in message.body.lower() and "<div" not in message.body.lower()


@pytest.mark.parametrize(
    "client", ["android", "apple_mail", "gmail", "hotmail", "outlook", "thunderbird", "yahoo"]
)
def test_talon_replies_keep_only_the_reply(corpora: Path, client: str) -> None:
    reading = load(corpora, f"talon_standard_replies/{client}.eml")
    assert len(reading.messages) == 1
    message = reading.messages[0]
    assert message.body == "Hello"
    assert message.kind == "message"
    assert "Hi" not in message.body and "wrote" not in message.body and "Subject:" not in message.body


def _enron_sources(corpora: Path) -> dict[str, tuple[str, str]]:
    """file → (Message-ID, Subject) from the table in SOURCES.md."""
    table: dict[str, tuple[str, str]] = {}
    for line in (corpora / "emails" / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].endswith(".eml"):
            table[cells[0]] = (cells[2], cells[3])
    return table


def test_enron_senders_subjects_and_message_ids_match_the_sources_list(corpora: Path) -> None:
    table = _enron_sources(corpora)
    assert len(table) == 17
    for name, (message_id, subject) in table.items():
        raw = (corpora / "emails" / "enron" / name).read_text(encoding="latin-1")
        sender = re.search(r"^From: (\S+)", raw, re.MULTILINE)
        assert sender is not None
        top = load(corpora, f"enron/{name}").messages[0]
        assert top.message_id == message_id, name
        assert top.source.message_id == message_id
        assert top.subject == subject, name
        assert top.sender == sender.group(1).lower(), name
        assert top.date is not None and top.date.year in (2000, 2001, 2002)


def test_enron_outlook_forward_chain_gives_the_wire_details_their_own_message(corpora: Path) -> None:
    messages = load(corpora, "enron/crandell-s__inbox__24.eml").messages
    assert messages[0].body == "Here is the wire info"
    assert [m.sender_name for m in messages[1:]] == ["Sewell, Doug", "Hart, Reginald"]
    assert "194,000.00" in messages[2].body
    assert messages[2].date == dt.datetime(2002, 1, 25, 17, 5, tzinfo=dt.UTC)
    assert "194,000.00" not in messages[0].body


def test_enron_lotus_notes_forwards_are_split_by_author(corpora: Path) -> None:
    messages = load(corpora, "enron/south-s__sent__7.eml").messages
    assert messages[0].body == "I have changed the price in sitara"
    assert [m.sender_name for m in messages[1:3]] == ["Elizabeth L Hernandez", "Isabel Y Resendez"]
    hilary = by_sender(messages, "hsearles@brr.com")
    assert hilary.sender_name == "Hilary Searles"
    assert hilary.body.startswith("Isabel,\nI just sent the support for the volume cuts.")
    assert "pipe support" not in hilary.body  # her quoted ">" original is not her words
    assert "Barrett still owes Enron" in by_sender(messages, "isabel.y.resendez@enron.com").body


def test_enron_reply_history_is_not_a_message_of_its_own(corpora: Path) -> None:
    reading = load(corpora, "enron/steffes-j__credit_issues__27.eml")
    assert len(reading.messages) == 1
    assert reading.messages[0].body.startswith("We'll deal with this next week.")


@pytest.mark.parametrize(
    ("name", "recipients"),
    [
        ("cpython_test_email/msg_16.txt", ("jangel1@cougar.noc.ucla.edu",)),
        ("cpython_test_email/msg_25.txt", ("scoffman@wellpartner.com",)),
        ("cpython_test_email/msg_05.txt", ()),
    ],
)
def test_delivery_reports_are_bounces(corpora: Path, name: str, recipients: tuple[str, ...]) -> None:
    reading = load(corpora, name)
    assert len(reading.messages) == 1  # the returned original inside a report is not a message
    bounce = reading.messages[0]
    assert bounce.kind == "bounce"
    assert bounce.bounced_recipients == recipients


def test_content_filter_report_is_a_bounce_naming_the_recipients(corpora: Path) -> None:
    bounce = load(corpora, "cpython_test_email/msg_43.txt").messages[0]
    assert bounce.kind == "bounce"
    assert len(bounce.bounced_recipients) >= 10
    assert all(r.endswith("@dot.ca.gov") for r in bounce.bounced_recipients)


@pytest.mark.parametrize(
    ("name", "subjects"),
    [
        ("cpython_test_email/msg_06.txt", ["forwarded message from Barry A. Warsaw", "testing"]),
        ("cpython_test_email/msg_11.txt", ["The enclosing message", "An enclosed message"]),
        ("cpython_test_email/msg_46.txt", ["GroupwiseForwardingTest", "GroupwiseForwardingTest"]),
    ],
)
def test_forwarded_rfc822_messages_stand_alone(corpora: Path, name: str, subjects: list[str]) -> None:
    assert [m.subject for m in load(corpora, name).messages] == subjects


def test_cpython_shapes(corpora: Path) -> None:
    digest = load(corpora, "cpython_test_email/msg_02.txt").messages
    assert len(digest) == 6 and [m.body for m in digest[1:]] == ["hello"] * 5
    first = load(corpora, "cpython_test_email/msg_01.txt").messages[0]
    assert (first.sender, first.sender_name) == ("bbb@ddd.com", "John X. Doe")
    assert load(corpora, "cpython_test_email/msg_07.txt").messages[0].attachments == ("dingusfish.gif",)
    assert load(corpora, "cpython_test_email/msg_32.txt").messages[0].body == "Some message."
    broken_boundary = load(corpora, "cpython_test_email/msg_31.txt").messages[0].body
    assert "message 1" in broken_boundary and "message 2" in broken_boundary and "--BOUNDARY" not in broken_boundary
    signed = load(corpora, "cpython_test_email/msg_45.txt").messages[0]
    assert signed.body == "This is the signed contents." and signed.attachments == ()
    separator = load(corpora, "cpython_test_email/msg_47.txt").messages[0]
    assert "bar" in separator.body and "<p>" not in separator.body
