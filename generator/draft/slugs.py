"""Stable, readable file names for customers, invoices and drafts.

A slug is the name lower-cased to ASCII letters, digits and hyphens. Two names
that would share a slug (``Acme, Inc.`` and ``ACME Inc``) each get a short
suffix derived from the name itself, so a file name never depends on which
other customers happen to be in the handoff or in what order they came.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

MAX_LENGTH = 60


def slugify(text: str) -> str:
    """``Acme Retail, Inc.`` → ``acme-retail-inc``; may be empty for names without Latin letters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_LENGTH].rstrip("-")


def _suffix(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def unique_slugs(names: Iterable[str], fallback: str = "customer") -> dict[str, str]:
    """A slug for every distinct name; names that collide (or have none) get a hash suffix."""
    distinct = sorted(set(names))
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in distinct:
        by_slug[slugify(name)].append(name)
    result: dict[str, str] = {}
    for slug, group in by_slug.items():
        for name in group:
            if not slug:
                result[name] = f"{fallback}-{_suffix(name)}"
            elif len(group) > 1:
                result[name] = f"{slug}-{_suffix(name)}"
            else:
                result[name] = slug
    return result
