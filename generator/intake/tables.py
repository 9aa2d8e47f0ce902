"""A/R aging exports, invoice lists and contact lists in CSV or XLSX, recognized by their content.

``read_table`` finds the header row (whatever the system calls its columns),
decides what kind of table this is from its columns and title, and hands it to
the reader for that kind. A table that is none of them is listed as unused with
the reason, never an error, unless the manifest named its kind or its title says
it is an aging: then missing columns are an error that lists what was found and
what is needed.
"""

from __future__ import annotations

import re

from generator.intake.aging import read_detail, read_summary
from generator.intake.columns import Columns, cell_text, find_header
from generator.intake.layout import Table
from generator.intake.lists import read_contacts, read_invoice_list
from generator.intake.model import FileKind, FileReading, SourceFile
from generator.intake.sheets import Sheet, read_sheets
from generator.manifest import Manifest, SourceKind
from generator.problems import Problem, Source, error, warning

TableKind = FileKind  # "aging", "aging_summary", "invoice_list" or "contacts"

AGING_TITLE = re.compile(r"\bag(?:e)?ing\b|\baged\b|\bopen invoices\b|\breceivables?\s+(?:detail|summary)\b", re.I)
LIST_TITLE = re.compile(r"\binvoice\s+list\b|\bsaved\s+search\b|\btransaction\s+list\b|\binvoices\b", re.I)
TITLE_ROWS = 20
NEEDS = {
    "number": "the invoice number (a column such as 'Num', 'No.', 'Invoice Number' or 'Document Number')",
    "customer": "the customer ('Customer', 'Name', 'Client' or 'Contact')",
    "money": "the open balance ('Open Balance', 'Amount Due', 'Balance' or aging buckets)",
    "date": "the due date ('Due Date') or at least the invoice date ('Date')",
    "email": "the email address ('Email' or 'Main Email')",
}
KIND_NAMES = {
    "aging": "an A/R aging",
    "aging_summary": "an A/R aging summary",
    "invoice_list": "an invoice list",
    "contacts": "a contact list",
}


def _title(sheet: Sheet, header: int) -> tuple[str, ...]:
    lines = []
    for cells in sheet.rows[max(0, header - TITLE_ROWS) : header]:
        text = " ".join(cell_text(c) for c in cells if cell_text(c))
        if text:
            lines.append(text)
    return tuple(lines)


def _has_money(columns: Columns) -> bool:
    return columns.open_column is not None or columns.amount_column is not None or bool(columns.buckets)


def recognize(columns: Columns, title: str) -> TableKind | None:
    """What a table is, judged from its columns and title alone; None when it is none of the kinds."""
    has = columns.has
    aging_title = bool(AGING_TITLE.search(title))
    aging_signs = aging_title or has("age") or bool(columns.buckets)
    has_customer = has("customer") or columns.leading_unnamed > 0
    if has("number") and _has_money(columns) and (has_customer or aging_signs):
        owed = columns.open_column is not None or bool(columns.buckets)
        if LIST_TITLE.search(title) and not aging_title:
            return "invoice_list"
        if aging_signs and (owed or aging_title):
            return "aging"
        if owed and has("due_date") and has_customer and not (has("status") or has("email")):
            return "aging"
        return "invoice_list" if has("customer") else "aging"
    if not has("number") and has_customer and columns.buckets:
        return "aging_summary"
    if not has("number") and has("customer") and has("email"):
        return "contacts"
    return None


def missing(kind: TableKind, columns: Columns | None) -> list[str]:
    """What a table lacks to be read as ``kind``."""
    if columns is None:
        return {
            "aging": ["number", "money", "date"],
            "invoice_list": ["number", "customer", "money"],
            "contacts": ["customer", "email"],
        }.get(kind, ["customer", "money"])
    has = columns.has
    lacks = []
    if kind in ("aging", "invoice_list") and not has("number"):
        lacks.append("number")
    if kind in ("invoice_list", "contacts", "aging_summary") and not has("customer") and not columns.leading_unnamed:
        lacks.append("customer")
    if kind != "contacts" and not _has_money(columns):
        lacks.append("money")
    if kind == "aging" and not (has("due_date") or has("invoice_date")):
        lacks.append("date")
    if kind == "contacts" and not has("email"):
        lacks.append("email")
    return lacks


