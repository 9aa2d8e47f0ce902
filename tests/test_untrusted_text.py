"""Untrusted text stays data: whatever an email, a note or an export cell says comes out as inert text.

Property tests (hypothesis) put hostile strings (raw HTML, ``<script>``,
``javascript:`` and ``data:`` URLs, Markdown links and images, pymdown and
admonition syntax, Jinja ``{{ }}``/``{% %}``, YAML document markers, ``on*=``
attributes, snippet includes) into real files of a handoff: the customer
cell of an aging export, an email's sender name, subject and body, and a
note. The whole pipeline reads them; every page is then converted to HTML
with the Markdown extensions of ``mkdocs.yml`` and inspected tag by tag, and
the YAML front matter of every draft is parsed back. One real ``mkdocs build``
of a hostile handoff, merged by an approver, checks the finished site.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from fixtures.safety.handoff import AGING_TITLE, POLICY, environment
from gitrepo import ANN, CAROL, GitRepo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from siteconfig import site_extensions

from generator.build import prepare

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = max(25, int(os.environ.get("BLITZ_FUZZ_EXAMPLES", "1000")) // 20)

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<iframe src=//evil>",
    '<a href="javascript:alert(1)">x</a>', "[click](javascript:alert(1))", "![i](data:image/svg+xml;base64,PHN2Zz4=)",
    "[x]: javascript:alert(1)", "<javascript:alert(1)>", "<https://evil.example/x>", "data:text/html,<b>x</b>",
    "JaVaScRiPt:alert(1)", "!!! danger \"Pay now\"", "??? note \"open\"", "???+ warning", "/// details",
    '--8<-- "/etc/passwd"', "{{ 1337*3 }}", "{% if true %}JINJA{% endif %}", "{% raw %}", "{#", "---", "...",
    "```", "~~~", "{: onclick=alert(1) }", "{ .admonition .danger }", "<details open><summary>x</summary>",
    "<!--", "-->", "**", "# Heading", "| a | b |", "|---|", "&lt;b&gt;", "&#60;script&#62;", "<style>*{}</style>",
    "\\", "`", "onerror=alert(1)", "\u202e", "    indented", "> quote", "- item", "1. item", "$$x$$", "[[x]]",
    "%", "<", ">", "&", '"', "'", "\n", "\n\n", "\t", "id: forged", "state: approved", "decision: approve",
    "=HYPERLINK(\"https://evil.example\",\"pay\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)",
]
SAFE_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=SAFE_ALPHABET, max_size=12)),
                   min_size=1, max_size=8).map("".join)
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "a", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li",
                "blockquote", "strong", "em", "code", "pre", "div", "br", "span", "hr"}
OUR_ADMONITION_CLASSES = {"admonition", "note", "warning", "danger", "info", "tip", "abstract", "highlight",
                          "blitz-email"}
BAD_URL = re.compile(r"^\s*(?:javascript|data|vbscript|file):", re.IGNORECASE)




EXTENSIONS = site_extensions()


class Tags(HTMLParser):
    """Every start tag with its attributes, and the titles of admonitions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.titles: list[str] = []
        self._title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._title = ("class", "admonition-title") in attrs

    def handle_data(self, data: str) -> None:
        if self._title:
            self.titles.append(data)
            self._title = False


def no_formulas(text: str, where: str) -> None:
    """A CSV a spreadsheet opens without running anything: no cell starts a formula, unless it is a number."""
    assert text.startswith("\ufeff"), f"{where}: no byte-order mark, so Excel would not read it as UTF-8"
    for row in csv.reader(io.StringIO(text[1:])):
        for value in row:
            assert "\n" not in value and "\r" not in value, f"{where}: a cell over several lines: {value!r}"
            assert not value.startswith(("=", "+", "-", "@", "\t")) or re.fullmatch(r"-?\d+(\.\d+)?", value), \
                f"{where}: {value!r} would run as a formula"


def inert(html: str, where: str, our_titles: set[str]) -> None:
    """The HTML holds only the markup our pages make: no script, no handler, no dangerous URL."""
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"{where}: <{tag} {attrs}> came through"
        assert not any(name.lower().startswith("on") for name in attrs), f"{where}: <{tag} {attrs}>"
        for name in ("href", "src", "action", "formaction", "srcset"):
            value = attrs.get(name) or ""
            assert not BAD_URL.match(value), f"{where}: <{tag} {name}={value!r}>"
            assert "://" not in value, f"{where}: a link to another site: {value!r}"
        if tag == "div":
            classes = set((attrs.get("class") or "").split())
            assert classes <= OUR_ADMONITION_CLASSES, f"{where}: <div class={classes}>"
    assert set(parser.titles) <= our_titles, f"{where}: admonition titles {parser.titles}"
    assert sum(1 for tag, _ in parser.tags if tag == "h1") <= 1, f"{where}: more than one top heading"


