"""Golden files: every page of the packet, for a scenario with every draft kind and for the sample handoff.

The sample handoff's golden files are its committed packet, docs/packets/2026-04-aging/,
so the packet in the repository is always the one `blitz prepare` writes.
Run ``pytest --update-golden tests/test_render_golden.py`` after a deliberate
change and review the diff of tests/golden/ and docs/packets/ like any other change.
"""

from __future__ import annotations

from pathlib import Path

from conftest import GOLDEN, Golden
from fixtures.draft.scenarios import harbor

from generator.build import prepare
from generator.draft import make_drafts
from generator.draft.model import CUSTOMER_KINDS, INTERNAL_KINDS
from generator.render import render_packet
from generator.render.edits import keep_reviewer_edits

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "handoffs" / "2026-04-aging"
SAMPLE_PACKET = REPO / "docs" / "packets" / "2026-04-aging"


def check_all(golden: Golden, folder: Path, pages: dict[str, str]) -> None:
    for path, text in pages.items():
        golden.check_file(folder / path, text)
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    if golden.update:
        for stale in on_disk - set(pages):
            (folder / stale).unlink()
        return
    assert on_disk == set(pages), f"golden pages without a page now: {sorted(on_disk - set(pages))}"


def test_every_page_of_a_packet_with_every_draft_kind(golden: Golden) -> None:
    handoff, analysis = harbor()
    drafts = make_drafts(handoff, analysis)
    assert {d.kind for d in drafts} == set(CUSTOMER_KINDS) | set(INTERNAL_KINDS)
    check_all(golden, GOLDEN / "harbor", render_packet(handoff, analysis, drafts, []))


def test_every_page_of_the_sample_handoff(golden: Golden) -> None:
    packet, problems = prepare(SAMPLE, REPO)
    assert packet is not None, [str(p) for p in problems]
    written, _ = keep_reviewer_edits({}, packet.pages)  # exactly what `blitz prepare` writes
    check_all(golden, SAMPLE_PACKET, written)
