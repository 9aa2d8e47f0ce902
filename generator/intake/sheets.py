"""The bytes of a CSV or spreadsheet file as rows of cells that remember where they were.

A CSV row keeps the 1-based line it starts on (quoted fields may span lines);
a spreadsheet row keeps its row number, and any cell can be named like ``B14``.
Whether a file is a spreadsheet is decided by its first bytes, not its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from generator.intake.text import decode_text
from generator.problems import Problem, Source, error

Cell = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted .xlsx
DELIMITERS = (",", ";", "\t", "|")
NOT_READABLE = "this file is not a readable table"
EXPORT_AGAIN = "export the report again as CSV or Excel (.xlsx)"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table of cells: a CSV file or one worksheet.

    ``lines[i]`` is where ``rows[i]`` sits in the file: the CSV line it starts
    on, or the spreadsheet row number. Blank CSV lines are left out.
    """

    rel: str
    rows: list[list[Cell]]
    lines: list[int]
    name: str | None = None  # worksheet name; None for CSV
    prefix: str = ""  # "Sheet2!" or "'A-R Aging'!" for cells on any worksheet but the first

    @property
    def spreadsheet(self) -> bool:
        return self.name is not None

    def cell(self, index: int, column: int) -> str | None:
        """The spreadsheet name of a cell (``B14``), or None for CSV."""
        if self.name is None:
            return None
        return f"{self.prefix}{column_letter(column)}{self.lines[index]}"

    def source(self, index: int, column: int | None = None) -> Source:
        """Where row ``index`` (and optionally one of its cells) is, for facts and problems."""
        cell = self.cell(index, column) if column is not None else None
        return Source(path=self.rel, line=self.lines[index], cell=cell)

    def where(self, index: int, column: int, header: str) -> str:
        """How a message names a cell: ``cell E14 (Open Balance)`` or ``column 'Open Balance'``."""
        cell = self.cell(index, column)
        return f"cell {cell} ({header})" if cell else f"column '{header}'"


def column_letter(column: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def looks_like_spreadsheet(data: bytes) -> bool:
    return data.startswith((ZIP_MAGIC, OLE_MAGIC))


def read_sheets(data: bytes, rel: str) -> tuple[list[Sheet], list[Problem]]:
    """Every table in the file: one for CSV, one per visible worksheet for spreadsheets."""
    if looks_like_spreadsheet(data):
        return _workbook(data, rel)
    text, problem = _csv_text(data, rel)
    if text is None:
        return [], [problem] if problem else []
    return _csv(text, rel)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) > 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _csv_text(data: bytes, rel: str) -> tuple[str | None, Problem | None]:
    text = _utf16_without_bom(data)
    if text is not None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text, _ = decode_text(data, rel)
        if text is None:
            return None, error(Source(path=rel), f"{NOT_READABLE} (it holds binary data); {EXPORT_AGAIN}")
    sample = text[:20000]
    junk = sum(1 for ch in sample if (ch < " " and ch not in "\t\n") or ch == "\ufffd")
    if sample and junk > max(2, len(sample) // 100):
        return None, error(Source(path=rel), f"{NOT_READABLE} (it holds binary data); {EXPORT_AGAIN}")
    return text, None


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one common width."""
    head = text[:65536].split("\n")[:60]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(head, delimiter=delimiter) if row]
        except csv.Error:
            continue
        common = Counter(w for w in widths if w > 1).most_common(1)
        score = common[0][1] * min(common[0][0], 50) if common else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv(text: str, rel: str) -> tuple[list[Sheet], list[Problem]]:
    first_line = text.split("\n", 1)[0].strip()
    skip = 0
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        delimiter, skip = first_line[4], 1  # Excel's "sep=;" hint line
    else:
        delimiter = _delimiter(text)
    rows: list[list[Cell]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = 0
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if start <= skip or not row or not any(row):
                continue
            rows.append(list(row))
            lines.append(start)
    except csv.Error as exc:
        return [], [error(Source(path=rel, line=end + 1), f"{NOT_READABLE} here ({exc}); {EXPORT_AGAIN}")]
    return [Sheet(rel=rel, rows=rows, lines=lines)], []


def _workbook(data: bytes, rel: str) -> tuple[list[Sheet], list[Problem]]:
    source = Source(path=rel)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        return [], [error(source, "this spreadsheet is password-protected; save a copy without a password")]
    except Exception:  # any failure of the spreadsheet library means the file is unreadable
        return [], [error(source, f"{NOT_READABLE} (the spreadsheet is damaged or not Excel); {EXPORT_AGAIN}")]
    sheets: list[Sheet] = []
    with workbook:
        for number, meta in enumerate(workbook.sheets_metadata):
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                cells = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except Exception:
                return [], [error(source, f"{NOT_READABLE} (worksheet '{meta.name}' is damaged); {EXPORT_AGAIN}")]
            rows: list[list[Cell]] = []
            lines: list[int] = []
            for index, row in enumerate(cells, start=1):
                if any(value != "" for value in row):
                    rows.append(row)
                    lines.append(index)
            quoted = meta.name if meta.name.isalnum() else "'" + meta.name.replace("'", "''") + "'"
            prefix = f"{quoted}!" if number else ""  # cells on later sheets are named as Excel does
            sheets.append(Sheet(rel=rel, rows=rows, lines=lines, name=meta.name, prefix=prefix))
    if not sheets:
        return [], [error(source, "this spreadsheet has no visible worksheet; unhide the sheet with the report")]
    return sheets, []
