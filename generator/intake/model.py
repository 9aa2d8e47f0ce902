"""The typed facts intake reads from a handoff folder. Every fact keeps its Source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from generator.manifest import Manifest, Policy
from generator.problems import Frozen, Problem, Source

FileKind = Literal[
    "manifest", "aging", "aging_summary", "invoice_list", "contacts", "email", "notes", "invoice_pdf", "unused"
]


class SourceFile(Frozen):
    """One file of the handoff and what intake made of it."""

    path: str
    kind: FileKind
    description: str  # e.g. "NetSuite A/R Aging Detail, 17 invoice rows" or why it was not used


class InvoiceLine(Frozen):
    """One invoice (or credit/payment line) as an export or invoice list states it.

    ``amount`` is the original amount where the file gives one; ``open_amount``
    what is still owed. Credits and unapplied payments have negative open amounts.
    """

    number: str
    customer: str
    currency: str
    amount: Decimal | None = None
    open_amount: Decimal | None = None
    due_date: dt.date | None = None
    invoice_date: dt.date | None = None
    po: str | None = None
    terms: str | None = None
    doc_type: str | None = None  # "Invoice", "Credit Memo", "Payment", ... as the export says
    email: str | None = None
    source: Source


class CustomerBalance(Frozen):
    """A customer's total from a summary-only export (no invoice rows)."""

    customer: str
    currency: str
    total: Decimal
    buckets: tuple[tuple[str, Decimal], ...] = ()  # (export's bucket label, amount) in export order
    source: Source


class ExportTotal(Frozen):
    """The grand total an export states about itself, for tie-out."""

    total: Decimal
    currency: str
    source: Source


class Contact(Frozen):
    """A customer contact from a contact list or invoice list."""

    customer: str
    email: str
    name: str | None = None
    source: Source


class Message(Frozen):
    """One email message. ``body`` holds only what this message added (quoted history stripped)."""

    message_id: str | None = None
    date: dt.datetime | None = None
    sender: str | None = None  # lower-cased address
    sender_name: str | None = None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    kind: Literal["message", "bounce", "auto_reply"] = "message"
    bounced_recipients: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # attached file names, e.g. "INV-1042.pdf"
    source: Source  # path (+ line where the message starts in a .mbox/.txt), message_id

    def written_by_us(self, our_sender: str) -> bool:
        """From our side: it names no sender, or one at the domain the policy's sender writes from."""
        sender = (self.sender or "").lower()
        return not sender or sender.rsplit("@", 1)[-1] == our_sender.lower().rsplit("@", 1)[-1]


class Note(Frozen):
    """One internal note: a Slack message, a memo paragraph. Internal, never customer-facing."""

    author: str | None = None
    date: dt.date | None = None
    time: str | None = None  # as written, e.g. "10:42 AM"
    text: str
    context: str | None = None  # the headings above a memo paragraph, e.g. "Holds / Globex"
    source: Source  # line where the note starts


class InvoiceDocument(Frozen):
    """Facts read from an invoice PDF."""

    number: str | None = None
    customer: str | None = None
    po: str | None = None
    total: Decimal | None = None
    currency: str | None = None
    due_date: dt.date | None = None
    source: Source


class Handoff(Frozen):
    """Everything intake read from one handoff folder."""

    id: str
    path: str  # folder, relative to the repository root
    manifest: Manifest
    policy: Policy
    files: tuple[SourceFile, ...] = ()
    invoices: tuple[InvoiceLine, ...] = ()  # from aging exports: the open items
    records: tuple[InvoiceLine, ...] = ()  # from invoice lists: originals, POs, emails
    balances: tuple[CustomerBalance, ...] = ()
    export_totals: tuple[ExportTotal, ...] = ()
    contacts: tuple[Contact, ...] = ()
    messages: tuple[Message, ...] = ()
    notes: tuple[Note, ...] = ()
    documents: tuple[InvoiceDocument, ...] = ()


class FileReading(Frozen):
    """What one reader made of one file: its facts and its problems."""

    file: SourceFile
    invoices: tuple[InvoiceLine, ...] = ()
    records: tuple[InvoiceLine, ...] = ()
    balances: tuple[CustomerBalance, ...] = ()
    export_totals: tuple[ExportTotal, ...] = ()
    contacts: tuple[Contact, ...] = ()
    messages: tuple[Message, ...] = ()
    notes: tuple[Note, ...] = ()
    documents: tuple[InvoiceDocument, ...] = ()
    problems: tuple[Problem, ...] = ()
    detected_as_of: dt.date | None = None  # the report date an export states, if any
