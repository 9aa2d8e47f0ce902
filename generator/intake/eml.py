"""Raw RFC 822 messages (an ``.eml`` file, one message of an ``.mbox``) read with the standard library.

The ``email`` package with ``email.policy.default`` decodes MIME, quoted-printable,
base64 and RFC 2047/2231 words; every access is guarded because malformed
headers make it raise. From each message we keep its own words (plain text
preferred, HTML reduced to text, quoted history stripped), its forwarded
messages (``message/rfc822`` parts and forwarded text) as messages of their
own, attachment names, invoice PDFs attached, and whether it is a delivery
failure or an automatic reply.
"""

from __future__ import annotations

import codecs
import email
import email.header
import email.message
import email.policy
import email.utils
import re
from dataclasses import dataclass, field
from email.headerregistry import DateHeader, HeaderRegistry, UnstructuredHeader

from generator.intake import automated, pdf
from generator.intake.addresses import is_address, parse_addresses, parse_person
from generator.intake.htmltext import html_to_text
from generator.intake.mailpolicy import MAIL_POLICY
from generator.intake.model import InvoiceDocument, Message
from generator.intake.pasted import MAX_BODY_CHARS, Dates, clip, message_from_part
from generator.intake.quoting import body_lines, split_thread
from generator.manifest import Manifest
from generator.problems import Problem, Source, error, warning

MAX_DEPTH = 8  # forwarded messages inside forwarded messages
MAX_NESTING = 60  # multiparts inside multiparts; real mail nests a handful
MAX_HTML_CHARS = 4_000_000
_IGNORE_HINT = "or mark it 'ignore' under sources: in handoff.yaml"
_FORWARD_SUBJECT = re.compile(r"^\s*(fw|fwd|wg|tr|rv|doorst)\s*:", re.IGNORECASE)
_SIGNATURES = {"application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"}
_MESSAGE_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "return-path", "mime-version")


def looks_binary(data: bytes) -> bool:
    """Control bytes a mail file never holds: NULs, or many other non-text bytes."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)


@dataclass
class _Body:
    """What the parts of one message add up to."""

    texts: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    nested: list[email.message.Message] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    pdfs: list[bytes] = field(default_factory=list)
    is_report: bool = False


_ADDRESS_HEADERS = {"from", "to", "cc", "bcc", "reply-to", "sender", "x-from"}
# Headers the policy parses into more than their text (dates, MIME parameters, addresses, a Message-ID);
# every other header's parsed text is its raw text when it holds no encoded words.
_HEADER_KINDS = HeaderRegistry().registry  # the registry MAIL_POLICY parses with
_STRUCTURED = frozenset(name for name, kind in _HEADER_KINDS.items() if not issubclass(kind, UnstructuredHeader)) \
    - _ADDRESS_HEADERS
_DATES = frozenset(name for name, kind in _HEADER_KINDS.items() if issubclass(kind, DateHeader))


def _date_text(raw: str) -> str:
    try:
        return email.utils.format_datetime(email.utils.parsedate_to_datetime(raw))
    except Exception:  # not a date: the header keeps its text
        return raw


def _decoded_words(raw: str) -> str | None:
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except Exception:  # malformed encoded words make the decoder raise anything
        return None


def _header(msg: email.message.Message, name: str, raw: str) -> str:
    """A header's text, RFC 2047 words decoded; address headers keep their comments ("(Name)")."""
    key = name.lower()
    if raw.isascii() and "=?" not in raw:
        if key not in _STRUCTURED:  # parsing would give the same text back
            return re.sub(r"\s+", " ", raw).strip()
        if key in _DATES:  # what the policy's date header makes of it, without building one
            return re.sub(r"\s+", " ", _date_text(raw)).strip()
    value = _decoded_words(raw) if key in _ADDRESS_HEADERS else None
    if value is None:
        try:
            value = str(msg.policy.header_fetch_parse(name, raw))
        except Exception:
            value = _decoded_words(raw) or raw
    return re.sub(r"\s+", " ", _eight_bit(value)).strip()


