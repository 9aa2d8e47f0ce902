"""Approval read from git: every state and rule of CONTRACT.md on real repositories."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from gitrepo import ANN, CAROL, GITHUB, GitRepo, isolate, packets_repo

from generator.approvals import DraftState, draft_states, states_for, status_summary
from generator.approvals.history import open_history
from generator.approvals.pages import decision
from generator.approvals.rules import Commit, is_person, kind, pr_number, trailer_email
from generator.manifest import Approver, Policy

POLICY = """\
approvers:
  - name: Carol Controller
    email: Carol@Example.com
  - name: Dave Director
    email: dave@example.com
    github: dave-gh
"""
EVE = ("Eve Eager", "eve@example.com")
DAVE_WEB = ("Dave Director", "12345+Dave-GH@users.noreply.github.com")
ACME = "docs/packets/2026-04-aging/drafts/acme-reminder.md"
GLOBEX = "docs/packets/2026-04-aging/drafts/globex-note.md"
MERGED_AT = "2026-05-04T15:30:00+02:00"


def page(body: str = "Dear Acme, INV-1042 for USD 18,400.00 is 19 days overdue.", **front: str) -> str:
    meta = {"id": "acme-reminder", "audience": "customer", "decision": "pending", **front}
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"---\n{lines}---\n\n{body}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository whose main branch holds the policy: Carol and Dave approve."""
    return packets_repo(tmp_path / "repo", monkeypatch, POLICY, CAROL)


def pr(repo: GitRepo, branch: str, files: dict[str, str], base: str = "main") -> None:
    """Ann opens a pull request on ``branch`` changing ``files``; ends checked out on ``base``."""
    repo.branch(branch, base)
    for rel, text in files.items():
        repo.write(rel, text)
    repo.commit(f"Prepare {branch}", author=ANN)
    repo.checkout(base)


def states(repo: GitRepo) -> dict[str, DraftState]:
    found, problems = draft_states(repo.path)
    assert problems == []
    return {s.path: s for s in found}


def blitz(repo: GitRepo, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or repo.path, env=repo.env,
                          capture_output=True, text=True, check=False)


# --- the states -----------------------------------------------------------------


