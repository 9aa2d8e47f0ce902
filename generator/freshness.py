"""Is a committed packet up to date with its handoff?

A packet is fresh when its folder holds exactly what ``blitz prepare`` would
write now: the pages prepared from the handoff, with draft pages a reviewer
edited kept as the reviewer left them (``keep_reviewer_edits`` decides, the
same way prepare does). Anything else is a page to regenerate and commit.
"""

from __future__ import annotations

from generator.problems import Problem, Source, error, warning


def _fix(handoff_rel: str) -> str:
    return f"run `blitz prepare {handoff_rel}` and commit the result"


def stale_pages(
    handoff_rel: str, packet_rel: str, on_disk: dict[str, str], would_write: dict[str, str]
) -> list[Problem]:
    """One problem per page that differs between the packet folder and what prepare would write.

    ``on_disk`` and ``would_write`` map page paths (relative to the packet
    folder) to their text; ``packet_rel`` is the packet folder relative to the
    repository root, e.g. ``docs/packets/2026-04-aging``.
    """
    fix = _fix(handoff_rel)
    if not on_disk:
        return [error(Source(path=f"{packet_rel}/"), f"no packet has been prepared for {handoff_rel} yet; {fix}")]
    problems = []
    for page in sorted(on_disk.keys() | would_write.keys()):
        where = Source(path=f"{packet_rel}/{page}")
        if page not in would_write:
            problems.append(error(where, f"no longer part of the packet; {fix} (it removes this page)"))
        elif page not in on_disk:
            problems.append(error(where, f"missing from the packet; {fix}"))
        elif on_disk[page] != would_write[page]:
            problems.append(error(where, f"out of date; {fix}"))
    return problems


def orphan_packet(packet_rel: str, handoff_rel: str) -> Problem:
    """A packet folder whose handoff folder is gone: it cannot be checked, so say so."""
    return warning(
        Source(path=f"{packet_rel}/"),
        f"there is no handoff folder {handoff_rel} for this packet, so it cannot be checked; restore the handoff, "
        f"or delete {packet_rel}/ if the packet is no longer wanted",
    )
