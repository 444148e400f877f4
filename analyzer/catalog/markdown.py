"""Plain text from the inline markdown and HTML found in vendor error-code documents.

The catalog stores text for people and for matching logs, so emphasis and code spans
are dropped, but link targets are kept (``contact us (https://...)``): a procedure
that says "see SDK Integration" is useless without the address. markdown-it-py does
the inline parsing because escapes, nested emphasis and autolinks have enough corner
cases that a regex would get some of them wrong.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt

_BREAK_TAGS = {"br", "p", "div", "tr"}
_ITEM_TAGS = {"li"}
# Runs of horizontal space become one space. NEL, LINE/PARAGRAPH SEPARATOR, VT and FF
# are included: markdown does not break lines on them, but YAML does, so text keeping
# them would not read back from a catalog file as it was imported (web-copied vendor
# pages do contain U+2028).
_BLOCK_SPACE = re.compile(r"[ \t\u00a0\x0b\x0c\x85\u2028\u2029]+")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # commonmark plus tables/strikethrough; html enabled so inline tags arrive as tokens
    # that we can turn into text instead of leaking "<br>" into the catalog.
    return MarkdownIt("commonmark", {"html": True}).enable(["strikethrough"])


_SIMPLE: dict[str, Callable[[Any], str]] = {
    "text": lambda tok: str(tok.content),
    "code_inline": lambda tok: str(tok.content),
    "image": lambda tok: str(tok.content),
    "softbreak": lambda tok: " ",
    "hardbreak": lambda tok: "\n",
    "html_inline": lambda tok: _inline_tag_text(tok.content),
}
"""The text of each inline token that needs nothing but itself."""


def inline_text(source: str) -> str:
    """Render one block of inline markdown as plain text, keeping link targets."""
    if not source.strip():
        return ""
    tokens = _parser().parseInline(source)
    out: list[str] = []
    links: list[tuple[str, int]] = []  # (href, position in out where the link text starts)
    for block in tokens:
        for tok in block.children or ():
            kind = tok.type
            simple = _SIMPLE.get(kind)
            if simple is not None:
                out.append(simple(tok))
            elif kind == "link_open":
                links.append((str(tok.attrs.get("href", "")), len(out)))
            elif kind == "link_close" and links:
                href, start = links.pop()
                label = "".join(out[start:]).strip()
                if href and href != label and not href.startswith("mailto:" + label):
                    out.append(f" ({href})")
    return _tidy("".join(out))


def _inline_tag_text(tag: str) -> str:
    """A lone inline HTML tag becomes a line break or nothing."""
    match = re.match(r"</?\s*([a-zA-Z0-9]+)", tag)
    if match and match.group(1).lower() in _BREAK_TAGS:
        return "\n"
    return ""


def _tidy(text: str) -> str:
    lines = [_BLOCK_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


class _CellHTML(HTMLParser):
    """Splits a table cell's HTML into leading text and ``<li>`` items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lead: list[str] = []
        self.items: list[list[str]] = []
        self._in_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ITEM_TAGS:
            self.items.append([])
            self._in_item = True
        elif tag in _BREAK_TAGS:
            self._target().append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _ITEM_TAGS:
            self._in_item = False

    def handle_data(self, data: str) -> None:
        self._target().append(data)

    def _target(self) -> list[str]:
        return self.items[-1] if self._in_item and self.items else self.lead


_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def cell_text(cell: str) -> tuple[str, list[str]]:
    """Split a table cell into (text, list items), rendering inline markdown in both.

    Markdown and HTML are mixed freely in real cells (``<li>`` around text with
    backticks), so HTML is split first and each part is then rendered as markdown.
    Unknown tags are dropped; the text between them is kept.
    """
    if not _TAG.search(cell):
        return inline_text(cell), []
    # Protect code spans: their content must not be read as HTML.
    parser = _CellHTML()
    parser.feed(cell)
    parser.close()
    lead = "".join(parser.lead)
    text = "\n".join(inline_text(part) for part in lead.split("\n"))
    items = [inline_text("".join(parts)) for parts in parser.items]
    return _tidy(text), [item for item in items if item]


def unescape(text: str) -> str:
    """Decode HTML entities left in plain text (``&lt;`` in a heading, for instance)."""
    return html.unescape(text)