def test_a_draft_on_its_pull_request_branch_is_pending(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.checkout("april")
    assert states(repo)[ACME] == DraftState(path=ACME, state="pending")


def test_merge_by_an_approver_approves_and_the_cli_prints_the_contract_json(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page(), GLOBEX: page("Internal: Globex disputes INV-2001.")})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL, committer=GITHUB,
               date=MERGED_AT)
    result = blitz(repo, "status", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    approved = {"state": "approved", "pr": 7, "approved_by": "carol@example.com", "approved_at": MERGED_AT}
    assert json.loads(result.stdout) == [{"path": ACME, **approved}, {"path": GLOBEX, **approved}]


def test_a_direct_edit_after_approval_is_changed_after_approval(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page(), GLOBEX: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    repo.write(ACME, page("Dear Acme, please pay USD 1,000,000.00 today."))
    repo.commit("Quick fix", author=ANN)
    found = states(repo)
    assert found[ACME] == DraftState(path=ACME, state="changed_after_approval", pr=7)
    assert found[GLOBEX].state == "approved"


def test_an_approved_draft_edited_on_a_new_branch_is_changed_after_approval(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    pr(repo, "edit", {ACME: page("Dear Acme, edited.")})
    repo.checkout("edit")
    assert states(repo)[ACME].state == "changed_after_approval"
    repo.checkout("main")
    repo.merge("edit", "Merge pull request #8 from acme/edit", author=CAROL)
    assert states(repo)[ACME].pr == 8
    assert states(repo)[ACME].state == "approved"


def test_merge_by_a_non_approver_is_unauthorized(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=ANN)
    result = blitz(repo, "status", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == [
        {"path": ACME, "state": "unauthorized_merge", "pr": 7, "approved_by": None, "approved_at": None}
    ]


def test_a_later_merge_by_a_non_approver_is_unauthorized_even_after_approval(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    pr(repo, "edit", {ACME: page("Dear Acme, edited.")})
    repo.merge("edit", "Merge pull request #8 from acme/edit", author=EVE)
    assert states(repo)[ACME] == DraftState(path=ACME, state="unauthorized_merge", pr=8)


def test_a_change_cannot_approve_itself_by_adding_its_merger_to_the_approvers(repo: GitRepo) -> None:
    eve = POLICY + "  - name: Eve Eager\n    email: eve@example.com\n"
    pr(repo, "april", {ACME: page(), "handoffs/policy.yml": eve})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert states(repo)[ACME] == DraftState(path=ACME, state="unauthorized_merge", pr=7)
    # Once the list is on main (reviewed or not), Eve's later merges are checked against it.
    pr(repo, "may", {GLOBEX: page()})
    repo.merge("may", "Merge pull request #8 from acme/may", author=EVE)
    assert states(repo)[GLOBEX].state == "approved"
    assert states(repo)[GLOBEX].approved_by == "eve@example.com"


def test_an_approver_removed_from_the_policy_no_longer_approves(repo: GitRepo) -> None:
    repo.write("handoffs/policy.yml", POLICY.split("  - name: Dave")[0])
    repo.commit("Dave left the team", author=CAROL)
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=DAVE_WEB, committer=GITHUB)
    assert states(repo)[ACME].state == "unauthorized_merge"


def test_squash_with_an_approved_by_trailer_is_approved(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    message = "April drafts (#9)\n\n* Prepare april\n\nApproved-by: Carol Controller <carol@example.com>\n"
    repo.squash("april", message, author=ANN, committer=GITHUB, date=MERGED_AT)
    assert states(repo)[ACME] == DraftState(
        path=ACME, state="approved", pr=9, approved_by="carol@example.com",
        approved_at=datetime.fromisoformat(MERGED_AT),
    )


def test_squash_without_a_trailer_is_unauthorized_even_when_an_approver_wrote_it(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.squash("april", "April drafts (#9)", author=CAROL)
    assert states(repo)[ACME] == DraftState(path=ACME, state="unauthorized_merge", pr=9)


def test_squash_without_a_pull_request_number_is_pending(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.squash("april", "April drafts\n\nApproved-by: Carol Controller <carol@example.com>", author=CAROL)
    assert states(repo)[ACME] == DraftState(path=ACME, state="pending")


def test_a_direct_commit_on_main_is_pending(repo: GitRepo) -> None:
    repo.write(ACME, page())
    repo.commit("Add the draft straight to main", author=CAROL)
    assert states(repo)[ACME].state == "pending"


def test_a_github_web_merge_with_a_noreply_address_matches_the_github_handle(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #11 from acme/april\n\nApril packet", author=DAVE_WEB,
               committer=GITHUB)
    pr(repo, "may", {GLOBEX: page()})
    repo.merge("may", "Merge pull request #12 from acme/may", author=("D", "dave-gh@users.noreply.github.com"))
    found = states(repo)
    assert (found[ACME].state, found[ACME].pr, found[ACME].approved_by) == ("approved", 11, "dave@example.com")
    assert (found[GLOBEX].state, found[GLOBEX].approved_by) == ("approved", "dave@example.com")


def test_a_noreply_address_of_another_handle_does_not_match(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #11 from acme/april",
               author=("Mallory", "999+dave-gh-fake@users.noreply.github.com"))
    assert states(repo)[ACME].state == "unauthorized_merge"


def test_a_merge_by_someone_else_approved_by_an_approver_in_a_trailer(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april\n\nApproved-by: Carol <CAROL@example.com>",
               author=ANN)
    assert (states(repo)[ACME].state, states(repo)[ACME].approved_by) == ("approved", "carol@example.com")


def test_email_matching_ignores_case(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=("Carol", "CAROL@EXAMPLE.COM"))
    assert states(repo)[ACME].state == "approved"


def test_a_held_draft_is_on_hold_whatever_its_history(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page(decision="hold"), GLOBEX: page(decision='"Hold"  # legal first')})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    assert states(repo)[ACME] == DraftState(path=ACME, state="on_hold")
    assert states(repo)[GLOBEX].state == "on_hold"
    repo.checkout("april")  # also before any merge
    assert states(repo)[ACME].state == "on_hold"


def test_a_gitlab_merge_takes_its_number_from_the_merge_request_line(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    message = "Merge branch 'april' into 'main'\n\nApril packet\n\nSee merge request finance/ar-packets!12"
    repo.merge("april", message, author=CAROL)
    assert (states(repo)[ACME].state, states(repo)[ACME].pr) == ("approved", 12)


def test_a_plain_merge_commit_counts_without_a_number(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge branch 'april'", author=CAROL)
    assert (states(repo)[ACME].state, states(repo)[ACME].pr) == ("approved", None)


def test_the_merge_github_actions_checks_out_for_a_pull_request_is_not_a_review(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    main, head = repo.git("rev-parse", "main"), repo.git("rev-parse", "april")
    repo.branch("pull-7-merge")
    repo.merge("april", f"Merge {head} into {main}", author=CAROL, committer=GITHUB)
    assert states(repo)[ACME].state == "pending"


def test_a_shallow_clone_is_a_problem_with_the_ci_fix_never_pending(repo: GitRepo, tmp_path: Path) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    clone = repo.shallow_clone(tmp_path / "clone")
    result = blitz(clone, "status", "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        ".git: the repository is a shallow clone, so approvals cannot be read; fetch the full history "
        "(in GitHub Actions: actions/checkout with `fetch-depth: 0`; elsewhere: git fetch --unshallow)\n"
    )
    found, problems = draft_states(clone.path)
    assert found == [] and len(problems) == 1 and problems[0].is_error
    assert blitz(clone, "status").returncode == 1


def test_outside_a_git_repository_is_a_clear_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    (folder / "docs/packets/p/drafts").mkdir(parents=True)
    (folder / "docs/packets/p/drafts/a.md").write_text(page())
    repo = GitRepo(folder, tmp_path)
    result = blitz(repo, "status", "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "is not inside a git repository, so approvals cannot be read" in result.stderr
    assert result.stderr.startswith(".git: ")
    assert "Traceback" not in result.stderr


def test_a_broken_repository_or_missing_git_is_a_problem_not_a_traceback(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    env_without_git = dict(repo.env, PATH=str(repo.path / "no-such-bin"))
    result = subprocess.run([sys.executable, "-m", "generator", "status"], cwd=repo.path, env=env_without_git,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        ".git: git is not installed or cannot run, so approvals cannot be read; install git and run this again\n"
    )
    (repo.path / ".git/refs/heads/main").write_text("1" * 40 + "\n")
    result = blitz(repo, "status", "--json")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(".git: git could not read the history (bad object HEAD); check the ")
    assert "Traceback" not in result.stderr


def test_a_renamed_approved_draft_is_not_approved_at_its_new_path(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    moved = "docs/packets/2026-05-aging/drafts/acme-reminder.md"
    repo.git("mv", "docs/packets/2026-04-aging", "docs/packets/2026-05-aging")
    repo.commit("Move April to May", author=ANN)
    assert states(repo) == {moved: DraftState(path=moved, state="pending")}
    # A rename that goes through review is approved at the new path.
    repo.branch("rename")
    repo.git("mv", moved, "docs/packets/2026-05-aging/drafts/acme-final.md")
    repo.commit("Rename", author=ANN)
    repo.checkout("main")
    repo.merge("rename", "Merge pull request #8 from acme/rename", author=CAROL)
    assert states(repo)["docs/packets/2026-05-aging/drafts/acme-final.md"].state == "approved"


def test_front_matter_claiming_approval_is_ignored(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page(state="approved", approved="true", approved_by="carol@example.com")})
    repo.checkout("april")
    assert states(repo)[ACME].state == "pending"
    repo.checkout("main")
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert states(repo)[ACME].state == "unauthorized_merge"


def test_uncommitted_edits_are_not_approved(repo: GitRepo) -> None:
    initech = "docs/packets/2026-04-aging/drafts/initech.md"
    pr(repo, "april", {ACME: page(), initech: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    pr(repo, "may", {GLOBEX: page()})
    repo.merge("may", "Merge pull request #8 from acme/may", author=CAROL)
    repo.write(GLOBEX, page("Dear Globex, changed on disk."))  # approved, then edited
    repo.write(ACME, page("Dear Acme, changed on disk."))  # merged without an approver, then edited
    repo.git("add", ACME)  # staged counts as uncommitted too
    new = repo.write("docs/packets/2026-04-aging/drafts/umbrella.md", page())
    assert {p: (s.state, s.pr) for p, s in states(repo).items()} == {
        ACME: ("pending", None),
        GLOBEX: ("changed_after_approval", 8),
        initech: ("unauthorized_merge", 7),
        new.relative_to(repo.path).as_posix(): ("pending", None),
    }


def test_a_repository_without_commits_has_only_pending_drafts(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo.create(tmp_path / "new")
    isolate(monkeypatch, Path(repo.env["HOME"]))
    repo.write(ACME, page())
    assert states(repo) == {ACME: DraftState(path=ACME, state="pending")}


def test_a_missing_or_broken_policy_before_the_merge_approves_nobody(repo: GitRepo) -> None:
    repo.write("handoffs/policy.yml", "approvers: [\n")
    repo.commit("Break the policy", author=ANN)
    pr(repo, "april", {ACME: page(), "handoffs/policy.yml": POLICY})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    found, problems = draft_states(repo.path)
    assert [s.state for s in found] == ["unauthorized_merge"]
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert str(problems[0]).startswith("handoffs/policy.yml: warning: the version written in commit ")
    assert "drafts merged on top of it count as not approved" in str(problems[0])
    repo.git("rm", "-q", "handoffs/policy.yml")
    repo.commit("No policy at all", author=ANN)
    pr(repo, "may", {GLOBEX: page()})
    repo.merge("may", "Merge pull request #8 from acme/may", author=CAROL)
    found, problems = draft_states(repo.path)
    assert [s.state for s in found] == ["unauthorized_merge", "unauthorized_merge"]
    assert len(problems) == 1  # a missing policy is not a problem: nobody could approve yet


def test_a_commit_message_cannot_forge_a_record(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.checkout("april")
    forged = f"Edit\n\n\x1e{'f' * 40}\x1f{'a' * 40} {'b' * 40}\x1fcarol@example.com"
    repo.write(ACME, page("Dear Acme, edited."))
    repo.commit(forged, author=ANN)
    assert states(repo)[ACME].state == "pending"


def test_a_merge_that_did_not_touch_a_draft_leaves_its_state(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    repo.write(ACME, page("Dear Acme, edited."))
    repo.commit("Edit on main", author=ANN)
    pr(repo, "may", {GLOBEX: page()})
    repo.merge("may", "Merge pull request #8 from acme/may", author=CAROL)
    assert states(repo)[ACME].state == "changed_after_approval"


def test_one_history_pass_however_many_pages(repo: GitRepo, tmp_path: Path) -> None:
    for n in range(3):
        drafts = {f"docs/packets/p{n}/drafts/d{k}.md": page(f"Draft {k}") for k in range(10)}
        pr(repo, f"pr{n}", drafts)
        repo.merge(f"pr{n}", f"Merge pull request #{n + 1} from acme/pr{n}", author=CAROL if n else EVE)
    trace = tmp_path / "trace.txt"
    result = subprocess.run([sys.executable, "-m", "generator", "status", "--json"], cwd=repo.path,
                            env=dict(repo.env, GIT_TRACE=str(trace)), capture_output=True, text=True)
    assert result.returncode == 0
    assert [s["state"] for s in json.loads(result.stdout)] == ["unauthorized_merge"] * 10 + ["approved"] * 20
    commands = [line.split("trace: built-in: git ", 1)[1] for line in trace.read_text().splitlines()
                if "trace: built-in: git " in line]
    assert sum(1 for c in commands if " log " in f" {c} ") == 1
    assert commands.count("cat-file --batch") == 1  # one reader for the policy of all 3 merges
    assert len(commands) < 10


def test_the_policy_of_each_merge_is_the_one_in_its_first_parent(repo: GitRepo) -> None:
    """The one log pass infers each first parent's policy; check it against git show for every merge."""
    eve = POLICY + "  - name: Eve Eager\n    email: eve@example.com\n"
    pr(repo, "a", {ACME: page(), "handoffs/policy.yml": eve})
    repo.merge("a", "Merge pull request #1 from acme/a", author=EVE)
    repo.write("README.md", "Packets, again\n")
    repo.commit("Unrelated", author=ANN)
    pr(repo, "b", {GLOBEX: page()})
    repo.merge("b", "Merge pull request #2 from acme/b", author=EVE)
    repo.write("handoffs/policy.yml", POLICY)
    repo.commit("Eve leaves", author=CAROL)
    pr(repo, "c", {ACME: page("Edited.")})
    repo.merge("c", "Merge pull request #3 from acme/c", author=EVE)
    history, problems = open_history(repo.path, ["docs/packets"])
    assert history is not None and problems == []
    merges = [commit for commit in history.commits if len(commit.parents) == 2]
    assert len(merges) == 3
    for merge in merges:
        expected = Policy.model_validate(yaml.safe_load(repo.git("show", f"{merge.parents[0]}:handoffs/policy.yml")))
        assert history.approvers_at(merge) == expected.approvers
    assert [len(history.approvers_at(m)) for m in merges] == [2, 3, 2]  # newest first


# --- other entry points ---------------------------------------------------------


def test_states_for_given_paths_and_from_a_project_inside_a_larger_repository(repo: GitRepo) -> None:
    inner = "site-project/"
    pr(repo, "april", {inner + ACME: page(), inner + "handoffs/policy.yml": POLICY})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)  # root policy approves
    pr(repo, "may", {inner + GLOBEX: page()})
    repo.merge("may", "Merge pull request #8 from acme/may", author=CAROL)
    found, problems = states_for(repo.path / "site-project", [GLOBEX, ACME, "docs/index.md"])
    assert problems == []
    assert [(s.path, s.state, s.pr) for s in found] == [
        ("docs/index.md", "pending", None),
        (ACME, "unauthorized_merge", 7),  # the project's own policy did not exist before #7
        (GLOBEX, "approved", 8),
    ]
    listed, _ = draft_states(repo.path / "site-project")
    assert [s.path for s in listed] == [ACME, GLOBEX]


def test_status_table_for_people(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page(), GLOBEX: page(decision="hold")})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL, date=MERGED_AT)
    repo.write("docs/packets/2026-04-aging/drafts/initech.md", page())
    result = blitz(repo, "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(line for line in lines if "acme-reminder.md" in line)
    assert row.split() == ["│", "2026-04-aging", "│", "acme-reminder.md", "│", "approved", "│", "#7", "·",
                           "carol@example.com", "·", "2026-05-04", "│"]
    assert "3 drafts: 1 approved, 1 pending, 1 on hold." in lines
    assert "Only approved drafts may be sent." in lines
    assert any(line.startswith("On hold: a reviewer set 'decision: hold'") for line in lines)


def test_status_without_drafts_says_what_to_do(repo: GitRepo) -> None:
    result = blitz(repo, "status")
    assert result.returncode == 0
    assert result.stdout.startswith("No draft pages under docs/packets/ yet")
    assert json.loads(blitz(repo, "status", "--json").stdout) == []


def test_status_output_is_deterministic(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page(), GLOBEX: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    first, second = blitz(repo, "status", "--json"), blitz(repo, "status", "--json")
    assert first.stdout == second.stdout and first.stdout


# --- the rules, one at a time ---------------------------------------------------


def commit(subject: str, parents: int = 2, body: str = "", trailers: tuple[str, ...] = ()) -> Commit:
    return Commit(sha="c" * 40, parents=tuple(str(n) * 40 for n in range(parents)), author_email="a@b.c",
                  committed_at=datetime.fromisoformat(MERGED_AT), subject=subject, body=body,
                  trailers=trailers)


@pytest.mark.parametrize(("subject", "parents", "body", "number", "form"), [
    ("Merge pull request #7 from acme/april", 2, "", 7, "merge"),
    ("April drafts (#9)", 1, "", 9, "squash"),
    ("April drafts (#9)  ", 1, "", 9, "squash"),
    ("April drafts (#9) and more", 1, "", None, "direct"),
    ("Merge branch 'april' into 'main'", 2, "x\n\nSee merge request g/p!12\n", 12, "merge"),
    ("Merge branch 'april'", 2, "", None, "merge"),
    ("Fix typo", 1, "", None, "direct"),
    ("Initial (#1)", 0, "", 1, "squash"),
])
def test_pull_request_numbers_and_merge_forms(subject: str, parents: int, body: str, number: int | None,
                                              form: str) -> None:
    assert pr_number(commit(subject, parents, body)) == number
    assert kind(commit(subject, parents, body)) == form


@pytest.mark.parametrize(("value", "email"), [
    ("Carol Controller <Carol@Example.com>", "carol@example.com"),
    ("carol@example.com", "carol@example.com"),
    ("Carol Controller", None),
])
def test_approved_by_trailer_values(value: str, email: str | None) -> None:
    assert trailer_email(value) == email


@pytest.mark.parametrize(("email", "matches"), [
    ("dave@example.com", True),
    ("DAVE@example.com", True),
    ("12345+dave-gh@users.noreply.github.com", True),
    ("dave-gh@users.noreply.github.com", True),
    ("12345+dave-gh@users.noreply.github.com.evil.example", False),
    ("12345+other@users.noreply.github.com", False),
    ("dave-gh@example.com", False),
])
def test_who_is_an_approver(email: str, matches: bool) -> None:
    dave = Approver(name="Dave", email="Dave@Example.com", github="@Dave-GH")
    assert is_person(email, dave) is matches


@pytest.mark.parametrize(("text", "value"), [
    ("---\ndecision: hold\n---\nbody", "hold"),
    ("---\nid: x\ndecision: 'HOLD' # legal\n---\n", "hold"),
    ("---\ndecision: pending\n---\n", "pending"),
    ("---\nnotes:\n  decision: hold\n---\n", None),
    ("decision: hold\n", None),
    ("---\ndecision: hold\n", None),
    ("Body\n---\ndecision: hold\n---\n", None),
    ("---\r\ndecision: hold\r\n---\r\n", "hold"),
    ("---\ndecision: hold#2\n---\n", "hold#2"),
    ("---\ndecision: [hold\n---\n", None),
])
def test_the_decision_in_front_matter(text: str, value: str | None) -> None:
    assert decision(text) == value


def test_summary_counts_in_reading_order() -> None:
    found = [DraftState(path=f"p{n}", state=s) for n, s in enumerate(
        ["pending", "approved", "unauthorized_merge", "approved", "on_hold", "changed_after_approval"])]
    assert status_summary(found) == (
        "6 drafts: 2 approved, 1 pending, 1 on hold, 1 changed after approval, 1 merged without an approver."
    )
    assert status_summary(found[:1]) == "1 draft: 1 pending."
