"""The internal site: real ``mkdocs build --strict`` runs of packets in real git repositories,
and the site's pure functions (charts, .eml, draft pages, navigation) on small inputs.

The main scenario: the fixture packet is added on a branch and merged by an
approver in pull request #7 (acme, hostile and wayne approved, initech an
approved internal note), then wayne is edited on main without review
(changed after approval) and globex is committed directly (pending); umbrella
says ``decision: hold``.
"""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from email.policy import default as default_policy
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path

import pytest
from gitrepo import ANN, CAROL, GitRepo

from generator.approvals import DraftState
from generator.manifest import Sender
from generator.site.badges import LABELS, badge_html
from generator.site.catalog import PacketEntry, build_catalog, newest_first
from generator.site.charts import aging_chart, exposure_chart
from generator.site.draft_links import mark_draft_links, resolve
from generator.site.draft_page import find_email, parse_draft_page
from generator.site.draft_view import slot_email
from generator.site.eml import build_eml
from generator.site.home import MARKER, fill_home
from generator.site.navigation import site_nav
from generator.site.packets import PacketData, bucket_totals, parse_packet_json, top_exposures
from generator.site.states import SiteStates, read_states
from generator.site.titles import safe_title

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "packet"
PACKET = "2026-03-aging"
OLDER = "2026-02-aging"
SAMPLE = "handoffs/2026-04-aging"
DRAFTS = f"packets/{PACKET}/drafts"
EXPECTED_STATES = {
    "acme-retail-reminder": "approved",
    "hostile-reply": "approved",
    "initech-dispute-note": "approved",
    "wayne-reminder": "changed_after_approval",
    "globex-reminder": "pending",
    "umbrella-reminder": "on_hold",
}
POLICY = """\
approvers:
  - name: Carol Controller
    email: carol@example.com
sender:
  name: Jordan Pike
  email: ar@harborlight.example.com
"""
OLDER_PACKET = {
    "handoff": {"id": OLDER, "title": "February aging review", "as_of": "2026-02-28"},
    "invoices": [{"number": "INV-0900", "customer": "Acme Retail", "currency": "USD", "open_amount": "100.00",
                  "bucket": "1-30"}],
    "drafts": [],
    "unknowns": [],
}


# --- building sites --------------------------------------------------------------------------


def copy_site_sources(dest: Path, *, guides: bool = False) -> None:
    """The project's mkdocs.yml and home page; with ``guides``, every hand-written page of docs/.

    A packet prepared in the working tree is never copied.
    """
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    if guides:
        shutil.copytree(REPO / "docs", dest / "docs", ignore=shutil.ignore_patterns("packets"), dirs_exist_ok=True)
    else:
        (dest / "docs").mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "docs" / "index.md", dest / "docs" / "index.md")


def make_site_repo(path: Path) -> GitRepo:
    """The main scenario (see the module docstring) in a new repository at ``path``."""
    repo = GitRepo.create(path)
    copy_site_sources(repo.path)
    repo.write("handoffs/policy.yml", POLICY)
    repo.write(f"docs/packets/{OLDER}/packet.json", json.dumps(OLDER_PACKET, indent=2, sort_keys=True))
    repo.write(f"docs/packets/{OLDER}/index.md", "# February aging review\n\nOne invoice.\n")
    repo.commit("The site and the February packet")
    repo.branch("march")
    packet = repo.path / "docs" / "packets" / PACKET
    shutil.copytree(FIXTURE, packet, ignore=shutil.ignore_patterns("globex-reminder.md"))
    repo.commit("March packet", author=ANN)
    repo.checkout("main")
    repo.merge("march", "Merge pull request #7 from harbor/march", author=CAROL)
    wayne = packet / "drafts" / "wayne-reminder.md"
    wayne.write_text(wayne.read_text("utf-8").replace("is overdue.", "is overdue; please pay."), "utf-8")
    repo.commit("Tweak the Wayne reminder", author=ANN)
    shutil.copy(FIXTURE / "drafts" / "globex-reminder.md", packet / "drafts" / "globex-reminder.md")
    repo.commit("Add the Globex reminder", author=ANN)
    return repo


