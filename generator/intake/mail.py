"""Email: ``.eml``, ``.mbox`` and email text pasted into ``.txt``/``.md``.

Recognition is by content: a file that starts with an mbox ``From `` line is a
mailbox, one that starts with raw RFC 822 headers (``Received:``,
``MIME-Version:``, ``Message-ID:`` …) is a message, and text that opens with a
pasted Gmail or Outlook header block is a paste. Each message counts once:
quoted history is stripped, and a message seen twice in one file (the same
Message-ID, or the same sender, date and words) is kept once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from generator.intake.eml import Reader
from generator.intake.model import FileReading, Message, SourceFile
from generator.intake.pasted import Dates, header_block_at_start, read_pasted
from generator.intake.text import decode_text
from generator.manifest import Manifest
from generator.problems import Problem, Source, error, warning

_IGNORE_HINT = "or mark it 'ignore' under sources: in handoff.yaml"
_MBOX_FROM = re.compile(rb"^From \S")
_RAW_HEADER = re.compile(
    r"^(received|return-path|delivered-to|mime-version|content-type|content-transfer-encoding|message-id"
    r"|dkim-signature|x-[\w-]+|in-reply-to|references|reply-to|sender|thread-topic|auto-submitted)\s*:",
    re.IGNORECASE,
)
_ANY_HEADER = re.compile(r"^[\x21-\x39\x3b-\x7e]{1,76}:")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _raw_message(text: str) -> bool:
    """The text opens with an RFC 822 header block naming at least one header only raw mail has."""
    lines = text.lstrip("\n")[:50_000].split("\n")
    raw = False
    for line in lines[:200]:
        if not line.strip():
            break
        if line[:1] in (" ", "\t"):
            continue
        if not _ANY_HEADER.match(line):
            return False
        raw = raw or _RAW_HEADER.match(line) is not None
    return raw


def looks_like_email(text: str) -> bool:
    """A ``.txt``/``.md`` file that holds email: an mbox, a raw message or a pasted header block."""
    start = text.lstrip("\n\t ")
    if start.startswith("From ") and "\n" in start[:1000]:
        second = start.split("\n", 2)[1]
        if _ANY_HEADER.match(second):
            return True
    return _raw_message(start) or header_block_at_start(start)


def _without_bom(data: bytes) -> bytes:
    """Mail as bytes without a byte-order mark: UTF-8's is dropped, UTF-16 text becomes UTF-8.

    Windows tools save .eml and pasted .txt files with one; the mail parser would
    otherwise take the mark for the start of the first header and find none.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _mbox_chunks(data: bytes) -> list[tuple[int, bytes]]:
    """(first line number, bytes) of each message in an mbox; ``>From`` escapes undone."""
    chunks: list[tuple[int, list[bytes]]] = []
    previous_blank = True
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        if previous_blank and _MBOX_FROM.match(line):
            chunks.append((number, []))
        elif chunks:
            if re.match(rb"^>+From ", line):
                line = line[1:]
            chunks[-1][1].append(line)
        previous_blank = not line.strip()
    return [(number, b"".join(lines)) for number, lines in chunks]


def _key(message: Message) -> tuple[object, ...]:
    if message.message_id:
        return ("id", message.message_id)
    who = message.sender or (message.sender_name or "").casefold()
    return ("text", who, message.date, re.sub(r"\s+", " ", message.body).strip().casefold())


def count_once(messages: Iterable[Message]) -> tuple[Message, ...]:
    """Messages in order, each kept once: the same Message-ID, or sender, date and words, is one message.

    A thread saved as .eml files and again as an .mbox, or pasted twice, must
    not give its signals twice.
    """
    return tuple(_unique(list(messages)))


def _unique(messages: list[Message]) -> list[Message]:
    seen: set[tuple[object, ...]] = set()
    kept = []
    for message in messages:
        key = _key(message)
        if key in seen:
            continue
        seen.add(key)
        kept.append(message)
    return kept


def _description(messages: list[Message], how: str) -> str:
    count = len(messages)
    text = f"{count} email message{'s' if count != 1 else ''}{how}"
    kinds = Counter(m.kind for m in messages)
    extra = []
    if kinds["bounce"]:
        extra.append(f"{kinds['bounce']} delivery failure{'s' if kinds['bounce'] != 1 else ''}")
    if kinds["auto_reply"]:
        extra.append(f"{kinds['auto_reply']} automatic repl{'ies' if kinds['auto_reply'] != 1 else 'y'}")
    return f"{text} ({', '.join(extra)})" if extra else text


def read_mail(data: bytes, rel: str, suffix: str, manifest: Manifest) -> FileReading:
    """Every message in one mail file (or pasted text), with the problems met on the way."""
    source = Source(path=rel)
    data = _without_bom(data)
    if not data.strip():
        return FileReading(
            file=SourceFile(path=rel, kind="unused", description="empty file"),
            problems=(warning(source, "the file is empty; no messages were read"),),
        )
    if data.startswith(_OLE_MAGIC):
        return FileReading(
            file=SourceFile(path=rel, kind="unused", description="Outlook .msg file, not read"),
            problems=(
                error(
                    source,
                    "this is an Outlook .msg file, which Blitz cannot read; in Outlook drag the message "
                    f"to a folder or use Save As to get an .eml, or paste its text into a .txt file, {_IGNORE_HINT}",
                ),
            ),
        )
    problems: list[Problem] = []
    dates = Dates(manifest.date_order, [])
    reader = Reader(rel, manifest, dates, problems)
    text: str | None = None
    if suffix not in (".eml", ".mbox", ".msg"):
        text, decode_problems = decode_text(data, rel)
        problems += decode_problems
        if text is not None and b"\x00" in data[:8192]:
            data = text.encode("utf-8")  # text saved as UTF-16: the mail parser wants bytes it can read
    how = ""
    if suffix not in (".eml", ".mbox", ".msg") and text is None:
        messages = []
    elif _MBOX_FROM.match(data.lstrip(b"\r\n\t ")):
        reader.mailbox = True
        messages = [m for number, chunk in _mbox_chunks(data) for m in reader.read_bytes(chunk, number)]
        how = " in a mailbox"
    elif text is None or _raw_message(text.lstrip("\n")):
        messages = reader.read_bytes(data, 1)
    else:
        messages, paste_problems = read_pasted(text, rel, manifest)
        problems += paste_problems
        how = " pasted as text"
    problems += dates.problems()
    messages = _unique(messages)
    if messages:
        file = SourceFile(path=rel, kind="email", description=_description(messages, how))
    else:
        why = "no messages could be read" if problems else "no messages found"
        file = SourceFile(path=rel, kind="unused", description=why)
        if not problems:
            problems.append(warning(source, "no email messages were found in this file"))
    return FileReading(
        file=file,
        messages=tuple(messages),
        documents=tuple(reader.documents),
        problems=tuple(problems),
    )
