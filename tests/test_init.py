"""``blitz init``: a handoff folder started from the files a person already has.

End to end with the real CLI: a folder of mixed files (an aging export, an
email, Slack notes, an invoice PDF, a photo) becomes a handoff that
``blitz prepare`` accepts. Also the pure planning: names, titles, as-of dates
and what Blitz says it could not tell.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.init import AS_OF_PLACEHOLDER, SCHEMA_COMMENT, Recognized, plan_handoff, title_from_name
from generator.intake.model import FileReading, SourceFile
from generator.problems import Source, error

REPO = Path(__file__).resolve().parents[1]
BLITZ = str(REPO / ".venv" / "bin" / "blitz")
MIXED = Path(__file__).resolve().parent / "fixtures" / "init" / "mixed"
NAME = "2026-04-northwind"


def blitz(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BLITZ, *args], cwd=cwd, capture_output=True, text=True, check=False)


def invoice_pdf(path: Path) -> Path:
    """A one-page invoice PDF, as an accounting system prints it."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), invariant=1)
    lines = ["Northwind Tools LLC", "INVOICE", "Invoice Number: INV-2003", "Bill To: Contoso Pharmacy",
             "Invoice Date: 03/16/2026", "Due Date: 04/15/2026", "Total Due: $1,480.50"]
    for number, line in enumerate(lines):
        pdf.drawString(72, 800 - 20 * number, line)
    pdf.save()
    return path


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository root with the team's policy and a folder of someone's files beside it."""
    root = tmp_path / "repo"
    (root / "handoffs").mkdir(parents=True)
    shutil.copy(REPO / "handoffs" / "policy.yml", root / "handoffs" / "policy.yml")
    downloads = tmp_path / "Downloads"
    shutil.copytree(MIXED, downloads / "april")
    invoice_pdf(downloads / "INV-2003.pdf")
    return root


def test_init_on_mixed_files_makes_a_handoff_prepare_accepts(workspace: Path) -> None:
    downloads = workspace.parent / "Downloads"
    before = digests(downloads)
    done = blitz(workspace, "init", NAME, str(downloads / "april"), str(downloads / "INV-2003.pdf"))
    assert done.returncode == 0, done.stderr
    folder = workspace / "handoffs" / NAME
    assert sorted(digests(folder)) == [
        "exports/AR Aging Detail April.csv",
        "handoff.yaml",
        "notes/ar channel.txt",
        "other/team photo.png",
        "pdfs/INV-2003.pdf",
        "threads/Re INV 2003.eml",
    ]
    assert digests(downloads) == before, "init must not change the person's files"
    copied = digests(folder)
    assert copied["exports/AR Aging Detail April.csv"] == before["april/AR Aging Detail April.csv"]
    assert copied["pdfs/INV-2003.pdf"] == before["INV-2003.pdf"]

    manifest = (folder / "handoff.yaml").read_text(encoding="utf-8")
    assert manifest.splitlines()[0] == SCHEMA_COMMENT
    assert 'title: "2026-04 northwind"' in manifest
    assert '\nas_of: 2026-04-30  # the "As of" date in exports/AR Aging Detail April.csv\n' in manifest
    assert "#   - other/team photo.png was copied but not recognized: not a kind of file Blitz reads" in manifest
    assert '#   "other/team photo.png": ignore' in manifest

    out = done.stdout
    assert f"Started handoffs/{NAME}/" in out
    assert "exports/AR Aging Detail April.csv" in out and "(A/R aging export)" in out
    assert "(invoice PDF)" in out and "(email)" in out and "(not recognized)" in out
    for command in (f"prepare handoffs/{NAME}", f"git switch -c handoff/{NAME}",
                    f"git add handoffs/{NAME} docs/packets/{NAME}", "git commit -m",
                    f"git push -u origin handoff/{NAME}", "pull request"):
        assert command in out, command

    prepared = blitz(workspace, "prepare", f"handoffs/{NAME}")
    assert prepared.returncode == 0, prepared.stderr
    packet = json.loads((workspace / "docs" / "packets" / NAME / "packet.json").read_text(encoding="utf-8"))
    assert packet["handoff"] == packet["handoff"] | {"id": NAME, "title": "2026-04 northwind", "as_of": "2026-04-30"}
    assert sorted(i["number"] for i in packet["invoices"]) == ["2001", "2003", "2004", "2007"]
    kinds = {s["path"]: s["kind"] for s in packet["sources"]}
    assert kinds[f"handoffs/{NAME}/threads/Re INV 2003.eml"] == "email"
    assert kinds[f"handoffs/{NAME}/pdfs/INV-2003.pdf"] == "invoice_pdf"


def test_without_an_as_of_date_the_handoff_says_what_to_fill_in(workspace: Path) -> None:
    notes = workspace.parent / "Downloads" / "april" / "ar channel.txt"
    done = blitz(workspace, "init", "may", str(notes))
    assert done.returncode == 0, done.stderr
    assert 'Blitz found no "As of" date in the files' in done.stdout
    assert "Open handoffs/may/handoff.yaml and settle what Blitz could not tell" in done.stdout
    manifest = (workspace / "handoffs" / "may" / "handoff.yaml").read_text(encoding="utf-8")
    line = manifest.splitlines().index(
        f"as_of: {AS_OF_PLACEHOLDER}  # FILL IN: the date the aging export describes") + 1
    checked = blitz(workspace, "check", "handoffs/may")
    assert checked.returncode == 1
    assert f"handoffs/may/handoff.yaml:{line}: 'as_of'" in checked.stderr
    assert "Expected the date the aging snapshot describes (YYYY-MM-DD)." in checked.stderr
    assert "Traceback" not in checked.stderr


def test_ambiguous_dates_ask_for_the_date_order(workspace: Path, tmp_path: Path) -> None:
    export = tmp_path / "open items.csv"
    export.write_text("A/R Aging Detail\nAs of 2026-04-30\n\nInvoice Number,Customer,Invoice Date,Due Date,"
                      "Open Balance\nA-1,Acme Retail,03/04/2026,04/05/2026,100.00\n", encoding="utf-8")
    done = blitz(workspace, "init", "ambiguous", str(export))
    assert done.returncode == 0, done.stderr
    manifest_path = workspace / "handoffs" / "ambiguous" / "handoff.yaml"
    manifest = manifest_path.read_text(encoding="utf-8")
    assert "could be read month-first or day-first" in manifest
    assert "\n# date_order: MDY  # FILL IN:" in manifest
    assert blitz(workspace, "check", "handoffs/ambiguous").returncode == 1
    manifest_path.write_text(manifest.replace("\n# date_order: MDY", "\ndate_order: MDY"), encoding="utf-8")
    checked = blitz(workspace, "check", "handoffs/ambiguous")
    assert checked.returncode == 0, checked.stderr


def test_init_never_overwrites(workspace: Path) -> None:
    existing = workspace / "handoffs" / "april"
    existing.mkdir()
    (existing / "handoff.yaml").write_text("title: mine\nas_of: 2026-04-30\n")
    done = blitz(workspace, "init", "april", str(MIXED))
    assert done.returncode == 1
    assert "handoffs/april: this handoff already exists; choose another NAME" in done.stderr
    assert sorted(p.name for p in existing.iterdir()) == ["handoff.yaml"]
    assert (existing / "handoff.yaml").read_text() == "title: mine\nas_of: 2026-04-30\n"


def test_usage_mistakes_exit_2_and_write_nothing(workspace: Path) -> None:
    done = blitz(workspace, "init", "../escape", str(MIXED))
    assert done.returncode == 2 and "cannot be a handoff name" in done.stderr
    done = blitz(workspace, "init", "june", str(MIXED), "no-such-file.csv")
    assert done.returncode == 2 and "no-such-file.csv: no such file or folder" in done.stderr
    assert sorted(p.name for p in (workspace / "handoffs").iterdir()) == ["policy.yml"]


def test_same_named_files_are_kept_apart(workspace: Path, tmp_path: Path) -> None:
    for team in ("east", "west"):
        (tmp_path / team).mkdir()
        (tmp_path / team / "Notes.txt").write_text(f"{team}: call Acme about INV-1042 on Monday\n")
    done = blitz(workspace, "init", "notes-only", str(tmp_path / "east"), str(tmp_path / "west"))
    assert done.returncode == 0, done.stderr
    folder = workspace / "handoffs" / "notes-only" / "notes"
    assert (folder / "Notes.txt").read_text().startswith("east:")
    assert (folder / "Notes-2.txt").read_text().startswith("west:")


def test_subfolders_of_a_given_folder_are_kept(workspace: Path) -> None:
    sample = REPO / "handoffs" / "2026-04-aging" / "threads"
    done = blitz(workspace, "init", "threads-only", str(sample))
    assert done.returncode == 0, done.stderr
    copied = workspace / "handoffs" / "threads-only" / "threads"
    originals = sorted(p.relative_to(sample).as_posix() for p in sample.rglob("*") if p.is_file())
    assert sorted(p.relative_to(copied).as_posix() for p in copied.rglob("*") if p.is_file()) == originals
    assert any("/" in name for name in originals), "the sample's threads should have subfolders"


# --- planning, without files ------------------------------------------------------


def reading(kind: str, as_of: date | None = None, problem: str | None = None) -> FileReading:
    problems = (error(Source(path="x"), problem),) if problem else ()
    return FileReading(file=SourceFile(path="x", kind=kind, description="d"),  # type: ignore[arg-type]
                       detected_as_of=as_of, problems=problems)


def test_title_from_name() -> None:
    assert title_from_name("2026-04-aging") == "2026-04 aging"
    assert title_from_name("may_review-east") == "May review east"
    assert title_from_name("q1.2026") == "Q1.2026"


def test_exports_that_disagree_on_the_date_leave_it_to_a_person() -> None:
    plan = plan_handoff("q", [Recognized(given="a.csv", reading=reading("aging", date(2026, 4, 30))),
                              Recognized(given="b/a.csv", reading=reading("aging_summary", date(2026, 3, 31)))])
    assert plan.as_of is None
    assert [dest for _, dest in plan.copies] == ["exports/a.csv", "exports/a-2.csv"]
    assert f"as_of: {AS_OF_PLACEHOLDER}  # FILL IN: the exports disagree" in plan.manifest
    assert "different as-of dates (2026-03-31 in exports/a-2.csv; 2026-04-30 in exports/a.csv)" in plan.unsure[0]


def test_one_date_stated_by_two_exports_is_the_as_of() -> None:
    plan = plan_handoff("q", [Recognized(given="aging.xlsx", reading=reading("aging", date(2026, 4, 30))),
                              Recognized(given="summary.csv", reading=reading("aging_summary", date(2026, 4, 30))),
                              Recognized(given="mail.eml", reading=reading("email"))])
    assert plan.as_of == date(2026, 4, 30)
    assert plan.unsure == ()
    assert "as_of: 2026-04-30  # the \"As of\" date in exports/aging.xlsx, exports/summary.csv" in plan.manifest
    assert "# sources:" not in plan.manifest and "# date_order:" not in plan.manifest
