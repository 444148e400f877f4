"""A tiny HTML inspector shared by the HTML tests (static and in the browser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    """A start tag as parsed."""

    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page(HTMLParser):
    """Every element (with the text directly inside scripts and styles) and all text."""

    elements: list[Element] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._raw: Element | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag in ("script", "style"):
            self._raw = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw.text += data
        else:
            self.text += data

    def find(self, tag: str) -> list[Element]:
        """Elements with this tag name."""
        return [e for e in self.elements if e.tag == tag]


def parse(document: str) -> Page:
    """Parse a whole document."""
    page = Page()
    page.feed(document)
    page.close()
    return page
