"""The site's Markdown short cuts change nothing: the same HTML as Python-Markdown's own stages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from siteconfig import site_extensions

from generator.site.quick_markdown import KNOWN_PATTERNS, MIGHT_MATCH, QuickMarkdownExtension

ROOT = Path(__file__).resolve().parent.parent




def both(text: str, extra: list[Any] | None = None) -> tuple[str, str]:
    extensions = site_extensions() + (extra or [])
    plain = markdown.Markdown(extensions=extensions).convert(text)
    quick = markdown.Markdown(extensions=[*extensions, QuickMarkdownExtension()]).convert(text)
    return plain, quick


def test_every_page_of_the_sample_packet_and_the_docs_converts_the_same() -> None:
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert len(pages) > 30
    for path in pages:
        plain, quick = both(path.read_text("utf-8"))
        assert quick == plain, path


def test_the_known_patterns_are_exactly_those_of_the_site() -> None:
    """A new inline pattern (from a Markdown upgrade or an extension) must be added to the table, with its needs."""
    md = markdown.Markdown(extensions=site_extensions())
    registered = {name for name in KNOWN_PATTERNS if name in md.inlinePatterns}
    assert len(md.inlinePatterns) == len(registered)


MARKUP = st.sampled_from(["*", "_", "**", "`", "``", "\\", "\\|", "|", "[", "]", "(", ")", "![", "<", ">", "&",
                          "&amp;", "&#42;", "<b>", "</b>", "<!--", "-->", "  \n", "\n", "\n\n", "#", "> ", "- ",
                          "1. ", "{: .x }", "http://x.example/", "<a@b.example>", "<https://x.example>",
                          "INV-1042", "USD 1,200.00", " ", "é", "\u00a0", "\x02", "\x03", "!!! note", "???",
                          "```", "~~~", "```text\n", "\n```\n", "    "])
TEXT = st.lists(st.one_of(MARKUP, st.text(alphabet="abc XYZ019.,:;-", max_size=8)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_converts_the_same(text: str) -> None:
    plain, quick = both(text)
    assert quick == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(TEXT.map(lambda t: t.replace("\n", " ")), min_size=3, max_size=3), min_size=1, max_size=4))
def test_any_table_converts_the_same(rows: list[list[str]]) -> None:
    body = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    text = f"Before.\n\n| A | B | C |\n|---|:---:|---:|\n{body}\n\nAfter.\n"
    plain, quick = both(text)
    assert quick == plain


class Percent(InlinePattern):
    """A pattern the short cut cannot know: %%word%% becomes <mark>."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:
        element = ElementTree.Element("mark")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class PercentExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(Percent(r"%%(\w+)%%", md), "percent", 55)


def test_an_unknown_inline_pattern_turns_the_short_cut_off() -> None:
    text = "Plain %%marked%% words.\n\n| A |\n|---|\n| %%cell%% |\n"
    plain, quick = both(text, [PercentExtension()])
    assert "<mark>marked</mark>" in quick and "<mark>cell</mark>" in quick
    assert quick == plain


def test_text_without_markup_characters_needs_no_pattern() -> None:
    assert MIGHT_MATCH.search("Acme Retail · INV-1042 · USD 18,400.00 due 2026-03-12 (3 days)") is None
    for needed in ("a*b", "a_b", "`x`", "a\\b", "[x]", "<x>", "&amp;", "line  \nbreak"):
        assert MIGHT_MATCH.search(needed) is not None, needed


def test_the_fence_reader_is_skipped_only_for_pages_without_a_fence() -> None:
    md = markdown.Markdown(extensions=[*site_extensions(), QuickMarkdownExtension()])
    fences = md.preprocessors["fenced_code_block"]
    assert "run" in vars(fences), "the short cut is not in place"
    plain = ["# Acme", "", "| Invoice | Open |", "|---|---|", "| INV-1 | 2.00 |"]
    assert fences.run(plain) is plain
    fenced = ["# Draft", "", "```text", "Hello Acme,", "```"]
    assert fences.run(fenced) != fenced  # the block is stashed for superfences, as without the short cut