def _eight_bit(text: str) -> str:
    """Raw 8-bit header bytes (sent without RFC 2047 words), which the parser keeps as
    surrogates that no file can hold, read as UTF-8, else as Windows-1252."""
    if text.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _headers(msg: email.message.Message) -> dict[str, str]:
    """Header values by lower-cased name; repeated To/Cc values are joined."""
    try:
        items = list(msg.raw_items())
    except Exception:
        items = []
    values: dict[str, str] = {}
    for name, raw in items[:500]:
        key = str(name).lower()
        value = _header(msg, str(name), str(raw)[:100_000])
        if key in values:
            if key in ("to", "cc", "references"):
                values[key] = f"{values[key]}, {value}"
            continue
        values[key] = value
    return values


def _content_type(part: email.message.Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "text/plain"


def _payload_list(part: email.message.Message) -> list[email.message.Message]:
    try:
        payload = part.get_payload()
    except Exception:
        return []
    return [p for p in payload if isinstance(p, email.message.Message)] if isinstance(payload, list) else []


def _decode(part: email.message.Message) -> str:
    """A text part's content; unknown or wrong charsets fall back without failing."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        try:
            raw = part.get_payload()
        except Exception:
            raw = ""
        return raw if isinstance(raw, str) else ""
    try:
        charset = part.get_content_charset() or "us-ascii"
    except Exception:
        charset = "us-ascii"
    try:
        codec = codecs.lookup(charset).name
    except (LookupError, ValueError):
        codec = "unknown"
    if codec in ("ascii", "unknown"):
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            text = payload.decode("cp1252", errors="replace")
    else:
        try:
            text = payload.decode(codec, errors="replace")
        except (LookupError, ValueError, TypeError):
            text = payload.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _filename(part: email.message.Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        return None
    name = str(name)
    if "=?" in name:
        name = _decoded_words(name) or name
    return re.sub(r"[\r\n\t]+", " ", name).strip()[:255] or None


def _disposition(part: email.message.Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return None


def _collect(part: email.message.Message, body: _Body, in_report: bool = False, depth: int = 0) -> None:
    """Walk one MIME tree, choosing the readable text and noting what else it carries."""
    ctype = _content_type(part)
    if ctype.startswith("multipart/"):
        if depth > MAX_NESTING:
            return
        children = _payload_list(part)
        if ctype == "multipart/alternative" and children:
            types = [_content_type(c) for c in children]
            chosen = next(
                (c for c, t in zip(children, types, strict=True) if t == "text/plain" and _decode(c).strip()),
                None,
            ) or next((c for c, t in zip(children, types, strict=True) if t != "text/plain"), children[0])
            _collect(chosen, body, in_report, depth + 1)
            return
        report = ctype == "multipart/report"
        body.is_report = body.is_report or report
        for child in children:
            _collect(child, body, in_report or report, depth + 1)
        if not children:  # the boundary was never found: keep the raw text, minus MIME lines
            raw = _decode(part)
            body.texts.append(re.sub(r"(?m)^(--\S+|content-[\w-]+:.*)$\n?", "", raw, flags=re.IGNORECASE))
        return
    if ctype == "message/delivery-status":
        body.is_report = True
        body.reports.append("\n".join(_block_text(block) for block in _payload_list(part)) or _decode(part))
        return
    if ctype in ("message/rfc822", "message/global"):
        inner = _payload_list(part)
        if inner and not in_report:  # a report's message/rfc822 is our own mail, returned
            body.nested.append(inner[0])
        return
    if ctype == "text/rfc822-headers" or ctype in _SIGNATURES:
        return
    filename = _filename(part)
    disposition = _disposition(part)
    if disposition == "attachment" or (filename and not ctype.startswith("text/")) or not ctype.startswith("text/"):
        if filename or disposition == "attachment":
            body.attachments.append(filename or ctype)
        if ctype == "application/pdf" or (filename or "").lower().endswith(".pdf"):
            try:
                data = part.get_payload(decode=True)
            except Exception:
                data = None
            if isinstance(data, bytes):
                body.pdfs.append(data)
        return
    if ctype == "text/html":
        body.texts.append(html_to_text(_decode(part)[:MAX_HTML_CHARS]))
    elif ctype in ("text/plain", "text/enriched") or disposition == "inline":
        body.texts.append(_decode(part))


def _block_text(block: email.message.Message) -> str:
    try:
        return "\n".join(f"{k}: {v}" for k, v in block.raw_items())
    except Exception:
        return ""


def _message_id(value: str | None) -> str | None:
    if not value:
        return None
    found = re.search(r"<[^<>\s]{1,500}>", value)
    if found:
        return found.group(0)
    bare = value.strip()
    return f"<{bare}>" if bare and " " not in bare and len(bare) <= 500 else None


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(re.findall(r"<[^<>\s]{1,500}>", value or "")))[:100]


@dataclass
class Reader:
    """Reads the messages of one file, gathering problems and attached invoices as it goes."""

    rel: str
    manifest: Manifest
    dates: Dates
    problems: list[Problem] = field(default_factory=list)
    documents: list[InvoiceDocument] = field(default_factory=list)
    mailbox: bool = False  # messages of an mbox: problems name the line each message starts on

    def _where(self, line: int | None) -> Source:
        return Source(path=self.rel, line=line if self.mailbox else None)

    def read_bytes(self, data: bytes, line: int | None) -> list[Message]:
        """Every message in one raw message: itself first, then what it forwards."""
        where = self._where(line)
        if looks_binary(data):
            self.problems.append(
                error(
                    where,
                    "this is not an email message (it contains binary data); save the email again "
                    f"as .eml from your mail program, {_IGNORE_HINT}",
                )
            )
            return []
        try:
            msg = email.message_from_bytes(data, policy=MAIL_POLICY)
        except Exception:  # the parser should not raise, but malformed input has surprised it
            self.problems.append(error(where, f"this email cannot be read; save it again as .eml, {_IGNORE_HINT}"))
            return []
        return self.read_message(msg, line, depth=0)

    def read_message(self, msg: email.message.Message, line: int | None, depth: int) -> list[Message]:
        headers = _headers(msg)
        where = self._where(line)
        if depth == 0 and not any(name in headers for name in _MESSAGE_HEADERS):
            self.problems.append(
                warning(
                    where,
                    "no email headers (From, Date, Subject) were found at the start; the text was read "
                    "as one message from an unknown sender",
                )
            )
        message_id = _message_id(headers.get("message-id"))
        source = Source(path=self.rel, line=line, message_id=message_id)
        sender, name = parse_person(headers.get("from", ""))
        if name is None and headers.get("x-from"):
            x_name = re.sub(r"<[^>]*>", "", headers["x-from"]).strip()
            name = x_name[:200] if x_name and not is_address(x_name) else None
        subject = headers.get("subject", "")[:1000]
        body = _Body()
        _collect(msg, body)
        if not headers and not body.texts:
            body.texts.append(_decode(msg))
        text = "\n\n".join(t.strip("\n") for t in body.texts if t.strip())
        cut = len(text) > 2 * MAX_BODY_CHARS
        text = text[: 2 * MAX_BODY_CHARS]  # room for the quoted history that splitting drops
        kind = automated.classify(subject, sender, text, headers, body.is_report)
        parts = split_thread(body_lines(text), forwarded=_FORWARD_SUBJECT.match(subject) is not None)
        own = text.strip() if kind == "bounce" else parts[0].text
        bounced: tuple[str, ...] = ()
        if kind == "bounce":
            report_text = "\n".join([*body.reports, text])
            bounced = automated.bounced_recipients(report_text, exclude=(sender or "",))
        message = Message(
            message_id=message_id,
            date=self.dates.read(headers.get("date"), source),
            sender=sender,
            sender_name=name,
            to=parse_addresses(headers.get("to", "")),
            cc=parse_addresses(headers.get("cc", "")),
            subject=subject,
            body=clip(own, source, self.problems, cut),
            in_reply_to=(_ids(headers.get("in-reply-to")) or (None,))[0],
            references=_ids(headers.get("references")),
            kind=kind,
            bounced_recipients=bounced,
            attachments=tuple(body.attachments[:100]),
            source=source,
        )
        messages = [message]
        if kind != "bounce":
            forwarded = [p for p in parts[1:] if p.how == "forward"]
            messages += [message_from_part(p, self.rel, self.dates, self.problems, line) for p in forwarded]
        for data in body.pdfs:
            self._attached_pdf(data, source)
        if depth < MAX_DEPTH:
            for inner in body.nested:
                messages += self.read_message(inner, line, depth + 1)
        return messages

    def _attached_pdf(self, data: bytes, source: Source) -> None:
        """An attached PDF counts as an invoice document only when it reads as one."""
        documents, _, _ = pdf.invoice_documents(data, source, self.manifest)
        self.documents += [d for d in documents if d.number and d.total is not None]
