"""Messages no person wrote: delivery-failure reports (bounces) and automatic replies.

A bounce says a reminder never arrived, and to which address; an
out-of-office reply says nobody read it yet. Both are recognized from the
headers mail systems set (``multipart/report``, ``Auto-Submitted``,
``X-Autoreply``), the senders they use (``MAILER-DAEMON``, ``postmaster``)
and the subjects and opening words they write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from generator.intake.addresses import is_address

Kind = Literal["message", "bounce", "auto_reply"]

_BOUNCE_SUBJECT = re.compile(  # at the start: a customer's "Re: delivery failed on our order" is no bounce
    r"\s*(undeliver(ed|able)|delivery status notification \((failure|delay)\)|returned mail|"
    r"mail delivery (failed|failure|system)|delivery failure\s*(:|$)|failure notice|mail system error|"
    r"non[- ]?delivery|could not be delivered|message not delivered|delivery notification: delivery has failed)",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailer_daemon)(@|$)", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto(matische)?[- ]?(reply|response|antwort)|autoreply|auto:|out of (the )?office"
    r"|abwesenheitsnotiz|réponse automatique|respuesta automática|on vacation|away from (the )?office)",
    re.IGNORECASE,
)
_AUTO_BODY = re.compile(
    r"\b(i am|i'm|i will be|i'll be)\s+(currently\s+)?(out of (the )?office|away from (the )?office"
    r"|on (annual |parental |maternity |sick )?leave|on vacation|on holiday|travell?ing with limited)",
    re.IGNORECASE,
)
_AWAY_CUE = re.compile(
    r"\b(return(ing)?|be back|back (on|in)|limited access|urgent|in my absence|will (respond|reply|get back)"
    r"|respond to your|reply to your|access to (e-?mail|my e-?mail))\b",
    re.IGNORECASE,
)
_ADDR = r"<?([^\s<>;:,\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>?"
_RECIPIENT_LINES = (
    re.compile(rf"^\s*(?:final|original)-recipient:\s*(?:rfc822;)?\s*{_ADDR}", re.I | re.M),
    re.compile(rf"recipient address:\s*{_ADDR}", re.I),
    re.compile(rf"^\s*{_ADDR}:?\s*(?:\(|host\b|said\b|unrecoverable|.*?\b(?:55\d|5\.\d\.\d)\b)", re.I | re.M),
    re.compile(
        rf"(?:failed permanently|couldn't be delivered|could not be delivered|delivery has failed)"
        rf"[^\n@]{{0,80}}?(?:\bto\b|:)\s*{_ADDR}",
        re.I,
    ),
    re.compile(rf"(?:your message to|wasn't delivered to|was not delivered to)\s+{_ADDR}", re.I),
    re.compile(rf"the following address(?:es)? failed:\s*{_ADDR}", re.I),
)


def classify(
    subject: str,
    sender: str | None,
    body: str,
    headers: Mapping[str, str] | None = None,
    report: bool = False,
) -> Kind:
    """Whether a message is a person's message, a bounce or an automatic reply.

    ``headers`` holds lower-cased header names; ``report`` is True when the
    message carries a ``multipart/report`` or ``message/delivery-status`` part.
    """
    headers = headers or {}
    auto_submitted = headers.get("auto-submitted", "").lower()
    if report or _BOUNCE_SENDER.match(sender or "") or _BOUNCE_SUBJECT.match(subject[:300]):
        return "bounce"
    if auto_submitted.startswith("auto-replied") or any(
        headers.get(name, "").strip().lower() not in ("", "no", "false")
        for name in ("x-autoreply", "x-autorespond")
    ) or headers.get("precedence", "").strip().lower() == "auto_reply":
        return "auto_reply"
    if _AUTO_SUBJECT.match(subject[:300]):
        return "auto_reply"
    opening = body[:600]
    if _AUTO_BODY.search(opening) and _AWAY_CUE.search(opening):
        return "auto_reply"  # "I am out of the office … will return Monday", not "I'm out today, paying Friday"
    return "message"


def bounced_recipients(text: str, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The addresses a delivery-failure report says could not be reached, in order of mention."""
    text = text[:200_000]
    first_seen: dict[str, int] = {}
    skip = {e.lower() for e in exclude}
    for pattern in _RECIPIENT_LINES:
        for match in pattern.finditer(text):
            address = match.group(1).strip(".,;:'\"").lower()
            if is_address(address) and address not in skip and not _BOUNCE_SENDER.match(address):
                first_seen[address] = min(first_seen.get(address, match.start(1)), match.start(1))
    return tuple(sorted(first_seen, key=lambda a: (first_seen[a], a)))
