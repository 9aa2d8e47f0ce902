"""Render: the packet as Markdown pages and ``packet.json``, returned as strings.

Rendering decides nothing and writes nothing: it turns the analysis and the
drafts into text. Where that text goes is the CLI's business.
"""

from __future__ import annotations

from generator.analyze.model import Analysis
from generator.draft.model import Draft
from generator.intake.model import Handoff
from generator.problems import Problem
from generator.render.brief import render_brief
from generator.render.packet_json import packet_json


def render_packet(
    handoff: Handoff, analysis: Analysis, drafts: tuple[Draft, ...], problems: list[Problem]
) -> dict[str, str]:
    """Every file of the packet folder: relative path → text."""
    pages = {
        "packet.json": packet_json(handoff, analysis, drafts),
        "index.md": render_brief(handoff, analysis, drafts, problems),
    }
    return dict(sorted(pages.items()))
