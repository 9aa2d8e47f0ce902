"""The packet's pages: what each holds, the draft page format, links, determinism."""

from __future__ import annotations

import json
import posixpath
import re

import pytest
import yaml
from fixtures.draft.scenarios import harbor
from mkdocs.utils.meta import get_data

from generator.draft import make_drafts
from generator.draft.model import Draft
from generator.problems import Source, warning
from generator.render import render_packet
from generator.render.draft_page import email_body, fingerprint
from generator.render.edits import KEPT_MARKER, is_edited, split_page

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
