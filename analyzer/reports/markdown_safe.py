"""Put untrusted text into Markdown so that it renders as exactly that text.

A report pasted into a GitHub or GitLab issue must not change shape because of what
a log line holds. Each helper covers one Markdown context:

* :func:`code_span` for log-derived values inline (paths, tags, times): inside a code
  span nothing is markup, no HTML, no links, no mentions; the delimiter is one
  backtick longer than any backtick run in the value.
* :func:`fence` for log lines: a fenced block whose fence is longer than any
  backtick run in the content, so no line can close it.
* :func:`inline` for catalog prose (titles, causes, procedures): Markdown
  punctuation is backslash-escaped and ``<``, ``>``, ``&`` become entities, so
  neither emphasis, links, images nor HTML can appear; URLs still autolink.
* :func:`cell` for anything in a table cell: a ``|`` would start a new column, so
  every ``|`` gets a backslash. GFM (and GitLab, and markdown-it) treat any pipe
  right after a backslash as content and drop that one backslash, inside code spans
  too, so the cell shows exactly the text it was given.
* :func:`html_text` for the text of raw HTML (``<summary>``).
"""

from __future__ import annotations

import html
import re
from typing import Final

from analyzer.reports.visible import one_line, visible

_BACKTICKS: Final = re.compile(r"`+")
_PUNCT: Final = re.compile(r"([\\`*_\[\]|~$!{}])")
_LINE_START: Final = re.compile(r"^(#|[-+=]|\d+(?=[.)]))")


def _longest_run(text: str) -> int:
    return max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)


def inline(text: str) -> str:
    """Catalog prose as inert inline Markdown, on one line."""
    text = _PUNCT.sub(r"\\\1", one_line(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A leading "#", "-" or "1." would make a heading or a list inside a list item.
    match = _LINE_START.match(text)
    if match is not None:
        marker = match.group(0)
        text = (marker + "\\" + text[len(marker) :]) if marker[0].isdigit() else "\\" + text
    return text


def code_span(text: str) -> str:
    """A log-derived value as a code span (empty text gives an empty string)."""
    value = visible(text).replace("\n", " ")
    if not value:
        return ""
    ticks = "`" * (_longest_run(value) + 1)
    if value.startswith("`") or value.endswith("`") or (value[0] == value[-1] == " "):
        value = f" {value} "
    return f"{ticks}{value}{ticks}"


def fence(lines: list[str], info: str = "text") -> str:
    """Lines in a fenced code block that no line can close (ends with a newline)."""
    body = [visible(line) for line in lines]
    ticks = "`" * max(3, max((_longest_run(line) for line in body), default=0) + 1)
    return "\n".join([ticks + info, *body, ticks]) + "\n"


def cell(markdown: str) -> str:
    """Already-safe inline Markdown made safe for a table cell."""
    return markdown.replace("\n", " ").replace("|", "\\|")


def html_text(text: str) -> str:
    """Text for a raw HTML element such as ``<summary>``."""
    return html.escape(one_line(text), quote=True)
