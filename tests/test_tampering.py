"""Tampering with approval, beyond the contract's own cases, on real git repositories.

A draft page shows as approved only when CONTRACT.md's rule holds: the commit
that last changed it on the first-parent line of ``HEAD`` is a reviewed merge
made by an approver of the policy as it stood before that merge. These tests
forge, rewrite, move and relabel, and check that nothing else ever reads as
approved — in ``blitz status`` and on the built site. A few tests pin down
what git alone cannot tell (a merge rewritten to name an approver looks like
that approver's merge); ``docs/security.md`` says which forge settings close
those gaps.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.safety.handoff import AGING_TITLE, environment
from gitrepo import ANN, CAROL, GitRepo, packets_repo

from generator.approvals import DraftState, draft_states

REPO = Path(__file__).resolve().parents[1]
POLICY = """\
approvers:
  - name: Carol Controller
    email: carol@example.com
    github: carol-gh
"""
EVE = ("Eve Eager", "eve@example.com")
MALLORY = ("Mallory", "mallory@evil.example")
DRAFTS = "docs/packets/2026-04-aging/drafts"
ACME = f"{DRAFTS}/acme-reminder.md"
GLOBEX = f"{DRAFTS}/globex-reminder.md"


def page(body: str = "Dear Acme, INV-1042 for USD 18,400.00 is 19 days overdue.", **front: str) -> str:
    meta = {"id": "acme-reminder", "audience": "customer", "customer": "Acme Retail", "to": '["ap@acme.example"]',
            "subject": '"Payment reminder"', "decision": "pending", **front}
    lines = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return f"---\n{lines}---\n\n# Payment reminder\n\n{body}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    return packets_repo(tmp_path / "repo", monkeypatch, POLICY, CAROL)


def pr(repo: GitRepo, branch: str, files: dict[str, str], message: str | None = None) -> None:
    """Ann opens a pull request on ``branch``; ends back on main."""
    repo.branch(branch, "main")
    for rel, text in files.items():
        repo.write(rel, text)
    repo.commit(message or f"Prepare {branch}", author=ANN)
    repo.checkout("main")


def states(repo: GitRepo) -> dict[str, str]:
    found, problems = draft_states(repo.path)
    assert [p for p in problems if p.is_error] == []
    return {s.path: s.state for s in found}


def state(repo: GitRepo, path: str = ACME) -> DraftState:
    found, _ = draft_states(repo.path)
    return next(s for s in found if s.path == path)


def approved_merge(repo: GitRepo, files: dict[str, str] | None = None, number: int = 7) -> str:
    pr(repo, f"pr{number}", files or {ACME: page()})
    return repo.merge(f"pr{number}", f"Merge pull request #{number} from acme/pr{number}", author=CAROL)


# --- forged people --------------------------------------------------------------------------------


@pytest.mark.parametrize(("author", "trailer"), [
    (("Carol Controller", "carol@evil.example"), "Approved-by: Nobody <nobody@example.com>"),
    (("Carol Controller", "carol@example.com.evil.example"), ""),
    (("Carol Controller", "carоl@example.com"), ""),  # a Cyrillic 'о'
    (("carol@example.com", "eve@example.com"), ""),  # the approver's address as a display name
    (EVE, "Approved-by: carol@example.com <mallory@evil.example>"),
    (EVE, "Approved-by: Carol Controller"),
    (EVE, "Approved-by: evil+carol-gh@users.noreply.github.com"),
    (EVE, "Approved-by: 123+carol-gh@users.noreply.github.com.evil.example"),
    (EVE, "Reviewed-by: Carol Controller <carol@example.com>"),
    (EVE, "Approved-by: <carol@example.com"),
])
def test_a_merge_with_a_forged_author_or_trailer_naming_nobody_known_is_unauthorized(
        repo: GitRepo, author: tuple[str, str], trailer: str) -> None:
    pr(repo, "april", {ACME: page()})
    message = "Merge pull request #7 from acme/april" + (f"\n\n{trailer}" if trailer else "")
    repo.merge("april", message, author=author)
    assert state(repo).state == "unauthorized_merge"


def test_the_committer_does_not_count_only_the_author(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE, committer=CAROL)
    assert state(repo).state == "unauthorized_merge"


def test_an_approved_by_line_outside_the_trailer_block_does_not_count(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    message = ("Merge pull request #7 from acme/april\n\nApproved-by: Carol Controller <carol@example.com>\n\n"
               "Merged while Carol was out; she will look next week.")
    repo.merge("april", message, author=EVE)
    assert state(repo).state == "unauthorized_merge"


def test_a_trailer_in_the_branch_commit_does_not_approve_the_merge(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()}, message="Prepare april\n\nApproved-by: Carol Controller <carol@example.com>")
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert state(repo).state == "unauthorized_merge"


def test_a_mailmap_cannot_turn_eve_into_carol(repo: GitRepo) -> None:
    repo.write(".mailmap", "Carol Controller <carol@example.com> Eve Eager <eve@example.com>\n")
    repo.commit("Add a mailmap", author=EVE)
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert state(repo).state == "unauthorized_merge"


# --- rewritten history ---------------------------------------------------------------------------------


def test_a_force_pushed_merge_rewritten_to_a_stranger_is_unauthorized(repo: GitRepo) -> None:
    approved_merge(repo)
    assert state(repo).state == "approved"
    repo.git("commit", "--amend", "-q", "--no-edit", "--author", "Mallory <mallory@evil.example>", author=MALLORY)
    assert len(repo.git("log", "-1", "--format=%P").split()) == 2, "the amended commit is still a merge"
    assert state(repo).state == "unauthorized_merge"


def test_a_rewritten_merge_whose_trailer_names_nobody_known_stays_unauthorized(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    repo.git("commit", "--amend", "-q", "-m",
             "Merge pull request #7 from acme/april\n\nApproved-by: Mallory <mallory@evil.example>", author=EVE)
    assert state(repo).state == "unauthorized_merge"


def test_history_rewritten_to_drop_the_merge_leaves_the_draft_unapproved(repo: GitRepo) -> None:
    """A force-push that replaces the merge with the branch's own commits: nothing reviewed remains."""
    approved_merge(repo)
    repo.git("reset", "-q", "--hard", "pr7")
    assert state(repo).state == "pending"


