"""Front matter parsed once for the catalog gives MkDocs exactly the page and meta its own reading gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.site.catalog import build_catalog
from generator.site.front_matter import FrontMatter
from generator.site.states import SiteStates

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = sorted((ROOT / "docs" / "packets").glob("*/drafts/*.md"))


def as_built(split: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """What the page becomes: MkDocs reads the Markdown handed to it, then the plugin sets the meta."""
    markdown, _ = get_data(split[0])
    return markdown, split[1]


def read_for_catalog(uri: str, text: str) -> FrontMatter:
    front = FrontMatter()
    build_catalog({uri: text}, SiteStates(), "docs", front.load)
    return front


def test_every_draft_page_of_the_sample_is_split_as_mkdocs_splits_it() -> None:
    assert len(DRAFTS) > 5
    for path in DRAFTS:
        text = path.read_text("utf-8")
        uri = path.relative_to(ROOT / "docs").as_posix()
        split = read_for_catalog(uri, text).split(text)
        assert split is not None, path
        assert as_built(split) == get_data(text), path


def test_each_parse_is_handed_out_once() -> None:
    text = DRAFTS[0].read_text("utf-8")
    front = read_for_catalog(DRAFTS[0].relative_to(ROOT / "docs").as_posix(), text)
    first = front.split(text)
    assert first is not None
    assert front.split(text) is None  # a second page with the same front matter is read by MkDocs itself


def test_front_matter_not_read_for_the_catalog_is_left_to_mkdocs() -> None:
    assert FrontMatter().split("---\nid: x\n---\n# Title\n") is None


FRONTS = st.sampled_from([
    "id: acme-reminder\ndecision: pending\n", "title: Custom title\n", "- a list\n", "just text\n", "{}\n",
    "id: [unclosed\n", "1: number key\n", "id: x\r\n", "", "a: 1\nb: {c: [1, 2]}\n", "search:\n  exclude: true\n",
])
BODIES = st.lists(st.sampled_from([
    "# Title\n", "Note: a line MkDocs reads as meta\n", "   \n", "\n", "---\nmore: yaml\n---\n", "text\r\n",
    "    indented\n", "plain words\n", "...\n", "---\n", "key:value\n", "\tKey: tab\n",
]), max_size=5).map("".join)
CLOSERS = st.sampled_from(["---\n", "...\n", "---  \n", "---", "--- \r\n", "---\r\n"])
OPENERS = st.sampled_from(["---\n", "--- \n", "---\r\n", "----\n", ""])


@settings(max_examples=400, deadline=None)
@given(OPENERS, FRONTS, CLOSERS, BODIES)
def test_any_page_is_split_as_mkdocs_splits_it_or_left_to_mkdocs(opener: str, front: str, closer: str,
                                                                    body: str) -> None:
    text = f"{opener}{front}{closer}{body}"
    split = read_for_catalog("packets/p/drafts/x.md", text).split(text)
    if split is not None:
        assert as_built(split) == get_data(text)
