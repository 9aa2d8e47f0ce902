"""The synthetic company behind a generated handoff: customers, invoices, people.

Everything comes from one ``random.Random(seed)``, drawn in a fixed order, so a
seed and a size always give the same world. Names avoid digits so that no
customer name can be mistaken for an invoice number.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

FIRST = (
    "Acme", "Alder", "Amber", "Anchor", "Apex", "Arbor", "Ash", "Aspen", "Atlas", "Aurora",
    "Bay", "Beacon", "Birch", "Blue", "Bluff", "Boulder", "Bright", "Brook", "Canyon", "Cardinal",
    "Cedar", "Cobalt", "Copper", "Coral", "Crescent", "Crest", "Crystal", "Cypress", "Delta", "Eagle",
    "Elm", "Ember", "Falcon", "Fern", "Fir", "Forge", "Fox", "Garnet", "Glacier", "Golden",
    "Granite", "Grove", "Harbor", "Hawk", "Heron", "Hickory", "Highland", "Indigo", "Iron", "Ivy",
    "Jade", "Juniper", "Kestrel", "Lake", "Laurel", "Linden", "Lotus", "Maple", "Meadow", "Meridian",
    "Mesa", "Mill", "Oak", "Ocean", "Orchard", "Osprey", "Pacific", "Pine", "Pinecrest", "Prairie",
    "Quarry", "Raven", "Redwood", "Ridge", "River", "Sage", "Sandpiper", "Sequoia", "Silver", "Spruce",
    "Stone", "Summit", "Sun", "Tallgrass", "Thistle", "Timber", "Valley", "Willow", "Wren", "Zephyr",
)  # fmt: skip
SECOND = (
    "Retail", "Marine Supply", "Logistics", "Dental Group", "Hospitality", "Brewing", "Property Partners",
    "Veterinary Partners", "Foods", "Hardware", "Outfitters", "Medical", "Builders", "Electric", "Farms",
    "Textiles", "Printing", "Labs", "Clinics", "Fitness", "Motors", "Studios", "Academy", "Bakery",
    "Cafe Group", "Freight", "Packaging", "Plastics", "Pharmacy", "Realty", "Roofing", "Salon", "Systems",
    "Tools", "Travel", "Vineyards", "Water Works", "Wellness", "Woodworks", "Design", "Energy", "Garden Center",
    "Home Goods", "Industries", "Interiors", "Kitchens", "Landscaping", "Machining", "Optical", "Pet Supply",
)  # fmt: skip
SUFFIX = ("Inc.", "LLC", "Co.", "Group", "Corp.", "Ltd.", "", "")
GIVEN = (
    "Priya", "Marcus", "Keisha", "Gail", "Dan", "Renee", "Luis", "Mira", "Sam", "Owen", "Dana", "Jordan",
    "Aisha", "Ben", "Chloe", "Diego", "Elena", "Farah", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena",
    "Mateo", "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Tariq", "Uma", "Victor", "Wen", "Yara", "Zoe",
)  # fmt: skip
FAMILY = (
    "Raman", "Morrow", "Hendricks", "Morales", "Fox", "Ortega", "Chen", "Brandt", "Whitfield", "Pike",
    "Okafor", "Lindqvist", "Nakamura", "Silva", "Kowalski", "Haddad", "Novak", "Reyes", "Schmidt", "Tanaka",
    "Walsh", "Young", "Zimmer", "Abbott", "Baptiste", "Carver", "Dubois", "Eriksen", "Fischer", "Gallo",
)  # fmt: skip
TERMS = ((15, "Net 15"), (30, "Net 30"), (30, "Net 30"), (30, "Net 30"), (45, "Net 45"), (60, "Net 60"))

OUR_COMPANY = "Northwind Fixture Supply, Inc."
OUR_DOMAIN = "northwind-fixtures.example.com"
AR_ADDRESS = f"ar@{OUR_DOMAIN}"
AR_NAME = "Jordan Pike"
TEAM = ("Jordan Pike", "Dana Whitfield", "Luis Ortega", "Renata Alvarez")
APPROVERS = (
    ("Renata Alvarez", f"renata.alvarez@{OUR_DOMAIN}", "ralvarez-nw", "Controller"),
    ("Dana Whitfield", f"dana.whitfield@{OUR_DOMAIN}", "dwhitfield-nw", "AR Manager"),
)


@dataclass(frozen=True)
class Invoice:
    """One open line of the aging: an invoice, or a credit memo with negative amounts."""

    number: str
    customer: str
    doc_type: str  # "Invoice" or "Credit Memo"
    invoice_date: dt.date
    due_date: dt.date | None
    terms: str
    amount: Decimal
    open_amount: Decimal
    po: str


@dataclass
class Customer:
    name: str
    slug: str
    domain: str
    contact_given: str
    contact_family: str
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def ap_address(self) -> str:
        return f"ap@{self.domain}"

    @property
    def contact_address(self) -> str:
        return f"{self.contact_given.lower()}.{self.contact_family.lower()}@{self.domain}"

    @property
    def contact_name(self) -> str:
        return f"{self.contact_given} {self.contact_family}"


@dataclass(frozen=True)
class World:
    as_of: dt.date
    customers: list[Customer]

    @property
    def invoices(self) -> list[Invoice]:
        return [invoice for customer in self.customers for invoice in customer.invoices]


def slugify(name: str) -> str:
    return re.sub(r"[^a-z]+", "-", name.lower()).strip("-")


def money(rng: random.Random, low: int, high: int) -> Decimal:
    """An amount in cents between ``low`` and ``high`` dollars, as an exact Decimal."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _names(rng: random.Random, count: int) -> list[str]:
    combos = len(FIRST) * len(SECOND) * len(SUFFIX)
    names: list[str] = []
    seen: set[str] = set()
    for index in rng.sample(range(combos * 4), min(count * 2, combos * 4)):
        first = FIRST[index % len(FIRST)]
        rest = index // len(FIRST)
        second = SECOND[rest % len(SECOND)]
        rest //= len(SECOND)
        suffix = SUFFIX[rest % len(SUFFIX)]
        extra = rest // len(SUFFIX)
        parts = [first]
        if extra:  # a second first-word keeps names unique at large scales
            parts.append(FIRST[(index * 7 + extra) % len(FIRST)])
        parts.append(second)
        if suffix:
            parts.append(suffix)
        name = " ".join(parts)
        if slugify(name) in seen:
            continue
        seen.add(slugify(name))
        names.append(name)
        if len(names) == count:
            return sorted(names)
    raise ValueError(f"cannot make {count} distinct customer names")


