"""The draft stage: which drafts a packet needs, rendered from templates a team can override.

``make_drafts`` decides the drafts from the analysis (see :mod:`generator.draft.plan`),
then renders each from its template with a typed context. The templates come
in from the edge (``load_templates`` reads a team's overrides); without them
the package's own wording is used.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from jinja2 import TemplateError

from generator.analyze.model import Analysis
from generator.draft.facts import printed
from generator.draft.model import DECISION_PREFIX, Draft
from generator.draft.plan import Planner
from generator.draft.planned import PlannedDraft
from generator.draft.slugs import slugify
from generator.draft.templates import KIND_TEMPLATES, Templates
from generator.intake.model import Handoff
from generator.parallel import split_in_two

__all__ = ["Draft", "Templates", "decisions_in", "make_drafts"]

POOL_MIN_CUSTOMERS = 500  # below this, forking costs more than it saves
_DECISION = re.compile(re.escape(DECISION_PREFIX) + r"[^\]\n]*\]")


def decisions_in(text: str) -> tuple[str, ...]:
    """Every ``[FINANCE DECISION: ...]`` placeholder in ``text``, once each, in order."""
    return tuple(dict.fromkeys(_DECISION.findall(text)))


def make_drafts(handoff: Handoff, analysis: Analysis, templates: Templates | None = None) -> tuple[Draft, ...]:
    """Every draft the packet proposes, in a stable order (by id).

    Each customer's drafts are decided from its own invoices alone, so for a
    large handoff a forked worker drafts the first two fifths of the customers while
    this process drafts the rest (``generator.parallel``).
    """
    chosen = templates or Templates()
    planner = Planner(handoff, analysis)

    def drafts_for(names: Sequence[str]) -> list[Draft]:
        return [_render(planned, chosen) for planned in planner.plan(names)]

    drafts = split_in_two(drafts_for, planner.names, worth_it=len(planner.names) >= POOL_MIN_CUSTOMERS)
    escalation = planner.escalation()
    if escalation is not None:
        drafts.append(_render(escalation, chosen))
    return tuple(_unique_ids(drafts))


def _unique_ids(drafts: list[Draft]) -> list[Draft]:
    """Sorted by id; an id that would repeat gets a suffix from its invoices (never silently lost)."""
    seen: dict[str, int] = defaultdict(int)
    result = []
    for draft in sorted(drafts, key=lambda d: (d.id, d.invoices)):
        seen[draft.id] += 1
        if seen[draft.id] > 1:
            new_id = f"{draft.id}-{slugify('-'.join(draft.invoices)) or seen[draft.id]}"
            draft = draft.model_copy(update={"id": new_id, "path": _path(new_id)})
        result.append(draft)
    return sorted(result, key=lambda d: d.id)


def _path(draft_id: str) -> str:
    return f"drafts/{draft_id}.md"


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
    used = printed(planned.facts, stated)  # a team's template may print fewer, or more
    return Draft(
        id=planned.id,
        audience=planned.audience,
        kind=planned.kind,
        customer=planned.customer,
        invoices=planned.invoices,
        path=_path(planned.id),
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
