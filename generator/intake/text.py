"""Turning the bytes of a text file into text: encodings, BOMs and line endings."""

from __future__ import annotations

from generator.problems import Problem, Source, error


def decode_text(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252/Latin-1.

    Line endings become ``\\n``. Binary data (NUL bytes outside UTF-16) is ``None``
    with a problem.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, [error(Source(path=rel), "the file claims UTF-16 but cannot be read as text")]
    elif b"\x00" in data[:8192]:
        return None, [error(Source(path=rel), "this is not a text file (it contains binary data)")]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
