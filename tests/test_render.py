"""The packet's pages: what each holds, the draft page format, links, determinism."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from decimal import Decimal

import pytest
import yaml
from fixtures.draft.scenarios import harbor
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.draft import make_drafts
from generator.draft.model import Draft
from generator.intake.model import SourceFile
from generator.problems import Source, warning
from generator.render import actions, exceptions, render_packet
from generator.render.draft_page import email_body, fingerprint
from generator.render.edits import KEPT_MARKER, is_edited, split_page
from generator.render.packet_json import indented_json

FRONT_KEYS = ["id", "audience", "kind", "customer", "invoices", "to", "subject", "decision", "facts", "generated"]


@pytest.fixture(scope="module")
def rendered() -> tuple[tuple[Draft, ...], dict[str, str]]:
    handoff, analysis = harbor()
    drafts = make_drafts(handoff, analysis)
    problems = [warning(Source(path="handoffs/test/aging.csv", line=40), "the export's total differs by USD 0.01")]
    return drafts, render_packet(handoff, analysis, drafts, problems)


def test_the_packet_has_every_page(rendered: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    drafts, pages = rendered
    fixed = {"index.md", "exceptions.md", "customers.md", "actions.md", "unknowns.md", "approval.md", "packet.json"}
    assert fixed <= set(pages)
    assert {d.path for d in drafts} <= set(pages)
    assert len([p for p in pages if p.startswith("customers/")]) == 10
    assert list(pages) == sorted(pages)
    assert all(text.endswith("\n") and not text.endswith("\n\n") for text in pages.values())


def test_rendering_is_byte_identical_whatever_the_input_order() -> None:
    handoff, analysis = harbor()
    once = render_packet(handoff, analysis, make_drafts(handoff, analysis), [])
    shuffled = analysis.model_copy(
        update={"invoices": tuple(reversed(analysis.invoices)), "customers": tuple(reversed(analysis.customers))}
    )
    again = render_packet(handoff, shuffled, make_drafts(handoff, shuffled), [])
    assert once == again


def test_a_draft_page_has_the_agreed_front_matter_and_email_block(
    rendered: tuple[tuple[Draft, ...], dict[str, str]],
) -> None:
    drafts, pages = rendered
    for draft in drafts:
        page = pages[draft.path]
        keys = [line.split(":", 1)[0] for line in page.split("---\n", 2)[1].splitlines()]
        assert keys == FRONT_KEYS, draft.id
        data, body = split_page(page)
        assert data is not None
        assert data["id"] == draft.id and data["audience"] == draft.audience and data["kind"] == draft.kind
        assert data["customer"] == draft.customer
        assert data["invoices"] == list(draft.invoices) and data["to"] == list(draft.to)
        assert data["subject"] == draft.subject and data["decision"] == "pending"
        assert data["facts"] == dict(draft.facts)
        assert data["generated"] == fingerprint(page) and not is_edited(page)
        meta = get_data(page)[1]  # what MkDocs itself reads
        assert meta["id"] == draft.id and meta["facts"] == dict(draft.facts)
        assert body.startswith("# ")
        if draft.audience == "customer":
            assert email_body(page) == draft.body
            table = body.index("| Subject |")
            assert table < body.index("<!-- blitz:email -->")
            assert f"| To | {', '.join(draft.to)} |" in body or not draft.to
        else:
            assert email_body(page) is None
            assert draft.body.strip() in body


def test_the_email_fence_outlasts_any_backticks_in_the_body() -> None:
    handoff, analysis = harbor()
    draft = make_drafts(handoff, analysis)[0]
    body = "Hello ```` and ``````` and\n````text\n<!-- /blitz:email -->\n```\n"
    odd = draft.model_copy(update={"body": body})
    page = render_packet(handoff, analysis, (odd,), [])[odd.path]
    assert "\n````````text\n" in page
    assert email_body(page) == body


def test_the_brief_answers_what_a_controller_asks_first(rendered: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    brief = rendered[1]["index.md"]
    assert brief.startswith("# Test aging\n")
    assert (
        "| USD | USD 5,432.60 | USD 56,440.70 | USD 31,915.00 | USD 6,600.00 | USD 35,600.00 | **USD 135,988.30** |"
    ) in brief
    assert "| broken promise | 1 | USD 9,415.00 |" in brief and "| on hold (our side) | 2 | USD 53,750.00 |" in brief
    risks = brief[brief.index("## Top risks"):brief.index("## Exceptions at a glance")]
    assert risks.index("Meridian Property Partners") < risks.index("Acme Retail") < risks.index("Initech")
    assert "> **Acme Retail · INV-1042 · 19 days overdue** · USD 18,400.00" in brief
    entry = brief[brief.index("> **Acme Retail · INV-1042"):].split("\n\n", 1)[0].splitlines()
    assert [line.split(":", 1)[0] for line in entry[1:]] == ["> Known blocker", "> Prepared output", "> Approval gate"]
    assert "[blocker reply](drafts/acme-retail-blocker-reply.md)" in entry[2]
    for page in ("exceptions.md", "customers.md", "actions.md", "unknowns.md", "approval.md"):
        assert f"]({page})" in brief
    assert "| handoffs/test/aging.csv | A/R aging detail, 14 invoice rows |" in brief
    assert "Not used:" in brief and "| handoffs/test/logo.png | an image; not read |" in brief
    assert "handoffs/test/aging.csv:40: warning: the export's total differs by USD 0.01" in brief
    assert KEPT_MARKER in brief  # where keep_reviewer_edits lists kept pages


def test_approval_page_lists_every_decision_what_stays_manual_and_the_do_not_list(
    rendered: tuple[tuple[Draft, ...], dict[str, str]],
) -> None:
    drafts, pages = rendered
    approval = pages["approval.md"]
    for draft in drafts:
        assert f"]({draft.path})" in approval
        for decision in draft.decisions:
            assert decision.replace("[", "\\[").replace("]", "\\]") in approval
    assert "Blitz never sends email" in approval
    assert "Do not contact Initech; legal handles all contact." in approval
    assert "payment-plan terms" in approval


def test_customer_pages_mark_internal_notes_and_list_drafts_and_steps(
    rendered: tuple[tuple[Draft, ...], dict[str, str]],
) -> None:
    page = rendered[1]["customers/meridian-property-partners.md"]
    assert '!!! danger "On hold: no customer contact"' in page
    internal = page[page.index('!!! warning "Internal: not for the customer"'):]
    assert internal.splitlines()[2].startswith("    **2026-04-20 · Internal note · Sam Ortiz**")
    assert "    > Meridian: do not chase INV-1015" in internal
    assert "[internal hold note](../drafts/internal-hold-meridian-property-partners.md)" in page
    assert "- **INV-1015**: No customer contact while on hold (owner: account owner; by 2026-05-15)" in page


def test_actions_and_unknowns(rendered: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    pages = rendered[1]
    actions = pages["actions.md"]
    assert (
        "| 2026-05-15 | account owner | [Meridian Property Partners](customers/meridian-property-partners.md) "
        "| INV-1015 | No customer contact while on hold "
        "| [internal hold note](drafts/internal-hold-meridian-property-partners.md) |"
    ) in actions
    assert actions.index("2026-05-15") < actions.index("no date")
    assert "| INV-1031 | Globex says INV-1031 was paid by check 5521" in pages["unknowns.md"]


def test_packet_json_keeps_the_contract_and_lists_each_draft(
    rendered: tuple[tuple[Draft, ...], dict[str, str]],
) -> None:
    drafts, pages = rendered
    data = json.loads(pages["packet.json"])
    assert pages["packet.json"] == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["handoff"] == {**data["handoff"], "id": "test", "title": "Test aging", "as_of": "2026-04-30"}
    listed = {d["id"]: d for d in data["drafts"]}
    for draft in drafts:
        entry = listed[draft.id]
        assert {k: entry[k] for k in ("audience", "customer", "invoices", "path")} == {
            "audience": draft.audience, "customer": draft.customer, "invoices": list(draft.invoices), "path": draft.path
        }
        assert entry["decisions"] == list(draft.decisions) and entry["to"] == list(draft.to)


LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_every_link_in_the_packet_leads_to_a_page_of_the_packet(
    rendered: tuple[tuple[Draft, ...], dict[str, str]],
) -> None:
    pages = rendered[1]
    for path, text in pages.items():
        for target in LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in pages, f"{path} links to {target}, which is not in the packet"


def test_front_matter_survives_yaml_for_every_draft(rendered: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    drafts, pages = rendered
    for draft in drafts:
        front = pages[draft.path].split("---\n")[1]
        assert yaml.safe_load(front)["subject"] == draft.subject


def test_customer_steps_that_repeat_an_invoice_step_are_listed_once() -> None:
    from generator.analyze.model import NextStep
    from generator.render.entries import own_steps

    _, analysis = harbor()
    acme = next(c for c in analysis.customers if c.name == "Acme Retail")
    views = [v for v in analysis.invoices if v.customer == "Acme Retail"]
    repeat = NextStep(action="Send one friendly reminder covering INV-1051", owner="ar_clerk")
    own = NextStep(action="Find a valid email address for this customer", owner="ar_clerk")
    other_owner = NextStep(action="Escalate INV-1051", owner="controller")
    customer = acme.model_copy(update={"next_steps": (repeat, own, other_owner)})
    assert own_steps(customer, views) == [own, other_owner]


def table_rows(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("| ") and not line.startswith("| Due |")]


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_long_lists_show_the_first_rows_and_keep_every_row_in_a_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past a page's limit, the page says how many there are and where all of them are; the CSV has every row."""
    handoff, analysis = harbor()
    drafts = make_drafts(handoff, analysis)
    full = render_packet(handoff, analysis, drafts, [])
    steps = csv_rows(full["actions.csv"])[1:]
    assert len(steps) == len(table_rows(full["actions.md"]))
    monkeypatch.setattr(actions, "ON_PAGE", 3)
    monkeypatch.setattr(exceptions, "ON_PAGE", 1)
    capped = render_packet(handoff, analysis, drafts, [])
    assert capped["actions.csv"] == full["actions.csv"] and capped["exceptions.csv"] == full["exceptions.csv"]
    page = capped["actions.md"]
    assert f"This queue has {len(steps):,} steps. The 3 due first are below" in page
    shown = table_rows(page)
    assert len(shown) == 3 and [row.split(" | ")[0].removeprefix("| ") for row in shown] == [s[0] for s in steps[:3]]
    listed = csv_rows(full["exceptions.csv"])[1:]
    statuses = {row[0] for row in listed}
    crowded = [s for s in statuses if sum(row[0] == s for row in listed) > 1]
    assert crowded, "the scenario should have a status with several exceptions"
    assert capped["exceptions.md"].count("The 1 most overdue are below") == len(crowded)
    for status in crowded:
        rows = [row for row in listed if row[0] == status]
        oldest = max(rows, key=lambda row: int(row[3]))
        section = capped["exceptions.md"].split(f"## {status.capitalize()} ({len(rows)})", 1)[1].split("\n## ", 1)[0]
        assert f" · {oldest[2]} · " in section
        assert all(f" · {row[2]} · " not in section for row in rows if row is not oldest)