def test_a_merge_flattened_into_a_plain_commit_with_the_merge_subject_is_not_a_merge(repo: GitRepo) -> None:
    pr(repo, "april", {ACME: page()})
    repo.squash("april", "Merge pull request #7 from acme/april", author=CAROL)
    assert state(repo).state == "pending"


def test_a_merge_with_its_parents_swapped_approves_nothing_it_did_not_bring_in(repo: GitRepo) -> None:
    """Carol merges main into the branch, and main is reset to that merge: the draft came on the first-parent line."""
    pr(repo, "april", {ACME: page()})
    repo.write("README.md", "Packets, April\n")
    repo.commit("Touch main", author=ANN)
    repo.checkout("april")
    repo.merge("main", "Merge pull request #7 from acme/april", author=CAROL)
    merge = repo.head()
    repo.checkout("main")
    repo.git("reset", "-q", "--hard", merge)
    assert state(repo).state == "pending"


def test_an_edit_hidden_in_a_later_merge_by_a_stranger_is_unauthorized(repo: GitRepo) -> None:
    """An "evil merge": Eve's merge of an unrelated change also rewrites the approved draft."""
    approved_merge(repo)
    pr(repo, "other", {"README.md": "Packets, May\n"})
    repo.git("merge", "-q", "--no-ff", "--no-commit", "other", author=EVE)
    repo.write(ACME, page("Dear Acme, pay USD 1,000,000.00 today."))
    repo.git("add", ACME)
    repo.git("commit", "-q", "-m", "Merge pull request #8 from acme/other", author=EVE)
    assert state(repo) == DraftState(path=ACME, state="unauthorized_merge", pr=8)


def test_replace_refs_cannot_forge_a_merge(repo: GitRepo) -> None:
    """``git replace`` makes git show another commit in place of one; the history is read without them."""
    pr(repo, "april", {ACME: page()})
    repo.git("merge", "-q", "--ff-only", "april")  # the draft arrives as Ann's plain commit
    direct = repo.head()
    tree, parent = repo.git("rev-parse", f"{direct}^{{tree}}"), repo.git("rev-parse", f"{direct}^")
    fake = repo.git("commit-tree", tree, "-p", parent, "-p", direct, "-m", "Merge pull request #7 from acme/april",
                    author=CAROL)
    repo.git("replace", direct, fake)
    assert repo.git("log", "-1", "--format=%ae") == "carol@example.com", "git itself now shows the fake merge"
    assert state(repo).state == "pending"


def test_replace_refs_cannot_forge_the_approver_list(repo: GitRepo) -> None:
    """The policy at the merge's first parent is read as committed, not as a replaced object shows it."""
    start = repo.head()
    forged = POLICY + "  - name: Eve Eager\n    email: eve@example.com\n"
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo.path, env=repo.env, input=forged,
                          capture_output=True, text=True, check=True).stdout.strip()
    original = repo.git("rev-parse", f"{start}:handoffs/policy.yml")
    repo.git("replace", original, blob)
    assert "eve@example.com" in repo.git("show", f"{start}:handoffs/policy.yml"), "git shows the forged policy"
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert state(repo).state == "unauthorized_merge"