def site_env(base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(base if base is not None else os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def mkdocs_build(project: Path, site: Path, env: dict[str, str], *,
                 strict: bool = True) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` in ``project`` into ``site``, as CI and ``make demo`` run it."""
    mode = "--strict" if strict else "--no-strict"
    args = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), mode]
    return subprocess.run(args, cwd=project, env=site_env(env), capture_output=True, text=True, timeout=300)


def build_fixture_site(tmp: Path) -> tuple[GitRepo, Path]:
    """Build the main scenario's site; fails the test if the strict build fails."""
    repo = make_site_repo(tmp / "repo")
    site = tmp / "site"
    done = mkdocs_build(repo.path, site, repo.env)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr}"
    return repo, site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path, str]:
    tmp = tmp_path_factory.mktemp("site")
    repo = make_site_repo(tmp / "repo")
    site = tmp / "site"
    done = mkdocs_build(repo.path, site, repo.env)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr}"
    return repo, site, done.stderr


def page(site: Path, uri: str) -> str:
    """The built HTML of the page at ``uri`` ("" for home, a folder for its index, else a page)."""
    folder = site / uri / "index.html"
    return (folder if folder.is_file() else site / f"{uri}.html").read_text("utf-8")


def article(html: str) -> str:
    """The page's own content, without Material's header, nav and scripts."""
    start = html.index("<article")
    return html[start: html.index("</article>", start)]


def nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start: html.index("</nav>", start)]


# --- the built site ----------------------------------------------------------------------------


def test_strict_build_has_no_warnings(built: tuple[GitRepo, Path, str]) -> None:
    _, site, log = built
    assert "WARNING" not in log
    assert (site / "index.html").is_file()


@pytest.mark.parametrize(("name", "state"), sorted(EXPECTED_STATES.items()))
def test_every_draft_page_has_a_badge_with_its_state(built: tuple[GitRepo, Path, str], name: str, state: str) -> None:
    _, site, _ = built
    body = article(page(site, f"{DRAFTS}/{name}"))
    assert body.count('blitz-badge" role="status"') == 1
    assert f'data-blitz-state="{state}"' in body
    assert LABELS[state] in body  # type: ignore[index]
    if state != "approved":
        assert "do not send" in body


def test_approved_badge_names_pr_approver_and_date(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    body = article(page(site, f"{DRAFTS}/acme-retail-reminder"))
    assert "PR #7" in body
    assert "carol@example.com" in body
    assert re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d", body)


def test_pending_draft_says_not_approved_and_offers_nothing_to_send(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    body = article(page(site, f"{DRAFTS}/globex-reminder"))
    assert "Not approved — do not send" in body
    assert "data-blitz-copy" not in body
    assert ".eml" not in body.replace("the .eml download", "")


def test_eml_files_exist_only_for_approved_customer_drafts(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    emls = sorted(p.name for p in (site / DRAFTS).glob("*.eml"))
    assert emls == ["acme-retail-reminder.eml", "hostile-reply.eml"]
    assert not list((REPO / "docs").rglob("*.eml")), "generated files must not be written into docs/"


def test_approved_customer_draft_links_its_eml_and_has_a_copy_button(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    body = article(page(site, f"{DRAFTS}/acme-retail-reminder"))
    assert 'href="acme-retail-reminder.eml"' in body
    assert 'data-blitz-copy="blitz-email-text"' in body
    internal = article(page(site, f"{DRAFTS}/initech-dispute-note"))
    assert "data-blitz-copy" not in internal and ".eml" not in internal


def test_eml_is_an_unsent_draft_with_the_page_text(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    raw = (site / DRAFTS / "acme-retail-reminder.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=default_policy)
    assert message["X-Unsent"] == "1"
    assert message["To"] == "ap@acme-retail.example.com"
    assert message["From"] == "Jordan Pike <ar@harborlight.example.com>"
    assert message["Subject"] == "Invoice INV-1042: updated PO and payment date"
    assert message["Date"] is None and message["Message-ID"] is None
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    block = find_email((FIXTURE / "drafts" / "acme-retail-reminder.md").read_text("utf-8"))
    assert block is not None
    assert message.get_content().replace("\r\n", "\n") == block.text + "\n"


def test_untrusted_text_stays_text(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    for uri in (f"{DRAFTS}/hostile-reply", f"packets/{PACKET}", f"packets/{PACKET}/customers/evil-corp", ""):
        html = page(site, uri)
        assert "__pwned" not in "".join(re.findall(r"<script[^>]*>.*?</script>", html, re.DOTALL))
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
        assert title is not None and "<" not in title.group(1)
        assert not re.search(r"<[^>]+\son\w+\s*=", article(html)), "an event-handler attribute got through"
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    body = article(page(site, f"{DRAFTS}/hostile-reply"))
    assert "&lt;script&gt;window.__pwned = 1" in body


def test_brief_has_charts_per_currency_with_accessible_labels(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    body = article(page(site, f"packets/{PACKET}"))
    svgs = re.findall(r"<svg .*?</svg>", body, re.DOTALL)
    assert len(svgs) == 4  # aging + exposure, for EUR and USD
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert "<script" not in svg and "href" not in svg
    usd_exposure = next(s for s in svgs if "Largest open balances by customer (USD)" in s)
    assert usd_exposure.count("<g>") == 10  # the top ten of fourteen USD customers
    assert "Acme Retail: USD 20,550.50" in usd_exposure  # largest first
    assert usd_exposure.index("Acme Retail") < usd_exposure.index("Globex Corporation")
    assert "Oscorp Technologies and Che…" in usd_exposure
    assert "&lt;img src=x" in usd_exposure


def test_charts_are_byte_identical_across_builds(built: tuple[GitRepo, Path, str], tmp_path: Path) -> None:
    repo, site, _ = built
    again = tmp_path / "again"
    assert mkdocs_build(repo.path, again, repo.env).returncode == 0
    first = re.findall(r"<svg .*?</svg>", page(site, f"packets/{PACKET}"), re.DOTALL)
    second = re.findall(r"<svg .*?</svg>", page(again, f"packets/{PACKET}"), re.DOTALL)
    assert first and first == second
    for name in ("acme-retail-reminder.eml", "hostile-reply.eml"):
        assert (site / DRAFTS / name).read_bytes() == (again / DRAFTS / name).read_bytes()


def test_brief_shows_progress_and_every_draft_link_says_where_it_stands(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    body = article(page(site, f"packets/{PACKET}"))
    assert body.index("At a glance") < body.index("Exceptions")
    assert "3 of 6 approved · 1 pending · 1 on hold · 1 changed after approval" in body
    for name, state in EXPECTED_STATES.items():
        link = re.search(rf'<a href="drafts/{name}.html">[^<]*</a> <span class="blitz-chip blitz-chip--(\w+)"', body)
        assert link is not None and link.group(1) == state, name
    customer = article(page(site, f"packets/{PACKET}/customers/acme-retail"))
    assert "blitz-chip" not in customer  # it links to no draft


def test_nav_lists_packets_not_customers_or_drafts(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    for uri in ("", f"packets/{PACKET}/customers/acme-retail", f"{DRAFTS}/globex-reminder"):
        menu = nav(page(site, uri))
        assert "March aging review ‹script›window.__pwned=5‹/script› (2026-03-31)" in menu
        assert "February aging review (2026-02-28)" in menu
        assert "customers/" not in menu and "drafts/" not in menu


def test_home_lists_packets_newest_first_with_totals_and_progress(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    body = article(page(site, ""))
    assert MARKER not in body
    assert body.index("March aging review") < body.index("February aging review")
    row = re.search(r"<tr>\s*<td><a href=\"packets/2026-03-aging/index.html\">.*?</tr>", body, re.DOTALL)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.DOTALL)
    assert cells[1:] == ["2026-03-31", "EUR 13,300.00<br>USD 61,484.08",
                         "3 of 6 approved · 1 pending · 1 on hold · 1 changed after approval"]
    assert "0 of 0" not in body and "no drafts" in body  # the February packet has none


def test_search_index_has_invoice_numbers_and_customer_names(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert "INV-1042" in text and "Acme Retail" in text
    assert "Open balance by aging bucket (USD)" not in text  # charts are left out of search
    separator = re.compile(index["config"]["separator"])
    # Material's search box splits a query at hyphens; the index must split the same way.
    words = [w for w in separator.split("Invoice (INV-1042), USD 18,400.00 due 2026-03-12. Call.") if w]
    assert words == ["Invoice", "INV", "1042", "USD", "18", "400.00", "due", "2026", "03", "12", "Call"]


def test_search_leads_to_the_customer_page_not_to_every_list(built: tuple[GitRepo, Path, str]) -> None:
    """An invoice number finds its customer's page; drafts and whole-packet lists stay out of the index."""
    _, site, _ = built
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    pages = {doc["location"].split("#", 1)[0] for doc in docs}
    packet_pages = {p for p in pages if p.startswith("packets/")}
    assert packet_pages, "no packet page was indexed"
    for location in packet_pages:
        rest = location.split("/", 2)[2]
        assert rest == "index.html" or rest.startswith("customers/"), location
    hits = {doc["location"].split("#", 1)[0] for doc in docs if "INV-1042" in doc["title"] + doc["text"]}
    assert any("/customers/" in hit for hit in hits), hits
    assert not any("/drafts/" in hit or hit.endswith(("actions.html", "exceptions.html")) for hit in hits), hits
    assert any(not p.startswith("packets/") for p in pages), "pages outside the packets should still be searchable"


def test_no_request_leaves_the_host_in_the_built_html(built: tuple[GitRepo, Path, str]) -> None:
    _, site, _ = built
    for html in site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", text), html


def test_outside_git_every_draft_is_not_approved(tmp_path: Path) -> None:
    project = tmp_path / "tarball"
    project.mkdir()
    copy_site_sources(project)
    (project / "handoffs").mkdir()
    (project / "handoffs" / "policy.yml").write_text(POLICY, "utf-8")
    shutil.copytree(FIXTURE, project / "docs" / "packets" / PACKET)
    done = mkdocs_build(project, tmp_path / "site", site_env())
    assert done.returncode == 0, done.stderr
    assert "not a git repository" in done.stderr and "WARNING" not in done.stderr
    assert not list((tmp_path / "site").rglob("*.eml"))
    body = article(page(tmp_path / "site", f"{DRAFTS}/acme-retail-reminder"))
    assert "Not approved — do not send" in body and "could not be read from git" in body

    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("require_git: false", "require_git: true"), "utf-8")
    strict = mkdocs_build(project, tmp_path / "site2", site_env())
    assert strict.returncode != 0 and "not a git repository" in strict.stderr


def test_shallow_clone_fails_strict_and_shows_nothing_approved(built: tuple[GitRepo, Path, str],
                                                              tmp_path: Path) -> None:
    repo, _, _ = built
    clone = repo.shallow_clone(tmp_path / "clone")
    strict = mkdocs_build(clone.path, tmp_path / "site", clone.env)
    assert strict.returncode != 0
    assert "fetch-depth: 0" in strict.stderr
    loose = mkdocs_build(clone.path, tmp_path / "site", clone.env, strict=False)
    assert loose.returncode == 0
    assert not list((tmp_path / "site").rglob("*.eml"))
    assert 'data-blitz-state="approved"' not in page(tmp_path / "site", f"{DRAFTS}/acme-retail-reminder")


def build_sample_site(tmp: Path) -> tuple[GitRepo, Path]:
    """``blitz prepare`` on the sample handoff in a pull-request branch, merged by an approver,
    then the strict build of the whole site (guides included)."""
    repo = GitRepo.create(tmp / "repo")
    copy_site_sources(repo.path, guides=True)
    shutil.copytree(REPO / "handoffs", repo.path / "handoffs")
    repo.commit("The site and the sample handoff")
    repo.branch("april")
    prepared = subprocess.run([sys.executable, "-m", "generator", "prepare", SAMPLE], cwd=repo.path,
                              env=repo.env, capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stderr
    repo.commit("April packet")
    repo.checkout("main")
    renata = ("Renata Alvarez", "renata.alvarez@harborlight.example.com")
    repo.merge("april", "Merge pull request #12 from harborlight/april", author=renata)
    site = tmp / "site"
    done = mkdocs_build(repo.path, site, repo.env)
    assert done.returncode == 0, done.stderr
    return repo, site


def test_sample_handoff_builds_into_a_site(tmp_path: Path) -> None:
    repo, site = build_sample_site(tmp_path)
    data = json.loads((repo.path / "docs/packets/2026-04-aging/packet.json").read_text("utf-8"))
    assert data["invoices"], "the sample handoff gave no invoices"
    brief = article(page(site, "packets/2026-04-aging"))
    assert brief.count('role="img"') >= 2
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    searchable = " ".join(doc["title"] + " " + doc["text"] for doc in docs)
    for invoice in data["invoices"]:
        assert invoice["number"] in searchable and html_escape(invoice["customer"], quote=False) in searchable
    menu = nav(page(site, ""))
    assert f"{data['handoff']['title']} ({data['handoff']['as_of']})" in menu
    assert "customers/" not in menu and "drafts/" not in menu
    for draft in data["drafts"]:
        html = page(site, f"packets/2026-04-aging/{draft['path'].removesuffix('.md')}")
        assert 'data-blitz-state="approved"' in html
        eml = site / "packets/2026-04-aging" / draft["path"].replace(".md", ".eml")
        assert eml.is_file() == (draft["audience"] == "customer")


# --- the pure functions ---------------------------------------------------------------------


def _packet(*rows: tuple[str, str, str, str]) -> PacketData:
    return PacketData.model_validate({
        "handoff": {"id": "p", "title": "T", "as_of": "2026-04-30"},
        "invoices": [{"number": f"N{i}", "customer": c, "currency": cur, "open_amount": amt, "bucket": b}
                     for i, (c, cur, amt, b) in enumerate(rows)],
    })


def test_totals_never_mix_currencies_and_keep_bucket_order() -> None:
    data = _packet(("A", "USD", "10.00", "91+"), ("B", "EUR", "5.50", "Current"), ("A", "USD", "-2.00", "1-30"))
    totals = bucket_totals(data)
    assert list(totals) == ["EUR", "USD"]
    assert [b for b, _ in totals["USD"]] == ["Current", "1-30", "31-60", "61-90", "91+"]
    assert dict(totals["USD"])["91+"] == Decimal("10.00")
    assert top_exposures(data) == {"EUR": (("B", Decimal("5.50")),), "USD": (("A", Decimal("8.00")),)}


def test_exposures_skip_credits_and_break_ties_by_name() -> None:
    data = _packet(("Zed", "USD", "5", "1-30"), ("Abe", "USD", "5", "1-30"), ("Cal", "USD", "-9", "1-30"))
    assert [name for name, _ in top_exposures(data)["USD"]] == ["Abe", "Zed"]


def test_bad_packet_json_is_a_problem_that_says_what_to_do() -> None:
    data, problems = parse_packet_json("{not json", "docs/packets/p/packet.json")
    assert data is None
    assert str(problems[0]).startswith("docs/packets/p/packet.json:1:2: ")
    assert "blitz prepare" in problems[0].message
    data, problems = parse_packet_json('{"handoff": {"id": "p"}}', "docs/packets/p/packet.json")
    assert data is None and "handoff.title" in problems[0].message


def test_charts_are_pure_and_escape_labels() -> None:
    rows = (("<b>Acme</b> & Co", Decimal("100.00")), ("Beta", Decimal("50.00")))
    svg = exposure_chart("p", "USD", rows)
    assert svg == exposure_chart("p", "USD", rows)
    assert "<b>" not in svg and "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in svg
    assert 'width="362.0"' in svg and 'width="181.0"' in svg
    empty = aging_chart("p", "USD", ())
    assert "Nothing to show." in empty


def test_negative_bucket_gets_no_bar_but_its_amount() -> None:
    svg = aging_chart("p", "USD", (("Current", Decimal("-20.00")), ("1-30", Decimal("10.00"))))
    assert 'width="0"' in svg and "-USD 20.00" in svg


def test_eml_refuses_bad_addresses_and_strips_header_injection() -> None:
    sender = Sender(name="AR", email="ar@example.com")
    bad = build_eml(to=("not an address",), subject="x", body="Hi", sender=sender)
    assert bad.content is None and "'not an address'" in (bad.reason or "")
    empty = build_eml(to=(), subject="x", body="Hi", sender=sender)
    assert empty.content is not None and b"\r\nTo:" not in empty.content
    assert "no 'to:' address" in (empty.reason or "")
    made = build_eml(to=("Ap Team <ap@x.example>",), subject="Hello\nBcc: evil@x.example", body="Hi", sender=sender)
    assert made.content is not None
    message = email.message_from_bytes(made.content, policy=default_policy)
    assert message["Bcc"] is None and message["Subject"] == "Hello Bcc: evil@x.example"
    assert message["To"] == "Ap Team <ap@x.example>"
    assert made.content.count(b"\r\n\r\n") >= 1 and b"X-Unsent: 1\r\n" in made.content


def test_draft_page_without_front_matter_or_markers_gives_problems_not_errors() -> None:
    page, problems = parse_draft_page("# Just a title\n", "docs/packets/p/drafts/x.md")
    assert page.audience is None and page.email is None
    assert problems and "front matter" in problems[0].message
    text = "---\naudience: customer\nto: a@b.example\n---\n# T\nno markers\n"
    page, problems = parse_draft_page(text, "docs/packets/p/drafts/x.md")
    assert page.to == ("a@b.example",) and page.email is None
    assert str(problems[0]).startswith("docs/packets/p/drafts/x.md:5: ")
    _, problems = parse_draft_page("---\nto: [unclosed\n---\n", "docs/packets/p/drafts/x.md")
    assert "not valid YAML" in problems[0].message


def test_email_slot_replaces_the_block_only() -> None:
    text = (FIXTURE / "drafts" / "hostile-reply.md").read_text("utf-8")
    slotted = slot_email(text)
    assert "<script>" not in slotted.split("---\n# ")[1] and "blitz:email" not in slotted
    assert slotted.startswith("---\n") and "Quotes the customer's own words" in slotted
    assert slot_email("# no email\n") == "# no email\n"


def test_unreadable_history_never_shows_approved() -> None:
    approved = DraftState(path="docs/packets/p/drafts/a.md", state="approved", pr=3)
    states = SiteStates(by_path={approved.path: approved}, readable=False)
    assert states.state_of(approved.path).state == "pending"
    assert states.state_of(approved.path, "hold").state == "on_hold"
    assert SiteStates(by_path={approved.path: approved}).state_of(approved.path).state == "approved"


def test_read_states_outside_git_is_a_notice_not_a_problem(tmp_path: Path) -> None:
    states = read_states(tmp_path)
    assert not states.readable and not states.problems
    assert states.notice and "not a git repository" in states.notice


def test_badge_escapes_every_value() -> None:
    state = DraftState(path="x", state="approved", pr=1, approved_by='"><script>x</script>',
                       approved_at=datetime(2026, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5))))
    html = badge_html(state, customer=True)
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html
    assert "2026-05-01 09:30 -05:00" in html


def test_catalog_orders_packets_newest_first_and_reports_missing_packet_json() -> None:
    older = json.dumps(OLDER_PACKET)
    newer = json.dumps({**OLDER_PACKET, "handoff": {"id": "b", "title": "B", "as_of": "2026-03-31"}})
    sources = {
        "packets/a/packet.json": older,
        "packets/b/packet.json": newer,
        "packets/c/index.md": "# C\n",
    }
    packets, problems = build_catalog(sources, SiteStates(), "docs")
    assert [p.id for p in packets] == ["b", "a", "c"]
    assert [str(p.source) for p in problems] == ["docs/packets/c"]
    assert newest_first([]) == []


def test_home_without_packets_says_how_to_make_one() -> None:
    assert "blitz prepare" in fill_home(f"# Home\n\n{MARKER}\n", [])
    assert fill_home("# Home\n", [PacketEntry(id="x")]) == "# Home\n"


def test_nav_grows_with_packets_and_keeps_a_written_nav() -> None:
    packets = [PacketEntry(id="b"), PacketEntry(id="a")]
    pages = ["index.md", "cli.md", "guides/approval.md", "guides/send.md", "packets/a/index.md", "z.md"]
    assert site_nav(None, pages, packets) == [
        {"Home": "index.md"}, {"Packets": [{"b": "packets/b/index.md"}, {"a": "packets/a/index.md"}]},
        {"Help": ["cli.md", {"Guides": ["guides/approval.md", "guides/send.md"]}, "z.md"]},
    ]
    written = [{"Home": "index.md"}]
    assert site_nav(written, pages, packets)[-1] == {"Packets": [{"b": "packets/b/index.md"},
                                                                 {"a": "packets/a/index.md"}]}
    own = [{"Home": "index.md"}, {"April": "packets/a/index.md"}]
    assert site_nav(own, pages, packets) == own
    assert site_nav(None, ["index.md"], []) == [{"Home": "index.md"}]


def test_safe_title_cannot_open_a_tag_even_after_unescaping() -> None:
    hostile = "Evil &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; & <em>Co</em>"
    title = safe_title(hostile)
    assert title == "Evil ‹/title›‹script›x()‹/script› &amp; Co"
    assert safe_title(title) == title
    assert "<" not in html_unescape(title)


def test_draft_links_resolve_from_any_page_and_skip_anchors_and_other_sites() -> None:
    states = {"packets/p/drafts/a/": "approved", "packets/p/drafts/b/": "pending"}
    assert resolve("packets/p/customers/x/", "../../drafts/a/") == "packets/p/drafts/a/"
    assert resolve("", "packets/p/") == "packets/p/"
    html = ('<a href="../../drafts/a/">a</a> <a href="../../drafts/b/#x">b</a> <a href="#top">t</a> '
            '<a href="https://example.com/packets/p/drafts/a/">e</a> <a href="../../drafts/c/">c</a>')
    marked = mark_draft_links(html, "packets/p/customers/x/", states)  # type: ignore[arg-type]
    assert marked.count("blitz-chip--approved") == 1 and marked.count("blitz-chip--pending") == 1
    assert "Pending — do not send" in marked
    assert marked.endswith('<a href="../../drafts/c/">c</a>')
