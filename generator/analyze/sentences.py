"""Sentences and clauses: the units signals are read in.

Email bodies are hard-wrapped, so lines of one paragraph are joined before
the text is cut into sentences; bullets and blank lines start new ones. Each
sentence keeps the line it starts on (counted from the start of the text) so
evidence can point at it. For matching, a sentence is lower-cased, quotes
and dashes are made plain, contractions are spelled out ("don't" → "do not")
and "P.O." is written "po", so playbook phrases stay short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9#])")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
ABBREVIATIONS = frozenset(
    {
        "inc", "ltd", "co", "corp", "llc", "no", "nr", "nos", "inv", "approx", "mr", "mrs", "ms", "dr", "jr", "sr",
        "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "p.o", "po",
        "u.s", "a.m", "p.m", "attn", "dept", "ref", "ext", "fig", "est",
    }
)  # fmt: skip
MAX_SENTENCE = 600

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_IRREGULAR = {"won't": "will not", "wont": "will not", "can't": "cannot", "cant": "cannot", "shan't": "shall not",
              "ain't": "is not", "i'm": "i am", "let's": "let us", "p/o": "po", "e-mail": "email", "&": " and "}
_SUFFIXES = {"n't": " not", "nt": " not", "'ll": " will", "'ve": " have", "'re": " are", "'d": " would"}
_CONTRACTION = re.compile(
    r"\b(?:won'?t|can'?t|shan'?t|ain'?t|i'm|let's|p/o|e-mail)\b|&"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)(n'?t)\b"
    r"|\b(?:we|i|you|they|he|she|it|that|this|there)('ll)\b"
    r"|\b(?:we|i|you|they)('ve)\b"
    r"|\b(?:we|you|they)('re)\b"
    r"|\b(?:we|i|you|they|he|she)('d)\b"
    r"|\bp\.\s?o\.?(?=\s|#|$|[,;:])"
)
_SPACES = re.compile(r"\s+")


def _spell_out(match: re.Match[str]) -> str:
    whole = match.group(0)
    for suffix in match.groups():
        if suffix:
            return whole[: -len(suffix)] + _SUFFIXES[suffix.replace("'", "") if suffix == "nt" else suffix]
    if whole.startswith("p.") or whole.startswith("p "):
        return "po"
    return _IRREGULAR.get(whole, whole)


@lru_cache(maxsize=65536)  # greetings, sign-offs and the team's reminder text recur in every thread
def normalize(text: str) -> str:
    """A sentence as playbook phrases see it: lower case, plain quotes, contractions spelled out."""
    text = _CONTRACTION.sub(_spell_out, text.translate(_TRANSLATE).lower())
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Sentence:
    """One sentence of a message or note."""

    index: int
    text: str  # as written, whitespace collapsed (for quoting)
    line: int  # 0-based line of the text it starts on
    lower: str  # normalized for matching
    block: int = 0  # the paragraph (or bullet) it belongs to


def _blocks(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs with wrapped lines joined; each keeps (offset, line) marks for its lines."""
    blocks: list[tuple[str, list[tuple[int, int]]]] = []
    current: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0

    def flush() -> None:
        nonlocal current, marks, length
        if current:
            blocks.append((" ".join(current), marks))
        current, marks, length = [], [], 0

    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = raw.strip()
        if not line or line.startswith(">") or line in ("--", "__"):
            flush()
            continue
        if current and (_BULLET.match(line) or _ends_short_line(current[-1], line)):
            flush()
        marks.append((length + (1 if current else 0), number))
        length += len(line) + (1 if current else 0)
        current.append(line)
    flush()
    return blocks


def _ends_short_line(previous: str, line: str) -> bool:
    """A greeting, sign-off or signature line stands alone; a wrapped sentence does not."""
    return len(previous) < 25 and (previous[-1] in ",:;!.?" or line[:1].isupper())


def _line_at(marks: list[tuple[int, int]], offset: int) -> int:
    line = marks[0][1]
    for start, number in marks:
        if start > offset:
            break
        line = number
    return line


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a text, in order, each with the line it starts on."""
    sentences: list[Sentence] = []
    for number, (block, marks) in enumerate(_blocks(text)):
        start = 0
        cuts: list[int] = []
        for match in _BOUNDARY.finditer(block):
            before = block[start : match.start()].rstrip("\"')]")
            last = _LAST_WORD.search(before)
            if last and last.group(1).lower().rstrip(".") in ABBREVIATIONS:
                continue
            if last and len(last.group(1)) == 1:  # an initial: "J. Smith"
                continue
            cuts.append(match.end())
            start = match.end()
        bounds = [0, *cuts, len(block)]
        for begin, end in pairwise(bounds):
            piece = block[begin:end].strip()
            if not piece:
                continue
            for part in range(0, len(piece), MAX_SENTENCE):
                chunk = piece[part : part + MAX_SENTENCE]
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        text=chunk,
                        line=_line_at(marks, begin + part),
                        lower=normalize(chunk),
                        block=number,
                    )
                )
    return sentences


def clauses(lower: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of the clauses of a normalized sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in breaks.finditer(lower):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(lower):
        spans.append((start, len(lower)))
    return spans or [(0, len(lower))]