def test_what_git_cannot_tell_a_merge_rewritten_to_name_an_approver(repo: GitRepo) -> None:
    """Git does not authenticate authors: Eve's merge, amended to Carol's name and address, reads as Carol's.

    Only the forge can stop this (no force-push to main, merges only through it,
    signed web merges); docs/security.md says so. This test pins the limit down.
    """
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert state(repo).state == "unauthorized_merge"
    repo.git("commit", "--amend", "-q", "--no-edit", "--author", "Carol Controller <carol@example.com>", author=EVE)
    assert state(repo).state == "approved"
    signed = repo.git("log", "-1", "--format=%G?")
    assert signed == "N", "the forged merge carries no signature: what a signed web-flow merge would add"


def test_what_git_cannot_tell_a_policy_pushed_to_main_without_review(repo: GitRepo) -> None:
    """A direct commit to the policy counts from the next merge: code-owner review on the policy closes this."""
    repo.write("handoffs/policy.yml", POLICY + "  - name: Eve Eager\n    email: eve@example.com\n")
    repo.commit("Add Eve", author=EVE)
    pr(repo, "april", {ACME: page()})
    repo.merge("april", "Merge pull request #7 from acme/april", author=EVE)
    assert state(repo).state == "approved"


# --- moved, copied, linked -----------------------------------------------------------------------------


def test_an_approved_draft_moved_to_another_packet_is_pending_there(repo: GitRepo) -> None:
    approved_merge(repo)
    moved = "docs/packets/2026-05-aging/drafts/acme-reminder.md"
    (repo.path / moved).parent.mkdir(parents=True)
    repo.git("mv", ACME, moved)
    repo.commit("Reuse April's reminder for May", author=ANN)
    assert states(repo) == {moved: "pending"}


def test_an_approved_draft_moved_away_and_back_is_changed_after_approval(repo: GitRepo) -> None:
    approved_merge(repo)
    repo.git("mv", ACME, f"{DRAFTS}/parked.md")
    repo.commit("Park it", author=ANN)
    repo.git("mv", f"{DRAFTS}/parked.md", ACME)
    repo.commit("Bring it back", author=ANN)
    assert state(repo).state == "changed_after_approval"


def test_an_approved_text_copied_to_a_new_draft_is_pending(repo: GitRepo) -> None:
    approved_merge(repo)
    shutil.copy(repo.path / ACME, repo.path / GLOBEX)
    repo.commit("Globex gets the same reminder", author=ANN)
    assert states(repo) == {ACME: "approved", GLOBEX: "pending"}


def test_a_draft_moved_by_a_strangers_merge_is_unauthorized(repo: GitRepo) -> None:
    approved_merge(repo)
    repo.branch("move")
    repo.git("mv", ACME, GLOBEX)
    repo.commit("Rename", author=ANN)
    repo.checkout("main")
    repo.merge("move", "Merge pull request #8 from acme/move", author=EVE)
    assert states(repo) == {GLOBEX: "unauthorized_merge"}


def test_a_link_to_an_approved_draft_is_not_approved(repo: GitRepo) -> None:
    approved_merge(repo)
    (repo.path / GLOBEX).symlink_to("acme-reminder.md")
    repo.commit("Globex: same as Acme", author=ANN)
    assert states(repo) == {ACME: "approved", GLOBEX: "pending"}


# --- front matter that claims approval ------------------------------------------------------------------


@pytest.mark.parametrize("claim", [
    {"state": "approved"}, {"approved": "true"}, {"approved_by": "carol@example.com"},
    {"decision": "approve"}, {"decision": "approved"}, {"status": "approved", "pr": "7"},
    {"approved_at": "2026-05-04T15:30:00+02:00"},
])
def test_front_matter_added_after_approval_makes_it_changed_not_approved(repo: GitRepo, claim: dict[str, str]) -> None:
    approved_merge(repo)
    text = (repo.path / ACME).read_text("utf-8")
    extra = "".join(f"{key}: {value}\n" for key, value in claim.items())
    repo.write(ACME, text.replace("decision: pending\n", "") .replace("---\n\n#", f"{extra}---\n\n#", 1)
               if "decision" in claim else text.replace("---\n\n#", f"{extra}---\n\n#", 1))
    repo.commit("Mark it approved", author=ANN)
    assert state(repo).state == "changed_after_approval"


def test_a_new_draft_claiming_approval_is_pending(repo: GitRepo) -> None:
    repo.write(ACME, page(state="approved", approved_by="carol@example.com", decision="approve"))
    repo.commit("Add an approved reminder", author=ANN)
    assert state(repo).state == "pending"


