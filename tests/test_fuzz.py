"""Fuzzing intake: whatever bytes a file holds, reading it never raises and every problem names the file.

Two targets, both driven by hypothesis:

- ``read_file`` for every file type Blitz recognizes (and with every kind the
  manifest can name), fed arbitrary bytes and structured mutations of real
  files: the project's fixture exports, emails, notes and invoice PDFs, and a
  spreadsheet made here. A reading must keep every fact and problem pointed at
  its file, hold only text a file can store (no lone surrogates), amounts that
  are finite and dates the later stages can count with.
- the whole pipeline (``prepare``) on small handoffs whose cells, mail and notes
  are generated, so what intake lets through cannot crash analysis, drafting or
  rendering either.

``BLITZ_FUZZ_EXAMPLES`` sets the examples per test (1,000 by default, as in
``make test``, where the examples are the same on every run so a failure is
reproducible; the pipeline test runs a fifth as many); ``make fuzz`` runs
20,000 per test with fresh random examples.
Every crash found became a regression test in ``tests/test_bad_input.py`` or
below.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import prepare
from generator.intake.model import FileReading
from generator.intake.readers import read_file
from generator.manifest import Manifest, SourceKind
from generator.problems import Frozen

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EXAMPLES = 1000
EXAMPLES = int(os.environ.get("BLITZ_FUZZ_EXAMPLES", str(DEFAULT_EXAMPLES)))
EXPLORING = EXAMPLES > DEFAULT_EXAMPLES  # make fuzz: new random examples each run; make test: the same ones
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not EXPLORING, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
PIPELINE = settings(FUZZ, max_examples=max(20, EXAMPLES // 5))

SUFFIXES = [".csv", ".tsv", ".xlsx", ".xls", ".eml", ".mbox", ".msg", ".txt", ".md", ".pdf", ".bin"]
KINDS: list[SourceKind | None] = [None, "aging", "invoice_list", "contacts", "email", "notes", "invoice_pdf"]
MANIFESTS = [
    Manifest(title="Fuzz", as_of=dt.date(2026, 4, 30)),
    Manifest(title="Fuzz", as_of=dt.date(2026, 4, 30), date_order="DMY", currency="EUR"),
    Manifest(title="Fuzz", as_of=dt.date(2000, 2, 29), date_order="MDY", currency="JPY"),
]
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def seed_files() -> dict[str, bytes]:
    """Real files to mutate: fixtures, the sample handoff, and a spreadsheet made here."""
    seeds: dict[str, bytes] = {}
    for folder in ("tests/fixtures/exports", "tests/fixtures/mail", "tests/fixtures/notes",
                   "handoffs/2026-04-aging/exports", "handoffs/2026-04-aging/pdfs", "handoffs/2026-04-aging/notes",
                   "handoffs/2026-04-aging/threads"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.stat().st_size < 200_000:
                seeds[path.relative_to(REPO).as_posix()] = path.read_bytes()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["A/R Aging Detail"])
    sheet.append(["As of April 30, 2026"])
    sheet.append(["Customer", "Num", "Date", "Due Date", "Open Balance"])
    sheet.append(["Acme Retail", "INV-1042", dt.date(2026, 3, 12), dt.date(2026, 4, 11), 18400.0])
    sheet.append(["Globex", 1051, "3/27/2026", "2026-04-26", "6,215.50"])
    buffer = io.BytesIO()
    book.save(buffer)
    seeds["made/aging.xlsx"] = buffer.getvalue()
    return seeds


SEEDS = seed_files()
SEED_NAMES = sorted(SEEDS)

# Lines that have surprised parsers: hostile markup, odd numbers and dates, encodings, huge repeats.
NASTY_LINES = [
    "", "\x00", "\ufeff", "\r", "From x", ">From x", "--", "=?utf-8?b?////?=", "=?x?q?=ZZ?=",
    "Content-Type: multipart/mixed; boundary=\"\"", "Content-Transfer-Encoding: base64", "Date: 31/31/31",
    "Date: Fri, 31 Dec 9999 23:59:59 -1200", "Subject: " + "Re: " * 200, "1e308", "9" * 40, "(", ")", "-0",
    "$", "€", "NaN", "Infinity", "0x1F", "2026-02-30", "99/99/9999", "31.12.9999", "\u202e", "\udcff".encode(
        "utf-8", "surrogatepass").decode("utf-8", "replace"), "<script>alert(1)</script>", "{{7*7}}", "{% raw %}",
    "---", "...", "- [x](javascript:alert(1))", "!!! danger", "|" * 50, ",,,,,,,,", '"', '""""', ";" * 30,
    "\t" * 20, "INV-" * 50, "@" * 100, "a@" * 100,
]


