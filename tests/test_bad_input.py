"""The bad-input matrix: every way a handoff can be broken, told as ``path:line: message``.

Each case starts from a project whose packet was prepared from a good handoff,
breaks the handoff in one way, and runs the real CLI (``python -m generator
prepare``) in a subprocess. It must say what is wrong where (the expected
problem line), never show a traceback or an internal error, and leave the disk
as it should: on failure the previous packet byte for byte and no half-written
folder beside it; on warnings a complete new packet. ``handoffs/`` itself is
never written.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fixtures.safety.handoff import (
    AGING,
    AGING_TITLE,
    HANDOFF,
    NO_PACKET,
    PACKET,
    assert_clean,
    blitz,
    digest,
    make_project,
    problem_lines,
    write_files,
)

H = HANDOFF
HEADER = "Invoice Number,Customer,Invoice Date,Due Date,Amount,Open Balance\n"


def junk(size: int, seed: int, prefix: bytes = b"") -> bytes:
    """Random bytes, the same on every run."""
    return prefix + random.Random(seed).randbytes(size)


def row(number: str = "INV-2001", customer: str = "Zed Supply", due: str = "2026-04-01",
        open_balance: str = "100.00") -> str:
    return f"{number},{customer},2026-03-01,{due},{open_balance},{open_balance}\n"


def manifest(extra: str = "", as_of: str = "2026-04-30") -> str:
    return f"title: Safety review\nas_of: {as_of}\n{extra}"


@dataclass(frozen=True)
class Case:
    """One broken input: the files written into the handoff, and the problem it must give."""

    id: str
    files: dict[str, str | bytes]
    where: str  # the problem's location as printed: "handoffs/h/x.csv:2" or "handoffs/h/x.csv"
    says: str  # words the message must contain
    fails: bool = True  # an error (exit 1, packet kept) rather than a warning (exit 0, packet rewritten)
    policy: str | None = None  # replaces handoffs/policy.yml
    removes: tuple[str, ...] = field(default=())


AS_LIST = "sources:\n  exports/x.csv: invoice_list\n"

CASES = [
    # --- empty files ---------------------------------------------------------------------------
    Case("empty csv", {"exports/empty.csv": b""}, f"{H}/exports/empty.csv", "the file is empty", fails=False),
    Case("empty xlsx", {"exports/empty.xlsx": b""}, f"{H}/exports/empty.xlsx", "the file is empty", fails=False),
    Case("BOM-only csv", {"exports/bom.csv": b"\xef\xbb\xbf\r\n"}, f"{H}/exports/bom.csv", "the file is empty",
         fails=False),
    Case("empty eml", {"threads/empty.eml": b""}, f"{H}/threads/empty.eml", "the file is empty", fails=False),
    Case("empty note", {"notes/empty.md": b""}, f"{H}/notes/empty.md", "the file is empty", fails=False),
    Case("empty txt", {"notes/empty.txt": b"\n\n"}, f"{H}/notes/empty.txt", "the file is empty", fails=False),
    Case("empty pdf", {"pdfs/empty.pdf": b""}, f"{H}/pdfs/empty.pdf", "not a PDF"),
    Case("empty manifest", {"handoff.yaml": ""}, f"{H}/handoff.yaml", "the manifest is empty; write at least"),
    # --- binary junk under a text name -----------------------------------------------------------
    Case("junk csv", {"exports/junk.csv": junk(4000, 1)}, f"{H}/exports/junk.csv",
         "not a readable table (it holds binary data); export the report again"),
    Case("junk xlsx", {"exports/junk.xlsx": junk(4000, 2, b"PK\x03\x04")}, f"{H}/exports/junk.xlsx",
         "the spreadsheet is damaged or not Excel"),
    Case("junk eml", {"threads/junk.eml": junk(4000, 3)}, f"{H}/threads/junk.eml",
         "this is not an email message (it contains binary data)"),
    Case("junk mbox", {"threads/junk.mbox": junk(4000, 4)}, f"{H}/threads/junk.mbox", "not an email message"),
    Case("junk note", {"notes/junk.md": junk(4000, 5)}, f"{H}/notes/junk.md", "not a text file"),
    Case("junk pdf", {"pdfs/junk.pdf": junk(4000, 6, b"%PDF-1.7\n")}, f"{H}/pdfs/junk.pdf", "PDF"),
    Case("outlook msg", {"threads/note.msg": junk(2000, 7, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")},
         f"{H}/threads/note.msg", "Outlook .msg file"),
    # --- missing required columns, when the manifest or the title says what the file is ----------
    Case("aging without number and balance",
         {"exports/x.csv": "Customer,Date,Memo\nZed Supply,2026-04-01,April\n",
          "handoff.yaml": manifest("sources:\n  exports/x.csv: aging\n")},
         f"{H}/exports/x.csv:1", "Found: 'Customer', 'Date', 'Memo'"),
    Case("aging names what it needs",
         {"exports/x.csv": "Customer,Date,Memo\nZed Supply,2026-04-01,April\n",
          "handoff.yaml": manifest("sources:\n  exports/x.csv: aging\n")},
         f"{H}/exports/x.csv:1", "no column for the invoice number"),
    Case("invoice list without columns",
         {"exports/x.csv": "Reference,Notes\nA,B\n", "handoff.yaml": manifest(AS_LIST)},
         f"{H}/exports/x.csv:1", "says this file is an invoice list, but it has no column for the invoice number"),
    Case("invoice list shows its first row",
         {"exports/x.csv": "Reference,Notes\nA,B\n", "handoff.yaml": manifest(AS_LIST)},
         f"{H}/exports/x.csv:1", "Found: no column names; the first row holds 'Reference', 'Notes'"),
    Case("contacts without email",
         {"exports/c.csv": "Customer,Phone,Terms\nZed Supply,555-0100,Net 30\n",
          "handoff.yaml": manifest("sources:\n  exports/c.csv: contacts\n")},
         f"{H}/exports/c.csv:1", "no column for the email address ('Email' or 'Main Email'). Found: 'Customer'"),
    Case("titled aging without columns",
         {"exports/x.csv": "A/R Aging Detail\nAs of April 30, 2026\n\nCustomer,Date,Memo\nZed,2026-04-01,x\n"},
         f"{H}/exports/x.csv:4", "title says it is an A/R aging"),
    # --- duplicates and disagreements ------------------------------------------------------------
    Case("duplicate invoice in one export",
         {"exports/x.csv": HEADER + row() + row()}, f"{H}/exports/x.csv:3",
         "INV-2001 appears more than once in this export (first at line 2)", fails=False),
    Case("same invoice, two exports, two amounts",
         {"exports/x.csv": AGING.replace('"18,400.00","18,400.00"', '"18,400.00","18,000.00"')},
         f"{H}/exports/x.csv:5",
         "INV-1042 is also in handoffs/h/exports/aging.csv line 5 with a different open balance "
         "(USD 18,400.00 there, USD 18,000.00 here)", fails=False),
    Case("same invoice, two exports, one amount",
         {"exports/x.csv": AGING},
         f"{H}/exports/x.csv:5", "its balance would count twice", fails=False),
    # --- dates -------------------------------------------------------------------------------------
    Case("February 30", {"exports/x.csv": HEADER + row(due="2026-02-30")}, f"{H}/exports/x.csv:2",
         "2026-02-30 is not a real date (February 2026 has 28 days)"),
    Case("month 13", {"exports/x.csv": HEADER + row(due="2026-13-01")}, f"{H}/exports/x.csv:2",
         "there is no month 13"),
    Case("mixed day/month order",
         {"exports/x.csv": HEADER + row("A-1", due="25/03/2026") + row("A-2", due="03/25/2026")},
         f"{H}/exports/x.csv:3", "written both day-first (line 2: 25/03/2026) and month-first"),
    Case("day/month never settled",
         {"exports/x.csv": "Invoice Number,Customer,Due Date,Open Balance\nA-1,Zed,03/04/2026,1.00\n"},
         f"{H}/exports/x.csv:2", "add 'date_order: MDY'"),
    Case("due in 2999", {"exports/x.csv": HEADER + row(due="2999-04-01")}, f"{H}/exports/x.csv:2",
         "2999-04-01 is more than 10 years after the as-of date (2026-04-30)"),
    Case("due on 9999-12-31", {"exports/x.csv": HEADER + row(due="9999-12-31")}, f"{H}/exports/x.csv:2",
         "9999-12-31 is more than 10 years after the as-of date"),
    Case("due in year 1", {"exports/x.csv": HEADER + row(due="0001-01-01")}, f"{H}/exports/x.csv:2",
         "is before 1900"),
    Case("mail dated 9999",
         {"threads/x.eml": "From: a@zed.example\nSubject: INV-2001\nDate: Fri, 31 Dec 9999 23:59:59 -1200\n\nHi\n"},
         f"{H}/threads/x.eml:1", "could not read the date 'Fri, 31 Dec 9999 23:59:59 -1200'", fails=False),
    Case("export states another as-of date",
         {"exports/aging.csv": AGING.replace("As of April 30, 2026", "As of March 31, 2026")},
         f"{H}/exports/aging.csv", "this export says it is as of 2026-03-31, but handoff.yaml says as_of: 2026-04-30",
         fails=False),
    # --- amounts that are not amounts ------------------------------------------------------------
    Case("a lone dollar sign", {"exports/x.csv": HEADER + row(open_balance="$")}, f"{H}/exports/x.csv:2",
         "has '$', which is not an amount"),
    Case("scientific notation", {"exports/x.csv": HEADER + row(open_balance="1e5")}, f"{H}/exports/x.csv:2",
         "has '1e5', which is not an amount"),
    Case("29 nines", {"exports/x.csv": HEADER + row(open_balance="9" * 29)}, f"{H}/exports/x.csv:2",
         "which is not an amount"),
    Case("NaN", {"exports/x.csv": HEADER + row(open_balance="NaN")}, f"{H}/exports/x.csv:2", "not an amount"),
    Case("two currencies", {"exports/x.csv": HEADER + row(open_balance='"USD 1,200 EUR"')}, f"{H}/exports/x.csv:2",
         "not an amount"),
    Case("a dash", {"exports/x.csv": HEADER + "INV-2001,Zed Supply,2026-03-01,2026-04-01,-,-\n"},
         f"{H}/exports/x.csv:2", "INV-2001 has no open balance", fails=False),
    Case("N/A", {"exports/x.csv": HEADER + "INV-2001,Zed Supply,2026-03-01,2026-04-01,N/A,N/A\n"},
         f"{H}/exports/x.csv:2", "INV-2001 has no open balance", fails=False),
    # --- size ----------------------------------------------------------------------------------------
    Case("a 1 MB cell", {"exports/x.csv": HEADER + "INV-2001,Zed" + "z" * 1_000_000 + ",2026-03-01,2026-04-01,1,1\n"},
         f"{H}/exports/x.csv:2", "not a readable table here"),
    Case("a manifest over 1 MB", {"handoff.yaml": manifest("notes: " + "x" * 1_100_000 + "\n")},
         f"{H}/handoff.yaml", "larger than 1 MB"),
    # --- the manifest ------------------------------------------------------------------------------
    Case("manifest is a list", {"handoff.yaml": "- title\n- as_of\n"}, f"{H}/handoff.yaml",
         "must be a list of 'key: value' lines"),
    Case("manifest is a word", {"handoff.yaml": "April\n"}, f"{H}/handoff.yaml", "must be a list of 'key: value'"),
    Case("title is a list", {"handoff.yaml": "title: [a, b]\nas_of: 2026-04-30\n"}, f"{H}/handoff.yaml:1",
         "'title': should be text"),
    Case("as_of is a number", {"handoff.yaml": "title: T\nas_of: 5\n"}, f"{H}/handoff.yaml:2",
         "'as_of': should be a date written YYYY-MM-DD"),
    Case("sources is a list", {"handoff.yaml": manifest("sources: [exports/aging.csv]\n")}, f"{H}/handoff.yaml:3",
         "'sources': should be 'name: value' lines"),
    Case("unknown source kind", {"handoff.yaml": manifest("sources:\n  exports/aging.csv: spreadsheet\n")},
         f"{H}/handoff.yaml:3", "'sources.exports/aging.csv'"),
    Case("misspelt key", {"handoff.yaml": manifest("titel: x\n")}, f"{H}/handoff.yaml:3",
         "unknown key 'titel'; did you mean 'title'?"),
    Case("YAML bomb", {"handoff.yaml": manifest('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                                                 "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b]\n")},
         f"{H}/handoff.yaml:4:8", "YAML aliases (*name) are not allowed"),
    Case("python tag", {"handoff.yaml": "title: !!python/object/apply:os.system ['touch pwned']\nas_of: 2026-04-30\n"},
         f"{H}/handoff.yaml:1:8", "custom YAML tags (!tag) are not allowed"),
    Case("custom tag", {"handoff.yaml": "title: !vault secret\nas_of: 2026-04-30\n"}, f"{H}/handoff.yaml:1:8",
         "custom YAML tags"),
    Case("broken YAML", {"handoff.yaml": "title: [April\nas_of: 2026-04-30\n"}, f"{H}/handoff.yaml:2:6",
         "expected ',' or ']'"),
    Case("as_of missing", {"handoff.yaml": "title: April review\n"}, f"{H}/handoff.yaml", "'as_of' is required"),
    Case("as_of February 30", {"handoff.yaml": manifest(as_of="2026-02-30")}, f"{H}/handoff.yaml:2:8",
         "2026-02-30 is not a real date"),
    Case("as_of in the future", {"handoff.yaml": manifest(as_of="2199-04-30")}, f"{H}/handoff.yaml:2",
         "as_of is 2199-04-30, later than today"),
    Case("as_of in year 1", {"handoff.yaml": manifest(as_of="0001-01-01")}, f"{H}/handoff.yaml:2",
         "'as_of': should be a date between 1900 and 2200"),
    Case("latin-1 manifest", {"handoff.yaml": "title: Caf\xe9\nas_of: 2026-04-30\n".encode("latin-1")},
         f"{H}/handoff.yaml", "not UTF-8 text; save it as UTF-8"),
    Case("UTF-16 manifest", {"handoff.yaml": manifest().encode("utf-16")}, f"{H}/handoff.yaml", "not UTF-8"),
    Case("no manifest", {}, H, "no handoff.yaml here", removes=("handoff.yaml",)),
    # --- the team's policy ---------------------------------------------------------------------------
    Case("policy is a list", {}, "handoffs/policy.yml", "the policy must be a list", policy="- Carol\n"),
    Case("policy bomb", {}, "handoffs/policy.yml:2:4", "aliases", policy="approvers: &a []\nx: *a\n"),
    Case("policy wrong type", {}, "handoffs/policy.yml:1", "'approvers'", policy="approvers: carol@example.com\n"),
]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose packet was prepared from the good handoff."""
    root = make_project(tmp_path_factory.mktemp("good") / "project")
    done = blitz(root, "prepare", HANDOFF)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "the good handoff should prepare without problems"
    return root


