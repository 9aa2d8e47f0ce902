"""A reviewer's edit to a draft page is never overwritten when the packet is prepared again."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from fixtures.draft.scenarios import harbor

from generator.analyze.model import Analysis
from generator.build import read_packet, write_packet
from generator.draft import make_drafts
from generator.intake.model import Handoff
from generator.render import render_packet
from generator.render.edits import KEPT_MARKER, NOTICE_START, is_edited, keep_reviewer_edits, split_page

REMINDER = "drafts/acme-retail-reminder.md"


def pages_for(handoff: Handoff, analysis: Analysis) -> dict[str, str]:
    return render_packet(handoff, analysis, make_drafts(handoff, analysis), [])


def with_open_amount(analysis: Analysis, number: str, amount: str) -> Analysis:
    invoices = tuple(
        v.model_copy(update={"open_amount": Decimal(amount), "amount": Decimal(amount)}) if v.number == number else v
        for v in analysis.invoices
    )
    return analysis.model_copy(update={"invoices": invoices})


@pytest.fixture
def first() -> dict[str, str]:
    return pages_for(*harbor())


def edit(page: str) -> str:
    return page.replace("I hope you are well. ", "")


def test_unedited_pages_are_replaced_and_the_marker_removed(first: dict[str, str]) -> None:
    handoff, analysis = harbor()
    second = pages_for(handoff, with_open_amount(analysis, "INV-1051", "6000.00"))
    merged, notices = keep_reviewer_edits(first, second)
    assert merged == {**second, "index.md": second["index.md"].replace(KEPT_MARKER + "\n\n", "")}
    assert notices == []
    assert KEPT_MARKER not in merged["index.md"]


def test_an_edited_draft_is_kept_as_the_reviewer_left_it(first: dict[str, str]) -> None:
    edited = {**first, REMINDER: edit(first[REMINDER])}
    assert is_edited(edited[REMINDER]) and not is_edited(first[REMINDER])
    merged, notices = keep_reviewer_edits(edited, first)
    assert merged[REMINDER] == edited[REMINDER]
    assert notices == [f"{REMINDER}: kept your edits."]
    assert f"| [{REMINDER}]({REMINDER}) | edited by a reviewer |" in merged["index.md"]


def test_a_hold_set_in_the_front_matter_counts_as_an_edit(first: dict[str, str]) -> None:
    held = first[REMINDER].replace("decision: pending", "decision: hold")
    merged, _ = keep_reviewer_edits({**first, REMINDER: held}, first)
    assert "decision: hold" in merged[REMINDER]


def test_when_the_facts_change_the_kept_page_says_so_once(first: dict[str, str]) -> None:
    handoff, analysis = harbor()
    second = pages_for(handoff, with_open_amount(analysis, "INV-1051", "6000.00"))
    edited = {**first, REMINDER: edit(first[REMINDER])}
    merged, notices = keep_reviewer_edits(edited, second)
    page = merged[REMINDER]
    data, body = split_page(page)
    assert data is not None and data["facts_changed"] is True
    assert data["facts"]["INV-1051 open amount"] == "USD 6,000.00"  # brought up to date
    assert body.startswith("# Reminder to Acme Retail\n\n" + NOTICE_START + "\n!!! warning")
    assert "    | INV-1051 open amount | USD 6,215.50 | USD 6,000.00 |" in body
    assert "I hope you are well" not in body and "USD 6,215.50, due April 26, 2026" in body  # the reviewer's text
    assert len(notices) == 1 and "the facts it was written from changed" in notices[0]
    assert "INV-1051 open amount: USD 6,215.50 → USD 6,000.00" in notices[0]
    assert "**the facts changed since**" in merged["index.md"]
    again, notices_again = keep_reviewer_edits(merged, second)
    assert again[REMINDER] == page and page.count(NOTICE_START) == 1
    assert notices_again == [f"{REMINDER}: kept your edits."]
    assert "**the facts changed earlier**" in again["index.md"]


def test_an_edited_page_of_a_draft_no_longer_proposed_is_kept(first: dict[str, str]) -> None:
    handoff, analysis = harbor()
    gone = analysis.model_copy(update={"invoices": tuple(v for v in analysis.invoices if v.number != "INV-1051")})
    second = pages_for(handoff, gone)
    assert REMINDER not in second
    merged, notices = keep_reviewer_edits({**first, REMINDER: edit(first[REMINDER])}, second)
    assert merged[REMINDER] == edit(first[REMINDER])
    assert "no longer proposes this draft" in notices[0]
    assert "this draft is no longer proposed" in merged["index.md"]
    unedited, _ = keep_reviewer_edits(first, second)
    assert REMINDER not in unedited


def test_a_page_written_by_hand_is_kept(first: dict[str, str]) -> None:
    merged, _ = keep_reviewer_edits({"drafts/my notes.md": "# Notes\n"}, first)
    assert merged["drafts/my notes.md"] == "# Notes\n"
    assert "| drafts/my notes.md | edited by a reviewer" in merged["index.md"]


def test_prepare_twice_is_byte_identical_and_keeps_edits_on_disk(tmp_path: Path) -> None:
    handoff, analysis = harbor()
    target = tmp_path / "packets" / "test"
    assert write_packet(target, pages_for(handoff, analysis)) == []
    written = read_packet(target)
    assert write_packet(target, pages_for(handoff, analysis)) == []
    assert read_packet(target) == written
    (target / REMINDER).write_text(edit(written[REMINDER]), encoding="utf-8")
    notices = write_packet(target, pages_for(handoff, with_open_amount(analysis, "INV-1051", "6000.00")))
    assert len(notices) == 1 and notices[0].startswith(REMINDER)
    kept = (target / REMINDER).read_text("utf-8")
    assert "facts_changed: true" in kept and "I hope you are well" not in kept
