"""The packets the site found: each one's data, its draft pages and their approval states.

Built once per site build from the text of the packet files; every page hook
then looks things up here instead of reading files or git again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from generator.approvals import STATES, DraftState, State
from generator.problems import Frozen, Problem, Source, warning
from generator.site.draft_page import DraftPage, load_yaml, parse_draft_page
from generator.site.packets import PacketData, parse_packet_json
from generator.site.states import SiteStates


class DraftEntry(Frozen):
    """One draft page of a packet, with the state the site shows for it."""

    src_uri: str  # inside docs/, e.g. "packets/2026-04-aging/drafts/acme-retail-reminder.md"
    page: DraftPage
    state: DraftState

    @property
    def name(self) -> str:
        """The draft's id, or its file name when the front matter has none."""
        return self.page.id or self.src_uri.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def sendable(self) -> bool:
        """Approved customer drafts with their email text are the only ones offered for sending."""
        return self.state.state == "approved" and self.page.is_customer and self.page.email is not None


class PacketEntry(Frozen):
    """One packet folder under ``packets/``: its data (None when packet.json is unusable) and drafts."""

    id: str
    data: PacketData | None = None
    drafts: tuple[DraftEntry, ...] = ()

    @property
    def brief_uri(self) -> str:
        return f"packets/{self.id}/index.md"

    @property
    def title(self) -> str:
        return self.data.handoff.title if self.data else self.id

    @property
    def as_of(self) -> date | None:
        return self.data.handoff.as_of if self.data else None

    def counts(self) -> dict[State, int]:
        """How many drafts are in each state, every state listed."""
        counted = Counter(draft.state.state for draft in self.drafts)
        return {state: counted.get(state, 0) for state in STATES}


def newest_first(packets: list[PacketEntry]) -> list[PacketEntry]:
    """Packets by as-of date, newest first; undated ones last; ties by id."""
    by_id = sorted(packets, key=lambda p: p.id)
    dated = sorted((p for p in by_id if p.as_of), key=lambda p: p.as_of or date.min, reverse=True)
    return dated + [p for p in by_id if not p.as_of]


def _packet_id(src_uri: str) -> str | None:
    parts = src_uri.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "packets" and parts[1] else None


def is_draft_uri(src_uri: str) -> bool:
    parts = src_uri.split("/")
    return len(parts) == 4 and parts[0] == "packets" and parts[2] == "drafts" and parts[3].endswith(".md")


def is_brief_uri(src_uri: str) -> bool:
    parts = src_uri.split("/")
    return len(parts) == 3 and parts[0] == "packets" and parts[2] == "index.md"


def is_searched(src_uri: str) -> bool:
    """Whether a page goes into the site's search index.

    Outside ``packets/`` every page does. Of a packet, the brief and the
    customer pages do: a customer's page holds its invoices, messages, notes,
    next steps and links to its drafts, so an invoice number or a name finds
    the one page that tells its whole story. Drafts and the whole-packet lists
    (exceptions, actions, unknowns, approval, the customer list) repeat those
    numbers and names; indexing them too would put five or six results before
    the right one, and would triple the index a browser downloads before its
    first search (43 MB at 20,000 invoices, 14 MB without them).
    """
    parts = src_uri.split("/")
    if parts[0] != "packets" or len(parts) < 3:
        return True
    return is_brief_uri(src_uri) or (len(parts) == 4 and parts[2] == "customers")


def is_packet_source(src_uri: str) -> bool:
    """The files the catalog reads: each packet's packet.json, brief and draft pages."""
    parts = src_uri.split("/")
    return (len(parts) == 3 and parts[0] == "packets" and parts[2] == "packet.json") or is_brief_uri(src_uri) \
        or is_draft_uri(src_uri)


def build_catalog(
    sources: dict[str, str], states: SiteStates, docs_prefix: str, load: Callable[[str], Any] = load_yaml
) -> tuple[list[PacketEntry], list[Problem]]:
    """Every packet folder from the text of its files (src_uri → text), newest first.

    ``sources`` holds each packet's ``packet.json`` and draft pages;
    ``docs_prefix`` is the docs folder relative to the repository root
    (``docs``), so that paths match git's and problems name the user's file.
    ``load`` parses draft pages' front matter.
    """
    problems: list[Problem] = []
    data: dict[str, PacketData | None] = {}
    drafts: dict[str, list[DraftEntry]] = {}
    for src_uri, text in sorted(sources.items()):
        packet_id = _packet_id(src_uri)
        if packet_id is None:
            continue
        repo_path = f"{docs_prefix}/{src_uri}" if docs_prefix else src_uri
        if src_uri == f"packets/{packet_id}/packet.json":
            data[packet_id], found = parse_packet_json(text, repo_path)
            problems += found
        elif is_draft_uri(src_uri):
            page, found = parse_draft_page(text, repo_path, load)
            problems += found
            state = states.state_of(repo_path, page.decision)
            drafts.setdefault(packet_id, []).append(DraftEntry(src_uri=src_uri, page=page, state=state))
        elif is_brief_uri(src_uri):
            data.setdefault(packet_id, None)
    packets = []
    for packet_id in sorted(set(data) | set(drafts)):
        if f"packets/{packet_id}/packet.json" not in sources:
            problems.append(warning(Source(path=f"{docs_prefix}/packets/{packet_id}".lstrip("/")),
                                    "this packet folder has no packet.json; run 'blitz prepare' on its handoff "
                                    "folder again to rewrite it"))
        packets.append(PacketEntry(id=packet_id, data=data.get(packet_id), drafts=tuple(drafts.get(packet_id, []))))
    return newest_first(packets), problems
