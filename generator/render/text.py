"""Putting untrusted text and numbers into Markdown, HTML and YAML safely.

Emails, notes and export cells are data, never markup: whatever they contain
comes out inert in the Markdown source, the HTML MkDocs makes of it and the
YAML front matter of a page. Every helper here escapes rather than strips, so
a reader still sees exactly what the source said.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

# Characters that start inline markup anywhere in a line: emphasis, code, links,
# images, attribute lists ({: }), Jinja ({{ }}, {% %}) and table cells.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
# Characters that start block markup at the beginning of a line: headings, lists,
# admonitions (!!!), details (???), blocks (///), definitions (:), setext
# underlines (===) and ~~~ fences.
_LINE_START = re.compile(r"^(\s*)([#+\-!?/:=~])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")
# Text made only of these needs no escaping at all (most names, numbers and dates).
_PLAIN = re.compile(r"[A-Za-z0-9 ,.'@()\-/:;&%$#+=?!]*")
_PLAIN_START = re.compile(r"[A-Za-z(]")
_YAML_PLAIN = re.compile(r"[\x20-\x21\x23-\x5b\x5d-\x7e]*")  # printable ASCII but quote and backslash
_NOT_YAML_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def money(value: Decimal) -> str:
    """A decimal amount as a plain string with at least two decimals: ``18400.00``."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return format(value, "f")


def money_display(value: Decimal, currency: str) -> str:
    """An amount for people: ``USD 18,400.00``, negatives as ``-USD 1,234.56``."""
    sign = "-" if value < 0 else ""
    return f"{sign}{currency} {abs(value):,.2f}"


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(value: date) -> str:
    """``2026-04-11`` → ``April 11, 2026``: unambiguous in any reader's locale."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


@lru_cache(maxsize=1 << 16)  # a packet repeats the same names, dates and amounts thousands of times
def inline(text: str) -> str:
    """Untrusted text as inert inline Markdown: every markup character escaped, one line."""
    flat = " ".join(text.split())
    if not flat or (_PLAIN.fullmatch(flat) and _PLAIN_START.match(flat) and "&" not in flat):
        return flat
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def cell(text: str) -> str:
    """Untrusted text inside a Markdown table cell (``|`` is already escaped by :func:`inline`)."""
    return inline(text) or " "


def quote_block(text: str) -> str:
    """Untrusted multi-line text as an inert Markdown blockquote.

    Each line is escaped like :func:`inline`, so nothing in it becomes a heading,
    list, link, admonition, code fence, YAML rule or raw HTML; blank lines stay
    inside the quote.
    """
    lines = [inline(line) for line in text.strip("\n").split("\n")]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def yaml_string(text: str) -> str:
    """A YAML scalar that stays a plain string whatever the text.

    A JSON string is a valid YAML double-quoted scalar; characters YAML refuses
    or reads as line breaks (C1 controls, U+2028, lone surrogates, BOM) are
    written as ``\\uXXXX`` escapes.
    """
    if _YAML_PLAIN.fullmatch(text):
        return f'"{text}"'
    dumped = json.dumps(text, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def yaml_list(items: tuple[str, ...] | list[str]) -> str:
    """A YAML flow sequence of strings: ``["INV-1042", "INV-1051"]``."""
    return "[" + ", ".join(yaml_string(item) for item in items) + "]"


def yaml_mapping(pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    """A YAML flow mapping of strings in the given order: ``{"a": "1", "b": "2"}``."""
    return "{" + ", ".join(f"{yaml_string(k)}: {yaml_string(v)}" for k, v in pairs) + "}"


def fence_for(body: str, char: str = "`") -> str:
    """A code fence longer than any run of ``char`` inside ``body`` (at least three)."""
    runs = [len(run) for run in re.findall(re.escape(char) + "+", body)]
    return char * max(3, max(runs, default=0) + 1)


def link(label: str, target: str) -> str:
    """A Markdown link whose label is untrusted text and whose target we made."""
    return f"[{inline(label)}]({target})"
