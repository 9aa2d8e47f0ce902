"""The playbook: signal phrases, negations, precedence and reminder defaults, as data.

The defaults ship as ``playbook.yml`` beside this module (read once, at first
use, through :mod:`importlib.resources`). A team adjusts them under
``playbook:`` in ``handoffs/policy.yml``; :func:`playbook_for` merges those
adjustments into the defaults and compiles every phrase once. An adjustment
that cannot be used (a broken regular expression, an unknown status) is
reported as a warning and left out; the defaults still apply.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal, cast, get_args

import yaml

from generator.analyze.model import STATUSES, Owner, Status
from generator.manifest import POLICY_PATH, ReminderLevel
from generator.problems import Problem, Source, warning

Side = Literal["customer", "ours", "internal"]
SIDES: tuple[Side, ...] = ("customer", "ours", "internal")
OWNERS: tuple[str, ...] = get_args(Owner)
Hypothetical = Literal["ignore", "cancels", "needs_date"]

# Lists that an adjustment extends rather than replaces.
EXTENDING = frozenset(
    {
        "phrases",
        "negations",
        "exclusions",
        "resolutions",
        "resolution_negations",
        "hypothetical",
        "conditions",
        "auto_reply_subjects",
        "auto_reply_bodies",
        "public_email_domains",
        "our_domains",
        "legal_suffixes",
        "generic_name_words",
    }
)
# Mappings where an adjustment may add new keys (a new rule, a new signal).
OPEN_MAPPINGS = frozenset({"signals", "rules", "supersede", "step_days"})
SIGNAL_KEYS = frozenset(
    {"status", "sides", "owner", "hypothetical", "negations", "exclusions", "resolutions",
     "resolution_negations", "rules", "questions", "customer_wide"}
)
RULE_KEYS = frozenset({"phrases", "flag", "owner", "sides", "enabled"})


def _allowed(path: str) -> frozenset[str]:
    """Keys a signal or a rule may have even where the defaults leave them out."""
    parts = path.split(".")
    if len(parts) == 2 and parts[0] == "signals":
        return SIGNAL_KEYS
    if len(parts) == 4 and parts[0] == "signals" and parts[2] == "rules":
        return RULE_KEYS
    return frozenset()


@cache
def default_playbook_data() -> dict[str, Any]:
    """The shipped ``playbook.yml`` as plain data (read once per process)."""
    text = resources.files("generator.analyze").joinpath("playbook.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "playbook.yml must be a mapping"
    return data


@dataclass(frozen=True)
class Rule:
    """One named way a signal shows itself, e.g. ``dispute.damaged_goods``."""

    name: str  # "dispute.damaged_goods"
    flag: str
    also: tuple[str, ...]  # further flags the rule sets
    owner: Owner
    sides: frozenset[Side]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Signal:
    """A kind of signal (dispute, promise, hold...) with its rules and its negations."""

    name: str
    status: Status | None
    owner: Owner
    hypothetical: Hypothetical
    rules: tuple[Rule, ...]
    negation: re.Pattern[str] | None
    exclusion: re.Pattern[str] | None
    resolution: re.Pattern[str] | None
    resolution_negation: re.Pattern[str] | None
    anything: re.Pattern[str]  # any rule, negation or resolution: a cheap first test
    sides: frozenset[Side]  # every side any of its rules listens to
    questions: bool  # whether a question ("is INV-1 scheduled for payment?") can raise it
    customer_wide: Literal["all", "known"]  # what a signal naming no invoice covers


@dataclass(frozen=True)
class Playbook:
    """The compiled playbook one analysis runs with."""

    precedence: tuple[Status, ...]
    only_when_overdue: frozenset[Status]
    supersede: tuple[tuple[str, tuple[str, ...]], ...]
    hypothetical: re.Pattern[str] | None
    conditions: re.Pattern[str] | None
    clause_breaks: re.Pattern[str]
    auto_reply_subject: re.Pattern[str] | None
    auto_reply_body: re.Pattern[str] | None
    public_email_domains: frozenset[str]
    our_domains: frozenset[str]
    legal_suffixes: frozenset[str]
    generic_name_words: frozenset[str]
    reminder_levels: tuple[ReminderLevel, ...]
    escalate_after_days: int
    step_days: tuple[tuple[str, int], ...]
    signals: tuple[Signal, ...]

    def days_for(self, step: str) -> int:
        return dict(self.step_days).get(step, 1)

    def signal(self, name: str) -> Signal | None:
        return next((s for s in self.signals if s.name == name), None)


def words(phrases: list[str]) -> re.Pattern[str] | None:
    """Phrases as one pattern matched as whole words; ``None`` for no phrases."""
    if not phrases:
        return None
    body = "|".join(f"(?:{p})" for p in phrases)
    return re.compile(f"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


# --- merging adjustments ----------------------------------------------------------


def _merge(base: Any, change: Any, path: str, problems: list[str]) -> Any:
    if isinstance(base, dict):
        if not isinstance(change, dict):
            problems.append(f"'{path}' must be a mapping of keys to values; this adjustment was ignored")
            return base
        merged = dict(base)
        leaf = path.rsplit(".", 1)[-1]
        for key, value in change.items():
            where = f"{path}.{key}" if path else str(key)
            if key in base:
                merged[key] = _merge(base[key], value, where, problems)
            elif leaf in OPEN_MAPPINGS or key in _allowed(path):
                merged[key] = copy.deepcopy(value)
            else:
                known = ", ".join(sorted(str(k) for k in base))
                problems.append(f"unknown playbook key '{where}' (known here: {known}); it was ignored")
        return merged
    if isinstance(base, list):
        if not isinstance(change, list):
            problems.append(f"'{path}' must be a list; this adjustment was ignored")
            return base
        leaf = path.rsplit(".", 1)[-1]
        return [*base, *change] if leaf in EXTENDING else list(change)
    return change


# --- compiling ----------------------------------------------------------------------


def _compile_list(phrases: Any, where: str, problems: list[str]) -> list[str]:
    good: list[str] = []
    if phrases is None:
        return good
    if not isinstance(phrases, list):
        problems.append(f"'{where}' must be a list of phrases; it was ignored")
        return good
    for phrase in phrases:
        if not isinstance(phrase, str) or not phrase.strip():
            problems.append(f"'{where}' has an empty or non-text phrase ({phrase!r}); it was ignored")
            continue
        try:
            re.compile(phrase)
        except re.error as exc:
            problems.append(
                f"'{where}': the phrase {phrase!r} is not a valid pattern ({exc}); it was ignored"
            )
            continue
        good.append(phrase)
    return good


def _owner(value: Any, default: Owner, where: str, problems: list[str]) -> Owner:
    if value is None:
        return default
    if value not in OWNERS:
        problems.append(f"'{where}' must be one of {', '.join(OWNERS)}; '{value}' was ignored")
        return default
    return cast(Owner, value)


def _sides(value: Any, default: frozenset[Side], where: str, problems: list[str]) -> frozenset[Side]:
    if value is None:
        return default
    if not isinstance(value, list) or any(v not in SIDES for v in value):
        problems.append(f"'{where}' must be a list of {', '.join(SIDES)}; it was ignored")
        return default
    return frozenset(cast(list[Side], value))


def _signal(name: str, data: Any, problems: list[str]) -> Signal | None:
    where = f"signals.{name}"
    if not isinstance(data, dict):
        problems.append(f"'{where}' must be a mapping; the signal was ignored")
        return None
    status = data.get("status")
    if status is not None and status not in STATUSES:
        problems.append(f"'{where}.status' must be one of {', '.join(STATUSES)} or null; the signal was ignored")
        return None
    owner = _owner(data.get("owner"), "ar_clerk", f"{where}.owner", problems)
    sides = _sides(data.get("sides"), frozenset(SIDES), f"{where}.sides", problems)
    hypothetical = data.get("hypothetical", "ignore")
    if hypothetical not in get_args(Hypothetical):
        problems.append(f"'{where}.hypothetical' must be cancels, needs_date or ignore")
        hypothetical = "ignore"
    rules: list[Rule] = []
    every: list[str] = []
    raw_rules = data.get("rules") or {}
    if not isinstance(raw_rules, dict):
        problems.append(f"'{where}.rules' must be a mapping of rule names")
        raw_rules = {}
    for rule_name, rule in raw_rules.items():
        rule_where = f"{where}.rules.{rule_name}"
        if not isinstance(rule, dict):
            problems.append(f"'{rule_where}' must be a mapping with 'phrases'; it was ignored")
            continue
        if rule.get("enabled", True) is False:
            continue
        phrases = _compile_list(rule.get("phrases"), f"{rule_where}.phrases", problems)
        raw_flag = rule.get("flag")
        flags = [str(f) for f in raw_flag] if isinstance(raw_flag, list) else [str(raw_flag)] if raw_flag else []
        pattern = words(phrases)
        if pattern is None:
            continue
        every += phrases
        rules.append(
            Rule(
                name=f"{name}.{rule_name}",
                flag=flags[0] if flags else str(rule_name),
                also=tuple(flags[1:]),
                owner=_owner(rule.get("owner"), owner, f"{rule_where}.owner", problems),
                sides=_sides(rule.get("sides"), sides, f"{rule_where}.sides", problems),
                pattern=pattern,
            )
        )
    negations = _compile_list(data.get("negations"), f"{where}.negations", problems)
    exclusions = _compile_list(data.get("exclusions"), f"{where}.exclusions", problems)
    resolutions = _compile_list(data.get("resolutions"), f"{where}.resolutions", problems)
    res_neg = _compile_list(data.get("resolution_negations"), f"{where}.resolution_negations", problems)
    anything = words(every + negations + resolutions)
    if anything is None:
        return None
    questions = data.get("questions", "count")
    if questions not in ("count", "ignored"):
        problems.append(f"'{where}.questions' must be count or ignored")
        questions = "count"
    wide = data.get("customer_wide", "all")
    if wide not in ("all", "known"):
        problems.append(f"'{where}.customer_wide' must be all or known")
        wide = "all"
    return Signal(
        name=name,
        status=cast(Status | None, status),
        owner=owner,
        hypothetical=cast(Hypothetical, hypothetical),
        rules=tuple(rules),
        negation=words(negations),
        exclusion=words(exclusions),
        resolution=words(resolutions),
        resolution_negation=words(res_neg),
        anything=anything,
        sides=frozenset().union(*(r.sides for r in rules)) if rules else sides,
        questions=questions == "count",
        customer_wide=cast(Literal["all", "known"], wide),
    )


def _precedence(value: Any, default: list[str], problems: list[str]) -> tuple[Status, ...]:
    if isinstance(value, list) and sorted(map(str, value)) == sorted(STATUSES) and len(set(value)) == len(value):
        return tuple(cast(list[Status], value))
    problems.append(
        "'precedence' must list every status exactly once "
        f"({', '.join(STATUSES)}); the default order is used"
    )
    return tuple(cast(list[Status], default))


def _levels(value: Any, problems: list[str]) -> tuple[ReminderLevel, ...]:
    try:
        levels = tuple(ReminderLevel.model_validate(v) for v in value)
    except (TypeError, ValueError):  # pydantic's ValidationError is a ValueError
        problems.append("'reminder_levels' must be a list of {name, min_days, tone}; the defaults are used")
        levels = tuple(ReminderLevel.model_validate(v) for v in default_playbook_data()["reminder_levels"])
    return tuple(sorted(levels, key=lambda level: level.min_days))


def _lower_set(value: Any) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in value or () if str(v).strip())


def _compile(data: dict[str, Any], problems: list[str]) -> Playbook:
    defaults = default_playbook_data()
    precedence = _precedence(data.get("precedence"), defaults["precedence"], problems)
    only = data.get("only_when_overdue") or []
    if not isinstance(only, list) or any(s not in STATUSES for s in only):
        problems.append("'only_when_overdue' must be a list of statuses; the default is used")
        only = defaults["only_when_overdue"]
    signals = tuple(
        s for name, raw in (data.get("signals") or {}).items() if (s := _signal(str(name), raw, problems))
    )
    names = {s.name for s in signals}
    supersede: list[tuple[str, tuple[str, ...]]] = []
    for later, earlier in sorted((data.get("supersede") or {}).items()):
        if later in names and isinstance(earlier, list) and all(e in names for e in earlier):
            supersede.append((later, tuple(earlier)))
        else:
            problems.append(f"'supersede.{later}' must name signals of the playbook; it was ignored")
    try:
        clause_breaks = re.compile(str(data.get("clause_breaks")))
    except re.error:
        problems.append("'clause_breaks' is not a valid pattern; the default is used")
        clause_breaks = re.compile(defaults["clause_breaks"])
    step_days: list[tuple[str, int]] = []
    for key, value in sorted((data.get("step_days") or {}).items()):
        if isinstance(value, int) and value >= 0:
            step_days.append((str(key), value))
        else:
            problems.append(f"'step_days.{key}' must be a whole number of days; it was ignored")
    escalate = data.get("escalate_after_days")
    if not isinstance(escalate, int) or escalate < 0:
        problems.append("'escalate_after_days' must be a whole number of days; the default is used")
        escalate = int(defaults["escalate_after_days"])
    hypothetical = _compile_list(data.get("hypothetical"), "hypothetical", problems)
    conditions = _compile_list(data.get("conditions"), "conditions", problems)
    auto = _compile_list(data.get("auto_reply_subjects"), "auto_reply_subjects", problems)
    auto_bodies = _compile_list(data.get("auto_reply_bodies"), "auto_reply_bodies", problems)
    return Playbook(
        precedence=precedence,
        only_when_overdue=frozenset(cast(list[Status], only)),
        supersede=tuple(supersede),
        hypothetical=words(hypothetical),
        conditions=words(hypothetical + conditions),
        clause_breaks=clause_breaks,
        auto_reply_subject=re.compile("|".join(f"(?:{p})" for p in auto), re.IGNORECASE) if auto else None,
        auto_reply_body=re.compile("|".join(f"(?:{p})" for p in auto_bodies)) if auto_bodies else None,
        public_email_domains=_lower_set(data.get("public_email_domains")),
        our_domains=_lower_set(data.get("our_domains")),
        legal_suffixes=_lower_set(data.get("legal_suffixes")),
        generic_name_words=_lower_set(data.get("generic_name_words")),
        reminder_levels=_levels(data.get("reminder_levels"), problems),
        escalate_after_days=escalate,
        step_days=tuple(step_days),
        signals=signals,
    )


@lru_cache(maxsize=16)
def _cached(adjustments_json: str) -> tuple[Playbook, tuple[str, ...]]:
    problems: list[str] = []
    adjustments = json.loads(adjustments_json)
    data = _merge(default_playbook_data(), adjustments, "", problems) if adjustments else default_playbook_data()
    return _compile(data, problems), tuple(problems)


def playbook_for(adjustments: Mapping[str, Any]) -> tuple[Playbook, list[Problem]]:
    """The default playbook with a policy's adjustments, and what was wrong with them."""
    key = json.dumps(adjustments or {}, sort_keys=True, default=str)
    playbook, messages = _cached(key)
    source = Source(path=POLICY_PATH)
    return playbook, [warning(source, f"playbook: {m}") for m in messages]


default_playbook_data()  # read the shipped playbook once, at import: analysis itself reads no file
