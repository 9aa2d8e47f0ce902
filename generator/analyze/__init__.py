"""Analysis: the judgment over a handoff. Pure: no file, git or template access.

Read top to bottom, :func:`analyze` is the whole stage:

1. the playbook (shipped defaults plus the policy's adjustments);
2. one record per open invoice, merged from aging, invoice lists and PDFs;
3. every email, note and do-not line as an item with its side and date;
4. links from each item to the customers and invoices it is about;
5. signals read sentence by sentence, with the quoted evidence;
6. per invoice: a status by precedence, flags, evidence and a next step;
7. per customer: contacts, holds, timeline and next steps;
8. the questions a person must answer.

Every output is sorted so the same handoff always gives the same analysis.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from generator.analyze.aging import bucket, days_overdue
from generator.analyze.customers import Reach, reach_by_customer, timeline_for
from generator.analyze.invoices import Invoice, Ledger, merge_invoices
from generator.analyze.items import Item, our_domains, read_items
from generator.analyze.linking import Linker, Links
from generator.analyze.model import Analysis, CustomerView, Evidence, InvoiceView
from generator.analyze.names import invoice_key, job_name
from generator.analyze.playbook import playbook_for
from generator.analyze.signals import Hit, Reader, settle_customer_wide
from generator.analyze.status import Judgment, judge, signal_states
from generator.analyze.steps import Context, Plan, plan_customer, plan_invoice
from generator.analyze.unknowns import from_customers, from_items, from_signals, ordered, stale_export
from generator.intake.model import Handoff

# Statuses that call for writing to the customer (so a missing address matters).
CONTACT_STATUSES = ("overdue", "broken_promise", "partial_payment", "procurement", "dispute", "promised")


def analyze(handoff: Handoff) -> Analysis:
    """Age, link, classify and question every invoice of the handoff."""
    as_of = handoff.manifest.as_of
    playbook, problems = playbook_for(handoff.policy.playbook)
    ledger = merge_invoices(handoff, playbook.legal_suffixes)
    items = read_items(handoff, playbook)
    linker = Linker(handoff, ledger, playbook, our_domains(handoff, playbook))
    links = linker.link(items)
    reader = Reader(playbook, linker, as_of, day_first=handoff.manifest.date_order == "DMY")
    hits = settle_customer_wide(
        [hit for item, found in zip(items, links, strict=True) for hit in reader.read(item, found)], playbook
    )
    reach = reach_by_customer(handoff, ledger, items, links, playbook.legal_suffixes)
    levels = handoff.policy.reminder_levels if "reminder_levels" in handoff.policy.model_fields_set else ()
    contexts = {
        key: Context(
            as_of=as_of,
            playbook=playbook,
            levels=levels or playbook.reminder_levels,
            grace=handoff.policy.promise_grace_days,
            contact_ok=bool(reach.get(key, Reach()).valid),
        )
        for key in {i.key for i in ledger.invoices} | set(ledger.balances)
    }
    judged = _judge_invoices(ledger, hits, reach, contexts)
    customers = _customer_views(ledger, judged, hits, reach, contexts, items, links)
    judgments = {index: j.judgment for index, j in judged.items()}
    unknowns = [
        *ledger.unknowns,
        *from_signals(judgments, linker),
        *from_items(items, links, _by_item(hits, items), linker),
        *from_customers(ledger, reach, judgments, _held(customers, ledger)),
        *stale_export(items, as_of),
    ]
    return Analysis(
        handoff_id=handoff.id,
        title=handoff.manifest.title,
        as_of=as_of,
        invoices=tuple(sorted((j.view for j in judged.values()), key=_view_order)),
        customers=tuple(customers),
        unknowns=ordered(unknowns),
        problems=tuple(problems),
        precedence=playbook.precedence,
    )


@dataclass(frozen=True)
class _Judged:
    judgment: Judgment
    plan: Plan
    view: InvoiceView


def _judge_invoices(
    ledger: Ledger, hits: list[Hit], reach: dict[str, Reach], contexts: dict[str, Context]
) -> dict[int, _Judged]:
    """Status, flags, evidence and next step of every invoice."""
    by_invoice: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        for index in hit.invoices:
            by_invoice[index].append(hit)
    judged: dict[int, _Judged] = {}
    for invoice in ledger.invoices:
        context = contexts[invoice.key]
        days = days_overdue(context.as_of, invoice.due_date)
        facts = reach.get(invoice.key, Reach())
        judgment = judge(
            invoice,
            days,
            by_invoice.get(invoice.index, []),
            context.as_of,
            context.playbook,
            extra_flags=facts.flags() if invoice.is_open else (),
            extra_evidence=facts.evidence() if invoice.is_open else (),
        )
        plan = plan_invoice(invoice, days, judgment, context)
        judged[invoice.index] = _Judged(judgment, plan, _view(invoice, days, judgment, plan))
    return judged


def _view(invoice: Invoice, days: int, judgment: Judgment, plan: Plan) -> InvoiceView:
    line = invoice.line
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
        customer_as_written=line.customer if line.customer != invoice.account else None,
        job=job_name(line.customer),
        emails=invoice.emails,
        doc_type=line.doc_type,
    )


def _view_order(view: InvoiceView) -> tuple[object, ...]:
    return (view.customer.casefold(), view.customer, invoice_key(view.number), view.number, view.source.path,
            view.source.line or 0)  # fmt: skip


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


def _customer_views(
    ledger: Ledger,
    judged: dict[int, _Judged],
    hits: list[Hit],
    reach: dict[str, Reach],
    contexts: dict[str, Context],
    items: list[Item],
    links: list[Links],
) -> list[CustomerView]:
    """One view per account (from invoices or summary totals), in name order."""
    holds = _customer_holds(hits)
    timelines = timeline_for(items, links)
    by_key: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in ledger.invoices:
        by_key[invoice.key].append(invoice)
    def by_name(key: str) -> tuple[str, str]:
        return (ledger.accounts.get(key, key).casefold(), key)

    customers = []
    for key in sorted(set(by_key) | set(ledger.balances), key=by_name):
        invoices = sorted(by_key.get(key, []), key=lambda i: (invoice_key(i.number), i.number))
        statuses = [judged[i.index].judgment.status for i in invoices]
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for invoice in invoices:
            totals[invoice.currency] += invoice.open_amount
        facts = reach.get(key, Reach())
        hold_hits = holds.get(key, [])
        on_hold = bool(hold_hits) and all(s in ("internal_hold", "credit") for s in statuses)
        hold_evidence: list[Evidence] = [h.evidence for h in reversed(hold_hits)] or [
            h.evidence for i in invoices for h in reversed(judged[i.index].judgment.active("hold"))
        ]
        steps = plan_customer(
            [(i.number, judged[i.index].plan) for i in invoices],
            bool(facts.valid),
            any(s in CONTACT_STATUSES for s in statuses),
            on_hold,
            contexts[key],
        )
        customers.append(
            CustomerView(
                name=ledger.accounts.get(key, key),
                emails=tuple(facts.valid),
                invalid_emails=tuple(sorted(facts.invalid)),
                invoices=tuple(i.number for i in invoices),
                currency_totals=tuple(sorted(totals.items())) if invoices else ledger.balances.get(key, ()),
                on_hold=on_hold,
                hold_evidence=tuple(dict.fromkeys(hold_evidence)),
                timeline=tuple(timelines.get(key, [])),
                next_steps=steps,
                names_as_written=ledger.written.get(key, ()),
                flags=tuple(sorted({*facts.flags(), *(("on_hold",) if on_hold else ())})),
            )
        )
    return customers


def _by_item(hits: list[Hit], items: list[Item]) -> dict[int, list[Hit]]:
    found: dict[int, list[Hit]] = {item.position: [] for item in items}
    for hit in hits:
        found[hit.item].append(hit)
    return found


def _held(customers: list[CustomerView], ledger: Ledger) -> set[str]:
    """Customer keys of the accounts on hold (nobody asks for their contacts)."""
    names = {c.name for c in customers if c.on_hold}
    return {key for key, name in ledger.accounts.items() if name in names}
