"""Email: .eml, .mbox and email text pasted into .txt/.md."""

from __future__ import annotations

from generator.intake.model import FileReading, SourceFile
from generator.manifest import Manifest


def looks_like_email(text: str) -> bool:
    return False


def read_mail(data: bytes, rel: str, suffix: str, manifest: Manifest) -> FileReading:
    return FileReading(file=SourceFile(path=rel, kind="unused", description="email reading not built yet"))
