"""CSV files beside the long lists, for the spreadsheet a finance team already works in.

A page of 20,000 rows is more than a browser or a reader can use; the same
rows as a CSV open in Excel, Numbers or Google Sheets, where they can be
filtered, sorted and summed. Every cell is one line of plain text. Amounts
are plain decimals (``-609.14``) in their own column beside the currency, so
they add up. The file starts with a byte-order mark, which is how Excel
tells that a CSV is UTF-8 rather than the machine's legacy code page.

Untrusted text never becomes a formula: a spreadsheet runs a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so such a cell is
written with a leading apostrophe, which shows it as the text it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@lru_cache(maxsize=1 << 16)  # owners, gates and names repeat on thousands of rows
def safe_cell(text: str) -> str:
    """Text as one line that a spreadsheet shows and never evaluates."""
    flat = " ".join(text.split())
    if flat.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(flat):
        return "'" + flat
    return flat


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A UTF-8 CSV (with byte-order mark, ``\\n`` line ends) of ``header`` and ``rows``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return BOM + buffer.getvalue()
