"""Internal notes: memos by paragraph, item and row; Slack copy-paste by message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.intake.model import FileReading
from generator.intake.notes import read_notes
from generator.intake.readers import read_file
from generator.intake.slack import is_slack
from generator.intake.text import decode_text
from generator.intake.textdates import parse_written, resolve_day
from generator.manifest import Manifest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notes"
MANIFEST = Manifest(title="April aging review", as_of=dt.date(2026, 4, 30))
REPO = Path(__file__).resolve().parents[1]


def read(text: str, name: str = "notes.md", manifest: Manifest = MANIFEST) -> FileReading:
    return read_notes(text, f"handoffs/h/{name}", manifest)


def fixture(name: str) -> FileReading:
    return read((FIXTURES / name).read_text(encoding="utf-8"), name)


# --- Slack ----------------------------------------------------------------------------------------


def test_slack_name_and_time_lines_with_relative_day_dividers() -> None:
    reading = fixture("slack-two-spaces.md")
    notes = reading.notes
    assert [(n.source.line, n.author, n.date, n.time) for n in notes] == [
        (3, "Dana Whitfield", dt.date(2026, 4, 29), "10:42 AM"),
        (6, "Dana Whitfield", dt.date(2026, 4, 29), "10:43 AM"),
        (10, "Jordan Pike", dt.date(2026, 4, 29), "11:05 AM"),
        (17, "Luis Ortega", dt.date(2026, 4, 30), "9:15 AM"),
    ]
    assert notes[0].text == "Heads up: don't chase Initech until May 15.\nThat covers INV-1029 and INV-1044."
    assert notes[1].text == "Sam is handling it."  # "(edited)" and the reaction line dropped
    assert notes[2].text == "got it"  # thread counters dropped
    assert reading.file.kind == "notes"
    assert reading.file.description == "Slack conversation, 4 messages"
    assert reading.problems == ()


def test_slack_bracketed_timestamps_and_dated_dividers() -> None:
    reading = fixture("slack-bracketed.txt")
    assert [(n.source.line, n.author, n.date, n.time, n.text) for n in reading.notes] == [
        (4, "Dana Whitfield", dt.date(2026, 4, 14), "10:42 AM",
         "Kestrel short-paid INV-1036.\nRemaining $4,750.00 is open."),
        (6, "Jordan Pike", dt.date(2026, 4, 14), "10:50 AM", "I'll email them."),
        (9, "Jordan Pike", dt.date(2026, 4, 15), "9:05 AM", "Kestrel says the rest goes out Friday."),
    ]


def test_slack_name_over_time_layout() -> None:
    reading = read("Dana Whitfield\n10:42 AM\nDon't chase Initech.\n\nJordan Pike\n10:44 AM\nok\n")
    assert [(n.author, n.time, n.text) for n in reading.notes] == [
        ("Dana Whitfield", "10:42 AM", "Don't chase Initech."),
        ("Jordan Pike", "10:44 AM", "ok"),
    ]


def test_slack_numeric_stamps_that_cannot_be_settled_ask_for_the_date_order() -> None:
    reading = read("[4/3/2026 10:42 AM] Dana: hold Globex\n[4/3/2026 10:50 AM] Jordan: ok\n")
    assert [n.date for n in reading.notes] == [None, None]
    assert len(reading.problems) == 1 and "date_order" in reading.problems[0].message
    day_first = MANIFEST.model_copy(update={"date_order": "DMY"})
    settled = read("[4/3/2026 10:42 AM] Dana: hold Globex\n", manifest=day_first)
    assert settled.notes[0].date == dt.date(2026, 3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana Whitfield  10:42 AM\nhello", True),
        ("Monday, April 20th\n\nJordan Pike  4:58 PM\nhello", True),
        ("#ar\n[4/14/2026 10:42 AM] Dana Whitfield: hello", True),
        ("# Holds\n\nDo not contact Tallgrass.", False),
        ("Called Acme at 10:42 AM, they pay Friday.", False),
        ("Thanks\n10:43 AM\n", False),
    ],
)
def test_is_slack(text: str, expected: bool) -> None:
    assert is_slack(text) is expected


def test_sample_handoff_slack_paste(tmp_path: Path) -> None:
    sample = REPO / "handoffs" / "2026-04-aging" / "notes" / "ar-channel-slack.md"
    if not sample.is_file():
        pytest.skip("the sample handoff is not in this checkout")
    reading = read(sample.read_text(encoding="utf-8"), "ar-channel-slack.md")
    assert reading.file.description == "Slack conversation, 13 messages"
    assert {n.author for n in reading.notes} == {"Jordan Pike", "Dana Whitfield", "Luis Ortega"}
    assert all(n.date is not None and n.time for n in reading.notes)
    initech = next(n for n in reading.notes if "Initech" in n.text)
    assert (initech.date, initech.time, initech.source.line) == (dt.date(2026, 4, 21), "10:42 AM", 11)


# --- memos ----------------------------------------------------------------------------------------


def test_memo_notes_by_paragraph_item_and_row_with_headings_as_context() -> None:
    reading = fixture("memo.md")
    notes = reading.notes
    assert [(n.source.line, n.text) for n in notes] == [
        (8, "For the AR team: these instructions override the normal reminder schedule."),
        (13, "Chapter 11 since April 16, 2026. Do not contact them about INV-1008."),
        (17, "No late fees this quarter."),
        (18, "CM-1009 stays unapplied; do not mention it to Globex."),
        (20, "Payment plans come to me."),
        (24, "Customer: Meridian | Invoice: INV-1015 | Note: management hold"),
        (27, "raw text kept as is"),
    ]
    assert notes[1].context == "Collections holds / Tallgrass Veterinary Partners"
    assert notes[2].context == "Collections holds / Standing instructions"
    assert all(n.author == "Renata Alvarez" and n.date == dt.date(2026, 4, 24) for n in notes)
    assert all("#" not in (n.context or "") for n in notes)
    assert reading.file.description == "memo, 3 paragraphs, 3 list items and 1 table row"


def test_plain_text_log_lines_carry_their_own_dates() -> None:
    reading = fixture("dated-notes.txt")
    assert [(n.source.line, n.date, n.context) for n in reading.notes] == [
        (4, dt.date(2026, 4, 14), "Call log"),
        (5, dt.date(2026, 4, 21), "Call log"),
        (7, dt.date(2026, 4, 24), "Call log"),
    ]
    assert reading.file.description == "memo, 3 paragraphs"


def test_memo_header_lines_give_author_date_and_subject() -> None:
    reading = read("From: Renata Alvarez\nDate: April 24, 2026\nRe: Globex\n\nHold CM-1009.\n")
    note = reading.notes[0]
    assert (note.author, note.date, note.context, note.text) == (
        "Renata Alvarez", dt.date(2026, 4, 24), "Globex", "Hold CM-1009."
    )


def test_dated_headings_date_the_notes_below_them() -> None:
    reading = read("## April 21\n\nAcme PO still missing.\n\n## Yesterday\n\n- Globex photos in.\n")
    assert [(n.date, n.text) for n in reading.notes] == [
        (dt.date(2026, 4, 21), "Acme PO still missing."),
        (dt.date(2026, 4, 29), "Globex photos in."),
    ]


def test_ambiguous_leading_dates_are_left_undated_with_one_warning() -> None:
    reading = read("4/3: called Acme.\n\n4/5: called again.\n", "log.txt")
    assert [n.date for n in reading.notes] == [None, None]
    assert len(reading.problems) == 1
    assert reading.problems[0].source.line == 1 and "date_order" in reading.problems[0].message


def test_empty_and_blank_files_are_warnings() -> None:
    for text in ("", "\n\n   \n"):
        reading = read(text)
        assert reading.notes == () and reading.file.kind == "unused"
        assert [p.severity for p in reading.problems] == ["warning"]


def test_notes_text_is_data_not_markup() -> None:
    reading = read("Customer wrote <script>alert(1)</script> and {{ jinja }} in the portal.\n")
    assert reading.notes[0].text == "Customer wrote <script>alert(1)</script> and {{ jinja }} in the portal."


def test_readers_route_memos_to_notes_and_pasted_mail_to_email(tmp_path: Path) -> None:
    memo = tmp_path / "memo.md"
    memo.write_text("# Holds\n\nDo not contact Tallgrass.\n", encoding="utf-8")
    assert read_file(memo, "h/memo.md", None, MANIFEST).file.kind == "notes"
    mail = tmp_path / "mail.txt"
    mail.write_text("From: A <a@x.example>\nSent: Tuesday, April 14, 2026 9:12 AM\nTo: b@y.example\nSubject: s\n\nhi\n")
    assert read_file(mail, "h/mail.txt", None, MANIFEST).file.kind == "email"


def test_notes_are_deterministic() -> None:
    assert fixture("memo.md") == fixture("memo.md")
    assert fixture("slack-two-spaces.md").model_dump_json() == fixture("slack-two-spaces.md").model_dump_json()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_notes_or_a_warning(text: str) -> None:
    reading = read(text)
    assert reading.notes or reading.problems
    for note in reading.notes:
        assert note.text.strip()
        assert note.source.line is not None and note.source.line >= 1


# --- written dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, Apr 14, 2026 at 9:12 AM", dt.datetime(2026, 4, 14, 9, 12)),
        ("Tuesday, April 14, 2026 9:12 AM", dt.datetime(2026, 4, 14, 9, 12)),
        ("March-09-12 4:22 PM", dt.datetime(2012, 3, 9, 16, 22)),
        ("14 April 2026 at 09:12", dt.datetime(2026, 4, 14, 9, 12)),
        ("2026-04-14T09:12:00Z", dt.datetime(2026, 4, 14, 9, 12)),
        ("4/14/2026", dt.datetime(2026, 4, 14)),
        ("02.04.2012 14:20", dt.datetime(2012, 4, 2, 14, 20)),
    ],
)
def test_written_dates(text: str, expected: dt.datetime) -> None:
    written = parse_written(text)
    assert written is not None and not written.ambiguous
    assert dt.datetime.combine(written.date, written.time or dt.time()) == expected


def test_written_dates_that_are_not_dates() -> None:
    for text in ("13/13/2026", "April 31, 2026", "9:75 AM", "hello", "Apr 14 2026 13:00 PM"):
        assert parse_written(text) is None, text
    ambiguous = parse_written("4/3/2026")
    assert ambiguous is not None and ambiguous.ambiguous


def test_chat_days_resolve_against_the_as_of_date() -> None:
    today = dt.date(2026, 4, 30)  # a Thursday
    assert resolve_day("Today", today) == today
    assert resolve_day("Yesterday", today) == dt.date(2026, 4, 29)
    assert resolve_day("Monday", today) == dt.date(2026, 4, 27)
    assert resolve_day("Thursday", today) == dt.date(2026, 4, 23)
    assert resolve_day("Tuesday, April 14th", today) == dt.date(2026, 4, 14)
    assert resolve_day("December 3rd", today) == dt.date(2025, 12, 3)
    assert resolve_day("May 2nd", today) == dt.date(2026, 5, 2)
    assert resolve_day("Call Acme", today) is None


# --- decoding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Don't chase Initech — café\r\n".encode("utf-8-sig"),
        "Don't chase Initech — café\r\n".encode("utf-16"),
        "Don't chase Initech — café\r\n".encode("utf-16-le"),
        "Don't chase Initech — café\r\n".encode("utf-16-be"),
        "Don't chase Initech — café\r".encode("cp1252"),
    ],
)
def test_decode_text_reads_common_encodings(data: bytes) -> None:
    assert decode_text(data, "h/n.txt") == ("Don't chase Initech — café\n", [])


def test_decode_text_refuses_binary_with_a_way_out() -> None:
    text, problems = decode_text(b"PK\x03\x04\x00\x00binary", "h/n.txt")
    assert text is None
    assert str(problems[0]).startswith("h/n.txt: this is not a text file") and "ignore" in problems[0].message
