"""Templates: the package's wording, a team's overrides, and mistakes reported as path:line problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.draft.scenarios import harbor
from jinja2 import TemplateError

from generator.draft import make_drafts
from generator.draft.samples import sample_contexts
from generator.draft.templates import KIND_TEMPLATES, Templates, load_templates, package_templates
from generator.manifest import Policy, Sender


def policy_with(folder: str | None) -> Policy:
    return Policy(templates_dir=folder, sender=Sender(name="Ana Lee", email="ar@team.example", company="Team Co",
                                                     signature="Ana Lee\nCredit Control"))


def write(root: Path, name: str, text: str) -> None:
    folder = root / "handoffs" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_every_kind_has_a_template_and_every_template_renders_its_samples() -> None:
    templates = Templates()
    assert set(KIND_TEMPLATES.values()) <= set(package_templates())
    for kind, name in KIND_TEMPLATES.items():
        for context in sample_contexts(kind):
            text = templates.render(name, context)
            assert text.subject and text.body.endswith("\n") and "\n\n\n" not in text.body, (kind, text.body)


def test_no_overrides_without_templates_dir(tmp_path: Path) -> None:
    templates, problems = load_templates(tmp_path, Policy())
    assert problems == [] and templates.overrides == {}


def test_a_team_template_changes_the_wording_without_code(tmp_path: Path) -> None:
    write(tmp_path, "reminder.txt.j2", (
        "Subject: Statement for {{ customer }}\n\n"
        "Dear {{ greeting_name }},\n\n"
        "Open: {{ totals | join(', ') }}.\n"
        "{% for invoice in invoices %}* {{ invoice.number }} {{ invoice.open_amount }}\n{% endfor %}\n"
        "{% include '_signature.txt.j2' %}"
    ))
    templates, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert problems == []
    assert templates.origin("reminder.txt.j2") == "handoffs/templates/reminder.txt.j2"
    h, a = harbor()
    h = h.model_copy(update={"policy": policy_with("handoffs/templates")})
    drafts = {d.id: d for d in make_drafts(h, a, templates)}
    reminder = drafts["acme-retail-reminder"]
    assert reminder.subject == "Statement for Acme Retail"
    assert reminder.body.startswith("Dear Acme Retail team,\n\nOpen: USD 6,215.50.\n* INV-1051 USD 6,215.50\n")
    assert reminder.body.endswith("Kind regards,\nAna Lee\nCredit Control\nTeam Co\nar@team.example\n")
    assert reminder.template == "handoffs/templates/reminder.txt.j2"
    assert drafts["acme-retail-blocker-reply"].template == "generator/draft/templates/blocker_reply.txt.j2"


def test_a_syntax_error_is_reported_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, "reminder.txt.j2", "Subject: x\n\nHello\n{% if tone %}\nno end\n")
    _, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert [str(p) for p in problems] == [
        "handoffs/templates/reminder.txt.j2:5: template syntax: Unexpected end of template. Jinja was looking "
        "for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is "
        "'if'.; fix it or delete the file"
    ]


def test_a_misspelt_variable_is_reported_with_the_names_available(tmp_path: Path) -> None:
    write(tmp_path, "promise_followup.txt.j2", "Subject: x\n\nHello {{ greting_name }}\n")
    _, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert len(problems) == 1 and problems[0].is_error
    assert str(problems[0]).startswith("handoffs/templates/promise_followup.txt.j2:3: 'greting_name' is undefined")
    assert "greeting_name" in problems[0].message


def test_a_template_without_a_subject_line_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "balance_reply.txt.j2", "Hello {{ greeting_name }}\n")
    _, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert problems and "must start with a line 'Subject: ...'" in problems[0].message


def test_the_sandbox_refuses_unsafe_template_code(tmp_path: Path) -> None:
    write(tmp_path, "reminder.txt.j2", "Subject: {{ customer.__class__.__mro__ }}\n\nx\n")
    _, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert problems and problems[0].is_error
    write(tmp_path, "reminder.txt.j2", "Subject: {{ sender.__init__.__globals__ }}\n\nx\n")
    _, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert problems and problems[0].is_error


def test_unknown_names_and_a_missing_folder_are_told_plainly(tmp_path: Path) -> None:
    write(tmp_path, "reminders.txt.j2", "Subject: x\n\nx\n")
    _, problems = load_templates(tmp_path, policy_with("handoffs/templates"))
    assert [p.severity for p in problems] == ["warning"]
    assert "not a template name Blitz uses" in problems[0].message and "reminder.txt.j2" in problems[0].message
    _, problems = load_templates(tmp_path, policy_with("handoffs/missing"))
    assert [str(p) for p in problems] == [
        "handoffs/policy.yml: templates_dir: 'handoffs/missing' is not a folder in this repository; create it "
        "(with template files named like the standard ones) or remove the key"
    ]
    _, problems = load_templates(tmp_path, policy_with("../outside"))
    assert problems and "not a folder in this repository" in problems[0].message


def test_a_template_failing_on_one_real_draft_falls_back_and_says_so() -> None:
    # passes the samples (which always have a PO) but fails on an invoice without one
    text = "Subject: x\n\n{% for i in invoices %}{{ i.po.upper() }}{% endfor %}\n"
    templates = Templates({"reminder.txt.j2": text}, {"reminder.txt.j2": "handoffs/templates/reminder.txt.j2"})
    h, a = harbor()
    drafts = {d.id: d for d in make_drafts(h, a, templates)}
    fallback = drafts["bluewater-marine-supply-reminder"]
    assert fallback.body.startswith("Hello Bluewater Marine Supply team,")
    assert any("(handoffs/templates/reminder.txt.j2) failed on this draft" in n for n in fallback.notes)
    assert drafts["acme-retail-reminder"].body == "4500-1203\n"



def test_prepare_uses_the_team_templates_and_reports_a_broken_one(tmp_path: Path) -> None:
    from generator.build import prepare

    folder = tmp_path / "handoffs" / "april"
    folder.mkdir(parents=True)
    (folder / "handoff.yaml").write_text("title: April\nas_of: 2026-04-30\n", encoding="utf-8")
    (folder / "aging.csv").write_text(
        "Customer,Invoice,Due Date,Amount,Open Balance,Email\n"
        "Acme Retail,INV-1,2026-04-01,100.00,100.00,ap@acme.example\n",
        encoding="utf-8",
    )
    (tmp_path / "handoffs" / "policy.yml").write_text("templates_dir: handoffs/templates\n", encoding="utf-8")
    write(tmp_path, "reminder.txt.j2", "Subject: Our statement\n\n{{ customer }} owes {{ totals | join(', ') }}.\n")
    packet, problems = prepare(folder, tmp_path)
    assert packet is not None and not [p for p in problems if p.is_error], [str(p) for p in problems]
    reminder = next(d for d in packet.drafts if d.kind == "reminder")
    assert (reminder.subject, reminder.body) == ("Our statement", "Acme Retail owes USD 100.00.\n")
    write(tmp_path, "reminder.txt.j2", "Subject: x\n\n{% for %}\n")
    packet, problems = prepare(folder, tmp_path)
    first = next(str(p) for p in problems if p.is_error)
    assert first.startswith("handoffs/templates/reminder.txt.j2:3: template syntax")


def test_the_fallback_wording_does_not_use_a_broken_team_partial() -> None:
    broken = "{{ sender.nickname.upper() }}\n"  # passes no sample: sender has no nickname
    templates = Templates({"_signature.txt.j2": broken}, {"_signature.txt.j2": "handoffs/templates/_signature.txt.j2"})
    with pytest.raises(TemplateError):
        templates.render("reminder.txt.j2", next(iter(sample_contexts("reminder"))))
    text = templates.render_standard("reminder.txt.j2", next(iter(sample_contexts("reminder"))))
    assert text.body.endswith("Kind regards,\nSample Sender\nSample Co\nar@sample.example\n")
