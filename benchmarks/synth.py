"""Write a realistic synthetic handoff at any scale, the same bytes for the same seed.

    python benchmarks/synth.py OUT --invoices 20000 --customers 2000 --messages 5000 --notes 500 --seed 1

``OUT`` becomes a scratch repository root: ``OUT/handoffs/policy.yml`` and
``OUT/handoffs/<id>/`` holding ``handoff.yaml``, an A/R aging export in the
chosen vendor layout, an invoice list, email threads and Slack/Markdown notes.
Run ``blitz prepare handoffs/<id>`` from ``OUT``. Nothing depends on the clock:
one ``random.Random(seed)`` drives every choice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_exports import EXPORTS, LAYOUTS, invoice_list, write_table
from synth_mail import threads
from synth_world import APPROVERS, AR_ADDRESS, AR_NAME, OUR_COMPANY, TEAM, Customer, World, make_world

DEFAULT_AS_OF = dt.date(2026, 4, 30)
NOTES_PER_FILE = 50


@dataclass(frozen=True)
class Size:
    invoices: int = 20000
    customers: int = 2000
    messages: int = 5000
    notes: int = 500

    def scaled(self, factor: float) -> Size:
        return Size(*(max(1, round(value * factor)) for value in
                      (self.invoices, self.customers, self.messages, self.notes)))


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def _note(rng: random.Random, customer: Customer) -> str:
    """One Slack message about a customer, with the signals the analysis reads from notes."""
    invoices = [inv for inv in customer.invoices if inv.doc_type == "Invoice"] or customer.invoices
    inv = rng.choice(invoices)
    digits = inv.number.removeprefix("INV-")
    until = rng.choice(("May 15", "end of May", "June 1"))
    said = (
        (1, f"Heads up: don't chase {customer.name}. Renewal negotiation, Sam (VP Sales) is handling it "
            f"until {until}."),
        (1, f"{customer.name} is on management hold; no reminders on {inv.number} until the controller says so."),
        (1, f"{customer.name} filed for Chapter 11. Legal handles all contact, do not send anything."),
        (2, f"{customer.name} is disputing invoice {digits}: wrong rate billed. Renata decides on a credit."),
        (2, f"{customer.name} short-paid {inv.number}: ACH for part of it, the rest still open."),
        (2, f"Still waiting on a new PO number from {customer.name} for #{digits}."),
        (1, f"{customer.name} asked for a payment plan on their balance. Terms are Renata's call."),
        (4, f"Sent the weekly reminder batch; {customer.name} confirmed {inv.number} is approved for payment."),
        (4, f"Called {customer.name} AP about {inv.number}, left a voicemail."),
        (2, f"Cash app shows an unapplied ACH from {customer.name}; can someone confirm it matches {inv.number}?"),
    )
    return rng.choices([text for _, text in said], [weight for weight, _ in said])[0]


def notes(rng: random.Random, world: World, count: int) -> dict[str, str]:
    """Slack channel copies (``Name  10:42 AM`` lines under day headings) and a controller memo."""
    files: dict[str, str] = {}
    memo_customers = rng.sample(world.customers, min(len(world.customers), max(1, count // 50)))
    memo = [f"# Collections holds for the {world.as_of.strftime('%B')} review", "",
            f"Renata Alvarez, Controller — {world.as_of.strftime('%B %-d, %Y')}", ""]
    for customer in sorted(memo_customers, key=lambda c: c.name):
        memo += [f"## {customer.name} — management hold", "",
                 f"Do not send reminders to {customer.name}; I will raise the balance with their CFO myself.", ""]
    memo += ["## Standing instructions", "", "- No late fees or interest this quarter, for any customer.",
             "- Payment-plan requests come to me. Nobody agrees terms by email.", ""]
    files["notes/controller-memo.md"] = "\n".join(memo)
    remaining = count - len(memo_customers)
    part = 0
    start = world.as_of - dt.timedelta(days=27)
    while remaining > 0:
        part += 1
        batch = min(NOTES_PER_FILE, remaining)
        remaining -= batch
        lines: list[str] = []
        day = start
        for first in range(0, batch, 5):
            day = min(world.as_of, day + dt.timedelta(days=1))
            lines += [f"{day.strftime('%A, %B')} {_ordinal(day.day)}", ""]
            for minutes in sorted(rng.randint(8 * 60, 18 * 60 - 1) for _ in range(min(5, batch - first))):
                hour, minute = divmod(minutes, 60)
                clock = f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
                lines += [f"{rng.choice(TEAM)}  {clock}", _note(rng, rng.choice(world.customers)), ""]
        files[f"notes/ar-channel-part-{part:03d}.md"] = "\n".join(lines)
    return files


def manifest(world: World, title: str, held: list[Customer]) -> str:
    lines = [
        "# yaml-language-server: $schema=../../docs/schema/handoff.schema.json",
        f"title: {title}",
        f"as_of: {world.as_of.isoformat()}",
        f"prepared_by: {AR_NAME}, Accounts Receivable",
        "currency: USD",
        "notes: >",
        "  Synthetic handoff for scale benchmarks: aging export, open-invoice list,",
        "  customer email threads from the AR mailbox and copies of the #ar channel.",
        "do_not:",
        *(f"  - Do not contact {customer.name} until the controller says so." for customer in held),
        "  - No late fees this quarter.",
    ]
    return "\n".join(lines) + "\n"


def policy() -> str:
    lines = ["# The team's standing answers for every AR review packet.", "approvers:"]
    for name, email, github, role in APPROVERS:
        lines += [f"  - name: {name}", f"    email: {email}", f"    github: {github}", f"    role: {role}"]
    lines += ["systems:", "  - NetSuite", "sender:", f"  name: {AR_NAME}", f"  email: {AR_ADDRESS}",
              f"  company: {OUR_COMPANY}", "  signature: |-", f"    {AR_NAME}",
              f"    Accounts Receivable | {OUR_COMPANY}", "promise_grace_days: 3"]
    return "\n".join(lines) + "\n"


def generate(out: Path, size: Size, *, seed: int = 1, layout: str = "netsuite", fmt: str = "csv",
             handoff_id: str = "synthetic-aging", as_of: dt.date = DEFAULT_AS_OF) -> Path:
    """Write the scratch repository ``out`` and return its handoff folder (replaced if present)."""
    if layout not in EXPORTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    rng = random.Random(seed)
    world = make_world(rng, as_of, size.customers, size.invoices)
    folder = out / "handoffs" / handoff_id
    if folder.exists():
        shutil.rmtree(folder)
    files: dict[str, bytes] = {}
    held = sorted(rng.sample(world.customers, min(3, len(world.customers))), key=lambda c: c.name)
    files["handoff.yaml"] = manifest(world, f"Synthetic aging review ({size.invoices} lines)", held).encode()
    for mail in threads(rng, world.customers, as_of, size.messages):
        files[mail.path] = mail.data
    for path, text in notes(rng, world, size.notes).items():
        files[path] = text.encode("utf-8")
    for rel, data in sorted(files.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    exports = folder / "exports"
    exports.mkdir(exist_ok=True)
    write_table(exports / f"ar-aging-detail.{fmt}", EXPORTS[layout](world), bom=layout == "xero",
                quote_all=layout == "qbo")
    write_table(exports / f"open-invoices.{fmt}", invoice_list(world))
    (out / "handoffs" / "policy.yml").write_text(policy(), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="scratch repository root to write into")
    parser.add_argument("--invoices", type=int, default=Size.invoices, help="open aging lines")
    parser.add_argument("--customers", type=int, default=Size.customers)
    parser.add_argument("--messages", type=int, default=Size.messages, help="email messages (.eml files)")
    parser.add_argument("--notes", type=int, default=Size.notes, help="Slack/memo notes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layout", choices=LAYOUTS, default="netsuite", help="the export's vendor layout")
    parser.add_argument("--format", dest="fmt", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--id", dest="handoff_id", default="synthetic-aging", help="handoff folder name")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF)
    args = parser.parse_args(argv)
    size = Size(args.invoices, args.customers, args.messages, args.notes)
    try:
        folder = generate(args.out, size, seed=args.seed, layout=args.layout, fmt=args.fmt,
                          handoff_id=args.handoff_id, as_of=args.as_of)
    except ValueError as exc:
        parser.error(str(exc))
    print(folder.as_posix())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
