"""The read-only floor for ``blitz prepare``: read the same files, decide nothing, write nothing.

    python benchmarks/floor_read.py HANDOFF_DIR

Tables are read with pandas (CSV with the C parser after the title block,
XLSX with calamine), every ``.eml`` with the standard library's email parser
down to the text of each part, and notes as UTF-8 text. A prepare that took
no longer than this would have spent its time only reading its inputs.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import sys
import time
from pathlib import Path

import pandas as pd

TABLES = {".csv", ".xlsx"}
MAIL = {".eml"}
TEXT = {".md", ".txt", ".yaml", ".yml"}


def _header_row(text: str) -> int:
    """The first line with as many fields as the widest of the first lines: the column header."""
    lines = text.split("\n", 60)[:60]
    widths = [line.count(",") for line in lines]
    return widths.index(max(widths))


def read_table(path: Path) -> int:
    if path.suffix == ".xlsx":
        return len(pd.read_excel(path, engine="calamine", header=None, dtype=str))
    text = path.read_bytes().decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), skiprows=_header_row(text), dtype=str, keep_default_na=False)
    return len(frame)


def read_mail(path: Path) -> int:
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    chars = 0
    for part in message.walk():
        if part.get_content_maintype() == "text":
            chars += len(part.get_content())  # type: ignore[attr-defined]
    return chars


def main(folder: Path) -> dict[str, int | float]:
    started = time.perf_counter()
    rows = messages = chars = notes = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix in TABLES:
            rows += read_table(path)
        elif suffix in MAIL:
            chars += read_mail(path)
            messages += 1
        elif suffix in TEXT:
            notes += len(path.read_text("utf-8").splitlines())
    return {"rows": rows, "messages": messages, "text_chars": chars, "note_lines": notes,
            "seconds": round(time.perf_counter() - started, 3)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
