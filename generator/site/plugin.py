"""The ``blitz`` MkDocs plugin: a thin adapter from MkDocs' build events to ``generator.site``.

Every decision lives in the modules beside this one; this file only reads what
MkDocs hands it, calls them, and hands their results back (generated files,
the nav, page text). Git is read once per build, in ``on_config``.

Options (``mkdocs.yml``)::

    plugins:
      - blitz:
          require_git: false   # true: building outside a git repository is a warning
"""

from __future__ import annotations

import os
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from generator.approvals import State
from generator.manifest import Sender, load_policy
from generator.problems import Problem
from generator.site.brief import CHARTS_SLOT, charts_html, fill_brief
from generator.site.catalog import (
    DraftEntry,
    PacketEntry,
    build_catalog,
    is_brief_uri,
    is_packet_source,
    is_searched,
)
from generator.site.draft_links import mark_draft_links
from generator.site.draft_view import decorate_draft, eml_uri, slot_email
from generator.site.eml import EmlResult, draft_emls
from generator.site.front_matter import FrontMatter
from generator.site.home import fill_home
from generator.site.navigation import site_nav
from generator.site.quick_markdown import QuickMarkdownExtension
from generator.site.states import SiteStates, read_states
from generator.site.titles import safe_title

log = get_plugin_logger("blitz")

ASSETS = ("blitz.css", "blitz.js")
ASSET_DIR = "assets/blitz"


class BlitzConfig(base.Config):  # type: ignore[no-untyped-call]
    require_git = c.Type(bool, default=False)


class BlitzPlugin(BasePlugin[BlitzConfig]):
    """Approval badges, .eml downloads, charts, the packet list and the packet navigation."""

    def __init__(self) -> None:
        self.states = SiteStates()
        self.sender = Sender()
        self.docs_prefix = "docs"
        self.packets: list[PacketEntry] = []
        self.drafts: dict[str, DraftEntry] = {}
        self.emls: dict[str, EmlResult] = {}
        self.draft_urls: dict[str, State] = {}  # site URL of each draft page → its state
        self.read: dict[str, str] = {}  # briefs' and drafts' text, read once for the catalog, handed to MkDocs
        self.front = FrontMatter()  # drafts' front matter, parsed once for the catalog and for MkDocs
        self.meta: dict[str, dict[str, Any]] = {}  # page.meta of pages handed to MkDocs without front matter

    def _log(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        for problem in problems:
            log.warning(f"{problem.source}: {problem.message}")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.docs_prefix = Path(os.path.relpath(config.docs_dir, root)).as_posix()
        self.states = read_states(root, self.docs_prefix)
        self._log(self.states.problems)
        if self.states.notice:
            (log.warning if self.config.require_git else log.info)(self.states.notice)
        policy, problems = load_policy(root)
        self._log(problems)
        self.sender = policy.sender
        config.extra_css.append(f"{ASSET_DIR}/blitz.css")
        config.extra_javascript.append(f"{ASSET_DIR}/blitz.js")
        config.markdown_extensions.append(QuickMarkdownExtension())  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        sources = {f.src_uri: f.content_string for f in files if is_packet_source(f.src_uri)}
        self.front, self.meta = FrontMatter(), {}  # a rebuild (mkdocs serve) starts from what it reads now
        self.packets, problems = build_catalog(sources, self.states, self.docs_prefix, self.front.load)
        self._log(problems)
        self.read = {uri: text for uri, text in sources.items() if uri.endswith(".md")}
        self.drafts = {d.src_uri: d for p in self.packets for d in p.drafts}
        self.draft_urls = {}
        for uri, draft in self.drafts.items():
            found = files.get_file_from_path(uri)
            if found is not None:
                self.draft_urls[found.url] = draft.state.state
        self.emls = draft_emls(self.drafts.values(), self.sender)
        for uri, eml in self.emls.items():
            if eml.content is not None:
                files.append(File.generated(config, eml_uri(uri), content=eml.content))
        assets = package_files("generator.site") / "assets"
        for name in ASSETS:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=(assets / name).read_bytes()))
        in_nav = [f for f in files.documentation_pages() if f.inclusion.is_in_nav()]  # type: ignore[no-untyped-call]
        pages = [f.src_uri for f in sorted(in_nav, key=file_sort_key)]
        config.nav = site_nav(config.nav, pages, self.packets)
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        text = self.read.pop(page.file.src_uri, None)
        if text is None:
            return None  # MkDocs reads the file itself
        split = self.front.split(text)
        if split is None:
            return text  # MkDocs reads the front matter itself
        markdown, meta = split
        self.meta[page.file.src_uri] = meta
        return markdown

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri in self.meta:  # the front matter the catalog parsed: MkDocs saw the page without it
            page.meta = self.meta.pop(uri)
        if not is_searched(uri):
            page.meta["search"] = {"exclude": True}  # read by the search plugin after the page is converted
        if uri == "index.md":
            return fill_home(markdown, self.packets)
        if is_brief_uri(uri):
            packet = self._packet_of(uri)
            return fill_brief(markdown, packet) if packet else markdown
        if uri in self.drafts:
            return slot_email(markdown)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.title:
            page.title = safe_title(page.title)
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = safe_title(page.meta["title"])
        uri = page.file.src_uri
        if uri == "index.md" or uri.startswith("packets/"):
            html = mark_draft_links(html, page.url, self.draft_urls)
        if is_brief_uri(uri):
            packet = self._packet_of(uri)
            return html.replace(CHARTS_SLOT, charts_html(packet), 1) if packet else html
        draft = self.drafts.get(uri)
        if draft is None:
            return html
        eml_file = files.get_file_from_path(eml_uri(uri))
        href = get_relative_url(eml_file.url, page.url) if eml_file is not None else None
        return decorate_draft(html, draft, self.emls.get(uri), href, readable=self.states.readable)

    def _packet_of(self, brief_uri: str) -> PacketEntry | None:
        return next((p for p in self.packets if p.brief_uri == brief_uri), None)
