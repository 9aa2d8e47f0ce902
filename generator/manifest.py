"""The two files finance writes by hand: ``handoff.yaml`` and ``handoffs/policy.yml``.

Both are pydantic models. Loading them never raises for a user's mistake: an
unknown key, a wrong type or broken YAML becomes a :class:`Problem` that names
the line and, for a misspelt key, the key that was probably meant.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.problems import Frozen, Problem, Source, error

SourceKind = Literal["aging", "invoice_list", "contacts", "email", "notes", "invoice_pdf", "ignore"]
DateOrder = Literal["MDY", "DMY", "YMD"]

MANIFEST_NAME = "handoff.yaml"
POLICY_PATH = "handoffs/policy.yml"
SCHEMA_PATH = "docs/schema/handoff.schema.json"


# The years a written date can stand for, in a manifest, an export, a title or an email; a date outside
# them ("9999-12-31", "As of April 30, 3026") is a typo, and day arithmetic on it would overflow.
YEARS = (1900, 2200)


class Manifest(Frozen):
    """``handoff.yaml``: what the handoff is and the few facts no file can tell."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"title": "Blitz handoff manifest (handoff.yaml)"},
    )

    title: str = Field(min_length=1, description="A short name for this review, e.g. 'April aging review'.")
    as_of: date = Field(description="The date the aging snapshot describes (YYYY-MM-DD).")
    prepared_by: str | None = Field(default=None, description="Who put the handoff together.")
    notes: str | None = Field(default=None, description="Anything the reviewer should know first.")
    do_not: tuple[str, ...] = Field(
        default=(),
        description="Things that must not happen without approval, e.g. 'Do not contact Globex until legal signs off'.",
    )
    sources: dict[str, SourceKind] = Field(
        default_factory=dict,
        description="Say what a file is where recognition would be ambiguous: path (inside this folder) → kind.",
    )
    currency: str = Field(
        default="USD", pattern=r"^[A-Z]{3}$", description="Currency for amounts that do not name one."
    )
    date_order: DateOrder | None = Field(
        default=None,
        description="How to read dates like 03/04/2026 when the files cannot tell: MDY, DMY or YMD.",
    )

    @field_validator("as_of")
    @classmethod
    def _plausible(cls, value: date) -> date:
        if not YEARS[0] <= value.year <= YEARS[1]:
            raise ValueError(f"should be a date between {YEARS[0]} and {YEARS[1]}")
        return value

    @field_validator("do_not", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class Approver(BaseModel):
    """A person whose merge approves drafts. More fields (role, team) are allowed."""

    model_config = ConfigDict(frozen=True, extra="allow")

    name: str
    email: str
    github: str | None = None

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()


class ReminderLevel(Frozen):
    """A reminder tone used from ``min_days`` overdue onwards."""

    name: str
    min_days: int = Field(ge=1)
    tone: Literal["friendly", "firm", "final"] = "friendly"


class Sender(Frozen):
    """Who customer drafts are written from; the signature closes every customer draft."""

    name: str = "Accounts Receivable"
    email: str = "ar@example.com"
    company: str = "Our company"
    signature: str = "Accounts Receivable team"


def _default_levels() -> tuple[ReminderLevel, ...]:
    return (
        ReminderLevel(name="friendly reminder", min_days=1, tone="friendly"),
        ReminderLevel(name="firm reminder", min_days=31, tone="firm"),
        ReminderLevel(name="final notice", min_days=61, tone="final"),
    )


class Policy(Frozen):
    """``handoffs/policy.yml``: the team's standing answers, set once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    approvers: tuple[Approver, ...] = ()
    controller_group: str | None = Field(default=None, description="e.g. @acme/controllers")
    systems: tuple[str, ...] = Field(default=(), description="Where the exports come from.")
    sender: Sender = Sender()
    reminder_levels: tuple[ReminderLevel, ...] = Field(default_factory=_default_levels)
    promise_grace_days: int = Field(default=3, ge=0)
    approval_only: tuple[str, ...] = Field(
        default=(
            "sending any message",
            "late fees or interest",
            "payment-plan terms",
            "credits and write-offs",
            "marking invoices paid or any ledger change",
            "account holds or changes to account status",
        )
    )
    playbook: dict[str, Any] = Field(
        default_factory=dict, description="Adjustments to the default playbook (signal phrases, precedence)."
    )
    templates_dir: str | None = Field(default=None, description="Folder of team-overridden draft templates.")


# --- YAML ---------------------------------------------------------------------


class _SafeNoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases: a handoff never needs them, and they allow bombs."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed in handoff files; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # PyYAML raises a bare ValueError for a date like 2026-02-30; give it the node's place.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            written = str(getattr(node, "value", ""))[:40]
            if node.tag == "tag:yaml.org,2002:timestamp":
                problem = f"{written} is not a real date ({exc}); write it as YYYY-MM-DD"
            else:
                problem = f"'{written}' cannot be read ({exc}); write a plain number or text"
            raise yaml.constructor.ConstructorError(problem=problem, problem_mark=node.start_mark) from exc


def _key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^\s*-?\s*([A-Za-z_][\w-]*)\s*:", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
    return lines


def read_yaml(path: Path, rel: str) -> tuple[Any, list[Problem]]:
    """Parse a small YAML file safely; problems instead of exceptions."""
    source = Source(path=rel)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(source, f"cannot read the file ({exc.strerror})")]
    return parse_yaml(raw, rel)


def parse_yaml(raw: bytes, rel: str) -> tuple[Any, list[Problem]]:
    """:func:`read_yaml` for content already read, e.g. an older version of a file from git."""
    source = Source(path=rel)
    if len(raw) > 1_000_000:
        return None, [error(source, "the file is larger than 1 MB; a manifest should be a few lines")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [error(source, "the file is not UTF-8 text; save it as UTF-8")]
    try:
        return yaml.load(text, Loader=_SafeNoAliasLoader), []  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = source.at(mark.line + 1, mark.column + 1) if mark else source
        what = exc.problem or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            what = "custom YAML tags (!tag) are not allowed; write plain values"
        return None, [error(where, f"{what}")]
    except yaml.YAMLError as exc:
        return None, [error(source, f"invalid YAML: {exc}")]


def _described(model: type[BaseModel]) -> dict[str, str]:
    """Each field's description, lower-cased first letter, for telling a user what a key expects."""
    return {
        name: field.description[:1].lower() + field.description[1:]
        for name, field in model.model_fields.items()
        if field.description
    }


def _validation_problems(
    exc: ValidationError, text: str, rel: str, known: list[str], descriptions: dict[str, str] | None = None
) -> list[Problem]:
    lines = _key_lines(text)
    problems = []
    descriptions = descriptions or {}
    for err in exc.errors():
        loc = [str(part) for part in err["loc"]]
        key = loc[0] if loc else ""
        dotted = ".".join(loc)
        source = Source(path=rel, line=lines.get(key)) if key in lines else Source(path=rel)
        if err["type"] == "extra_forbidden":
            if len(loc) == 1:
                guess = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else f"; known keys: {', '.join(known)}"
                problems.append(error(source, f"unknown key '{key}'{hint}"))
            else:
                problems.append(error(source, f"unknown key '{dotted}'"))
        elif err["type"] == "missing":
            problems.append(error(Source(path=rel), f"'{dotted}' is required"))
        else:
            expected = f". Expected {descriptions[dotted]}" if dotted in descriptions else ""
            said = _PLAIN_WORDS.get(err["type"], str(err["msg"]).removeprefix("Value error, "))
            problems.append(error(source, f"'{dotted}': {said}{expected}"))
    return problems


# Pydantic's wording for the mistakes people make by hand, in the words of the file they edit.
_PLAIN_WORDS = {
    "string_type": "should be text",
    "tuple_type": "should be a list (lines starting with '- ')",
    "list_type": "should be a list (lines starting with '- ')",
    "dict_type": "should be 'name: value' lines, indented under the key",
    "date_type": "should be a date written YYYY-MM-DD",
    "date_parsing": "should be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "should be a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "should be a date written YYYY-MM-DD",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
}


def as_of_problems(manifest: Manifest, folder: Path, rel_folder: str, today: date) -> list[Problem]:
    """``as_of`` later than today: an aging snapshot cannot describe a day that has not come.

    ``today`` is the caller's (the CLI's) date, so that the pipeline itself never
    reads the clock and stays deterministic.
    """
    if manifest.as_of <= today:
        return []
    rel = f"{rel_folder}/{MANIFEST_NAME}"
    text = (folder / MANIFEST_NAME).read_text("utf-8-sig", errors="replace")
    line = _key_lines(text).get("as_of")
    return [
        error(
            Source(path=rel, line=line),
            f"as_of is {manifest.as_of.isoformat()}, later than today ({today.isoformat()}); "
            "write the date the aging export describes, e.g. the last day of the month it was run for",
        )
    ]


def load_manifest(folder: Path, rel_folder: str) -> tuple[Manifest | None, list[Problem]]:
    """Read ``<folder>/handoff.yaml``; ``None`` when it cannot be used."""
    path = folder / MANIFEST_NAME
    rel = f"{rel_folder}/{MANIFEST_NAME}"
    if not path.is_file():
        return None, [
            error(Source(path=rel_folder), f"no {MANIFEST_NAME} here; add one with at least 'title' and 'as_of'")
        ]
    data, problems = read_yaml(path, rel)
    if problems:
        return None, problems
    if data is None:
        return None, [error(Source(path=rel), "the manifest is empty; write at least 'title:' and 'as_of:' lines")]
    if not isinstance(data, dict):
        return None, [error(Source(path=rel), "the manifest must be a list of 'key: value' lines")]
    try:
        return Manifest.model_validate(data), []
    except ValidationError as exc:
        text = path.read_text("utf-8-sig", errors="replace")
        return None, _validation_problems(exc, text, rel, list(Manifest.model_fields), _described(Manifest))


def load_policy(root: Path) -> tuple[Policy, list[Problem]]:
    """Read ``handoffs/policy.yml``; the defaults apply when it is absent."""
    path = root / POLICY_PATH
    if not path.is_file():
        return Policy(), []
    data, problems = read_yaml(path, POLICY_PATH)
    if problems:
        return Policy(), problems
    if data is None:
        return Policy(), []
    if not isinstance(data, dict):
        return Policy(), [error(Source(path=POLICY_PATH), "the policy must be a list of 'key: value' lines")]
    return parse_policy(data, path.read_text("utf-8-sig", errors="replace"))


def parse_policy(data: dict[str, Any], text: str) -> tuple[Policy, list[Problem]]:
    """Validate policy data already read (also used for historical versions from git)."""
    try:
        return Policy.model_validate(data), []
    except ValidationError as exc:
        return Policy(), _validation_problems(exc, text, POLICY_PATH, list(Policy.model_fields))


def manifest_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to check ``handoff.yaml`` as they type."""
    return Manifest.model_json_schema()
