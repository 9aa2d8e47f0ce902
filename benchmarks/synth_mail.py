"""Email threads between the AR team and customers, as ``.eml`` files.

A thread opens with our reminder; the customer's reply carries one of the
signals the analysis knows (dispute, PO blocker, promise with a date,
payment-plan request, "we paid", partial payment, a plain answer), or the
reminder comes back as an out-of-office reply or a bounce. Some threads go on:
a dispute later withdrawn, a promise followed by "we are not disputing it".
Replies quote the message they answer, as mail clients do.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from email.utils import format_datetime

from synth_world import AR_ADDRESS, AR_NAME, OUR_COMPANY, OUR_DOMAIN, Customer, Invoice

SIGNALS: tuple[tuple[str, int], ...] = (
    ("plain", 14),
    ("promise", 18),
    ("broken_promise", 6),
    ("dispute", 9),
    ("dispute_then_resolved", 3),
    ("not_disputing", 3),
    ("procurement", 10),
    ("payment_plan", 5),
    ("paid", 8),
    ("partial", 4),
    ("auto_reply", 10),
    ("bounce", 5),
    ("html_reply", 5),
)
TZ = dt.timezone(dt.timedelta(hours=-4))


@dataclass(frozen=True)
class Mail:
    """One message file: where it goes in the handoff and its bytes."""

    path: str
    data: bytes


def _ref(rng: random.Random, invoice: Invoice) -> str:
    """An invoice number the way people write it in mail."""
    digits = invoice.number.removeprefix("INV-")
    return rng.choice((invoice.number, invoice.number, f"inv {digits}", f"#{digits}", f"invoice {digits}"))


def _day(as_of: dt.date, rng: random.Random, earliest: int = 28, latest: int = 2) -> dt.datetime:
    day = as_of - dt.timedelta(days=rng.randint(latest, earliest))
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59),
                       tzinfo=TZ)


def _later(when: dt.datetime, rng: random.Random, as_of: dt.date) -> dt.datetime:
    step = when + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6))
    limit = dt.datetime(as_of.year, as_of.month, as_of.day, 18, 0, tzinfo=TZ)
    return min(step, limit)


def _headers(*, sender: str, to: str, when: dt.datetime, message_id: str, subject: str,
             replying: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> list[str]:
    lines = [f"From: {sender}", f"To: {to}", f"Date: {format_datetime(when)}", f"Message-ID: {message_id}",
             f"Subject: {subject}", "MIME-Version: 1.0"]
    if replying:
        lines.append(f"In-Reply-To: {replying[-1]}")
        lines.append(f"References: {' '.join(replying)}")
    lines.extend(extra)
    return lines


def _plain(headers: list[str], body: str) -> bytes:
    head = [*headers, 'Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: 7bit"]
    return ("\r\n".join(head) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8")


def _html(headers: list[str], body: str, boundary: str) -> bytes:
    """multipart/alternative with a text part and an HTML part, as Outlook and Gmail send."""
    html = "".join(f"<p>{para.replace(chr(10), '<br>')}</p>" for para in body.split("\n\n"))
    parts = [
        *headers,
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "",
        f"--{boundary}",
        'Content-Type: text/plain; charset="UTF-8"',
        "Content-Transfer-Encoding: 7bit",
        "",
        body,
        f"--{boundary}",
        'Content-Type: text/html; charset="UTF-8"',
        "Content-Transfer-Encoding: 7bit",
        "",
        f"<html><body>{html}</body></html>",
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(parts).replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode("utf-8")


def _quote(text: str, who: str, when: dt.datetime) -> str:
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
    return f"\n\nOn {when.strftime('%a, %b %-d, %Y at %-I:%M %p')} {who} wrote:\n\n{quoted}\n"


def _reminder_body(customer: Customer, invoices: list[Invoice]) -> str:
    lines = [f"Hello {customer.name} accounts payable team,", "",
             "Our records show the following invoices open on your account:", ""]
    for inv in invoices:
        due = inv.due_date.strftime("%b %-d, %Y") if inv.due_date else "on receipt"
        lines.append(f"  {inv.number}   due {due}   ${inv.open_amount:,.2f}")
    lines += ["", "If payment is already on its way, please send the remittance details so we can match it.",
              "Otherwise, could you let us know when we can expect it?", "", "Thank you,", AR_NAME,
              f"Accounts Receivable | {OUR_COMPANY}", AR_ADDRESS]
    return "\n".join(lines)


def _reply_text(signal: str, rng: random.Random, customer: Customer, invoices: list[Invoice],
                when: dt.datetime) -> str:
    ref = _ref(rng, invoices[0])
    refs = " and ".join(_ref(rng, inv) for inv in invoices[:2])
    soon = when.date() + dt.timedelta(days=rng.randint(7, 30))
    past = when.date() - dt.timedelta(days=rng.randint(3, 12))
    promised = when.date() + dt.timedelta(days=rng.randint(1, 4))  # passed by the as-of date (see threads)
    texts = {
        "plain": f"Thanks for the note. I have passed {refs} to our AP manager and will get back to you.",
        "promise": rng.choice((
            f"{ref} is approved and scheduled for payment on {soon.strftime('%B %-d')}.",
            f"We will pay {ref} by {soon.strftime('%A, %B %-d')}.",
            f"{ref} goes out in our {soon.strftime('%B %-d')} payment run.",
            f"Payment for {refs} will be sent by the end of the month.",
        )),
        "broken_promise": f"Sorry for the delay. We will pay {ref} by {promised.strftime('%B %-d')}.",
        "dispute": rng.choice((
            f"We are disputing {ref}: two of the units arrived damaged and we have photos.",
            f"The price on {ref} does not match our contract rate, so we cannot pay it as billed.",
            f"We never received the goods on {ref}; please check the delivery before we pay.",
            f"We need a credit note for the short shipment on {ref} before we can release payment.",
        )),
        "dispute_then_resolved": f"We are disputing {ref}: the quantity billed is wrong.",
        "not_disputing": (f"To be clear, we are not disputing {ref}. It is in our "
                          f"{soon.strftime('%B %-d')} payment run."),
        "procurement": rng.choice((
            f"{ref} is stuck in our 3-way match: we need a new PO number from our buyer before we can pay it.",
            f"Our system rejected {ref} because it has no PO number on it. Please reissue it with a PO.",
            f"You are not set up as a vendor in our new system yet; {ref} cannot be paid until vendor set-up "
            "is complete.",
            f"We have no record of receiving {ref}. Could you resend it to our AP inbox?",
            f"{ref} is waiting for approval from our department head.",
        )),
        "payment_plan": (f"Cash is tight this quarter. Could we split {refs} into three monthly installments, "
                         "starting at the end of next month?"),
        "paid": (f"We paid {ref} by ACH on {past.strftime('%B %-d')} (ref {rng.randint(1000000, 9999999)}). "
                 "Please check your records."),
        "partial": (f"We sent a partial payment of ${invoices[0].open_amount / 2:,.2f} against {ref}; "
                    "the remainder follows next month."),
        "html_reply": f"Thanks, we will review {refs} this week and let you know.",
    }
    return f"Hi {AR_NAME.split()[0]},\n\n{texts[signal]}\n\nBest,\n{customer.contact_name}\n{customer.name}"


def _bounce(customer: Customer, when: dt.datetime, message_id: str, original_id: str, subject: str,
            boundary: str) -> bytes:
    daemon = f"MAILER-DAEMON@mail.{OUR_DOMAIN}"
    headers = [f"From: {daemon} (Mail Delivery System)", f"To: {AR_ADDRESS}", f"Date: {format_datetime(when)}",
               f"Message-ID: {message_id}", "Subject: Undelivered Mail Returned to Sender",
               "Auto-Submitted: auto-replied", "MIME-Version: 1.0",
               f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"']
    address = customer.ap_address
    parts = [
        "", "This is a MIME-encapsulated message.", "", f"--{boundary}", "Content-Description: Notification",
        "Content-Type: text/plain; charset=us-ascii", "",
        "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
        "", f"<{address}>: host mx1.{customer.domain} said: 550 5.1.1 <{address}>: Recipient address rejected:",
        "    User unknown in virtual mailbox table", "", f"--{boundary}", "Content-Description: Delivery report",
        "Content-Type: message/delivery-status", "", f"Reporting-MTA: dns; mail.{OUR_DOMAIN}", "",
        f"Final-Recipient: rfc822; {address}", "Action: failed", "Status: 5.1.1",
        f"Diagnostic-Code: smtp; 550 5.1.1 <{address}>: Recipient address rejected", "", f"--{boundary}",
        "Content-Description: Undelivered Message Headers", "Content-Type: text/rfc822-headers", "",
        f"Message-ID: {original_id}", f"From: {AR_NAME} <{AR_ADDRESS}>", f"To: <{address}>", f"Subject: {subject}",
        "", f"--{boundary}--", "",
    ]
    return "\r\n".join(headers + parts).encode("utf-8")


def _auto_reply(customer: Customer, when: dt.datetime, message_id: str, replying: tuple[str, ...],
                subject: str) -> bytes:
    back = when.date() + dt.timedelta(days=5)
    headers = _headers(sender=f"{customer.contact_name} <{customer.contact_address}>", to=AR_ADDRESS, when=when,
                       message_id=message_id, subject=f"Automatic reply: {subject}", replying=replying,
                       extra=("Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"))
    body = (f"Thank you for your email. I am out of the office and will return on {back.strftime('%A, %B %-d')}.\n"
            f"For urgent payables questions, please contact {customer.ap_address}.\n\n"
            f"{customer.contact_name}\nAccounts Payable | {customer.name}\n")
    return _plain(headers, body)


def threads(rng: random.Random, customers: list[Customer], as_of: dt.date, budget: int) -> list[Mail]:
    """Exactly ``budget`` messages, in threads spread over the customers (most-owing first)."""
    mails: list[Mail] = []
    owing = sorted(customers, key=lambda c: (-len(c.invoices), c.slug))
    kinds = [kind for kind, _ in SIGNALS]
    weights = [weight for _, weight in SIGNALS]
    serial = 0
    turn = 0
    while len(mails) < budget:
        customer = owing[turn % len(owing)]
        turn += 1
        open_invoices = [inv for inv in customer.invoices if inv.doc_type == "Invoice"]
        if not open_invoices:
            continue
        invoices = rng.sample(open_invoices, min(len(open_invoices), rng.randint(1, 3)))
        invoices.sort(key=lambda inv: inv.number)
        signal = rng.choices(kinds, weights)[0]
        serial += 1
        folder = f"threads/{customer.slug}"
        stem = f"{serial:05d}"
        subject = f"Past due: {', '.join(inv.number for inv in invoices)} ({customer.name})"
        first_id = f"<{serial:05d}.{rng.getrandbits(40):010x}@mail.{OUR_DOMAIN}>"
        # a broken promise needs its date (a few days after the reply) and the grace days behind the as-of date
        sent = _day(as_of, rng, latest=14) if signal == "broken_promise" else _day(as_of, rng)
        body = _reminder_body(customer, invoices)
        to = f"{customer.name} AP <{customer.ap_address}>"
        ours = _plain(_headers(sender=f"{AR_NAME} <{AR_ADDRESS}>", to=to, when=sent, message_id=first_id,
                               subject=subject), body)
        mails.append(Mail(f"{folder}/{stem}-1-reminder.eml", ours))
        reply_at = sent + dt.timedelta(hours=rng.randint(1, 4)) if signal == "broken_promise" else (
            _later(sent, rng, as_of))
        reply_id = f"<{rng.getrandbits(64):016X}@mail.{customer.domain}>"
        if signal == "bounce":
            boundary = f"{rng.getrandbits(48):012X}.{serial}/mail.{OUR_DOMAIN}"
            mails.append(Mail(f"{folder}/{stem}-2-undeliverable.eml",
                              _bounce(customer, reply_at, reply_id, first_id, subject, boundary)))
            continue
        if signal == "auto_reply":
            mails.append(Mail(f"{folder}/{stem}-2-automatic-reply.eml",
                              _auto_reply(customer, reply_at, reply_id, (first_id,), subject)))
            continue
        text = _reply_text(signal, rng, customer, invoices, reply_at)
        quoted = text + _quote(body, f"{AR_NAME} <{AR_ADDRESS}>", sent)
        headers = _headers(sender=f"{customer.contact_name} <{customer.contact_address}>", to=AR_ADDRESS,
                           when=reply_at, message_id=reply_id, subject=f"Re: {subject}", replying=(first_id,),
                           extra=(f"Cc: {customer.ap_address}",))
        reply = _html(headers, quoted, f"b{rng.getrandbits(64):016x}") if signal == "html_reply" else (
            _plain(headers, quoted))
        mails.append(Mail(f"{folder}/{stem}-2-re.eml", reply))
        if signal in ("dispute_then_resolved", "not_disputing", "promise") and len(mails) < budget:
            later = _later(reply_at, rng, as_of)
            third_id = f"<{rng.getrandbits(64):016X}@mail.{customer.domain}>"
            ref = _ref(rng, invoices[0])
            followup = {
                "dispute_then_resolved": f"Update on {ref}: the warehouse found the missing cartons, so that "
                                         "resolves it. We will pay it in the next run.",
                "not_disputing": f"Confirming again that {ref} is approved; there is no dispute.",
                "promise": f"Following up: {ref} is still on track for the date I gave you.",
            }[signal]
            text3 = (f"Hi {AR_NAME.split()[0]},\n\n{followup}\n\nBest,\n{customer.contact_name}"
                     + _quote(text, f"{customer.contact_name} <{customer.contact_address}>", reply_at))
            headers3 = _headers(sender=f"{customer.contact_name} <{customer.contact_address}>", to=AR_ADDRESS,
                                when=later, message_id=third_id, subject=f"Re: Re: {subject}",
                                replying=(first_id, reply_id))
            mails.append(Mail(f"{folder}/{stem}-3-re.eml", _plain(headers3, text3)))
    return mails[:budget]
