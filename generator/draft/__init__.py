"""The draft stage: which drafts a packet needs, rendered from templates a team can override.

``make_drafts`` decides the drafts from the analysis (see :mod:`generator.draft.plan`),
then renders each from its template with a typed context. The templates come
in from the edge (``load_templates`` reads a team's overrides); without them
the package's own wording is used.
"""

from __future__ import annotations

import re

from jinja2 import TemplateError

from generator.analyze.model import Analysis
from generator.draft.model import DECISION_PREFIX, Draft
from generator.draft.plan import plan_drafts
from generator.draft.planned import PlannedDraft
from generator.draft.templates import KIND_TEMPLATES, Templates
from generator.intake.model import Handoff

__all__ = ["Draft", "Templates", "decisions_in", "make_drafts"]

_DECISION = re.compile(re.escape(DECISION_PREFIX) + r"[^\]\n]*\]")


def decisions_in(text: str) -> tuple[str, ...]:
    """Every ``[FINANCE DECISION: ...]`` placeholder in ``text``, once each, in order."""
    return tuple(dict.fromkeys(_DECISION.findall(text)))


def make_drafts(handoff: Handoff, analysis: Analysis, templates: Templates | None = None) -> tuple[Draft, ...]:
    """Every draft the packet proposes, in a stable order (by id)."""
    templates = templates or Templates()
    return tuple(_render(planned, templates) for planned in plan_drafts(handoff, analysis))


def _render(planned: PlannedDraft, templates: Templates) -> Draft:
    name = KIND_TEMPLATES[planned.kind]
    notes = list(planned.notes)
    try:
        text = templates.render(name, planned.context)
    except TemplateError as exc:
        if not templates.overrides:
            raise  # the package's own templates failing is a bug, not a user's problem
        text = templates.render_standard(name, planned.context)
        teams = ", ".join(sorted(templates.origins.values()))
        notes.append(
            f"The team's templates ({teams}) failed on this draft ({exc.message or exc}); "
            "the standard wording was used instead."
        )
    stated = f"{text.subject}\n{text.body}"
    used = [f for f in planned.facts if f.always or f.value in stated]  # a team's template may print fewer, or more
    return Draft(
        id=planned.id,
        audience=planned.audience,
        kind=planned.kind,
        customer=planned.customer,
        invoices=planned.invoices,
        path=f"drafts/{planned.id}.md",
        subject=text.subject,
        to=planned.to,
        body=text.body,
        tone=planned.tone,
        facts=tuple((f.label, f.value) for f in used),
        decisions=decisions_in(text.body),
        sources=tuple((f.label, f.source) for f in used),
        purpose=planned.purpose,
        notes=tuple(notes),
        in_reply_to=planned.in_reply_to,
        template=templates.origin(name),
    )