def copy_of(prepared: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(prepared, root, symlinks=True)
    return root


def apply(root: Path, case: Case) -> None:
    for rel in case.removes:
        (root / HANDOFF / rel).unlink()
    write_files(root / HANDOFF, case.files)
    if case.policy is not None:
        (root / "handoffs" / "policy.yml").write_text(case.policy, encoding="utf-8")


def assert_problem_lines(root: Path, stderr: str) -> None:
    """Every line is ``path[:line[:col]]: message`` with a real path relative to the root, or the closing advice."""
    lines = [line for line in stderr.splitlines() if line and line != NO_PACKET]
    matches = problem_lines(stderr)
    assert len(matches) == len(lines), f"lines not in path:line: message form:\n{stderr}"
    for match in matches:
        assert (root / match["path"]).exists(), f"{match['path']} is not a path from the repository root"


def assert_complete_packet(root: Path) -> None:
    packet = root / PACKET
    data = json.loads((packet / "packet.json").read_text("utf-8"))
    assert data["handoff"]["id"] == "h"
    for draft in data["drafts"]:
        assert (packet / draft["path"]).is_file()
    assert (packet / "index.md").is_file()


def assert_nothing_beside_the_packet(root: Path) -> None:
    assert sorted(p.name for p in (root / "docs" / "packets").iterdir()) == ["h"], "a staging folder was left"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_a_problem_with_its_place(case: Case, prepared: Path, tmp_path: Path) -> None:
    root = copy_of(prepared, tmp_path)
    packet_before = digest(root / PACKET)
    apply(root, case)
    handoffs_before = digest(root / "handoffs")

    done = blitz(root, "prepare", HANDOFF)

    assert_clean(done)
    assert any(m["message"] and m.group(0).startswith(f"{case.where}: ") and case.says in m.group(0)
               for m in problem_lines(done.stderr)), f"expected {case.where}: …{case.says}… in:\n{done.stderr}"
    assert_problem_lines(root, done.stderr)
    if case.fails:
        assert done.returncode == 1
        assert NO_PACKET in done.stderr
        assert digest(root / PACKET) == packet_before, "the previous packet changed"
    else:
        assert done.returncode == 0, done.stderr
        assert f"{case.where}: warning: " in done.stderr
        assert_complete_packet(root)
    assert_nothing_beside_the_packet(root)
    assert digest(root / "handoffs") == handoffs_before, "the handoff was written to"


def test_the_matrix_is_as_large_as_the_security_page_says() -> None:
    """docs/security.md quotes the number of cases; keep it true."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text("utf-8")
    total = len(CASES) + len(AMOUNTS) + len(ENCODINGS) + len(LARGE)
    assert f"{total} bad-input cases" in page, f"docs/security.md should say '{total} bad-input cases'"


def test_check_says_the_same_as_prepare_and_writes_nothing(prepared: Path, tmp_path: Path) -> None:
    root = copy_of(prepared, tmp_path)
    case = next(c for c in CASES if c.id == "February 30")
    apply(root, case)
    docs_before = digest(root / "docs")
    checked = blitz(root, "check", HANDOFF)
    prepared_run = blitz(root, "prepare", HANDOFF)
    assert checked.returncode == prepared_run.returncode == 1
    assert problem_lines(checked.stderr) and [m.group(0) for m in problem_lines(checked.stderr)] == [
        m.group(0) for m in problem_lines(prepared_run.stderr)
    ]
    assert digest(root / "docs") == docs_before


# --- amounts as exports write them: read exactly, or refused -------------------------------------------

AMOUNTS = [
    ('"1.234,56"', "1234.56", "USD"),
    ('"12 345,00"', "12345.00", "USD"),
    ('"USD 1,200"', "1200.00", "USD"),
    ('"$4,250.00"', "4250.00", "USD"),
    ("(1234.56)", "-1234.56", "USD"),
    ('"1,234.56-"', "-1234.56", "USD"),
    ('"€1.234,56"', "1234.56", "EUR"),
    ("0.10", "0.10", "USD"),
]


@pytest.mark.parametrize(("cell", "amount", "currency"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amounts_are_read_exactly_as_written(cell: str, amount: str, currency: str, prepared: Path,
                                             tmp_path: Path) -> None:
    root = copy_of(prepared, tmp_path)
    write_files(root / HANDOFF, {"exports/x.csv": HEADER + row(open_balance=cell)})
    done = blitz(root, "prepare", HANDOFF)
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    invoices = json.loads((root / PACKET / "packet.json").read_text("utf-8"))["invoices"]
    found = [i for i in invoices if i["number"] == "INV-2001"]
    assert [(i["open_amount"], i["currency"]) for i in found] == [(amount, currency)]


# --- encodings, byte-order marks and line endings: read, not refused -------------------------------------

ZOE_AGING = AGING_TITLE + (
    "Invoice Number,Customer,Invoice Date,Due Date,Amount,Open Balance,Email\n"
    "INV-2001,Café Zoë,2026-03-01,2026-04-01,250.00,250.00,zoe@cafe-zoe.example\n"
)
ZOE_MAIL = (
    "From: Zoë Müller <zoe@cafe-zoe.example>\nTo: ar@harborlight.example.com\nSubject: INV-2001\n"
    "Date: Mon, 20 Apr 2026 10:00:00 +0000\nMessage-ID: <zoe-1@cafe-zoe.example>\n\n"
    "We dispute INV-2001: the crème brûlée order was wrong.\n"
)
ENCODINGS = [(codec, newline) for codec in ("latin-1", "cp1252", "utf-16", "utf-8-sig")
             for newline in ("\n", "\r\n", "\r")]


@pytest.mark.parametrize(("codec", "newline"), ENCODINGS, ids=[f"{c}-{n!r}" for c, n in ENCODINGS])
def test_encodings_and_line_endings_are_read(codec: str, newline: str, prepared: Path, tmp_path: Path) -> None:
    """An export, an email and a pasted email in the same encoding and line ending, read like UTF-8 ones."""
    root = copy_of(prepared, tmp_path)
    files = {"exports/zoe.csv": ZOE_AGING, "threads/zoe.eml": ZOE_MAIL,
             "threads/zoe-pasted.txt": ZOE_MAIL.replace("zoe-1@", "zoe-2@")}
    write_files(root / HANDOFF, {rel: text.replace("\n", newline).encode(codec) for rel, text in files.items()})
    done = blitz(root, "prepare", HANDOFF)
    assert_clean(done)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    data = json.loads((root / PACKET / "packet.json").read_text("utf-8"))
    (zoe,) = [i for i in data["invoices"] if i["number"] == "INV-2001"]
    assert zoe["customer"] == "Café Zoë"
    assert zoe["status"] == "dispute"
    assert any("crème brûlée" in e["quote"] for e in zoe["evidence"]), zoe["evidence"]


# --- size: bounded time, a clear answer ------------------------------------------------------------------

BIG_MAIL_HEAD = "From: a@acme-retail.example.com\nSubject: INV-1042\nDate: Mon, 20 Apr 2026 10:00:00 +0000\n\n"
LARGE = ["20 MB email", "200,000-row export", "1 MB line in a note", "1 MB line in an email",
         "130,000-character customer name"]


def _large(name: str) -> dict[str, str | bytes]:
    if name == "20 MB email":
        return {"threads/big.eml": BIG_MAIL_HEAD + ("We will pay INV-1042 soon. " * 40 + "\n") * 19_000}
    if name == "200,000-row export":
        rows = "".join(f"INV-{300000 + i},Customer {i % 3000},2026-03-01,2026-04-01,{i % 997}.50,{i % 997}.50\n"
                       for i in range(200_000))
        return {"exports/big.csv": HEADER + rows}
    if name == "130,000-character customer name":  # once took minutes: every leading part of a name was indexed
        return {"exports/x.csv": HEADER + row(customer="Zq " * 43_000)}
    if name == "1 MB line in a note":
        return {"notes/long.md": "# Memo\n\nAcme Retail INV-1042 " + "a.b@c " * 170_000 + "\n"}
    return {"threads/long.eml": BIG_MAIL_HEAD + "About INV-1042 " + "x" * 1_000_000 + "\n"}


@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE)
def test_large_inputs_finish_in_bounded_time(name: str, prepared: Path, tmp_path: Path) -> None:
    root = copy_of(prepared, tmp_path)
    files = _large(name)
    write_files(root / HANDOFF, files)
    packet_before = digest(root / PACKET)
    started = time.monotonic()
    done = blitz(root, "prepare", HANDOFF, timeout=300)
    took = time.monotonic() - started
    assert_clean(done)
    assert took < (10 if name.startswith("130,000") else 60), f"{name} took {took:.0f} s"
    assert_problem_lines(root, done.stderr)
    if name == "20 MB email":
        assert done.returncode == 0
        assert f"{H}/threads/big.eml:1: warning: this message is very long" in done.stderr
    elif name == "200,000-row export":
        assert done.returncode == 1
        assert f"{H}: the exports list 200,004 open items; one packet holds at most 100,000" in done.stderr
        assert digest(root / PACKET) == packet_before
    else:
        assert done.returncode == 0, done.stderr
        assert_complete_packet(root)
    assert_nothing_beside_the_packet(root)


def test_a_long_run_without_an_at_sign_is_searched_in_linear_time() -> None:
    """Regression: address search tried a long word from every position (a 1 MB line took hours)."""
    from generator.analyze.names import emails_in

    started = time.monotonic()
    assert emails_in("x" * 2_000_000) == []
    assert emails_in("write to " + "y" * 100_000 + "@example.com") == ["y" * 100_000 + "@example.com"]
    assert time.monotonic() - started < 5