def test_the_csv_files_hold_what_the_pages_say() -> None:
    handoff, analysis = harbor()
    drafts = make_drafts(handoff, analysis)
    pages = render_packet(handoff, analysis, drafts, [])
    header, *rows = csv_rows(pages["exceptions.csv"])
    assert header[:6] == ["Status", "Customer", "Invoice", "Days overdue", "Currency", "Open amount"]
    by_number = {view.number: view for view in analysis.invoices}
    assert rows and all(row[2] in by_number for row in rows)
    for row in rows:
        view = by_number[row[2]]
        assert row[1] == view.customer and int(row[3]) == view.days_overdue and Decimal(row[5]) == view.open_amount
        assert f"· {row[2]} ·" in pages["exceptions.md"]


def test_a_brief_lists_thousands_of_source_files_by_folder() -> None:
    handoff, analysis = harbor()
    mail = [SourceFile(path=f"handoffs/test/threads/c{n:04d}/m.eml", kind="email", description="email, 1 message")
            for n in range(1200)]
    odd = [SourceFile(path=f"handoffs/test/scans/s{n}.tif", kind="unused", description="not a format Blitz reads")
           for n in range(60)]
    crowded = handoff.model_copy(update={"files": (*handoff.files, *mail, *odd)})
    brief = render_packet(crowded, analysis, make_drafts(crowded, analysis), [])["index.md"]
    sources = brief.split("## Sources", 1)[1]
    assert "| 1,200 files under handoffs/test/threads/ | email" in sources
    assert "| 60 files under handoffs/test/scans/ | not a format Blitz reads |" in sources
    assert all(f"| {f.path} |" in sources for f in handoff.files if f.kind not in ("email", "unused"))
    assert sources.count("\n| ") < 60


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_packet_json_is_written_as_the_standard_library_would(value: object) -> None:
    assert indented_json(value) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def test_data_the_fast_writer_does_not_know_goes_to_the_standard_library() -> None:
    value = {"amount": 1.5, "nested": [{"b": "x", "a": "y"}], 2: "not a string key"}
    assert indented_json({"x": 1.5}) == json.dumps({"x": 1.5}, indent=2, sort_keys=True, ensure_ascii=False)
    with pytest.raises(TypeError):
        indented_json(value)  # mixed key types cannot be sorted, exactly as json.dumps refuses them
