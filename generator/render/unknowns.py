"""``unknowns.md``: what the sources do not settle and a person must find out."""

from __future__ import annotations

from generator.analyze.model import Analysis
from generator.render.entries import customer_slugs
from generator.render.text import cell, inline


def render_unknowns(analysis: Analysis) -> str:
    slugs = customer_slugs(analysis)
    lines = [
        "# Known unknowns",
        "",
        "Questions the sources do not answer. Blitz does not guess them; someone has to find out.",
        "",
    ]
    if not analysis.unknowns:
        return "\n".join([*lines, "None: the sources settle everything this packet needed.", ""])
    lines += ["| About | Question | Where it came up |", "|---|---|---|"]
    ordered = sorted(
        analysis.unknowns,
        key=lambda u: (u.subject is not None, (u.subject or "").casefold(), u.question),
    )
    for unknown in ordered:
        if unknown.subject is None:
            about = "the whole packet"
        elif unknown.subject in slugs:
            about = f"[{inline(unknown.subject)}](customers/{slugs[unknown.subject]}.md)"
        else:
            about = cell(unknown.subject)
        where = cell(str(unknown.source)) if unknown.source else ""
        lines.append(f"| {about} | {cell(unknown.question)} | {where} |")
    return "\n".join(lines) + "\n"
