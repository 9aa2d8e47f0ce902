"""Invoice PDFs: the text they carry (invoice number, PO, total)."""

from __future__ import annotations

from generator.intake.model import FileReading, SourceFile
from generator.manifest import Manifest


def read_pdf(data: bytes, rel: str, manifest: Manifest) -> FileReading:
    return FileReading(file=SourceFile(path=rel, kind="unused", description="PDF reading not built yet"))