@pytest.mark.parametrize("markup", ["<script>alert(1)</script>", "[x](javascript:alert(1))", "!!! danger \"x\"\n    y",
                                    "<img src=x onerror=alert(1)>", "![i](data:image/png;base64,AA==)", "# A\n\n# B"])
def test_the_inspection_catches_markup(markup: str) -> None:
    with pytest.raises(AssertionError):
        inert(markdown.markdown(markup, extensions=EXTENSIONS), "example", {"For the reviewer"})


def our_titles() -> set[str]:
    """The admonition titles the render stage writes itself, from a packet with nothing hostile in it."""
    pages = packet_pages({"customer": "Plain Supply", "sender": "Pat", "subject": "INV-4001", "body": "Hello.",
                          "note": "Plain Supply: ok."})
    titles: set[str] = set()
    for page in pages.values():
        parser = Tags()
        parser.feed(markdown.markdown(get_data(page)[0], extensions=EXTENSIONS))
        titles |= set(parser.titles)
    return titles


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def handoff_files(text: dict[str, str]) -> dict[str, str]:
    """A handoff whose untrusted places hold ``text``: customer cell, mail sender, subject and body, a note."""
    aging = AGING_TITLE + csv_text([
        ["Invoice Number", "Customer", "Invoice Date", "Due Date", "Amount", "Open Balance", "Email"],
        ["INV-4001", text["customer"], "2026-03-01", "2026-04-01", "1,250.00", "1,250.00", "ap@hostile.example"],
        ["INV-4002", text["customer"], "2026-03-05", "2026-04-05", "80.00", "80.00", "ap@hostile.example"],
        ["INV-4003", "Plain Supply", "2026-03-05", "2026-04-05", "10.00", "10.00", "ap@plain.example"],
    ])
    sender = " ".join(text["sender"].split()).replace('"', "'")
    subject = " ".join(text["subject"].split())
    mail = (f'From: "{sender}" <ap@hostile.example>\nTo: ar@harborlight.example.com\nSubject: {subject} INV-4001\n'
            f"Date: Mon, 20 Apr 2026 10:00:00 +0000\nMessage-ID: <hostile-1@hostile.example>\n"
            f"Content-Type: text/plain; charset=utf-8\n\nWe dispute INV-4001. {text['body']}\n\nINV-4002 is fine.\n")
    note = f"# Memo\n\n{text['customer']}: hold INV-4002. {text['note']}\n"
    return {"handoff.yaml": "title: Hostile review\nas_of: 2026-04-30\n", "exports/aging.csv": aging,
            "threads/hostile.eml": mail, "notes/memo.md": note}


