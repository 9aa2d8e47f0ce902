"""Short cuts through Python-Markdown where the long way cannot change the result.

The inline stage: Python-Markdown tries each of its inline patterns (links, emphasis, code,
escapes, HTML, entities, line breaks) on every piece of text in a page, one
regular expression after another. A packet is mostly table cells of plain
words and amounts, and each pattern needs one of a handful of characters to
match at all, so the stage below checks for those characters first and hands
text without any of them back untouched, which is exactly what the full
search would do.

Tables: the table extension splits each row into cells by walking it for
backticks and escaped pipes, so that a ``|`` inside code stays in its cell.
A row with neither a backtick nor a backslash is split at every ``|``, which
is what the walk finds.

Block-level tags: Python-Markdown asks of every element whether its tag is
block-level; the answers are remembered per page.

Fences: ``pymdownx.superfences`` reads every line of every page for the start
of a fenced block. A fence starts with three backticks or three tildes, so a
page with neither (every customer page, most lists) is handed on untouched,
which is what that reading returns for it.

The HTML is byte-identical either way (tests compare the two on every docs
page and on generated hostile text and tables); converting a large packet's
pages takes about half the time (``docs/performance.md``).

The short cut is only taken when the page's Markdown has exactly the inline
patterns it knows (those of Python-Markdown and the extensions in
``mkdocs.yml``); a site that adds others gets the full search everywhere.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor
from pymdownx.superfences import SuperFencesBlockPreprocessor  # type: ignore[import-untyped]

# Each known pattern, and the strings of which it needs at least one to match.
KNOWN_PATTERNS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "not_strong": ("*", "_"),
    "em_strong": ("*", "_"),
    "em_strong2": ("*", "_"),
    "strong_em": ("*", "_"),
    "strong": ("*", "_"),
    "emphasis": ("*", "_"),
    "emphasis2": ("*", "_"),
}
MIGHT_MATCH = re.compile("|".join(sorted({re.escape(need) for needs in KNOWN_PATTERNS.values() for need in needs})))


class QuickInlineProcessor(InlineProcessor):
    """The standard inline stage, which returns plain text as it is without trying each pattern."""

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        patterns = self.md.inlinePatterns
        self.quick = len(patterns) == sum(1 for name in KNOWN_PATTERNS if name in patterns)
        return super().run(tree, ancestors)

    # Python-Markdown calls this name-mangled method for every piece of text.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self.quick and patternIndex == 0 and MIGHT_MATCH.search(data) is None:
            return data
        handle = super()._InlineProcessor__handleInline  # type: ignore[misc]
        result: str = handle(data, patternIndex)
        return result


class QuickTableProcessor(TableProcessor):
    """The table extension's block processor, splitting rows without code or escapes at once."""

    def _split(self, row: str) -> list[str]:
        if "`" in row or "\\" in row:
            whole: list[str] = super()._split(row)  # type: ignore[misc]  # missing from the stubs
            return whole
        return row.split("|")


class BlockNamesPreprocessor(Preprocessor):
    """Answer "is this tag block-level?" from a table built once per page.

    Python-Markdown asks that for every element, several times, by lowering
    the tag and searching a list of some fifty names. The list is final once
    the page's extensions are loaded, so the answers are worked out on first
    use and remembered for the rest of the page.
    """

    def run(self, lines: list[str]) -> list[str]:
        names = frozenset(self.md.block_level_elements)
        answers: dict[object, bool] = {}

        def is_block_level(tag: object) -> bool:
            known = answers.get(tag)
            if known is None:
                known = answers[tag] = isinstance(tag, str) and tag.lower().rstrip("/") in names
            return known

        self.md.is_block_level = is_block_level  # type: ignore[method-assign]
        return lines


def _skip_pages_without_fences(md: Markdown) -> None:
    if "fenced_code_block" not in md.preprocessors:
        return
    fences = md.preprocessors["fenced_code_block"]
    # Only superfences' own reader, and not with preserve_tabs (its raw-text stash is undone by that reader).
    if type(fences) is not SuperFencesBlockPreprocessor or getattr(fences, "config", {}).get("preserve_tabs"):
        return
    read = fences.run

    def run(lines: list[str]) -> list[str]:
        if not any("```" in line or "~~~" in line for line in lines):
            return lines
        found: list[str] = read(lines)
        return found

    # On the instance itself: superfences looks itself up by this name, so it stays registered as it is.
    fences.run = run  # type: ignore[method-assign]


class QuickMarkdownExtension(Extension):
    """Put the short cuts in the place of Python-Markdown's own stages.

    Listed after ``tables`` (the plugin appends it), so the table processor it
    replaces is already registered with the page's settings.
    """

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(BlockNamesPreprocessor(md), "blitz_block_names", 1000)  # before any other
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)  # the priorities Python-Markdown gives them
        _skip_pages_without_fences(md)
        if "table" not in md.parser.blockprocessors:
            return
        table = md.parser.blockprocessors["table"]
        if type(table) is TableProcessor:  # not a subclass some other extension put there
            config = table.config  # type: ignore[attr-defined]  # set in __init__, missing from the stubs
            md.parser.blockprocessors.register(QuickTableProcessor(md.parser, config), "table", 75)
