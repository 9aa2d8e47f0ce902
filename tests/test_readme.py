"""The README's sample drafts are the sample packet's drafts, word for word."""

from __future__ import annotations

import re
from pathlib import Path

from generator.render.draft_page import email_body

REPO = Path(__file__).resolve().parents[1]
DRAFTS = REPO / "docs/packets/2026-04-aging/drafts"


def test_readme_sample_drafts_match_the_packet() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What the drafts read like", 1)[1].split("\n## ", 1)[0]
    shown = re.findall(r"```text\n(.*?)\n```", section, re.S)
    expected = [
        email_body((DRAFTS / name).read_text(encoding="utf-8"))
        for name in ("acme-retail-blocker-reply.md", "bluewater-marine-supply-promise-followup.md")
    ]
    assert shown == [e.strip("\n") if e else e for e in expected]
