"""Recognition by content: which reader a file goes to, whatever it is called."""

from __future__ import annotations

from pathlib import Path

from generator.intake import mail, notes, pdf, tables
from generator.intake.model import FileReading, SourceFile
from generator.intake.text import decode_text
from generator.manifest import Manifest, SourceKind
from generator.problems import Source, error

MAX_FILE_BYTES = 100 * 1024 * 1024
TABLE_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm", ".xls"}
TABLE_KINDS = {"aging", "invoice_list", "contacts"}
MAIL_SUFFIXES = {".eml", ".mbox", ".msg"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def unused(rel: str, why: str) -> FileReading:
    return FileReading(file=SourceFile(path=rel, kind="unused", description=why))


def is_table(path: Path, kind: SourceKind | None) -> bool:
    """Whether ``read_file`` reads this file as a table: the manifest says so, or its name does."""
    return kind in TABLE_KINDS or (kind is None and path.suffix.lower() in TABLE_SUFFIXES)


def read_file(path: Path, rel: str, kind: SourceKind | None, manifest: Manifest) -> FileReading:
    """Read one file as ``kind`` if the manifest names it, else as its content suggests."""
    if kind == "ignore":
        return unused(rel, "ignored, as the manifest says")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return FileReading(
                file=SourceFile(path=rel, kind="unused", description="too large to read"),
                problems=(error(Source(path=rel), "the file is larger than 100 MB and was not read"),),
            )
        data = path.read_bytes()
    except OSError as exc:
        return FileReading(
            file=SourceFile(path=rel, kind="unused", description="could not be read"),
            problems=(error(Source(path=rel), f"cannot read the file ({exc.strerror})"),),
        )
    suffix = path.suffix.lower()
    if is_table(path, kind):
        return tables.read_table(data, rel, suffix, kind, manifest)
    if kind == "invoice_pdf" or (kind is None and suffix == ".pdf"):
        return pdf.read_pdf(data, rel, manifest)
    if kind == "email" or (kind is None and suffix in MAIL_SUFFIXES):
        return mail.read_mail(data, rel, suffix, manifest)
    if kind == "notes" or (kind is None and suffix in TEXT_SUFFIXES):
        text, problems = decode_text(data, rel)
        if text is None:
            not_text = SourceFile(path=rel, kind="unused", description="not text")
            return FileReading(file=not_text, problems=tuple(problems))
        if kind is None and mail.looks_like_email(text):
            return mail.read_mail(data, rel, suffix, manifest)
        return notes.read_notes(text, rel, manifest)
    return unused(rel, f"not a kind of file Blitz reads ({suffix or 'no extension'})")
