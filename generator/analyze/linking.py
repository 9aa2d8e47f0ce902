"""Tying each email and note to the customers and invoices it is about.

The evidence, strongest first:

1. invoice numbers written in the subject or text (see :mod:`references`);
2. the addresses of the people writing (exact contact or billing address,
   else the company mail domain; free-mail domains only by exact address,
   our own domains never);
3. customer names in the text (case, punctuation and "Inc."/"LLC" ignored,
   ``Customer:Job`` forms under their parent);
4. the thread: In-Reply-To and References headers, or the same subject
   (without "Re:"/"Fwd:") shared with the same outside address.

For an email, the first kind of evidence that names a customer decides; a
note may be about several customers, so every number and name in it counts.
A customer-side sender whose message linked by number or name is learned as
that customer's address, so their other messages link too. Each sentence
also keeps its own invoice numbers and names, which scope the signals in it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from generator.analyze.invoices import Invoice, Ledger
from generator.analyze.items import Item
from generator.analyze.names import customer_key, email_domain, emails_in, fold, invoice_key, name_tokens
from generator.analyze.playbook import Playbook
from generator.analyze.references import InvoiceIndex, Reference, worth_asking
from generator.intake.model import Handoff

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|r|rif|undeliverable|undelivered|returned mail|"
    r"delivery status notification(?: \(\w+\))?|mail delivery failed|automatic reply|auto(?:matic)? ?reply|"
    r"out of (?:the )?office(?: reply)?|autoreply|ooo)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]{0,40}\]\s*)+",
    re.IGNORECASE,
)


def thread_subject(subject: str) -> str:
    """A subject without reply, forward and bounce prefixes, for grouping a thread."""
    return " ".join(_SUBJECT_PREFIX.sub("", subject).casefold().split())


@dataclass(frozen=True)
class SentenceLinks:
    invoices: tuple[int, ...]
    customers: tuple[str, ...]  # customer keys named in the sentence
    mentions: bool = False  # it writes invoice numbers (even ones that are not open items)


@dataclass(frozen=True)
class Links:
    """What one item is about."""

    customers: tuple[str, ...]  # customer keys
    invoices: tuple[int, ...]  # invoices it names (or its thread names)
    sentences: tuple[SentenceLinks, ...]  # per sentence of the item
    unmatched: tuple[str, ...]  # invoice numbers written that are not open items
    how: str  # "invoice number", "address", "name", "thread" or "" (nothing matched)


SHORT_FORM_WORDS = 8


class _Names:
    """Customer names found in running text by looking words up, never scanning every customer.

    Names are indexed by their first word (one-word names) or first two words, so a
    thousand customers called "City of ..." cost no more than one.
    """

    def __init__(
        self,
        accounts: dict[str, str],
        written: dict[str, tuple[str, ...]],
        suffixes: frozenset[str],
        generic: frozenset[str],
    ) -> None:
        full: set[tuple[tuple[str, ...], str]] = set()
        for key in sorted(accounts):
            for name in (accounts[key], *written.get(key, ())):
                tokens = name_tokens(name.split(":", 1)[0], suffixes)
                if tokens:
                    full.add((tokens, key))
        entries = full | self._short_forms(full, generic)
        self.single: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self.pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for tokens, key in sorted(entries):
            if len(tokens) == 1:
                self.single[tokens[0]].append((tokens, key))
            else:
                self.pairs[(tokens[0], tokens[1])].append((tokens, key))
        for found in self.pairs.values():
            found.sort(key=lambda entry: (-len(entry[0]), entry[1]))
        self.starts = frozenset(self.single) | frozenset(first for first, _ in self.pairs)

    @staticmethod
    def _short_forms(
        full: set[tuple[tuple[str, ...], str]], generic: frozenset[str]
    ) -> set[tuple[tuple[str, ...], str]]:
        """"Acme" for "Acme Retail": a leading part of a name that no other customer shares."""
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        complete = {tokens for tokens, _ in full}
        for tokens, key in full:
            # A short form is a few leading words; bounding them keeps a pathological "name" of
            # thousands of words (a broken export cell) from costing quadratic time.
            for size in range(1, min(len(tokens), SHORT_FORM_WORDS) + 1):
                owners[tokens[:size]].add(key)
        short: set[tuple[tuple[str, ...], str]] = set()
        for tokens, keys in owners.items():
            if len(keys) != 1 or tokens in complete:
                continue
            if tokens[0] in generic or len(tokens[0]) < 4 or tokens[0].isdigit():
                continue
            short.add((tokens, next(iter(keys))))
        return short

    def _match(
        self, words: list[str], folded: list[str], position: int, loose: bool
    ) -> tuple[tuple[str, ...], str] | None:
        """The longest name starting at a word, if any."""
        if position + 1 < len(folded):
            for tokens, key in self.pairs.get((folded[position], folded[position + 1]), ()):
                if tuple(folded[position : position + len(tokens)]) == tokens:
                    return tokens, key
        for tokens, key in self.single.get(folded[position], ()):
            if words[position][:1].isupper() or (loose and len(tokens[0]) >= 4):
                return tokens, key
        return None

    def find(self, text: str, loose: bool) -> list[str]:
        """Customer keys named in a text. One-word names must be capitalized unless ``loose``."""
        words = _WORD.findall(text)
        folded = fold(" ".join(words)).split(" ") if text.isascii() else [fold(w) for w in words]
        starts = self.starts
        found: list[str] = []
        after = 0
        for position in [i for i, word in enumerate(folded) if word in starts]:
            if position < after:
                continue
            match = self._match(words, folded, position, loose)
            if match is None:
                continue
            tokens, key = match
            if key not in found:
                found.append(key)
            after = position + len(tokens)
        return found


class _Threads:
    """Union-find over items: replies, references and shared subjects with a shared outside address."""

    def __init__(self, items: list[Item]) -> None:
        self.parent = list(range(len(items)))
        by_id: dict[str, int] = {}
        for item in items:
            if item.message and item.message.message_id:
                by_id.setdefault(item.message.message_id.strip(), item.position)
        by_subject: dict[tuple[str, str], int] = {}
        for item in items:
            message = item.message
            if message is None:
                continue
            for ref in (message.in_reply_to, *message.references):
                if ref and ref.strip() in by_id:
                    self.union(item.position, by_id[ref.strip()])
            subject = thread_subject(message.subject)
            if len(subject) < 6:
                continue
            for address in item.participants:
                other = by_subject.setdefault((subject, address), item.position)
                self.union(item.position, other)

    def find(self, position: int) -> int:
        root = position
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[position] != root:
            self.parent[position], position = root, self.parent[position]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


class Linker:
    """Indexes built once per handoff; ``link`` ties every item to customers and invoices."""

    def __init__(self, handoff: Handoff, ledger: Ledger, playbook: Playbook, ours: frozenset[str]) -> None:
        self.ledger = ledger
        self.ours = ours
        self.public = playbook.public_email_domains
        self.index = InvoiceIndex((i.index, i.number) for i in ledger.invoices)
        self.invoices: dict[int, Invoice] = {i.index: i for i in ledger.invoices}
        self.open_by_key: dict[str, list[int]] = defaultdict(list)
        for invoice in ledger.invoices:
            if invoice.is_open:
                self.open_by_key[invoice.key].append(invoice.index)
        self.names = _Names(ledger.accounts, ledger.written, playbook.legal_suffixes, playbook.generic_name_words)
        self.addresses: dict[str, set[str]] = defaultdict(set)
        self.domains: dict[str, set[str]] = defaultdict(set)
        suffixes = playbook.legal_suffixes
        pairs: list[tuple[str, str]] = [(customer_key(c.customer, suffixes), c.email) for c in handoff.contacts]
        pairs += [(i.key, e) for i in ledger.invoices for e in i.emails]
        pairs += [(customer_key(r.customer, suffixes), r.email) for r in handoff.records if r.email]
        for key, text in pairs:
            for address in emails_in(text):
                self.learn(address, key)
        self._read: dict[tuple[str, bool], tuple[tuple[Reference, ...], tuple[str, ...]]] = {}

    def _sentence(self, text: str, loose: bool) -> tuple[tuple[Reference, ...], tuple[str, ...]]:
        """The invoice numbers and customers a sentence names, remembered by its text (reminders repeat)."""
        found = self._read.get((text, loose))
        if found is None:
            found = self._read[text, loose] = (tuple(self.index.references(text)), tuple(self.names.find(text, loose)))
        return found

    def learn(self, address: str, key: str) -> None:
        domain = email_domain(address)
        if not domain or domain in self.ours:
            return
        self.addresses[address].add(key)
        if domain not in self.public:
            self.domains[domain].add(key)

    def _by_address(self, item: Item) -> set[str]:
        exact = {k for a in item.participants for k in self.addresses.get(a, ())}
        if exact:
            return exact
        return {k for a in item.participants for k in self.domains.get(email_domain(a), ())}

    def _resolve(self, refs: Sequence[Reference], hint: set[str]) -> tuple[list[int], list[str]]:
        found: list[int] = []
        unmatched: list[str] = []
        for ref in refs:
            targets = self.index.find(ref)
            if len(targets) > 1 and hint:
                narrowed = [t for t in targets if self.invoices[t].key in hint]
                targets = narrowed or targets
            if not targets and ref.kind != "bare" and worth_asking(ref.written):
                unmatched.append(ref.written)
            found += [t for t in targets if t not in found]
        return found, unmatched

    def _first_pass(self, item: Item) -> tuple[Links, bool]:
        loose = item.side == "internal"
        address_keys = self._by_address(item) if item.message else set()
        note_addresses = {k for a in emails_in(item.body) for k in self.addresses.get(a, ())} if loose else set()
        named_all = self.names.find(item.subject, loose)
        sentence_refs = []
        for sentence in item.sentences:
            refs, named = self._sentence(sentence.text, loose)
            named_all += [k for k in named if k not in named_all]
            sentence_refs.append((refs, named))
        if not item.sentences and item.kind in ("bounce", "auto_reply"):
            named_all += [k for k in self.names.find(item.body, loose) if k not in named_all]
        hint = address_keys or set(named_all)
        subject_invoices, unmatched = self._resolve(self.index.references(item.subject), hint)
        sentences: list[SentenceLinks] = []
        invoices = list(subject_invoices)
        for refs, named in sentence_refs:
            found, missing = self._resolve(refs, hint)
            unmatched += [m for m in missing if m not in unmatched]
            invoices += [f for f in found if f not in invoices]
            sentences.append(SentenceLinks(invoices=tuple(found), customers=tuple(named), mentions=bool(refs)))
        by_ref = sorted({self.invoices[i].key for i in invoices})
        strong = False
        if loose or item.message is None:
            customers = sorted(set(by_ref) | set(named_all) | note_addresses)
            how = "invoice number" if by_ref else ("name" if customers else "")
        elif by_ref:
            customers, how, strong = by_ref, "invoice number", True
        elif address_keys:
            narrowed = address_keys & set(named_all)
            customers, how = sorted(narrowed or address_keys), "address"
        elif named_all:
            customers, how, strong = sorted(named_all), "name", True
        else:
            customers, how = [], ""
        links = Links(
            customers=tuple(customers),
            invoices=tuple(sorted(invoices)),
            sentences=tuple(sentences),
            unmatched=tuple(unmatched),
            how=how,
        )
        return links, strong

    def link(self, items: list[Item]) -> list[Links]:
        """Links for every item, in item order."""
        first = [self._first_pass(item) for item in items]
        for item, (links, strong) in zip(items, first, strict=True):
            if strong and item.side == "customer" and len(links.customers) == 1 and item.kind == "email":
                sender = item.message.sender if item.message else None
                if sender and sender.lower() in item.participants:
                    self.learn(sender.lower(), links.customers[0])
        result: list[Links] = []
        for item, (links, _) in zip(items, first, strict=True):
            if not links.customers and item.message is not None and item.side != "internal":
                learned = self._by_address(item)
                if learned:
                    links = Links(
                        customers=tuple(sorted(learned)),
                        invoices=links.invoices,
                        sentences=links.sentences,
                        unmatched=links.unmatched,
                        how="address",
                    )
            result.append(links)
        result = self._inherit_threads(items, result)
        result = self._inherit_conversation(items, result)
        return [self._bare_numbers(item, found) for item, found in zip(items, result, strict=True)]

    def _inherit_conversation(self, items: list[Item], links: list[Links]) -> list[Links]:
        """A note that names nobody continues the note before it in the same file (a chat reply)."""
        result: list[Links] = []
        previous: dict[str, Links] = {}
        for item, found in zip(items, links, strict=True):
            if item.kind == "note":
                before = previous.get(item.source.path)
                if not found.customers and before is not None and before.customers:
                    found = Links(
                        customers=before.customers,
                        invoices=found.invoices,
                        sentences=found.sentences,
                        unmatched=found.unmatched,
                        how="conversation",
                    )
                previous[item.source.path] = found
            result.append(found)
        return result

    def _bare_numbers(self, item: Item, found: Links) -> Links:
        """``1047`` for ``INV-1047`` once the item is known to be about that invoice's customer."""
        if not found.customers or not item.sentences:
            return found
        keys = set(found.customers)
        sentences = []
        added: list[int] = []
        for sentence, links in zip(item.sentences, found.sentences, strict=True):
            extra = [
                i
                for number in self.index.bare_numbers(sentence.text)
                for i in self.index.digits.get(number.lstrip("0") or number, ())
                if self.invoices[i].key in keys and i not in links.invoices
            ]
            if extra:
                links = SentenceLinks(
                    invoices=tuple(dict.fromkeys((*links.invoices, *extra))),
                    customers=links.customers,
                    mentions=True,
                )
                added += extra
            sentences.append(links)
        if not added:
            return found
        own = {i for s in found.sentences for i in s.invoices}
        invoices = tuple(sorted(own | set(added))) if own or added else found.invoices
        return Links(
            customers=found.customers,
            invoices=invoices,
            sentences=tuple(sentences),
            unmatched=found.unmatched,
            how=found.how,
        )

    def _inherit_threads(self, items: list[Item], links: list[Links]) -> list[Links]:
        threads = _Threads(items)
        customers: dict[int, set[str]] = defaultdict(set)
        invoices: dict[int, set[int]] = defaultdict(set)
        for item, found in zip(items, links, strict=True):
            if item.message is None:
                continue
            root = threads.find(item.position)
            customers[root].update(found.customers)
            invoices[root].update(found.invoices)
        result = []
        for item, found in zip(items, links, strict=True):
            if item.message is None:
                result.append(found)
                continue
            root = threads.find(item.position)
            keys = found.customers or tuple(sorted(customers[root]))
            how = found.how or ("thread" if keys else "")
            own = found.invoices
            if not own:
                own = tuple(sorted(i for i in invoices[root] if self.invoices[i].key in keys))
            result.append(
                Links(customers=keys, invoices=own, sentences=found.sentences, unmatched=found.unmatched, how=how)
            )
        return result

    def open_invoices(self, keys: tuple[str, ...] | list[str]) -> tuple[int, ...]:
        """Every open item of these customers (what a customer-wide signal covers)."""
        return tuple(sorted({i for key in keys for i in self.open_by_key.get(key, ())}))

    def closed(self, number: str) -> bool:
        """Whether an invoice list shows this number although the aging does not."""
        return invoice_key(number) in self.ledger.closed_numbers
