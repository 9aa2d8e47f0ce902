"""Putting untrusted text and numbers into Markdown, HTML and YAML safely.

Emails, notes and export cells are data, never markup: whatever they contain
comes out inert in the Markdown source, the HTML MkDocs makes of it and the
YAML front matter of a page.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_LINE_START = re.compile(r"^(\s*)([#+\-!])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


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


def inline(text: str) -> str:
    """Untrusted text as inert inline Markdown: every markup character escaped, one line."""
    flat = " ".join(text.split())
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def cell(text: str) -> str:
    """Untrusted text inside a Markdown table cell."""
    return inline(text).replace("|", "\\|")


def quote_block(text: str) -> str:
    """Untrusted multi-line text as an inert block: an HTML-escaped ``<pre>``-free blockquote.

    Each line is escaped like :func:`inline` so nothing in it becomes a heading,
    list, link, admonition or raw HTML.
    """
    lines = [inline(line) if line.strip() else "" for line in text.split("\n")]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def yaml_string(text: str) -> str:
    """A YAML scalar that stays a plain string whatever the text (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
