"""Turning the bytes of a text file into text: encodings, BOMs and line endings."""

from __future__ import annotations

from generator.problems import Problem, Source, error

_IGNORE_HINT = "or mark it 'ignore' under sources: in handoff.yaml"


def _utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is NUL, as in text saved as "Unicode" without a BOM."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.9 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.9 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def decode_text(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM), UTF-16 (with a BOM, or plainly so), else Windows-1252.

    Line endings become ``\\n``. Binary data (NUL bytes outside UTF-16) is ``None``
    with a problem.
    """
    sample = data[:8192]
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(sample)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            why = f"the file claims UTF-16 but cannot be read as text; save it as UTF-8, {_IGNORE_HINT}"
            return None, [error(Source(path=rel), why)]
    elif b"\x00" in sample:
        why = f"this is not a text file (it contains binary data); save it as text, {_IGNORE_HINT}"
        return None, [error(Source(path=rel), why)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []
