"""Draft templates: the package's wording, with a team's own files on top.

All drafts render in one sandboxed Jinja environment with ``StrictUndefined``
(a misspelt variable is an error, never an empty string), autoescape off (the
customer emails are plain text) and the typed context of each draft kind
passed as variables. Text from a source is only ever a variable, never
template source.

A template renders a first line ``Subject: ...``, a blank line, then the body.
A team overrides any template by putting a file of the same name in the folder
``templates_dir`` of ``handoffs/policy.yml`` names; :func:`load_templates` reads
that folder (at the edge: build or CLI) and tries every override on sample
drafts, so a mistake shows up as ``path:line: message`` before any packet is
written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from generator.draft.context import DraftContext
from generator.manifest import POLICY_PATH, Policy
from generator.problems import Problem, Source, error, warning

SUFFIX = ".j2"
# The template each draft kind renders from; partials (leading "_") are included by them.
KIND_TEMPLATES: dict[str, str] = {
    "reminder": "reminder.txt.j2",
    "blocker_reply": "blocker_reply.txt.j2",
    "promise_followup": "promise_followup.txt.j2",
    "balance_reply": "balance_reply.txt.j2",
    "remittance_request": "remittance_request.txt.j2",
    "dispute_note": "dispute_note.md.j2",
    "hold_note": "hold_note.md.j2",
    "plan_note": "plan_note.md.j2",
    "credit_note": "credit_note.md.j2",
    "escalation": "escalation.md.j2",
}
STANDARD = "standard/"  # the package's own version of a template, whatever a team overrides
_SUBJECT = re.compile(r"\A\s*Subject:[ \t]*(?P<subject>[^\n]*)\n")


@cache
def package_templates() -> dict[str, str]:
    """The templates shipped in ``generator/draft/templates/``: name → source."""
    folder = resources.files("generator.draft") / "templates"
    return {
        entry.name: entry.read_text("utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(SUFFIX)
    }


class RenderedText:
    """What a template produced: the subject line and the body."""

    def __init__(self, subject: str, body: str) -> None:
        self.subject = subject
        self.body = body


class Templates:
    """The package's templates with a team's overrides on top, in one sandboxed environment."""

    def __init__(self, overrides: Mapping[str, str] | None = None, origins: Mapping[str, str] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.origins = dict(origins or {})  # template name → repository path of the override
        # The package's own versions include each other, never a team's partials.
        standard = {
            f"{STANDARD}{name}": text.replace('{% include "', '{% include "' + STANDARD)
            for name, text in package_templates().items()
        }
        self.environment = _environment({**package_templates(), **self.overrides, **standard})

    def origin(self, name: str) -> str:
        """Where a template comes from, for the reviewer: the team's file or the package."""
        return self.origins.get(name, f"generator/draft/templates/{name}")

    def render(self, name: str, context: DraftContext) -> RenderedText:
        """Render ``name`` with the context's fields as variables. Raises TemplateError."""
        return _split(self.environment.get_template(name).render(_variables(context)), _is_markdown(name))

    def render_standard(self, name: str, context: DraftContext) -> RenderedText:
        """The package's own wording, used when a team's override fails on one draft."""
        text = self.environment.get_template(STANDARD + name).render(_variables(context))
        return _split(text, _is_markdown(name))


class _MemoryLoader(BaseLoader):
    """Templates held in memory, each reporting its own name as its file name (for error lines)."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        if template not in self.sources:
            raise TemplateNotFound(template)
        return self.sources[template], template, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.sources)


def _environment(sources: dict[str, str]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_MemoryLoader(sources),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["plural"] = _plural
    return env


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    """``{{ n | plural("invoice") }}`` → ``1 invoice`` / ``2 invoices``."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _variables(context: DraftContext) -> dict[str, Any]:
    return {name: getattr(context, name) for name in type(context).model_fields}


def _is_markdown(name: str) -> bool:
    return name.endswith(".md.j2")


_MD_ESCAPE = re.compile(r"\\(.)")