def test_a_hold_survives_any_merge(repo: GitRepo) -> None:
    approved_merge(repo, {ACME: page(decision="hold")})
    assert state(repo).state == "on_hold"


# --- the same, as status prints it and as the site shows it -----------------------------------------------


FIVE = AGING_TITLE + "Invoice Number,Customer,Invoice Date,Due Date,Amount,Open Balance,Email\n" + "".join(
    f"INV-50{n},{name} Supply,2026-03-01,2026-04-0{n},{n}00.00,{n}00.00,ap@{name.lower()}.example\n"
    for n, name in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo"], start=1))


def test_status_and_site_show_only_the_genuine_approval(tmp_path: Path) -> None:
    """A prepared packet merged by Carol, then forged, relabelled, moved and linked; the site shows the truth."""
    repo = GitRepo.create(tmp_path / "repo")
    shutil.copy(REPO / "mkdocs.yml", repo.path / "mkdocs.yml")
    repo.write("docs/index.md", (REPO / "docs" / "index.md").read_text("utf-8"))
    repo.write("handoffs/policy.yml", POLICY)
    repo.write("handoffs/2026-04-aging/handoff.yaml", "title: April\nas_of: 2026-04-30\n")
    repo.write("handoffs/2026-04-aging/aging.csv", FIVE)
    repo.commit("The site and the handoff", author=CAROL)
    env = environment(**{k: v for k, v in repo.env.items() if k.startswith(("GIT_", "HOME"))},
                      NO_MKDOCS_2_WARNING="1")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], cwd=repo.path, env=env, capture_output=True, text=True,
                              timeout=600)

    repo.branch("april")
    assert run("-m", "generator", "prepare", "handoffs/2026-04-aging").returncode == 0
    repo.commit("April packet", author=ANN)
    repo.checkout("main")
    repo.merge("april", "Merge pull request #7 from acme/april", author=CAROL)
    drafts = repo.path / DRAFTS
    assert sorted(p.stem for p in drafts.glob("*-reminder.md")) == [
        f"{n}-supply-reminder" for n in ("alpha", "bravo", "charlie", "delta", "echo")]
    # Bravo: edited in a pull request merged under Carol's name with another address.
    repo.branch("bravo")
    bravo = drafts / "bravo-supply-reminder.md"
    bravo.write_text(bravo.read_text("utf-8").replace("Bravo Supply", "Bravo Supply Co."), "utf-8")
    repo.commit("Edit Bravo", author=ANN)
    repo.checkout("main")
    repo.merge("bravo", "Merge pull request #8 from acme/bravo\n\nApproved-by: Mallory <mallory@evil.example>",
               author=("Carol Controller", "carol@evil.example"))
    # Charlie: front matter edited to claim approval. Delta: moved. Echo: replaced by a link to Alpha.
    charlie = drafts / "charlie-supply-reminder.md"
    charlie.write_text(charlie.read_text("utf-8").replace("decision: pending\n",
                                                          "decision: approve\nstate: approved\n"), "utf-8")
    repo.git("mv", f"{DRAFTS}/delta-supply-reminder.md", f"{DRAFTS}/delta-supply-final.md")
    (drafts / "echo-supply-reminder.md").unlink()
    (drafts / "echo-supply-reminder.md").symlink_to("alpha-supply-reminder.md")
    repo.commit("Tidy the drafts", author=ANN)

    status = run("-m", "generator", "status", "--json")
    assert status.returncode == 0, status.stderr
    shown = {Path(s["path"]).stem: s["state"] for s in json.loads(status.stdout) if "supply" in s["path"]}
    assert shown == {"alpha-supply-reminder": "approved", "bravo-supply-reminder": "unauthorized_merge",
                     "charlie-supply-reminder": "changed_after_approval", "delta-supply-final": "pending",
                     "echo-supply-reminder": "changed_after_approval"}

    site = tmp_path / "site"
    built = run("-m", "mkdocs", "build", "--no-strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    emls = sorted(p.stem for p in site.rglob("*.eml"))
    assert emls == ["alpha-supply-reminder"], f"only the genuinely approved draft may offer an .eml: {emls}"
    for name in shown:
        folder = site / "packets" / "2026-04-aging" / "drafts"
        built_page = folder / f"{name}.html" if (folder / f"{name}.html").is_file() else folder / name / "index.html"
        html = built_page.read_text("utf-8")
        approved = 'data-blitz-state="approved"' in html
        assert approved == (name == "alpha-supply-reminder"), f"{name}: shown {'as' if approved else 'not as'} approved"