def _missing_problem(
    rel: str, why: str, table: Table | None, lacks: list[str], sheets: list[Sheet] | None = None
) -> Problem:
    """Missing columns, told with what the header row has and what it needs; at the header row if any.

    Without a recognizable header row, what the file's first row holds is shown instead.
    """
    columns = table.columns if table else None
    where = table.sheet.source(table.header) if table else Source(path=rel)
    if columns and columns.found:
        found = ", ".join(f"'{h}'" for h in columns.found[:30])
    else:
        found = "no column names"
        sheet = next((sheet for sheet in sheets or [] if sheet.rows), None)
        if sheet is not None and table is None:
            cells = [cell_text(c)[:60] for c in sheet.rows[0][:30] if cell_text(c)]
            found += "; the first row holds " + ", ".join(f"'{c}'" for c in cells)
            where = sheet.source(0)
    needed = "; ".join(NEEDS[need] for need in lacks)
    return error(
        where,
        f"{why}, but it has no column for {needed}. Found: {found}. Export the report with these columns, "
        "or rename the header cells",
    )


def _locate(sheets: list[Sheet]) -> list[Table]:
    tables = []
    for sheet in sheets:
        found = find_header(sheet.rows)
        if found:
            header, columns = found
            tables.append(Table(sheet=sheet, header=header, columns=columns, title=_title(sheet, header)))
    return tables


def _unused(rel: str, why: str, problems: list[Problem] | None = None) -> FileReading:
    return FileReading(file=SourceFile(path=rel, kind="unused", description=why), problems=tuple(problems or ()))


def read_table(data: bytes, rel: str, suffix: str, kind: SourceKind | None, manifest: Manifest) -> FileReading:
    """Read a CSV or spreadsheet as the kind of table its content shows (or the manifest names)."""
    sheets, problems = read_sheets(data, rel)
    if not sheets:
        return _unused(rel, "not a readable table", problems)
    tables = _locate(sheets)
    wanted: TableKind | None = kind if kind in ("aging", "invoice_list", "contacts") else None
    for table in tables:
        recognized = recognize(table.columns, table.title_text)
        if recognized and (wanted is None or recognized == wanted):
            return _read(table, recognized, manifest)
        if wanted == "aging" and recognized == "aging_summary":
            return _read(table, recognized, manifest)
    first = tables[0] if tables else None
    columns = first.columns if first else None
    if wanted is not None:
        lacks = missing(wanted, columns)
        if first and not lacks:
            return _read(first, wanted, manifest)
        why = f"handoff.yaml says this file is {KIND_NAMES[wanted]}"
        problem = _missing_problem(rel, why, first, lacks, sheets)
        return _unused(rel, f"could not be read as {KIND_NAMES[wanted]}", [problem])
    title = first.title if first else _title(sheets[0], min(len(sheets[0].rows), TITLE_ROWS))
    aging_line = next((line for line in title if AGING_TITLE.search(line)), None)
    if aging_line:
        why = f"this file's title says it is an A/R aging ('{aging_line[:80]}')"
        problem = _missing_problem(rel, why, first, missing("aging", columns) or ["number"], sheets)
        return _unused(rel, "an A/R aging whose columns were not recognized", [problem])
    if not any(sheet.rows for sheet in sheets):
        return _unused(rel, "an empty table", [warning(Source(path=rel), "the file is empty; no rows were read")])
    if columns is None:
        return _unused(rel, "a table without the column names of an aging, invoice list or contact list")
    shown = ", ".join(columns.found[:12]) + (", …" if len(columns.found) > 12 else "")
    return _unused(rel, f"a table that is not an aging, invoice list or contact list (columns: {shown})")


def _read(table: Table, kind: TableKind, manifest: Manifest) -> FileReading:
    if kind == "aging":
        return read_detail(table, manifest)
    if kind == "aging_summary":
        return read_summary(table, manifest)
    if kind == "invoice_list":
        return read_invoice_list(table, manifest)
    return read_contacts(table, manifest)
