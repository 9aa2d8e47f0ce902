"""Render: the packet as Markdown pages and ``packet.json``, returned as strings.

Rendering decides nothing and writes nothing: it turns the analysis and the
drafts into text. Where that text goes is the CLI's business. Every page is
built from sorted data, so the same inputs give byte-identical pages.
"""

from __future__ import annotations

from generator.analyze.model import Analysis
from generator.draft.model import Draft
from generator.intake.model import Handoff
from generator.problems import Problem
from generator.render.actions import queue, render_actions, render_actions_csv
from generator.render.approval import render_approval
from generator.render.brief import render_brief
from generator.render.entries import evidence_origins
from generator.render.exceptions import exception_views, render_exceptions, render_exceptions_csv
from generator.render.packet_json import packet_json
from generator.render.unknowns import render_unknowns
from generator.render.workers import start


def render_packet(
    handoff: Handoff, analysis: Analysis, drafts: tuple[Draft, ...], problems: list[Problem]
) -> dict[str, str]:
    """Every file of the packet folder: relative path → text."""
    origins = evidence_origins(handoff)
    customer_and_draft_pages = start(analysis, drafts, origins)  # on the other core, for a large packet
    steps = queue(analysis, drafts)
    exceptions = exception_views(analysis)
    pages = {
        "packet.json": packet_json(handoff, analysis, drafts),
        "index.md": render_brief(handoff, analysis, drafts, problems),
        "exceptions.md": render_exceptions(analysis, exceptions, drafts, origins),
        "exceptions.csv": render_exceptions_csv(exceptions, drafts, origins),
        "actions.md": render_actions(analysis, steps),
        "actions.csv": render_actions_csv(steps),
        "unknowns.md": render_unknowns(analysis),
        "approval.md": render_approval(handoff, drafts),
        **customer_and_draft_pages(),
    }
    return dict(sorted(pages.items()))
