"""Aging arithmetic: days overdue and buckets, from the as-of date alone."""

from __future__ import annotations

from datetime import date

BUCKETS: tuple[str, ...] = ("Current", "1-30", "31-60", "61-90", "91+")


def days_overdue(as_of: date, due: date | None) -> int:
    """``as_of − due`` in days; 0 or less is not overdue (due on the as-of date is not overdue)."""
    return 0 if due is None else (as_of - due).days


def bucket(days: int) -> str:
    """The aging bucket for a number of days overdue."""
    if days <= 0:
        return "Current"
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "91+"
