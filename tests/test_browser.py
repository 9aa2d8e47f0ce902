"""The built site in a real browser: headless Chromium from Debian, driven by Playwright.

The site of the main scenario in ``test_site`` (approved, pending, held and
changed drafts, a reply quoting a hostile email) is served from 127.0.0.1 on
a random port. Every request any page makes is recorded; anything not for
that host is blocked and fails the test.

Without Chromium these tests fail when ``CI=true`` (CI must run them) and are
skipped otherwise.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_site import DRAFTS, PACKET, REPO, build_fixture_site, build_sample_site

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = REPO / "docs" / "assets" / "packet-brief.png"
LOCAL_SCHEMES = ("data", "blob", "file")  # never leave the machine


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium with apt)")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """``site`` on http://127.0.0.1:<random port>/ from a thread, shut down afterwards."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("browser"))[1]


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[str]:
    """The main scenario's site, served."""
    with serving(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


class Visit:
    """A browser context that records every request and every dialog, and blocks other hosts."""

    def __init__(self, browser: object, base: str, **options: object) -> None:
        self.base = base
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(**options)  # type: ignore[attr-defined]
        self.context.route("**/*", self._route)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def open(self, uri: str) -> object:
        response = self.page.goto(self.base + uri, wait_until="load")
        assert response is not None and response.status == 200, f"{uri} did not load"
        return self.page

    def close(self) -> None:
        self.context.close()
        assert not self.blocked, f"pages asked for other hosts: {self.blocked}"
        assert not self.dialogs, f"a page opened a dialog: {self.dialogs}"
        foreign = [u for u in self.requests if urlsplit(u).scheme not in LOCAL_SCHEMES
                   and urlsplit(u).hostname != "127.0.0.1"]
        assert not foreign, f"requests left the host: {foreign}"


@pytest.fixture
def visit(browser: object, served: str) -> Iterator[Visit]:
    session = Visit(browser, served, viewport={"width": 1280, "height": 900})
    yield session
    session.close()


def test_home_lists_packets_and_leads_to_the_brief(visit: Visit) -> None:
    page = visit.open("")
    table = page.locator("article table").first
    assert "March aging review" in table.inner_text()
    assert "February aging review" in table.inner_text()
    page.locator("article table a", has_text="March aging review").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/packets/{PACKET}/index.html")
    assert page.locator("h2", has_text="At a glance").is_visible()
    charts = page.locator("article svg[role=img]")
    assert charts.count() == 4
    assert charts.first.is_visible()
    assert page.locator(".md-nav--primary").inner_text().count("aging review") == 2


def test_search_finds_an_invoice_number(visit: Visit) -> None:
    page = visit.open("")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("INV-1042", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert "INV-1042" in results.first.inner_text()  # pages with the number rank first
    box.fill("")
    box.press_sequentially("1042", delay=20)
    page.locator(".md-search-result__meta", has_text="matching documents").wait_for(timeout=15_000)
    found = page.locator(".md-search-result__item").all_inner_texts()
    assert found and all("1042" in text for text in found), found
    box.fill("")
    box.press_sequentially("Acme Retail", delay=20)
    page.locator(".md-search-result__item", has_text="Acme Retail").first.wait_for(state="visible")


def test_approved_draft_has_badge_copy_button_and_eml(visit: Visit) -> None:
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=visit.base.rstrip("/"))
    page = visit.open(f"{DRAFTS}/acme-retail-reminder.html")
    badge = page.locator(".blitz-badge")
    assert badge.is_visible() and badge.get_attribute("data-blitz-state") == "approved"
    assert "Approved" in badge.inner_text() and "PR #7" in badge.inner_text()
    link = page.locator("a.blitz-eml")
    assert link.is_visible() and link.get_attribute("href") == "acme-retail-reminder.eml"
    button = page.get_by_role("button", name="Copy email text")
    assert button.is_visible()
    button.click()
    page.locator(".blitz-copy__status", has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#blitz-email-text").text_content()
    assert copied.startswith("Dear Acme Retail") and copied.rstrip().endswith("Harbor Light Supply, Inc.")
    with page.expect_download() as download_info:
        link.click()
    saved = Path(download_info.value.path())
    assert b"X-Unsent: 1\r\n" in saved.read_bytes()


@pytest.mark.parametrize(("name", "label"), [
    ("globex-reminder", "Not approved — do not send"),
    ("umbrella-reminder", "On hold — do not send"),
    ("wayne-reminder", "Changed after approval — do not send"),
])
def test_unapproved_draft_warns_and_offers_no_eml(visit: Visit, name: str, label: str) -> None:
    page = visit.open(f"{DRAFTS}/{name}.html")
    badge = page.locator(".blitz-badge")
    assert badge.is_visible() and label in badge.inner_text()
    assert page.locator("a[href$='.eml']").count() == 0
    assert page.locator("[data-blitz-copy]").count() == 0
    assert page.locator(".md-clipboard").count() == 0
    response = page.request.get(visit.base + f"{DRAFTS}/{name}.eml")
    assert response.status == 404


@pytest.mark.parametrize("uri", ["", f"packets/{PACKET}/index.html", f"{DRAFTS}/hostile-reply.html",
                                 f"packets/{PACKET}/customers/evil-corp.html"])
def test_hostile_text_runs_no_script(visit: Visit, uri: str) -> None:
    page = visit.open(uri)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert page.locator("[onerror], [onclick], [onload]").count() == 0
    if "hostile" in uri:
        assert "<script>window.__pwned = 1" in page.locator("#blitz-email-text").inner_text()
        page.get_by_role("button", name="Copy email text").click()
        assert page.evaluate("typeof window.__pwned") == "undefined"


def test_search_results_keep_hostile_text_inert(visit: Visit) -> None:
    page = visit.open("")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("pwned", delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result script, .md-search-result img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_site_works_opened_from_disk(browser: object, built_site: Path) -> None:
    """``make demo`` says to open site/index.html: pages, links, charts and badges work from the file."""
    session = Visit(browser, built_site.as_uri() + "/")
    page = session.page
    page.goto(session.base + "index.html")
    page.locator("article table a", has_text="March aging review").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/packets/{PACKET}/index.html")
    assert page.locator("article svg[role=img]").count() == 4
    page.locator("article a", has_text="Acme Retail reminder").click()
    page.wait_for_load_state("load")
    assert page.locator(".blitz-badge").get_attribute("data-blitz-state") == "approved"
    assert page.locator("a.blitz-eml").is_visible()
    session.close()


def test_the_request_check_catches_another_host(browser: object, served: str) -> None:
    """The no-other-host check is real: a page asking for another host is blocked and reported."""
    session = Visit(browser, served)
    page = session.open("")
    page.evaluate("new Image().src = 'http://example.invalid/pixel.png'")
    page.wait_for_timeout(300)
    assert session.blocked == ["http://example.invalid/pixel.png"]
    with pytest.raises(AssertionError, match="other hosts"):
        session.close()


def test_sample_packet_brief_renders_and_screenshot(browser: object, tmp_path: Path) -> None:
    """The sample handoff's brief at 1280 px wide: the README's screenshot.

    ``BLITZ_UPDATE_SCREENSHOT=1`` writes it to docs/assets/packet-brief.png.
    """
    _, site = build_sample_site(tmp_path)
    with serving(site) as base:
        session = Visit(browser, base, viewport={"width": 1280, "height": 1000})
        page = session.open("packets/2026-04-aging/index.html")
        assert page.locator("h1").inner_text() == "April aging review"
        assert page.locator("article svg[role=img]").first.is_visible()
        assert page.locator(".blitz-chip--approved").count() > 0
        shot = tmp_path / "packet-brief.png"
        page.screenshot(path=str(shot))
        session.close()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1280
    assert len(data) < 300_000
    if os.environ.get("BLITZ_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes(data)
