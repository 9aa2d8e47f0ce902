"""Invoice lists and contact lists: the records behind an aging, and who to write to.

An invoice list (QuickBooks Invoice List, a NetSuite saved search) gives each
invoice's original amount, what remains, its PO, terms and the customer's email;
its rows become ``records``, and its emails contacts. A contact list (QuickBooks
Customer Contact List) gives customers' email addresses and the people behind them.
"""

from __future__ import annotations

from generator.intake.aging import report_date
from generator.intake.layout import Table, walk
from generator.intake.model import Contact, FileReading, InvoiceLine, SourceFile
from generator.intake.records import NO_CUSTOMER, ProblemLog, RowReader, counted, date_order
from generator.manifest import Manifest


def _unique(contacts: list[Contact]) -> list[Contact]:
    """One contact per customer and address, the first one found."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for contact in contacts:
        key = (contact.customer.casefold(), contact.email.casefold())
        if key not in seen:
            seen.add(key)
            unique.append(contact)
    return unique


def read_invoice_list(table: Table, manifest: Manifest) -> FileReading:
    """Every invoice in the list as a record, plus the contacts its email column names."""
    sheet, columns = table.sheet, table.columns
    log = ProblemLog(sheet.rel)
    layout = walk(sheet, table.header, columns, frozenset(table.title), columns.money)
    order = date_order(sheet, columns, layout.details, manifest, log, extra=("settled_date",))
    reader = RowReader(sheet, columns, manifest, order, log, layout.details)
    records: list[InvoiceLine] = []
    contacts: list[Contact] = []
    for detail in layout.details:
        record = reader.invoice(detail, aging=False)
        records.append(record)
        if record.customer != NO_CUSTOMER:
            contacts.extend(reader.contacts(detail.index, record.customer))
    contacts = _unique(contacts)
    description = f"invoice list: {counted(len(records), 'invoice')}"
    if contacts:
        description += f", {counted(len(contacts), 'contact email')}"
    return FileReading(
        file=SourceFile(path=sheet.rel, kind="invoice_list", description=description),
        records=tuple(records),
        contacts=tuple(contacts),
        problems=tuple(log.finish()),
        detected_as_of=report_date(table.title, order),
    )


def read_contacts(table: Table, manifest: Manifest) -> FileReading:
    """Each customer's email addresses, with the person's name where the list gives one."""
    sheet, columns = table.sheet, table.columns
    log = ProblemLog(sheet.rel)
    layout = walk(sheet, table.header, columns, frozenset(table.title), [columns.fields["email"]])
    reader = RowReader(sheet, columns, manifest, manifest.date_order, log, layout.details)
    contacts: list[Contact] = []
    for detail in layout.details:
        customer = reader.text(detail.index, "customer") or detail.group or ""
        if not customer:
            log.add(
                "no customer", sheet.source(detail.index),
                "this row has an email address but no customer name; add the customer in the list",
                is_error=False,
            )
            continue
        contacts.extend(reader.contacts(detail.index, customer))
    contacts = _unique(contacts)
    customers = {c.customer for c in contacts}
    description = (
        f"contact list: {counted(len(contacts), 'email address', 'email addresses')} "
        f"for {counted(len(customers), 'customer')}"
    )
    return FileReading(
        file=SourceFile(path=sheet.rel, kind="contacts", description=description),
        contacts=tuple(contacts),
        problems=tuple(log.finish()),
    )
