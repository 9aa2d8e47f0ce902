"""Analysis is pure, deterministic, robust against any text, and fast enough for large handoffs."""

from __future__ import annotations

import ast
import builtins
import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fixtures.analyze.builders import contact, handoff, inv, msg, note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.analyze import analyze
from generator.analyze.model import STATUSES
from generator.analyze.playbook import default_playbook_data, playbook_for

ANALYZE = Path(__file__).resolve().parents[1] / "generator" / "analyze"
ALLOWED_IMPORTS = {
    "__future__", "calendar", "collections", "copy", "dataclasses", "datetime", "decimal", "functools",
    "importlib", "itertools", "json", "re", "typing", "unicodedata", "yaml", "generator",
}  # fmt: skip


def sample() -> Any:
    return handoff(
        invoices=[
            inv("INV-1042", due="2026-04-11"),
            inv("INV-1043", amount="500.00", open_amount="200.00", row=3),
            inv("G-100", customer="Globex Corporation", row=4),
            inv("CM-7", customer="Initech", open_amount="-50.00", row=5),
        ],
        contacts=[contact("Acme Retail", "ap@acme.com")],
        messages=[
            msg("The PO amendment for INV-1042 is missing. We will pay on Thursday once fixed.", mid="<p1@acme>"),
            msg("Out of office until May 4.", kind="auto_reply", subject="Automatic reply", mid="<p2@acme>"),
            msg("Hi there", sender="x@unknown.example", when="2026-05-02T10:00", mid="<p3@x>"),
        ],
        notes=[note("Globex Corporation filed for Chapter 11. Legal is handling it.")],
        do_not=("Do not contact Initech",),
    )


def test_analyze_imports_nothing_that_does_io() -> None:
    for path in sorted(ANALYZE.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                root = name.split(".")[0]
                assert root in ALLOWED_IMPORTS, f"{path.name} imports {name}"
                if root == "generator":
                    assert name.startswith(
                        ("generator.analyze", "generator.intake.model", "generator.manifest", "generator.problems")
                    ), f"{path.name} imports {name}"


def test_analyze_does_no_io(monkeypatch: pytest.MonkeyPatch) -> None:
    playbook_for({})  # the shipped playbook is read once, before the guard goes up
    playbook_for({"precedence": list(default_playbook_data()["precedence"])})

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"analysis tried I/O: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(subprocess, "run", refuse)
    analysis = analyze(sample())
    assert {v.status for v in analysis.invoices} >= {"procurement", "internal_hold", "credit"}


def test_same_handoff_same_analysis() -> None:
    first = analyze(sample()).model_dump_json()
    assert analyze(sample()).model_dump_json() == first


def test_output_does_not_depend_on_hash_seed() -> None:
    script = (
        "import sys; sys.path.insert(0, 'tests');"
        "from test_analyze_purity import sample;"
        "from generator.analyze import analyze;"
        "print(analyze(sample()).model_dump_json())"
    )
    root = Path(__file__).resolve().parents[1]
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
PHRASES = st.sampled_from(
    [
        "INV-1042", "#1042", "invoice no. 1042", "damaged", "not disputing", "PO number", "installments",
        "we will pay on Friday", "we already paid", "do not chase", "chapter 11", "resolved", "4/15", "next week",
        "if", "once", ";", "\n\n", "- ", "Re:", "Acme", "$5,033.00", "5033", "…", "\u2019",
    ]
)  # fmt: skip
BODIES = st.lists(st.one_of(TEXT, PHRASES), max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(BODIES, min_size=1, max_size=4), note_text=BODIES, subject=TEXT)
def test_any_text_gives_a_valid_analysis(bodies: list[str], note_text: str, subject: str) -> None:
    messages = [msg(b, subject=subject, when=f"2026-04-{10 + i:02d}T09:00") for i, b in enumerate(bodies)]
    analysis = analyze(
        handoff(
            invoices=[inv("INV-1042"), inv("5033", row=3), inv("CM-1", open_amount="-5.00", row=4)],
            contacts=[contact("Acme Retail", "ap@acme.com")],
            messages=messages,
            notes=[note(note_text)],
        )
    )
    for view in analysis.invoices:
        assert view.status in STATUSES
        if view.status not in ("overdue", "not_due"):
            assert view.evidence, (view.number, view.status)
        assert list(view.flags) == sorted(set(view.flags))
    json.loads(analysis.model_dump_json())


def test_large_handoff_is_analyzed_in_linear_time() -> None:
    """20,000 invoices and 5,000 messages: a budget generous enough for a slow CI runner."""
    customers = [f"Customer {i:04d} Ltd" for i in range(2000)]
    invoices = [
        inv(f"INV-{100000 + i}", customer=customers[i % 2000], due=f"2026-0{1 + i % 4}-{1 + i % 28:02d}", row=i + 2)
        for i in range(20000)
    ]
    contacts = [contact(name, f"ap@customer{i:04d}.example", row=i + 2) for i, name in enumerate(customers)]
    bodies = [
        "Hello, regarding invoice INV-{n}: the goods arrived damaged and we need a credit note.",
        "We will pay INV-{n} on May {d}, in our next payment run. Thanks for your patience.",
        "We cannot process INV-{n} without a PO number. Please resend it with the PO.",
        "Could we pay INV-{n} in three installments? Cash is tight this quarter.",
        "We already paid INV-{n} on April {d}, ACH reference 7781{n}.",
    ]
    messages = [
        msg(
            bodies[i % 5].format(n=100000 + (i * 7) % 20000, d=1 + i % 27),
            sender=f"ap@customer{((i * 7) % 20000) % 2000:04d}.example",
            when=f"2026-04-{1 + i % 28:02d}T{9 + i % 8:02d}:00",
            subject=f"Invoice INV-{100000 + (i * 7) % 20000}",
        )
        for i in range(5000)
    ]
    notes = [note(f"Customer {i:04d} says INV-{100000 + i} is stuck in approval.", line=i + 1) for i in range(500)]
    big = handoff(invoices=invoices, contacts=contacts, messages=messages, notes=notes)
    analysis = analyze(big)
    assert len(analysis.invoices) == 20000
    statuses = {v.status for v in analysis.invoices}
    assert {"dispute", "promised", "procurement", "payment_plan", "overdue"} <= statuses


def test_timeline_dates_are_iso() -> None:
    analysis = analyze(sample())
    for customer in analysis.customers:
        for entry in customer.timeline:
            if entry.date:
                dt.datetime.fromisoformat(entry.date)
