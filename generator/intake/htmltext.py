"""Email HTML reduced to plain text; no markup ever passes through.

Scripts, styles and comments are dropped; block elements become line breaks,
list items ``- `` lines, and ``<blockquote>`` content is prefixed with ``> ``
so quoted history can be stripped the same way as in plain-text mail.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
}  # fmt: skip
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre"}
_DROPPED = {"script", "style", "title", "template", "noscript", "svg", "xml", "head"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (quote depth, text)
        self.current: list[str] = []
        self.current_depth = 0
        self.quote_depth = 0
        self.dropped = 0
        self.pre = 0
        self.seen_body = False

    def _break(self, blank: bool = False) -> None:
        text = "".join(self.current)
        text = text.rstrip() if self.pre else re.sub(r"[ \t]+", " ", text).strip()
        if text or self.current:
            self.lines.append((self.current_depth, text))
        self.current = []
        if blank and self.lines and self.lines[-1][1]:
            self.lines.append((self.quote_depth, ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.seen_body = True
            if self.dropped and "head" in _DROPPED:
                self.dropped = 0  # a <head> that was never closed
        if tag in _DROPPED:
            if tag not in _VOID:
                self.dropped += 1
            return
        if tag == "br":
            self._line_break()
        elif tag in _BLOCKS:
            self._break(blank=tag in _PARAGRAPHS)
        if tag == "blockquote":
            self.quote_depth += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "li":
            self._data("- ")
        elif tag in ("td", "th") and self.current:
            self._data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropped = max(0, self.dropped - 1)
            return
        if tag in _BLOCKS:
            self._break(blank=tag in _PARAGRAPHS)
        if tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._line_break()
        elif tag == "hr":
            self._break()

    def _line_break(self) -> None:
        if self.current:
            self._break()
        else:
            self.lines.append((self.quote_depth, ""))

    def handle_data(self, data: str) -> None:
        if self.dropped:
            return
        self._data(data.replace("\xa0", " ") if self.pre else re.sub(r"\s+", " ", data.replace("\xa0", " ")))

    def _data(self, text: str) -> None:
        if not self.current:
            self.current_depth = self.quote_depth
            if not self.pre:
                text = text.lstrip()
                if not text:
                    return
        if self.pre and "\n" in text:
            first, *rest = text.split("\n")
            self.current.append(first)
            for piece in rest:
                self._break()
                self.current_depth = self.quote_depth
                self.current.append(piece)
            return
        self.current.append(text)


def html_to_text(html: str) -> str:
    """The readable text of an HTML email body, with blockquotes marked ``> ``."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    parser._break()
    out: list[str] = []
    for depth, text in parser.lines:
        prefix = "> " * depth
        out.append(f"{prefix}{text}".rstrip() if text else prefix.rstrip())
    joined = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", joined).strip("\n")
