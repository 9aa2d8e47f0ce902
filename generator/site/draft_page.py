"""Reading a draft page: its front matter and the email text between the ``blitz:email`` markers.

A draft page is Markdown a reviewer may edit in a pull request::

    ---
    id: acme-retail-reminder
    audience: customer
    to: ["ap@acme-retail.example.com"]
    subject: "Invoice INV-1042"
    decision: pending
    ---
    # Title
    <!-- blitz:email -->
    ````text
    Dear …,
    ````
    <!-- /blitz:email -->

The text inside the fence is the email exactly as it would be sent. Nothing
here trusts the page: odd front matter gives a problem and an empty field,
never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from generator.problems import Frozen, Problem, Source, warning

EMAIL_START = "<!-- blitz:email -->"
EMAIL_END = "<!-- /blitz:email -->"

# libyaml's safe loader where PyYAML has it: the same documents, several times faster.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_EMAIL = re.compile(
    re.escape(EMAIL_START) + r"[ \t]*\r?\n(?P<inner>.*?)^[ \t]*" + re.escape(EMAIL_END),
    re.DOTALL | re.MULTILINE,
)
_FENCE_OPEN = re.compile(r"\A[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n")


class EmailBlock(Frozen):
    """Where the email sits in a page's Markdown, and its text without the fence."""

    start: int
    end: int
    text: str


class DraftPage(Frozen):
    """What the site needs from a draft page. Fields the page lacks are empty."""

    id: str | None = None
    audience: str | None = None
    kind: str | None = None
    customer: str | None = None
    invoices: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    subject: str | None = None
    decision: str | None = None
    email: str | None = None

    @property
    def is_customer(self) -> bool:
        return self.audience == "customer"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, the Markdown after it, the line the Markdown starts on)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group("yaml"), text[match.end():], text[: match.end()].count("\n") + 1


def find_email(markdown: str) -> EmailBlock | None:
    """The email block in a page's Markdown, or None when the markers are missing."""
    match = _EMAIL.search(markdown)
    if not match:
        return None
    inner = match.group("inner")
    fence = _FENCE_OPEN.match(inner)
    if fence:
        closing = re.search(r"^[ \t]*" + re.escape(fence.group("fence")) + r"[ \t]*\n?\s*\Z", inner, re.MULTILINE)
        body = inner[fence.end(): closing.start()] if closing else inner[fence.end():]
    else:
        body = inner
    return EmailBlock(start=match.start(), end=match.end(), text=body.rstrip("\n").replace("\r\n", "\n"))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(str(item) for item in items if item is not None and not isinstance(item, dict | list))


def load_yaml(front: str) -> Any:
    return yaml.load(front, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def parse_draft_page(
    text: str, path: str, load: Callable[[str], Any] = load_yaml
) -> tuple[DraftPage, list[Problem]]:
    """Read a draft page; ``path`` (relative to the repository root) names it in problems.

    ``load`` parses the front matter's YAML (the site keeps what it parsed for MkDocs).
    """
    front, body, body_line = split_front_matter(text)
    problems: list[Problem] = []
    meta: dict[str, Any] = {}
    if front is None:
        problems.append(warning(Source(path=path, line=1), "this draft page has no front matter (the block "
                                "between '---' lines at the top); run 'blitz prepare' again to restore it"))
    else:
        try:
            loaded = load(front)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problems.append(warning(Source(path=path, line=line), "the front matter of this draft is not valid "
                                    "YAML; fix it in the pull request or run 'blitz prepare' again"))
            loaded = None
        if isinstance(loaded, dict):
            meta = {str(key): value for key, value in loaded.items()}
    block = find_email(body)
    page = DraftPage(
        id=_text(meta.get("id")),
        audience=_text(meta.get("audience")),
        kind=_text(meta.get("kind")),
        customer=_text(meta.get("customer")),
        invoices=_texts(meta.get("invoices")),
        to=_texts(meta.get("to")),
        subject=_text(meta.get("subject")),
        decision=_text(meta.get("decision")),
        email=block.text if block else None,
    )
    if block is None and page.is_customer:
        problems.append(warning(Source(path=path, line=body_line), f"this customer draft has no email text between "
                                f"'{EMAIL_START}' and '{EMAIL_END}'; put the markers back around the email"))
    return page, problems
