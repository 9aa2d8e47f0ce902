"""Analysis: the judgment over a handoff. Pure: no file, git or template access.

    playbook = playbook_for(policy.playbook)    # default phrases + the team's adjustments
    ledger   = merge_invoices(handoff)          # one record per open item, disagreements as questions
    items    = read_items(handoff)              # emails, notes, do-not lines, with sides and dates
    links    = Linker(...).link(items)          # which customers and invoices each item is about
    hits     = Reader(...).read(item, links)    # signals per sentence, with quoted evidence
    judge(invoice, hits)                        # status by precedence, flags, evidence
    plan_invoice / plan_customer                # next steps with owner, due date and gate
    unknowns                                    # what a person must find out

Every output is sorted so the same handoff always gives the same analysis.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from generator.analyze.aging import bucket, days_overdue
from generator.analyze.customers import Reach, reach_by_customer, timeline_for
from generator.analyze.invoices import Invoice, merge_invoices
from generator.analyze.items import our_domains, read_items
from generator.analyze.linking import Linker
from generator.analyze.model import Analysis, CustomerView, Evidence, InvoiceView
from generator.analyze.names import invoice_key, job_name
from generator.analyze.playbook import playbook_for
from generator.analyze.signals import Hit, Reader, settle_customer_wide
from generator.analyze.status import Judgment, judge, signal_states
from generator.analyze.steps import Context, Plan, plan_customer, plan_invoice
from generator.analyze.unknowns import from_customers, from_items, from_signals, ordered, stale_export
from generator.intake.model import Handoff

CONTACT_STATUSES = ("overdue", "broken_promise", "partial_payment", "procurement", "dispute", "promised")


def _customer_holds(hits: list[Hit]) -> dict[str, list[Hit]]:
    """Holds that cover a whole customer, still standing after later-wins."""
    by_key: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.signal == "hold":
            for key in hit.customers:
                by_key[key].append(hit)
    standing: dict[str, list[Hit]] = {}
    for key, events in by_key.items():
        state = signal_states(events).get("hold")
        if state and state.active:
            standing[key] = list(state.active)
    return standing


def _view(invoice: Invoice, days: int, judgment: Judgment, plan: Plan) -> InvoiceView:
    line = invoice.line
    written = line.customer if line.customer != invoice.account else None
    return InvoiceView(
        number=invoice.number,
        customer=invoice.account,
        currency=invoice.currency,
        amount=invoice.amount if invoice.amount is not None else invoice.open_amount,
        open_amount=invoice.open_amount,
        due_date=invoice.due_date,
        invoice_date=line.invoice_date,
        po=invoice.po,
        days_overdue=days,
        bucket=bucket(days),
        status=judgment.status,
        flags=judgment.flags,
        evidence=judgment.evidence,
        promise_date=judgment.promise_date,
        reminder_level=plan.level.name if plan.level and judgment.status == "overdue" else None,
        next_step=plan.step,
        source=line.source,
        customer_as_written=written,
        job=job_name(line.customer),
        emails=invoice.emails,
        doc_type=line.doc_type,
    )


def analyze(handoff: Handoff) -> Analysis:
    """Age, link, classify and question every invoice of the handoff."""
    as_of = handoff.manifest.as_of
    playbook, problems = playbook_for(handoff.policy.playbook)
    levels = handoff.policy.reminder_levels if "reminder_levels" in handoff.policy.model_fields_set else ()
    levels = levels or playbook.reminder_levels
    ledger = merge_invoices(handoff, playbook.legal_suffixes)
    items = read_items(handoff, playbook)
    linker = Linker(handoff, ledger, playbook, our_domains(handoff, playbook))
    links = linker.link(items)
    reader = Reader(playbook, linker, as_of, day_first=handoff.manifest.date_order == "DMY")
    read = [hit for item, found in zip(items, links, strict=True) for hit in reader.read(item, found)]
    hits_by_item: dict[int, list[Hit]] = {item.position: [] for item in items}
    for hit in settle_customer_wide(read, playbook):
        hits_by_item[hit.item].append(hit)
    hits_by_invoice: dict[int, list[Hit]] = defaultdict(list)
    for hits in hits_by_item.values():
        for hit in hits:
            for index in hit.invoices:
                hits_by_invoice[index].append(hit)
    reach = reach_by_customer(handoff, ledger, items, links, playbook.legal_suffixes)
    holds = _customer_holds([h for hits in hits_by_item.values() for h in hits])

    judged: dict[int, Judgment] = {}
    plans: dict[int, Plan] = {}
    for invoice in ledger.invoices:
        days = days_overdue(as_of, invoice.due_date)
        facts = reach.get(invoice.key, Reach())
        judged[invoice.index] = judgment = judge(
            invoice,
            days,
            hits_by_invoice.get(invoice.index, []),
            as_of,
            playbook,
            extra_flags=facts.flags() if invoice.is_open else (),
            extra_evidence=facts.evidence() if invoice.is_open else (),
        )
        context = Context(
            as_of=as_of,
            playbook=playbook,
            levels=levels,
            grace=handoff.policy.promise_grace_days,
            contact_ok=bool(facts.valid),
        )
        plans[invoice.index] = plan_invoice(invoice, days, judgment, context)
    views = sorted(
        (_view(i, days_overdue(as_of, i.due_date), judged[i.index], plans[i.index]) for i in ledger.invoices),
        key=lambda v: (v.customer.casefold(), v.customer, invoice_key(v.number), v.number, v.source.path,
                       v.source.line or 0),
    )

    timelines = timeline_for(items, links)
    by_key: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in ledger.invoices:
        by_key[invoice.key].append(invoice)
    customers: list[CustomerView] = []
    held: set[str] = set()
    def by_name(key: str) -> tuple[str, str]:
        return (ledger.accounts.get(key, key).casefold(), key)

    for key in sorted(set(by_key) | set(ledger.balances), key=by_name):
        invoices = sorted(by_key.get(key, []), key=lambda i: (invoice_key(i.number), i.number))
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for invoice in invoices:
            totals[invoice.currency] += invoice.open_amount
        currency_totals = tuple(sorted(totals.items())) if invoices else ledger.balances.get(key, ())
        facts = reach.get(key, Reach())
        hold_hits = holds.get(key, [])
        on_hold = bool(hold_hits) and all(judged[i.index].status in ("internal_hold", "credit") for i in invoices)
        if on_hold:
            held.add(key)
        needs_contact = any(judged[i.index].status in CONTACT_STATUSES for i in invoices)
        context = Context(as_of=as_of, playbook=playbook, levels=levels,
                          grace=handoff.policy.promise_grace_days, contact_ok=bool(facts.valid))
        steps = plan_customer(
            [(i.number, plans[i.index]) for i in invoices], bool(facts.valid), needs_contact, on_hold, context
        )
        hold_evidence: list[Evidence] = [h.evidence for h in reversed(hold_hits)]
        if not hold_evidence:
            for invoice in invoices:
                hold_evidence += [h.evidence for h in reversed(judged[invoice.index].active("hold"))]
        customers.append(
            CustomerView(
                name=ledger.accounts.get(key, key),
                emails=tuple(facts.valid),
                invalid_emails=tuple(sorted(facts.invalid)),
                invoices=tuple(i.number for i in invoices),
                currency_totals=currency_totals,
                on_hold=on_hold,
                hold_evidence=tuple(dict.fromkeys(hold_evidence)),
                timeline=tuple(timelines.get(key, [])),
                next_steps=steps,
                names_as_written=ledger.written.get(key, ()),
                flags=tuple(sorted(set(facts.flags()) | ({"on_hold"} if on_hold else set()))),
            )
        )

    unknowns = [
        *ledger.unknowns,
        *from_signals(judged, linker),
        *from_items(items, links, hits_by_item, linker),
        *from_customers(ledger, reach, judged, held),
        *stale_export(items, as_of),
    ]
    return Analysis(
        handoff_id=handoff.id,
        title=handoff.manifest.title,
        as_of=as_of,
        invoices=tuple(views),
        customers=tuple(customers),
        unknowns=ordered(unknowns),
        problems=tuple(problems),
        precedence=playbook.precedence,
    )
