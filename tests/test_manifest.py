"""handoff.yaml and policy.yml: models, problems with did-you-mean, the published schema."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.manifest import Policy, load_manifest, load_policy, manifest_json_schema

REPO = Path(__file__).resolve().parents[1]


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "handoff.yaml").write_text(text, encoding="utf-8")
    return folder


def test_published_schema_matches_the_model() -> None:
    published = json.loads((REPO / "docs/schema/handoff.schema.json").read_text())
    assert published == manifest_json_schema(), "run `blitz schema > docs/schema/handoff.schema.json`"


def test_template_is_a_valid_manifest(tmp_path: Path) -> None:
    text = (REPO / "docs/templates/handoff.yaml").read_text()
    assert "$schema=" in text.splitlines()[0]
    manifest, problems = load_manifest(write(tmp_path / "h", text), "handoffs/h")
    assert problems == []
    assert manifest is not None and manifest.title == "April aging review"


def test_minimal_manifest(tmp_path: Path) -> None:
    manifest, problems = load_manifest(write(tmp_path / "h", "title: T\nas_of: 2026-04-30\n"), "handoffs/h")
    assert problems == [] and manifest is not None
    assert manifest.currency == "USD" and manifest.do_not == ()


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    _, problems = load_manifest(write(tmp_path / "h", "title: T\nas_of: 2026-04-30\ndo_nto: [x]\n"), "handoffs/h")
    assert [str(p) for p in problems] == ["handoffs/h/handoff.yaml:3: unknown key 'do_nto'; did you mean 'do_not'?"]


def test_wrong_type_points_at_the_line(tmp_path: Path) -> None:
    _, problems = load_manifest(write(tmp_path / "h", "title: T\nas_of: next tuesday\n"), "handoffs/h")
    assert len(problems) == 1
    assert str(problems[0]).startswith("handoffs/h/handoff.yaml:2: 'as_of':")


def test_missing_required_keys(tmp_path: Path) -> None:
    _, problems = load_manifest(write(tmp_path / "h", "title: T\n"), "handoffs/h")
    assert [p.message for p in problems] == ["'as_of' is required"]


def test_not_a_mapping(tmp_path: Path) -> None:
    _, problems = load_manifest(write(tmp_path / "h", "- just\n- a list\n"), "handoffs/h")
    assert "must be a list of 'key: value' lines" in problems[0].message


def test_yaml_bomb_and_custom_tags_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\ntitle: T\nas_of: 2026-04-30\n"
    _, problems = load_manifest(write(tmp_path / "h", bomb), "handoffs/h")
    assert problems and "aliases" in problems[0].message and problems[0].source.line == 2
    _, problems = load_manifest(write(tmp_path / "t", "title: !!python/object:os.system x\n"), "handoffs/t")
    assert problems and "tags" in problems[0].message


def test_broken_yaml_has_line_and_column(tmp_path: Path) -> None:
    _, problems = load_manifest(write(tmp_path / "h", "title: T\nas_of: [2026\n"), "handoffs/h")
    assert problems and problems[0].source.line is not None


def test_missing_manifest(tmp_path: Path) -> None:
    (tmp_path / "h").mkdir()
    manifest, problems = load_manifest(tmp_path / "h", "handoffs/h")
    assert manifest is None and "no handoff.yaml here" in problems[0].message


def test_policy_defaults_and_approvers(tmp_path: Path) -> None:
    assert load_policy(tmp_path) == (Policy(), [])
    (tmp_path / "handoffs").mkdir()
    policy_yaml = {"approvers": [{"name": "Ana", "email": "Ana@Example.com", "github": "ana", "role": "controller"}]}
    (tmp_path / "handoffs/policy.yml").write_text(yaml.safe_dump(policy_yaml))
    policy, problems = load_policy(tmp_path)
    assert problems == []
    assert policy.approvers[0].email == "ana@example.com" and policy.approvers[0].github == "ana"


def test_policy_unknown_key(tmp_path: Path) -> None:
    (tmp_path / "handoffs").mkdir()
    (tmp_path / "handoffs/policy.yml").write_text("approvers: []\napprover: []\n")
    _, problems = load_policy(tmp_path)
    assert [str(p) for p in problems] == ["handoffs/policy.yml:2: unknown key 'approver'; did you mean 'approvers'?"]
