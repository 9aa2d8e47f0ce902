"""Invoice PDFs: the invoice number, customer, PO, total, currency and due date their text states.

The text is extracted with pypdf and read by its labels ("Invoice #",
"Bill To", "P.O. Number", "Total", "Balance Due", "Due Date"), whether the
value sits beside the label or on the line below it. A PDF that cannot be
opened, is password-protected, or has no text layer (a scan) is a problem
that says what to do, never a crash. Numbers are taken exactly as printed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.intake.model import FileReading, InvoiceDocument, SourceFile
from generator.intake.textdates import infer_order, parse_written
from generator.manifest import DateOrder, Manifest
from generator.problems import Problem, Source, error, warning

MAX_PAGES = 200
_IGNORE_HINT = "or mark it 'ignore' under sources: in handoff.yaml"

_NUMBER_LABEL = r"(?:invoice|inv\.?)\s*(?:#|no\.?|number|num\.?|nr\.?)|invoice(?!\s+(?:date|total|to|amount|terms))"
_NUMBER_VALUE = re.compile(r"^#?\s*([A-Z0-9][A-Z0-9\-/_.]{0,29})\b", re.IGNORECASE)
_PO_LABEL = r"p\.?\s?o\.?\s*(?:#|no\.?|number|num\.?)?|purchase\s+order(?:\s*(?:#|no\.?|number))?|customer\s+po"
_CUSTOMER_LABEL = r"bill(?:ed)?\s+to|sold\s+to|invoice\s+to|customer(?:\s+name)?"
_DUE_LABEL = r"due\s+date|payment\s+due(?:\s+date)?|date\s+due|due\s+by|due"
_INVOICE_DATE_LABEL = r"invoice\s+date|date\s+of\s+invoice|date"
_TOTAL_LABELS = (
    r"invoice\s+total|total\s+due|total\s+amount(?:\s+due)?|grand\s+total|total",
    r"amount\s+due",
    r"balance\s+due",
)
_MONEY = re.compile(
    r"(?P<pre>[A-Z]{3}|[$€£¥])?\s*(?P<neg>-|\()?\s*(?P<pre2>[$€£¥])?\s*"
    r"(?P<amount>\d{1,3}(?:[,.' ]\d{3})*(?:[.,]\d{2})|\d+(?:[.,]\d{2}))\)?\s*(?P<post>[A-Z]{3}\b)?"
)
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CODES = {"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "SEK", "NOK", "DKK", "MXN", "SGD", "HKD", "INR"}


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs its repairs of broken files; users see problems instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def extract_pages(data: bytes, source: Source) -> tuple[list[str] | None, Problem | None]:
    """The text of each page, or the problem that stops reading."""
    if b"%PDF" not in data[:1024]:
        return None, error(
            source, f"this file is not a PDF (it does not start like one); export it again, {_IGNORE_HINT}"
        )
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))
                except (DependencyError, NotImplementedError, PyPdfError):
                    opened = False
                if not opened:
                    return None, error(
                        source,
                        "this PDF is password-protected; save a copy without a password "
                        f"(print to PDF) and put that in the handoff, {_IGNORE_HINT}",
                    )
            pages: list[str] = []
            for page in list(reader.pages)[:MAX_PAGES]:
                try:
                    pages.append(page.extract_text() or "")
                except Exception:  # pypdf raises all kinds on damaged streams; the page just has no text
                    pages.append("")
        except (FileNotDecryptedError, DependencyError):
            return None, error(
                source, f"this PDF is encrypted and cannot be read; save a copy without a password, {_IGNORE_HINT}"
            )
        except Exception:  # any failure to parse a damaged file means the same thing to the user
            return None, error(
                source, f"this PDF is damaged and cannot be read; download or export it again, {_IGNORE_HINT}"
            )
    return pages, None


def _lines(text: str) -> list[str]:
    # Invoice lines are short; clipping keeps every pattern below linear on odd input.
    return [re.sub(r"[ \t\xa0]+", " ", line[:500]).strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class _Found:
    value: str
    label_line: str


def _labelled(lines: list[str], label: str, accept: re.Pattern[str] | None = None) -> _Found | None:
    """The value beside or below the first line that starts with ``label`` (and that ``accept`` finds)."""
    pattern = re.compile(rf"^(?:{label})(?![A-Za-z])\s*(?:\([A-Z]{{3}}\))?\s*[:#]?\s*(?P<rest>.*)$", re.IGNORECASE)
    for i, line in enumerate(lines):
        match = pattern.match(line)
        if match is None:
            continue
        rest = match.group("rest").strip()
        candidates = [rest] if rest else []
        if i + 1 < len(lines):
            candidates.append(lines[i + 1])
        for value in candidates:
            if accept is None or accept.search(value):
                return _Found(value, line)
    return None


def _number(lines: list[str]) -> str | None:
    found = _labelled(lines, _NUMBER_LABEL, re.compile(r"\d"))
    if found is None:
        return None
    match = _NUMBER_VALUE.match(found.value)
    if match is None or not re.search(r"\d", match.group(1)):
        return None
    return match.group(1).rstrip(".")


def _po(lines: list[str]) -> str | None:
    found = _labelled(lines, _PO_LABEL, re.compile(r"\d"))
    if found is None or re.match(r"box\b", found.value, re.IGNORECASE):
        return None
    match = re.match(r"^#?\s*([A-Z0-9][A-Z0-9\-/_.]{0,29})", found.value, re.IGNORECASE)
    return match.group(1).rstrip(".") if match and re.search(r"\d", match.group(1)) else None


def _customer(lines: list[str]) -> str | None:
    found = _labelled(lines, _CUSTOMER_LABEL)
    if found is None:
        return None
    value = found.value.strip(" :")
    if not value or re.fullmatch(r"[\d\W]+", value):
        return None
    return value[:200]


def _amount(raw: str) -> Decimal | None:
    digits = raw.replace("'", "").replace(" ", "")
    european = re.search(r",\d{2}$", digits) is not None  # 1.234,56
    digits = digits.replace(".", "").replace(",", ".") if european else digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class _Total:
    amount: Decimal
    currency: str | None


def _total(lines: list[str], default_currency: str) -> _Total | None:
    for label in _TOTAL_LABELS:
        found = _labelled(lines, rf"(?!sub)(?:{label})(?!\s+(?:tax|vat|paid|payments|credits))", _MONEY)
        if found is None:
            continue
        match = _MONEY.search(found.value)
        if match is None:
            continue
        amount = _amount(match.group("amount"))
        if amount is None:
            continue
        if match.group("neg"):
            amount = -amount
        code = match.group("pre") if (match.group("pre") or "") in _CODES else match.group("post")
        symbol = match.group("pre2") or (match.group("pre") if match.group("pre") in _SYMBOLS else None)
        stated = re.search(r"\(([A-Z]{3})\)", f"{found.label_line} {found.value}")
        currency = code if code in _CODES else stated.group(1) if stated else None
        if currency is None and symbol:
            currency = default_currency if symbol == "$" and default_currency.endswith("D") else _SYMBOLS[symbol]
        return _Total(amount, currency)
    return None


def _due_date(lines: list[str], text: str, order: DateOrder | None) -> tuple[dt.date | None, str | None]:
    """The due date, and the written value when its day/month order could not be settled."""
    found = _labelled(lines, _DUE_LABEL, re.compile(r"\d"))
    if found is None:
        return None, None
    value = found.value
    order = order or infer_order([text]) or _order_from_terms(lines, value)
    written = parse_written(value, order)
    if written is None:
        return None, None
    return (None, value) if written.ambiguous else (written.date, None)


def _order_from_terms(lines: list[str], due: str) -> DateOrder | None:
    """The order under which the invoice date comes before the due date (by the "Net N" terms, if given)."""
    issued = _labelled(lines, _INVOICE_DATE_LABEL, re.compile(r"\d"))
    if issued is None:
        return None
    terms = _labelled(lines, r"terms", re.compile(r"net\s*\d+", re.IGNORECASE))
    net_match = re.search(r"\d+", terms.value) if terms else None
    net = int(net_match.group(0)) if net_match else None
    fitting: list[DateOrder] = []
    orders: tuple[DateOrder, ...] = ("MDY", "DMY")
    for order in orders:
        start, end = parse_written(issued.value, order), parse_written(due, order)
        if start is None or end is None:
            continue
        gap = (end.date - start.date).days
        if (net is not None and gap == net) or (net is None and 0 <= gap <= 120):
            fitting.append(order)
    return fitting[0] if len(fitting) == 1 else None


def _document(text: str, source: Source, manifest: Manifest, problems: list[Problem]) -> InvoiceDocument | None:
    lines = _lines(text)
    number = _number(lines)
    total = _total(lines, manifest.currency)
    if number is None and total is None:
        return None
    due, unsettled = _due_date(lines, text, manifest.date_order)
    if unsettled:
        problems.append(
            warning(
                source,
                f"the due date '{unsettled}' can be read day-first or month-first; "
                "add 'date_order: MDY' (or DMY) to handoff.yaml",
                subject=number,
            )
        )
    return InvoiceDocument(
        number=number,
        customer=_customer(lines),
        po=_po(lines),
        total=total.amount if total else None,
        currency=total.currency if total else None,
        due_date=due,
        source=source,
    )


def invoice_documents(
    data: bytes, source: Source, manifest: Manifest
) -> tuple[list[InvoiceDocument], list[Problem], int]:
    """The invoices a PDF states (one per page when its pages name different invoices), problems, pages."""
    pages, stop = extract_pages(data, source)
    if pages is None:
        return [], [stop] if stop else [], 0
    problems: list[Problem] = []
    if not "".join(pages).strip():
        problems.append(
            warning(
                source,
                "this PDF has no text to read (it is probably a scanned image); type the invoice number, "
                f"PO and total into a note in the handoff, {_IGNORE_HINT}",
            )
        )
        return [], problems, len(pages)
    numbers = [_number(_lines(page)) for page in pages]
    distinct = {n for n in numbers if n}
    texts = pages if len(distinct) > 1 else ["\n".join(pages)]
    documents = [doc for text in texts if (doc := _document(text, source, manifest, problems))]
    if not documents:
        problems.append(
            warning(
                source,
                "no invoice number or total was found in this PDF's text; if it is an invoice, "
                f"note its number and total in the handoff, {_IGNORE_HINT}",
            )
        )
    return documents, problems, len(pages)


def read_pdf(data: bytes, rel: str, manifest: Manifest) -> FileReading:
    """One invoice PDF of the handoff."""
    documents, problems, pages = invoice_documents(data, Source(path=rel), manifest)
    page_count = f"{pages} page{'s' if pages != 1 else ''}"
    if documents:
        numbers = ", ".join(d.number or "no number" for d in documents)
        file = SourceFile(path=rel, kind="invoice_pdf", description=f"invoice PDF {numbers} ({page_count})")
    else:
        why = problems[0].message.split(";")[0] if problems else "nothing found"
        file = SourceFile(path=rel, kind="unused", description=f"PDF not used: {why}")
    return FileReading(file=file, documents=tuple(documents), problems=tuple(problems))
