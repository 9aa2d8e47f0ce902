"""Promise dates as people write them, resolved against the message's own date."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures.analyze.builders import contact, inv, kinds, msg, run, view

from generator.analyze.dates import find_dates
from generator.analyze.sentences import normalize

D = dt.date
MONDAY = D(2026, 4, 20)  # the message date in most cases below


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("april 15", D(2026, 4, 15)),
        ("Apr. 15th", D(2026, 4, 15)),
        ("15 April 2026", D(2026, 4, 15)),
        ("the 15th of May", D(2026, 5, 15)),
        ("May 5, 2026", D(2026, 5, 5)),
        ("2026-05-05", D(2026, 5, 5)),
        ("4/15", D(2026, 4, 15)),
        ("5/5/26", D(2026, 5, 5)),
        ("our May 5 payment run", D(2026, 5, 5)),
        ("today", MONDAY),
        ("tomorrow", D(2026, 4, 21)),
        ("Thursday", D(2026, 4, 23)),
        ("by Friday", D(2026, 4, 24)),
        ("this Friday", D(2026, 4, 24)),
        ("next Thursday", D(2026, 4, 30)),
        ("Monday", D(2026, 4, 27)),  # a bare weekday is the next one, never the day itself
        ("end of the week", D(2026, 4, 24)),
        ("next week", D(2026, 5, 1)),
        ("early next week", D(2026, 4, 29)),
        ("end of month", D(2026, 4, 30)),
        ("month-end", D(2026, 4, 30)),
        ("next month", D(2026, 5, 31)),
        ("early next month", D(2026, 5, 10)),
        ("in July", D(2026, 7, 31)),
        ("early May", D(2026, 5, 10)),
        ("mid-May", D(2026, 5, 20)),
        ("end of May", D(2026, 5, 31)),
        ("within 10 days", D(2026, 4, 30)),
        ("in two weeks", D(2026, 5, 4)),
        ("within 5 business days", D(2026, 4, 27)),
        ("by the 28th", D(2026, 4, 28)),
        ("on the 5th", D(2026, 5, 5)),
        ("end of the quarter", D(2026, 6, 30)),
    ],
)
def test_date_forms(text: str, expected: D) -> None:
    found = [d for d in find_dates(normalize(f"We will pay {text}."), MONDAY, MONDAY) if d.value]
    assert found, text
    assert found[0].value == expected


def test_day_first_order_from_the_manifest() -> None:
    assert find_dates("pay on 5/4", MONDAY, MONDAY, day_first=True)[0].value == D(2026, 4, 5)
    assert find_dates("pay on 5/4", MONDAY, MONDAY)[0].value == D(2026, 5, 4)
    # 25/4 can only be day-first
    assert find_dates("pay on 25/4", MONDAY, MONDAY)[0].value == D(2026, 4, 25)


def test_year_follows_the_message_across_new_year() -> None:
    december = D(2025, 12, 18)
    assert find_dates("by january 10", december, december)[0].value == D(2026, 1, 10)
    january = D(2026, 1, 5)
    assert find_dates("we paid on december 28", january, january)[0].value == D(2025, 12, 28)


def test_relative_dates_need_the_message_date() -> None:
    assert find_dates("by friday", None, MONDAY)[0].value is None
    assert find_dates("by may 5", None, D(2026, 4, 30))[0].value == D(2026, 5, 5)


@pytest.mark.parametrize(
    "text",
    [
        "we have 10 decisions to make",
        "pay 1/2 of the balance",
        "$4.15 per unit",
        "we may pay",
        "sat down with them",
        "within 15 days after receipt of the charges",
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert [d for d in find_dates(normalize(text), MONDAY, MONDAY) if d.value] == []


# --- promises in context: past vs on the as-of date (2026-04-30) ------------------------------


def promise(body: str, when: str | None = "2026-04-20T09:00", **extra: object) -> object:
    return run(
        invoices=[inv("INV-1042", due="2026-04-11")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[msg(body, when=when, **extra)],  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("body", "status", "date"),
    [
        ("We will pay INV-1042 on April 29.", "broken_promise", D(2026, 4, 29)),
        ("We will pay INV-1042 on April 30.", "promised", D(2026, 4, 30)),
        ("We will pay INV-1042 on May 1.", "promised", D(2026, 5, 1)),
        ("Payment will go out Thursday.", "broken_promise", D(2026, 4, 23)),
        ("We will pay INV-1042 next Thursday.", "promised", D(2026, 4, 30)),
        ("Payment is scheduled for our May 5 payment run.", "promised", D(2026, 5, 5)),
        ("INV-1042 will be paid by end of month.", "promised", D(2026, 4, 30)),
        ("We expect to pay in July.", "promised", D(2026, 7, 31)),
        ("We will pay next week.", "promised", D(2026, 5, 1)),
    ],
)
def test_promise_past_or_standing(body: str, status: str, date: D) -> None:
    v = view(promise(body), "INV-1042")  # type: ignore[arg-type]
    assert v.status == status
    assert v.promise_date == date
    assert any(e.rule == "promise.promise_to_pay" and e.quote == body for e in v.evidence)


def test_broken_promise_within_grace_waits() -> None:
    v = view(promise("We will pay INV-1042 on April 28."), "INV-1042")  # type: ignore[arg-type]
    assert v.status == "broken_promise"
    assert v.next_step.due == D(2026, 5, 1)  # April 28 + 3 days' grace
    assert v.next_step.action.startswith("Wait")


def test_broken_promise_past_grace_follows_up() -> None:
    v = view(promise("We will pay INV-1042 on April 20."), "INV-1042")  # type: ignore[arg-type]
    assert v.status == "broken_promise"
    assert v.next_step.action.startswith("Follow up")
    assert v.next_step.due == D(2026, 5, 1)


def test_promise_without_a_date_is_a_question() -> None:
    analysis = promise("We will pay INV-1042 as soon as possible.")
    v = view(analysis, "INV-1042")  # type: ignore[arg-type]
    assert v.status == "overdue"
    assert "promise_without_date" in v.flags
    assert "promise_without_date" in kinds(analysis)  # type: ignore[arg-type]


def test_relative_promise_in_an_undated_message_is_a_question() -> None:
    analysis = promise("We will pay INV-1042 on Friday.", when=None)
    v = view(analysis, "INV-1042")  # type: ignore[arg-type]
    assert v.status == "overdue"
    question = [u for u in analysis.unknowns if u.kind == "promise_without_date"]  # type: ignore[attr-defined]
    assert question and '"friday"' in question[0].question


def test_later_promise_replaces_the_earlier_date() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg("We will pay INV-1042 on April 24.", when="2026-04-17T09:00"),
            msg("Sorry for the delay, we will now pay INV-1042 on May 7.", when="2026-04-27T09:00"),
        ],
    )
    v = view(analysis, "INV-1042")
    assert v.status == "promised" and v.promise_date == D(2026, 5, 7)


def test_conditional_promise_without_date_is_not_a_promise() -> None:
    analysis = promise("We will pay once the PO is amended.")
    v = view(analysis, "INV-1042")  # type: ignore[arg-type]
    assert "payment_promised" not in v.flags
    assert "promise_without_date" not in kinds(analysis)  # type: ignore[arg-type]
    assert v.status == "procurement"


def test_withdrawn_promise() -> None:
    analysis = run(
        invoices=[inv("INV-1042")],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg("We will pay INV-1042 on May 7.", when="2026-04-17T09:00"),
            msg("Unfortunately we cannot pay INV-1042 on May 7 after all.", when="2026-04-27T09:00"),
        ],
    )
    v = view(analysis, "INV-1042")
    assert v.status == "overdue"
    assert "promise_resolved" in v.flags
