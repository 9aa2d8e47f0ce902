"""A/R aging exports, invoice lists and contact lists in CSV or XLSX."""

from __future__ import annotations

from generator.intake.model import FileReading, SourceFile
from generator.manifest import Manifest, SourceKind


def read_table(data: bytes, rel: str, suffix: str, kind: SourceKind | None, manifest: Manifest) -> FileReading:
    return FileReading(file=SourceFile(path=rel, kind="unused", description="table reading not built yet"))
