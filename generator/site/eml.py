"""The ``.eml`` file of an approved customer draft: an unsent email a mail program opens for editing.

``X-Unsent: 1`` makes Outlook and Apple Mail open the file as a draft the user
can still change and send themselves; Blitz never sends. The file has no
``Date`` or ``Message-ID``: the mail program adds them when the user sends, and
the same draft always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import getaddresses

from generator.manifest import Sender
from generator.problems import Frozen
from generator.site.catalog import DraftEntry

_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\]+$")


class EmlResult(Frozen):
    """The file's bytes, or why there is none; either way, what the reader should know (plain words)."""

    content: bytes | None = None
    reason: str | None = None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def recipients(values: tuple[str, ...]) -> tuple[list[Address], list[str]]:
    """Addresses from a draft's ``to`` list (``a@b.com`` or ``Name <a@b.com>``), and those that are not."""
    good: list[Address] = []
    bad: list[str] = []
    for value in values:
        flat = _one_line(value)
        parsed = getaddresses([flat])
        if len(parsed) == 1 and _ADDRESS.match(parsed[0][1]):
            name, addr = parsed[0]
            local, domain = addr.rsplit("@", 1)
            good.append(Address(display_name=_one_line(name), username=local, domain=domain))
        elif flat:
            bad.append(flat)
    return good, bad


def build_eml(*, to: tuple[str, ...], subject: str | None, body: str, sender: Sender) -> EmlResult:
    """An RFC 5322 message with To, From, Subject, ``X-Unsent: 1`` and a UTF-8 plain-text body."""
    good, bad = recipients(to)
    if bad:
        listed = ", ".join(f"'{value}'" for value in bad)
        return EmlResult(reason=f"No .eml file: {listed} in the draft's 'to:' list is not an email address. "
                                "Correct it in a pull request.")
    if not _ADDRESS.match(sender.email):
        return EmlResult(reason=f"No .eml file: the sender address '{sender.email}' in handoffs/policy.yml is "
                                "not an email address. Correct 'sender: email:' there.")
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=_one_line(sender.name), addr_spec=sender.email)
    if good:
        message["To"] = good
    message["Subject"] = _one_line(subject or "")
    message["X-Unsent"] = "1"
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    message.set_content(text if text.endswith("\n") else text + "\n", charset="utf-8")
    note = None if good else ("This draft has no 'to:' address, so the .eml opens without a recipient: "
                              "add the customer's address in your mail program before sending.")
    return EmlResult(content=message.as_bytes(), reason=note)


def draft_emls(drafts: Iterable[DraftEntry], sender: Sender) -> dict[str, EmlResult]:
    """The ``.eml`` of every draft that may be sent (approved, for a customer), by the draft's src_uri."""
    return {
        draft.src_uri: build_eml(to=draft.page.to, subject=draft.page.subject, body=draft.page.email or "",
                                 sender=sender)
        for draft in drafts
        if draft.sendable
    }