def mutate(data: bytes, draw: Any) -> bytes:
    """One structured change to a file's bytes."""
    how = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate", "splice", "line", "nasty"]))
    size = len(data)
    at = draw(st.integers(0, max(0, size)))
    if how == "flip" and size:
        at = min(at, size - 1)
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    if how == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    if how == "delete":
        return data[:at] + data[at + draw(st.integers(1, 512)):]
    if how == "truncate":
        return data[:at]
    if how == "duplicate":
        end = min(size, at + draw(st.integers(1, 4096)))
        return data[:end] + data[at:end] * draw(st.integers(1, 20)) + data[end:]
    if how == "splice":
        other = SEEDS[draw(st.sampled_from(SEED_NAMES))]
        cut = draw(st.integers(0, len(other)))
        return data[:at] + other[cut:]
    lines = data.split(b"\n")
    index = draw(st.integers(0, max(0, len(lines) - 1)))
    if how == "line":
        text = draw(st.text(max_size=200))
        lines[index] = text.encode("utf-8", "surrogatepass")
    else:
        lines.insert(index, draw(st.sampled_from(NASTY_LINES)).encode("utf-8", "surrogatepass"))
    return b"\n".join(lines)


@st.composite
def mutated(draw: Any) -> tuple[str, bytes]:
    name = draw(st.sampled_from(SEED_NAMES))
    data = SEEDS[name]
    for _ in range(draw(st.integers(1, 4))):
        data = mutate(data, draw)
    return name, data


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Frozen):
        for name in type(value).model_fields:
            yield from strings_in(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings_in(item)


def walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, Frozen):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from walk(item)


def check_reading(reading: FileReading, rel: str) -> None:
    """What every reading must be, whatever the input."""
    assert reading.file.path == rel
    for problem in reading.problems:
        assert problem.source.path == rel, problem
        assert problem.message.strip(), problem
        assert "Traceback" not in problem.message
    for item in walk(reading):
        source = getattr(item, "source", None)
        if source is not None and hasattr(source, "path"):
            assert source.path == rel, item
        if isinstance(item, Decimal):
            assert item.is_finite() and abs(item) < Decimal(10) ** 18, item
        if isinstance(item, dt.datetime):
            assert EARLIEST.year <= item.year <= LATEST.year, item
            item.astimezone(dt.UTC)  # what the analysis does with it: must not overflow
        elif isinstance(item, dt.date):
            assert EARLIEST <= item <= LATEST, item
            item + dt.timedelta(days=366)  # date arithmetic must not overflow
    for text in strings_in(reading):
        text.encode("utf-8")  # a lone surrogate would crash writing the packet


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="blitz-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def read_bytes(scratch: Path, data: bytes, suffix: str, kind: SourceKind | None, manifest: Manifest) -> None:
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    rel = f"handoffs/fuzz/input{suffix}"
    check_reading(read_file(path, rel, kind, manifest), rel)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES), kind=st.sampled_from(KINDS),
       manifest=st.sampled_from(MANIFESTS))
def test_arbitrary_bytes_never_break_intake(scratch: Path, data: bytes, suffix: str, kind: SourceKind | None,
                                            manifest: Manifest) -> None:
    read_bytes(scratch, data, suffix, kind, manifest)


@FUZZ
@given(seed=mutated(), kind=st.sampled_from([None, None, None, *KINDS]), manifest=st.sampled_from(MANIFESTS),
       rename=st.sampled_from([None, *SUFFIXES]))
# Found by make fuzz: a chat divider dated 9999 gave notes a date no day arithmetic survives.
@example(seed=("notes/slack.md", b"31.12.9999\n\n\nJordan Pike  4:58 PM\nAcme answered on INV-1042.\n"),
         kind=None, manifest=MANIFESTS[0], rename=None)
