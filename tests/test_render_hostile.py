"""Untrusted text comes out inert: in the Markdown, in the HTML MkDocs makes of it, in YAML and in Jinja.

The hostile fixture puts raw HTML, <script>, javascript: links, Markdown links
and images, admonition and details markers, attribute lists, Jinja syntax,
YAML rules, code fences and snippet includes into every field that comes
from a source; the pages are converted with the site's own Markdown
extensions and the HTML is inspected tag by tag.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from fixtures.draft.scenarios import EVIL_NAME, hostile
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from siteconfig import site_extensions

from generator.draft import make_drafts
from generator.draft.model import Draft
from generator.render import render_packet
from generator.render.draft_page import email_body
from generator.render.text import cell, inline, quote_block, yaml_string

REPO = Path(__file__).resolve().parents[1]
OUR_ADMONITIONS = {
    "For the reviewer",
    "Internal: not for the customer",
    "On hold: no customer contact",
    "The facts changed after this draft was edited",
}




class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: list[str] = []
        self._in_title = False
        self._in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_pre += tag == "pre"
        if tag != "span" or not self._in_pre:  # code highlighting's own spans
            self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "p" and ("class", "admonition-title") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._in_pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


@pytest.fixture(scope="module")
def packet() -> tuple[tuple[Draft, ...], dict[str, str]]:
    handoff, analysis = hostile()
    drafts = make_drafts(handoff, analysis)
    return drafts, render_packet(handoff, analysis, drafts, [])


def to_html(page: str) -> str:
    content = get_data(page)[0]
    return markdown.markdown(content, extensions=site_extensions())


def test_no_markup_from_a_source_survives_into_the_html(packet: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    _, pages = packet
    allowed = {"h1", "h2", "h3", "p", "a", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li",
               "blockquote", "strong", "em", "code", "pre", "div", "br"}
    for path, page in pages.items():
        if not path.endswith(".md"):
            continue
        parser = Tags()
        parser.feed(to_html(page))
        for tag, attrs in parser.tags:
            assert tag in allowed, f"{path}: <{tag}> came through"
            assert not any(name.startswith("on") for name in attrs), f"{path}: <{tag} {attrs}>"
            href = attrs.get("href") or ""
            assert not href or (href.endswith(".md") and "://" not in href and ":" not in href) \
                or href in ("actions.csv", "exceptions.csv"), f"{path}: {href}"
            if tag == "div":
                classes = set((attrs.get("class") or "").split())
                assert classes <= {"admonition", "note", "warning", "danger", "highlight"}, path
        assert set(parser.titles) <= OUR_ADMONITIONS, f"{path}: admonition {parser.titles}"
        assert sum(1 for tag, _ in parser.tags if tag == "h1") == 1, f"{path}: more than one heading 1"
        assert "<details" not in to_html(page)


def test_hostile_text_is_still_shown_to_the_reader(packet: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    _, pages = packet
    html = to_html(pages["customers.md"])
    assert "&lt;b&gt;Corp&lt;/b&gt;" in html and "{{ 7*7 }}" in html
    timeline = to_html(next(text for path, text in pages.items() if path.startswith("customers/evil")))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline
    assert "!!! danger" in timeline and "--8&lt;--" in timeline


def test_front_matter_holds_hostile_values_exactly(packet: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    drafts, pages = packet
    for draft in drafts:
        meta = get_data(pages[draft.path])[1]
        assert meta["customer"] == draft.customer and meta["subject"] == draft.subject, draft.id
    assert any(d.customer == EVIL_NAME for d in drafts)


def test_hostile_text_is_a_template_variable_never_template_source(
    packet: tuple[tuple[Draft, ...], dict[str, str]],
) -> None:
    drafts, pages = packet
    reminder = next(d for d in drafts if d.kind == "reminder" and d.customer == EVIL_NAME)
    assert "Evil <b>Corp</b> [x](javascript:alert(1)) {{ 7*7 }}" in reminder.body  # plain text, as the name is
    assert "49" not in reminder.body
    reply = next(d for d in drafts if d.kind == "blocker_reply")
    assert "Hello Eve {{ 7*7 }} ```," in reply.body
    assert reply.subject == "Re: PO {% raw %} ---"
    assert email_body(pages[reply.path]) == reply.body  # the fence outlasts the name's backticks


def test_a_hostile_name_cannot_break_a_subject_line(packet: tuple[tuple[Draft, ...], dict[str, str]]) -> None:
    drafts, _ = packet
    for draft in drafts:
        assert "\n" not in draft.subject and "\r" not in draft.subject


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_yaml_string_round_trips_any_text(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_string(text)}\n") == {"key": text}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_escaped_text_never_becomes_markup(text: str) -> None:
    page = f"# Title\n\n{inline(text)}\n\n| a |\n|---|\n| {cell(text)} |\n\n{quote_block(text)}\n"
    parser = Tags()
    parser.feed(markdown.markdown(page, extensions=site_extensions()))
    tags = {tag for tag, _ in parser.tags}
    assert tags <= {"h1", "p", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "br"}, (text, tags)
