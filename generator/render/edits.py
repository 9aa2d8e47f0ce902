"""Keeping a reviewer's edits when a packet is prepared again.

A draft page carries ``generated: "<fingerprint>"`` in its front matter. When
``blitz prepare`` runs again, an old draft page whose text no longer matches
its fingerprint was changed by a reviewer (a rewritten sentence, a corrected
recipient, ``decision: hold``) and is kept as it is, even if the draft is no
longer proposed. If the facts the draft was written from have changed since,
the kept page gets a marked notice at the top listing old and new values,
``facts_changed: true`` in its front matter and its ``facts`` brought up to
date (so the notice is not repeated once the reviewer has dealt with it). The
brief lists every kept page.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.render.draft_page import GENERATED_LINE, fingerprint
from generator.render.text import cell, inline, yaml_mapping

KEPT_MARKER = "<!-- blitz:kept-edits -->"
NOTICE_START = "<!-- blitz:facts-changed -->"
NOTICE_END = "<!-- /blitz:facts-changed -->"
_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)---[ \t]*\n", re.DOTALL)
_NOTICE = re.compile(re.escape(NOTICE_START) + r".*?" + re.escape(NOTICE_END) + r"\n*", re.DOTALL)
_FACTS_LINE = re.compile(r"^facts: .*$", re.MULTILINE)
_FLAG_LINE = re.compile(r"^facts_changed: .*\n", re.MULTILINE)


def split_page(page: str) -> tuple[dict[str, Any] | None, str]:
    """A page's front matter (``None`` when missing or unreadable) and the text below it."""
    match = _FRONT.match(page.replace("\r\n", "\n"))
    if not match:
        return None, page
    try:
        data = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError:
        return None, page[match.end():]
    return (data if isinstance(data, dict) else None), page.replace("\r\n", "\n")[match.end():]


def is_edited(page: str) -> bool:
    """True when a draft page no longer matches the fingerprint it was generated with."""
    match = GENERATED_LINE.search(page.replace("\r\n", "\n"))
    if not match:
        return True  # written by hand, or the reviewer removed the line: keep it
    declared = match.group(0).split('"')[1]
    return declared != fingerprint(page)


def _facts(data: dict[str, Any] | None) -> dict[str, str]:
    raw = data.get("facts") if data else None
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v) for k, v in raw.items()}


def _notice(old: dict[str, str], new: dict[str, str]) -> str:
    rows = []
    for label in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(label), new.get(label)
        if before != after:
            rows.append(f"    | {cell(label)} | {cell(before or '(none)')} | {cell(after or '(none)')} |")
    return "\n".join(
        [
            NOTICE_START,
            '!!! warning "The facts changed after this draft was edited"',
            "",
            "    Blitz prepared the packet again and kept the edited text below. The facts it was",
            "    written from are now different; check every number and date before approving,",
            "    then delete this notice and the `facts_changed` line.",
            "",
            "    | Fact | When edited | Now |",
            "    |---|---|---|",
            *rows,
            NOTICE_END,
            "",
            "",
        ]
    )


def _with_notice(page: str, old: dict[str, str], new_pairs: list[tuple[str, str]]) -> str:
    text = page.replace("\r\n", "\n")
    match = _FRONT.match(text)
    if not match:
        return page
    front, body = match.group(0), text[match.end():]
    new = dict(new_pairs)
    front = _FACTS_LINE.sub(lambda _: f"facts: {yaml_mapping(new_pairs)}", front, count=1)
    if not _FLAG_LINE.search(front):
        front = front.replace("\ngenerated: ", "\nfacts_changed: true\ngenerated: ", 1)
        if "facts_changed: true" not in front:
            front = front[: -len("---\n")] + "facts_changed: true\n---\n"
    body = _NOTICE.sub("", body, count=1)
    heading_end = body.find("\n") + 1 if body.startswith("# ") else 0
    rest = body[heading_end:].lstrip("\n")
    body = body[:heading_end] + ("\n" if heading_end else "") + _notice(old, new) + rest
    return front + body


def _changes(old: dict[str, str], new: dict[str, str]) -> str:
    parts = [
        f"{k}: {old.get(k, '(none)')} → {new.get(k, '(none)')}" for k in [*new, *old] if old.get(k) != new.get(k)
    ]
    unique = list(dict.fromkeys(parts))
    shown = "; ".join(unique[:3])
    return shown + (f"; and {len(unique) - 3} more" if len(unique) > 3 else "")


def keep_reviewer_edits(old: dict[str, str], new: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The pages to write: ``new``, except draft pages a reviewer changed since they were generated.

    Returns the pages and one notice per kept page, for the CLI to print.
    """
    pages = dict(new)
    notices: list[str] = []
    kept: list[tuple[str, str]] = []  # (path, why)
    for path in sorted(old):
        if not (path.startswith("drafts/") and path.endswith(".md")) or not is_edited(old[path]):
            continue
        page = old[path]
        old_data, _ = split_page(page)
        if path not in new:
            pages[path] = page
            kept.append((path, "edited by a reviewer; this draft is no longer proposed"))
            notices.append(
                f"{path}: kept your edits, although the new analysis no longer proposes this draft; "
                "delete the page if it is not needed."
            )
            continue
        new_data, _ = split_page(new[path])
        old_facts, new_facts = _facts(old_data), _facts(new_data)
        if old_data is not None and old_facts != new_facts:
            new_pairs = list(new_facts.items())
            pages[path] = _with_notice(page, old_facts, new_pairs)
            kept.append((path, "edited by a reviewer; **the facts changed since**"))
            notices.append(
                f"{path}: kept your edits, but the facts it was written from changed "
                f"({_changes(old_facts, new_facts)}). Check the draft before approving."
            )
            continue
        pages[path] = page
        flagged = bool(old_data and old_data.get("facts_changed"))
        why = "edited by a reviewer; **the facts changed earlier**" if flagged else "edited by a reviewer"
        kept.append((path, why))
        notices.append(f"{path}: kept your edits.")
    if "index.md" in pages:
        pages["index.md"] = _list_in_brief(pages["index.md"], kept)
    return dict(sorted(pages.items())), notices


def _list_in_brief(brief: str, kept: list[tuple[str, str]]) -> str:
    """Replace the brief's marker with the list of kept pages (or drop it when there are none)."""
    if KEPT_MARKER not in brief:
        return brief
    if not kept:
        return brief.replace(KEPT_MARKER + "\n\n", "").replace(KEPT_MARKER + "\n", "")
    lines = [
        "## Reviewer edits kept",
        "",
        "These draft pages were edited by a reviewer and were not overwritten when the packet was prepared again.",
        "",
        "| Page | Why it was kept |",
        "|---|---|",
        *(f"| {_page_link(path)} | {why} |" for path, why in kept),
        "",
    ]
    return brief.replace(KEPT_MARKER, "\n".join(lines).rstrip("\n"))


def _page_link(path: str) -> str:
    """A link to a kept page; a hand-made file name that is not a plain slug is shown, not linked."""
    if re.fullmatch(r"drafts/[a-z0-9][a-z0-9-]*\.md", path):
        return f"[{inline(path)}]({path})"
    return inline(path)
