"""Internal notes: Markdown, plain text and Slack copy-paste."""

from __future__ import annotations

from generator.intake.model import FileReading, SourceFile
from generator.manifest import Manifest


def read_notes(text: str, rel: str, manifest: Manifest) -> FileReading:
    return FileReading(file=SourceFile(path=rel, kind="unused", description="note reading not built yet"))