def packet_pages(text: dict[str, str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "handoffs").mkdir()
        (root / "handoffs" / "policy.yml").write_text(POLICY, encoding="utf-8")
        for rel, content in handoff_files(text).items():
            path = root / "handoffs" / "x" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        packet, problems = prepare(root / "handoffs" / "x", root)
    assert packet is not None, [str(p) for p in problems]
    return packet.pages


@pytest.fixture(scope="module")
def titles() -> set[str]:
    found = our_titles()
    assert found, "the plain packet should have admonitions of its own"
    return found


def drafts_meta(pages: dict[str, str]) -> Iterator[tuple[str, dict[str, object]]]:
    for rel, page in pages.items():
        if rel.startswith("drafts/") and rel.endswith(".md"):
            yield rel, get_data(page)[1]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(customer=hostile, sender=hostile, subject=hostile, body=hostile, note=hostile)
def test_hostile_text_in_any_source_stays_inert(titles: set[str], customer: str, sender: str, subject: str,
                                                body: str, note: str) -> None:
    pages = packet_pages({"customer": customer, "sender": sender, "subject": subject, "body": body, "note": note})
    for rel, page in pages.items():
        unhashed = re.sub(r'(?m)^generated: "[0-9a-f]+"$', "", page)  # a digest may hold any digits
        assert "4011" not in unhashed, f"{rel}: a template expression from the input was evaluated"
        assert "JINJA" not in page or "{% if true %}JINJA{% endif %}" in customer + sender + subject + body + note
        if rel.endswith(".json"):
            json.loads(page)
            continue
        if rel.endswith(".csv"):
            no_formulas(page, rel)
            continue
        content, meta = get_data(page)
        inert(markdown.markdown(content, extensions=EXTENSIONS), rel, titles)
        assert isinstance(meta, dict)
        for key, value in meta.items():
            assert not isinstance(value, str) or "\x00" not in value, (rel, key)
    for rel, meta in drafts_meta(pages):
        assert meta.get("decision", "pending") in ("pending", "hold", "approve", "send"), (rel, meta)
        assert "state" not in meta and meta.get("id") != "forged", f"{rel}: front matter was forged: {meta}"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(customer=hostile)
def test_front_matter_gives_back_exactly_the_customer_read(customer: str) -> None:
    """Whatever the name, the draft's YAML holds the same string the packet uses for the customer."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "handoffs" / "x"
        for rel, content in handoff_files({"customer": customer, "sender": "Pat", "subject": "Hi", "body": "",
                                           "note": ""}).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(content, encoding="utf-8")
        packet, problems = prepare(folder, root)
    assert packet is not None, [str(p) for p in problems]
    for draft in packet.drafts:
        meta = get_data(packet.pages[draft.path])[1]
        assert meta.get("customer") == draft.customer, (draft.path, meta.get("customer"), draft.customer)
        assert meta.get("subject") == draft.subject, (draft.path, meta.get("subject"), draft.subject)
        assert meta.get("id") == draft.id
        for escape in ("&lt;", "&gt;", "&amp;", "\\*", "\\_", "\\[", "\\{"):  # a subject is plain text
            assert escape not in draft.subject or escape in customer, (draft.path, draft.subject)


# --- the real site, built from a hostile handoff and merged by an approver ----------------------------

EVERYTHING = "".join(f for f in FRAGMENTS if f not in ("\n", "\n\n", "\t"))
SITE_TEXT = {"customer": "Evil <b>Corp</b> " + EVERYTHING[:300], "sender": EVERYTHING[:200],
             "subject": EVERYTHING[:200], "body": "\n\n".join(FRAGMENTS), "note": "\n".join(FRAGMENTS)}
MATERIAL_SCRIPT_SOURCES = re.compile(r"^/?(?:\.\./)*(?:assets/javascripts/|assets/blitz/|search/)")


class Page(HTMLParser):
    """The scripts, handlers and URLs of a built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.lower().startswith("on")]
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-site")
    repo = GitRepo.create(tmp / "repo")
    shutil.copy(REPO / "mkdocs.yml", repo.path / "mkdocs.yml")
    (repo.path / "docs").mkdir()
    shutil.copy(REPO / "docs" / "index.md", repo.path / "docs" / "index.md")
    repo.write("handoffs/policy.yml", POLICY)
    for rel, content in handoff_files(SITE_TEXT).items():
        repo.write(f"handoffs/hostile/{rel}", content)
    repo.commit("The site and a hostile handoff", author=CAROL)
    repo.branch("hostile")
    env = environment(**{k: v for k, v in repo.env.items() if k.startswith(("GIT_", "HOME"))},
                      NO_MKDOCS_2_WARNING="1")
    prepared = subprocess.run([sys.executable, "-m", "generator", "prepare", "handoffs/hostile"], cwd=repo.path,
                              env=env, capture_output=True, text=True, timeout=600)
    assert prepared.returncode == 0, prepared.stderr
    repo.commit("Hostile packet", author=ANN)
    repo.checkout("main")
    repo.merge("hostile", "Merge pull request #9 from harbor/hostile", author=CAROL)
    site = tmp / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=repo.path,
                           env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return site


def test_the_built_site_runs_no_script_from_the_input(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert any("packets/hostile/drafts" in p.as_posix() for p in pages), "the hostile drafts were not built"
    assert list(hostile_site.rglob("*.eml")), "the approved customer draft should offer an .eml"
    for path in pages:
        page = Page()
        page.feed(path.read_text("utf-8"))
        where = path.relative_to(hostile_site).as_posix()
        assert page.handlers == [], f"{where}: {page.handlers}"
        for url in page.urls:
            assert not BAD_URL.match(url), f"{where}: {url!r}"
        for attrs, text in page.scripts:
            source = attrs.get("src")
            assert source is None or MATERIAL_SCRIPT_SOURCES.match(source), f"{where}: script {source}"
            assert "alert(" not in text and "1337" not in text, f"{where}: a script holds input text"


def test_the_hostile_text_is_still_shown_as_text(hostile_site: Path) -> None:
    html = "".join(p.read_text("utf-8") for p in (hostile_site / "packets" / "hostile").rglob("*.html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 1337*3 }}" in html
    index = (hostile_site / "search" / "search_index.json").read_text("utf-8")
    assert "{{ 1337*3 }}" in index, "the search index should hold the text as written"
    assert "<script>alert(1)</script>" not in index and "<img src=x onerror" not in index


def test_the_eml_files_carry_no_injected_header(hostile_site: Path) -> None:
    import email
    from email import policy

    for path in hostile_site.rglob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        names = [name.lower() for name in message]
        assert names.count("subject") == 1 and names.count("to") == 1, names
        assert "bcc" not in names and "id" not in names and "state" not in names, names
        assert message["X-Unsent"] == "1"
