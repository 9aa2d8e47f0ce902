"""Page titles that stay text wherever the theme prints them.

Material prints a page's title raw in the navigation and header, and through
Jinja's ``striptags`` (which turns ``&lt;`` back into ``<``) inside
``<title>``. A customer name such as ``</title><script>…`` in a heading would
become markup there. A safe title is plain text with ``<`` and ``>`` replaced
by the look-alike ``‹`` and ``›`` and everything else HTML-escaped, so it
reads the same in both places and can never open a tag.
"""

from __future__ import annotations

import re
from html import escape, unescape

_TAG = re.compile(r"<[^>]*>")


def safe_title(title: str) -> str:
    """The title as plain, escaped text without angle brackets; applying it twice changes nothing."""
    text = unescape(_TAG.sub("", title))
    text = " ".join(text.replace("<", "‹").replace(">", "›").split())
    return escape(text, quote=True)
