"""Emails, notes and the handoff's do-not lines as one kind of thing to read: an item.

An item knows who wrote it (``side``: the customer, our own mailboxes, or an
internal note), when (for "the later message wins"), the date relative dates
in it are read against, and its sentences. Automatic replies and bounces are
items too, but never a source of signals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from generator.analyze.names import email_domain, normalize_email
from generator.analyze.playbook import Playbook, Side
from generator.analyze.sentences import Sentence, split_sentences
from generator.intake.model import Handoff, Message, Note
from generator.manifest import MANIFEST_NAME
from generator.problems import Source

ItemKind = Literal["email", "bounce", "auto_reply", "note", "do_not"]
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?", re.IGNORECASE)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|bounces?)@", re.IGNORECASE)

When = tuple[int, dt.datetime, int]


@dataclass(frozen=True)
class Item:
    """One message, note or do-not line, ready to be linked and read."""

    position: int
    kind: ItemKind
    side: Side
    source: Source
    subject: str
    body: str
    who: str | None
    when: When  # sorts items in time; undated items first, in handoff order
    day: dt.date | None  # the date relative dates in it are read against
    stamp: str | None  # ISO date or date-time for the timeline
    participants: tuple[str, ...]  # addresses other than ours (sender, to, cc, bounced)
    message: Message | None
    sentences: tuple[Sentence, ...]
    label: str = ""  # where to look when the source has no line or Message-ID ("do_not item 2")

    @property
    def location(self) -> str:
        return self.source.location or self.label

    @property
    def reads_signals(self) -> bool:
        """Automatic replies and bounces are never a customer's answer."""
        return self.kind in ("email", "note", "do_not")


def our_domains(handoff: Handoff, playbook: Playbook) -> frozenset[str]:
    """Mail domains that are our own side: the sender's, the approvers', the playbook's."""
    domains = set(playbook.our_domains)
    for address in (handoff.policy.sender.email, *(a.email for a in handoff.policy.approvers)):
        domain = email_domain(normalize_email(address))
        if domain and domain not in playbook.public_email_domains:
            domains.add(domain)
    return frozenset(domains)


def _note_time(text: str | None) -> dt.time | None:
    if not text:
        return None
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    if meridiem == "a" and hour == 12:
        hour = 0
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        return None


def _looks_automatic(message: Message, playbook: Playbook, sentences: list[Sentence]) -> bool:
    """An out-of-office or other automatic reply the headers did not mark (``sentences``: the whole body's)."""
    if playbook.auto_reply_subject is not None and playbook.auto_reply_subject.search(message.subject.strip()):
        return True
    if playbook.auto_reply_body is None:
        return False
    first = sentences if len(message.body) <= 400 else split_sentences(message.body[:400])
    return bool(first) and bool(playbook.auto_reply_body.search(first[0].lower))


def _message_item(position: int, message: Message, ours: frozenset[str], playbook: Playbook) -> Item:
    sender = normalize_email(message.sender) if message.sender else None
    kind: ItemKind = "email"
    sentences: list[Sentence] = []
    if message.kind == "bounce" or (sender and _BOUNCE_SENDER.match(sender)):
        kind = "bounce"
    elif message.kind == "auto_reply":
        kind = "auto_reply"
    else:
        sentences = split_sentences(message.body)
        if _looks_automatic(message, playbook, sentences):
            kind = "auto_reply"
    side: Side = "ours" if sender and email_domain(sender) in ours else "customer"
    addresses = [sender or "", *message.to, *message.cc, *message.bounced_recipients]
    participants = sorted(
        {a for a in (normalize_email(x) for x in addresses if x) if a and email_domain(a) not in ours}
    )
    if message.date is not None:
        utc = message.date.astimezone(dt.UTC).replace(tzinfo=None)
        when: When = (1, utc, position)
        day: dt.date | None = message.date.date()
        stamp: str | None = message.date.isoformat()
    else:
        when, day, stamp = (0, dt.datetime.min, position), None, None
    return Item(
        position=position,
        kind=kind,
        side=side,
        source=message.source,
        subject=message.subject,
        body=message.body,
        who=message.sender_name or sender,
        when=when,
        day=day,
        stamp=stamp,
        participants=tuple(participants),
        message=message,
        sentences=tuple(sentences) if kind == "email" else (),
    )


def _note_item(position: int, note: Note, offset: dt.timedelta) -> Item:
    if note.date is not None:
        time = _note_time(note.time)
        moment = dt.datetime.combine(note.date, time or dt.time(0, 0))
        when: When = (1, moment - offset, position)
        stamp: str | None = moment.isoformat(timespec="minutes") if time else note.date.isoformat()
    else:
        when, stamp = (0, dt.datetime.min, position), None
    return Item(
        position=position,
        kind="note",
        side="internal",
        source=note.source,
        subject="",
        body=note.text,
        who=note.author,
        when=when,
        day=note.date,
        stamp=stamp,
        participants=(),
        message=None,
        sentences=tuple(split_sentences(note.text)),
    )


def _do_not_items(start: int, handoff: Handoff) -> list[Item]:
    """The manifest's do-not list is our side's standing instruction as of the handoff date."""
    path = f"{handoff.path}/{MANIFEST_NAME}" if handoff.path else MANIFEST_NAME
    moment = dt.datetime.combine(handoff.manifest.as_of, dt.time(23, 59, 59))
    items = []
    for offset, text in enumerate(handoff.manifest.do_not):
        items.append(
            Item(
                position=start + offset,
                kind="do_not",
                side="internal",
                source=Source(path=path),
                label=f"do_not item {offset + 1}",
                subject="",
                body=text,
                who=None,
                when=(1, moment, start + offset),
                day=handoff.manifest.as_of,
                stamp=handoff.manifest.as_of.isoformat(),
                participants=(),
                message=None,
                sentences=tuple(split_sentences(text)),
            )
        )
    return items


def _team_offset(messages: tuple[Message, ...], items: list[Item]) -> dt.timedelta:
    """The UTC offset our own mail is written in; notes carry clock times without one."""
    counts: dict[dt.timedelta, int] = {}
    for message, item in zip(messages, items, strict=True):
        offset = message.date.utcoffset() if message.date is not None else None
        if item.side == "ours" and offset is not None:
            counts[offset] = counts.get(offset, 0) + 1
    if not counts:
        return dt.timedelta(0)
    return max(sorted(counts), key=lambda offset: counts[offset])


def read_items(handoff: Handoff, playbook: Playbook) -> list[Item]:
    """Every message, note and do-not line of the handoff, in handoff order."""
    ours = our_domains(handoff, playbook)
    items = [_message_item(i, m, ours, playbook) for i, m in enumerate(handoff.messages)]
    offset = _team_offset(handoff.messages, items)
    items += [_note_item(len(items) + i, n, offset) for i, n in enumerate(handoff.notes)]
    items += _do_not_items(len(items), handoff)
    return items


def sentence_source(item: Item, sentence: Sentence) -> Source:
    """Where a sentence sits: its message (by Message-ID), or for a note its own line in the file."""
    if item.kind != "note" or item.source.line is None:
        return item.source
    return item.source.at(item.source.line + sentence.line)
