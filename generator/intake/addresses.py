"""People in mail headers: ``Name <a@b.com>``, ``a@b.com (Name)``, ``Last, First``, ``x [mailto:x]``."""

from __future__ import annotations

import re
from email.utils import getaddresses

_ADDRESS = re.compile(r"[A-Za-z0-9._%+'=!#$&*/?^`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_MAILTO = re.compile(r"\s*\[(?:mailto|smtp):[^\]]*\]", re.IGNORECASE)


_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+'=!#$&*/?^`{|}~-")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


def is_address(text: str) -> bool:
    return len(text) <= 320 and _ADDRESS.fullmatch(text) is not None


def find_addresses(text: str) -> list[tuple[int, str]]:
    """(position, address) of every address in ``text``, found from each '@' outwards.

    A regular expression would take quadratic time on a long run of address
    characters with no '@' in it; this takes linear time whatever the input.
    """
    found: list[tuple[int, str]] = []
    for at in re.finditer("@", text):
        start = at.start()
        while start > 0 and at.start() - start < 64 and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        end = at.start() + 1
        while end < len(text) and end - at.start() < 255 and text[end] in _DOMAIN_CHARS:
            end += 1
        candidate = text[start:end].strip(".'")
        if is_address(candidate):
            found.append((start, candidate))
    return found


def _clean_name(name: str) -> str | None:
    name = re.sub(r"(^|\s)@\S+", " ", name.replace("<>", " "))  # Exchange's "x@y.com@ENRON"
    name = re.sub(r"\s+", " ", name).strip().strip("\"'").strip()
    if not name or is_address(name):
        return None
    return name[:200]


def parse_person(value: str) -> tuple[str | None, str | None]:
    """(lower-cased address, display name) of a ``From`` value; either may be missing."""
    value = _MAILTO.sub("", value.replace("\t", " ")).strip()
    if not value or len(value) > 2000:
        return None, _clean_name(value[:200]) if value else None
    angle = re.search(r"<\s*([^<>\s]+@[^<>\s]+)\s*>", value)
    if angle and is_address(angle.group(1)):
        name = value[: angle.start()] + value[angle.end() :]
        return angle.group(1).lower(), _clean_name(re.sub(r"\s+on behalf of.*$", "", name))
    try:
        pairs = getaddresses([value])
    except (ValueError, IndexError, TypeError):
        pairs = []
    for name, address in pairs:
        if is_address(address):
            return address.lower(), _clean_name(name)
    found = find_addresses(value)
    if found:
        start, address = found[0]
        rest = (value[:start] + value[start + len(address) :]).strip(" <>()[],;")
        return address.lower(), _clean_name(rest)
    return None, _clean_name(value)


def parse_addresses(value: str) -> tuple[str, ...]:
    """Every address in a ``To``/``Cc`` value, lower-cased, first occurrence kept."""
    if len(value) > 100_000:
        value = value[:100_000]
    seen: dict[str, None] = {}
    for _, address in find_addresses(_MAILTO.sub("", value)):
        seen.setdefault(address.lower(), None)
    return tuple(seen)
