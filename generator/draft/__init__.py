"""The draft stage: which drafts a packet needs, rendered from templates a team can override."""

from __future__ import annotations

from generator.analyze.model import Analysis
from generator.draft.model import Draft
from generator.intake.model import Handoff


def make_drafts(handoff: Handoff, analysis: Analysis) -> tuple[Draft, ...]:
    """Every draft the packet proposes, in a stable order."""
    return ()
