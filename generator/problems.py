"""Where a fact came from, and what is wrong with an input.

Every fact the intake reads keeps its :class:`Source` so that any claim in a
packet, and any problem found stages later, can still point at ``aging.csv:14``.
Problems are values collected along the way, never raised one at a time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Base for every model that travels between stages: immutable, strict about keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Frozen):
    """A place in an input: a file, optionally a line/column, a spreadsheet cell or an email."""

    path: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    message_id: str | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def location(self) -> str:
        """How a reader finds the spot inside the file: a Message-ID, a line or a cell."""
        if self.message_id:
            return self.message_id
        if self.line is not None:
            return f"line {self.line}"
        if self.cell:
            return f"cell {self.cell}"
        return ""

    def at(self, line: int | None = None, column: int | None = None) -> Source:
        """The same file at another line (and column)."""
        return self.model_copy(update={"line": line, "column": column})


Severity = Literal["error", "warning"]


class Problem(Frozen):
    """Something wrong or surprising in an input, told so a finance user can fix it."""

    source: Source
    message: str
    severity: Severity = "error"
    subject: str | None = None

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.source}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(source: Source, message: str, subject: str | None = None) -> Problem:
    return Problem(source=source, message=message, severity="error", subject=subject)


def warning(source: Source, message: str, subject: str | None = None) -> Problem:
    return Problem(source=source, message=message, severity="warning", subject=subject)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in a stable reading order: by file, then line, then message."""
    return sorted(
        set(problems),
        key=lambda p: (p.source.path, p.source.line or 0, p.source.column or 0, p.message),
    )
