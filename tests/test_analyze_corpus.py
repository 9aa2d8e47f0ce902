"""Real mail (../shared/corpora/emails) through intake and analysis: never a crash, never a guess.

Every message of the corpus is read by the real intake and handed to the
analysis as if it came from a customer's domain; whatever the text says, the
analysis gives a valid status to every invoice with evidence for every
exception, and each message is either linked or asked about.
"""

from __future__ import annotations

from pathlib import Path

from fixtures.analyze.builders import contact, handoff, inv

from generator.analyze import analyze
from generator.analyze.model import STATUSES
from generator.intake.model import Message
from generator.intake.readers import read_file
from generator.manifest import Manifest


def corpus_messages(corpora: Path) -> list[Message]:
    manifest = Manifest(title="Corpus", as_of="2026-04-30")  # type: ignore[arg-type]
    messages: list[Message] = []
    for path in sorted((corpora / "emails").rglob("*")):
        if path.is_file() and path.suffix in (".eml", ".txt", ".mbox"):
            reading = read_file(path, f"corpus/{path.name}", "email", manifest)
            messages += reading.messages
    return messages


def test_corpus_mail_gives_a_valid_analysis(corpora: Path) -> None:
    messages = corpus_messages(corpora)
    domains = sorted({m.sender.rsplit("@", 1)[-1] for m in messages if m.sender and "@" in m.sender})
    analysis = analyze(
        handoff(
            invoices=[inv(f"INV-{1000 + i}", customer=f"Customer {i}", row=i + 2) for i in range(len(domains))],
            contacts=[contact(f"Customer {i}", f"ap@{domain}") for i, domain in enumerate(domains)],
            messages=messages,
        )
    )
    assert len(analysis.invoices) == len(domains)
    for view in analysis.invoices:
        assert view.status in STATUSES
        if view.status not in ("overdue", "not_due"):
            assert view.evidence and all(e.quote for e in view.evidence)
    linked = sum(len(c.timeline) for c in analysis.customers)
    asked = sum(1 for u in analysis.unknowns if u.kind == "unmatched_message")
    assert linked + asked >= len([m for m in messages if m.kind != "bounce" or m.bounced_recipients])