def _split(text: str, markdown: bool = False) -> RenderedText:
    """The subject line and the body. A Markdown template's variables come escaped; its subject
    is plain text (a title, an email subject), so the escapes are undone there."""
    match = _SUBJECT.match(text)
    if not match:
        raise TemplateError("the template must start with a line 'Subject: ...' followed by the text")
    subject = " ".join(match.group("subject").split())
    if markdown:
        subject = html.unescape(_MD_ESCAPE.sub(r"\1", subject))
    return RenderedText(subject, tidy(text[match.end():]))


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.split("\n")]
    tidied: list[str] = []
    for line in lines:
        if line or (tidied and tidied[-1]):
            tidied.append(line)
    while tidied and not tidied[-1]:
        tidied.pop()
    return "\n".join(tidied) + "\n"


# --- reading a team's templates (called at the edge) -----------------------------


def load_templates(root: Path, policy: Policy) -> tuple[Templates, list[Problem]]:
    """The templates to draft with: the package's, overridden by ``policy.templates_dir``."""
    if not policy.templates_dir:
        return Templates(), []
    where = Source(path=POLICY_PATH)
    folder = (root / policy.templates_dir).resolve()
    if not folder.is_relative_to(root.resolve()) or not folder.is_dir():
        return Templates(), [
            error(
                where,
                f"templates_dir: '{policy.templates_dir}' is not a folder in this repository; "
                "create it (with template files named like the standard ones) or remove the key",
            )
        ]
    rel_folder = folder.relative_to(root.resolve()).as_posix()
    known = package_templates()
    overrides: dict[str, str] = {}
    origins: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        rel = f"{rel_folder}/{path.name}"
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.name not in known:
            hint = ", ".join(sorted(known))
            problems.append(
                warning(
                    Source(path=rel),
                    f"not a template name Blitz uses, so it is ignored; rename it to one of: {hint}",
                )
            )
            continue
        try:
            overrides[path.name] = path.read_text("utf-8")
            origins[path.name] = rel
        except (OSError, UnicodeDecodeError):
            problems.append(error(Source(path=rel), "cannot read this template; save it as UTF-8 text"))
    problems += check_overrides(overrides, origins)
    broken = {Path(p.source.path).name for p in problems if p.is_error}
    kept = {name: text for name, text in overrides.items() if name not in broken}
    return Templates(kept, {name: origins[name] for name in kept}), problems


def check_overrides(overrides: Mapping[str, str], origins: Mapping[str, str]) -> list[Problem]:
    """Compile every override and render every draft kind with sample contexts."""
    from generator.draft.samples import sample_contexts  # samples import the context models only

    problems: list[Problem] = []
    env = Templates(overrides, origins).environment
    for name in sorted(overrides):
        try:
            env.parse(overrides[name], name=name)
        except TemplateSyntaxError as exc:
            source = Source(path=origins.get(name, name), line=exc.lineno)
            problems.append(error(source, f"template syntax: {exc.message}; fix it or delete the file"))
    if problems:
        return problems
    for kind, name in KIND_TEMPLATES.items():
        for context in sample_contexts(kind):
            try:
                _split(env.get_template(name).render(_variables(context)))
            except UndefinedError as exc:
                culprit = _culprit(exc, origins, name)
                fields = ", ".join(type(context).model_fields)
                problems.append(
                    error(culprit, f"{exc.message}; the names this template can use are: {fields}")
                )
                break
            except SecurityError as exc:
                problems.append(error(_culprit(exc, origins, name), f"not allowed in a template: {exc}"))
                break
            except TemplateError as exc:
                problems.append(error(_culprit(exc, origins, name), f"{exc.message or exc}"))
                break
    return sorted(set(problems), key=lambda p: (p.source.path, p.source.line or 0, p.message))


def _culprit(exc: Exception, origins: Mapping[str, str], name: str) -> Source:
    """The override file (and line) a rendering error came from, from Jinja's traceback frames."""
    traceback = exc.__traceback__
    found: Source | None = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename in origins:
            found = Source(path=origins[filename], line=traceback.tb_lineno)
        traceback = traceback.tb_next
    if found is not None:
        return found
    return Source(path=origins.get(name, f"generator/draft/templates/{name}"))