# Found by make fuzz: an export titled "As of April 30, 3026" stated that as its report date.
@example(seed=("exports/aging.csv", b"As of April 30, 3026\nA/R Aging Detail\n\nNo.,Customer,Due Date,Open Balance\n"
                                    b"1042,Acme Retail,04/11/2026,\"18,400.00\"\n"),
         kind=None, manifest=MANIFESTS[0], rename=None)
def test_mutated_real_files_never_break_intake(scratch: Path, seed: tuple[str, bytes], kind: SourceKind | None,
                                               manifest: Manifest, rename: str | None) -> None:
    name, data = seed
    read_bytes(scratch, data, rename or Path(name).suffix, kind, manifest)


@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".csv", ".eml", ".txt", ".md", ".mbox"]),
       codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
       manifest=st.sampled_from(MANIFESTS))
def test_arbitrary_text_in_any_encoding_never_breaks_intake(scratch: Path, text: str, suffix: str, codec: str,
                                                            manifest: Manifest) -> None:
    read_bytes(scratch, text.encode(codec, errors="replace"), suffix, None, manifest)


# --- the whole pipeline on generated handoffs -------------------------------------------------------

cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-", "N/A", "$", "1e5", "9" * 19, "(1,234.56)", "1.234,56", "12 345,00", "USD 1,200",
                     "2026-02-30", "9999-12-31", "0001-01-01", "03/04/2026", "31/12/2026", "12/31/2026",
                     "Acme Retail", "INV-1042", "=HYPERLINK(\"http://x\")", "<b>x</b>", "{{ 7*7 }}"]),
)
dates = st.one_of(st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.isoformat()), cells)
words = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["We dispute INV-1042.", "We will pay INV-1042 on 12/31/9999.", "Payment plan: 3 installments",
                     "Chapter 11", "Do not chase Acme until 9999-12-31", "paid by check #1042 on Feb 30",
                     "Out of office until 31.12.9999", "INV-1042 INV-1042 INV-1042 " * 20,
                     "Acme Retail promised INV-1042 by tomorrow", "net 99999 days"]),
)


def csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@PIPELINE
@given(rows=st.lists(st.tuples(cells, cells, dates, cells), min_size=1, max_size=6),
       mail=st.lists(st.tuples(words, words, st.one_of(dates, st.just("Mon, 20 Apr 2026 10:00:00 +0000"))),
                     max_size=3),
       note=words, as_of=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
# Found by make fuzz: a promise "by 12/30/9999" crashed the next-step planning.
@example(rows=[("1042", "", "2000-01-01", "")], mail=[], note='WILL PAY"INV1042:12/30/9999',
         as_of=dt.date(2000, 1, 1))
def test_generated_handoffs_never_break_the_pipeline(scratch: Path, rows: list[tuple[str, str, str, str]],
                                                     mail: list[tuple[str, str, str]], note: str,
                                                     as_of: dt.date) -> None:
    root = scratch / "pipeline"
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "handoffs" / "fuzz"
    folder.mkdir(parents=True)
    (folder / "handoff.yaml").write_text(f"title: Fuzz\nas_of: {as_of.isoformat()}\n", encoding="utf-8")
    table = "A/R Aging Detail\nInvoice Number,Customer,Due Date,Open Balance\n" + "".join(
        ",".join(csv_field(c) for c in row) + "\n" for row in rows)
    (folder / "aging.csv").write_text(table, encoding="utf-8", errors="surrogatepass")
    for index, (subject, body, date) in enumerate(mail):
        message = (f"From: Someone <a{index}@acme-retail.example>\nTo: ar@example.com\n"
                   f"Subject: {' '.join(subject.split())}\nDate: {' '.join(date.split())}\n"
                   f"Message-ID: <m{index}@acme-retail.example>\n\n{body}\n")
        (folder / f"m{index}.eml").write_bytes(message.encode("utf-8", "surrogatepass"))
    (folder / "note.md").write_bytes(f"# Notes\n\n{note}\n".encode("utf-8", "surrogatepass"))

    packet, problems = prepare(folder, root)

    for problem in problems:
        assert problem.source.path.startswith("handoffs/"), problem
    if packet is not None:
        for rel, page in packet.pages.items():
            assert not rel.startswith(("/", "..")) and "/../" not in rel, rel
            page.encode("utf-8")