def make_world(rng: random.Random, as_of: dt.date, customers: int, invoices: int) -> World:
    """``customers`` customers sharing ``invoices`` open lines, a few customers holding many."""
    if customers < 1 or invoices < customers:
        raise ValueError("need at least one customer and at least one invoice per customer")
    people = []
    for name in _names(rng, customers):
        slug = slugify(name)
        people.append(Customer(name, slug, f"{slug}.example.com", rng.choice(GIVEN), rng.choice(FAMILY)))
    weights = [rng.paretovariate(1.6) for _ in people]
    counts = [1] * customers
    for index in rng.choices(range(customers), weights=weights, k=invoices - customers):
        counts[index] += 1
    number = 100000
    memo = 5000
    for customer, count in zip(people, counts, strict=True):
        po_prefix = f"{customer.slug[:2].upper()}-"
        uses_po = rng.random() < 0.4
        for _ in range(count):
            issued = as_of - dt.timedelta(days=rng.randint(0, 200))
            days, terms = rng.choice(TERMS)
            if rng.random() < 0.02:
                memo += 1
                amount = -money(rng, 50, 3000)
                customer.invoices.append(
                    Invoice(f"CM-{memo}", customer.name, "Credit Memo", issued, None, "", amount, amount, "")
                )
                continue
            number += 1
            amount = money(rng, 80, 48000)
            open_amount = amount
            if rng.random() < 0.05:  # short-paid: part of it is still open
                open_amount = (amount * Decimal(rng.randint(10, 90)) / 100).quantize(Decimal("0.01"))
            po = f"{po_prefix}{rng.randint(10000, 99999)}" if uses_po else ""
            customer.invoices.append(
                Invoice(
                    f"INV-{number}", customer.name, "Invoice", issued, issued + dt.timedelta(days=days), terms,
                    amount, open_amount, po,
                )
            )
        customer.invoices.sort(key=lambda i: (i.invoice_date, i.number))
    return World(as_of, people)
