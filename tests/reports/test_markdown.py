"""The Markdown format: whatever a log line holds, the rendered ticket keeps its shape.

Rendered with markdown-it-py (CommonMark plus GFM tables and strikethrough, raw HTML
allowed as on GitHub), then inspected as HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from analyzer.model import Report
from analyzer.reports.interface import RenderOptions
from analyzer.reports.markdown_report import MarkdownReport
from analyzer.reports.markdown_safe import cell, code_span, fence, inline
from analyzer.reports.visible import visible

from .conftest import HOSTILE_LINES


class Tree(HTMLParser):
    """Tags, table rows and ``<pre>`` texts of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows: list[int] = []
        self.tables: list[list[int]] = []
        self.pre: list[str] = []
        self.code: list[str] = []
        self._in_pre = self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1
        elif tag == "pre":
            self._in_pre = True
            self.pre.append("")
        elif tag == "code" and not self._in_pre:
            self._in_code = True
            self.code.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False
        elif tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.pre[-1] += data
        elif self._in_code:
            self.code[-1] += data


def to_html(markdown: str) -> str:
    return str(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown))


def parse(markdown: str) -> Tree:
    tree = Tree()
    tree.feed(to_html(markdown))
    return tree


def render(report: Report, **options: object) -> str:
    return MarkdownReport().render(report, RenderOptions(**options))  # type: ignore[arg-type]


ALLOWED_TAGS = {
    "h1", "h2", "h3", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "code", "pre", "strong", "em", "details", "summary", "hr",
}  # fmt: skip


def test_hostile_log_text_creates_no_markup(hostile_report: Report) -> None:
    markdown = render(hostile_report)
    tree = parse(markdown)
    assert set(tree.tags) <= ALLOWED_TAGS, set(tree.tags) - ALLOWED_TAGS
    assert tree.tags.count("details") == markdown.count("<details>")
    assert "a" not in tree.tags and "img" not in tree.tags and "script" not in tree.tags


def test_tables_keep_their_columns(hostile_report: Report, basic_report: Report) -> None:
    for report in (hostile_report, basic_report):
        for table in parse(render(report, include_info=True)).tables:
            assert len(set(table)) == 1, table  # every row as wide as the header


def test_log_lines_come_out_exactly_in_fences(hostile_report: Report) -> None:
    blocks = "\n".join(parse(render(hostile_report, samples=50)).pre)
    for line in HOSTILE_LINES:
        assert visible(line) in blocks


def test_log_values_come_out_exactly_in_code_spans(hostile_report: Report) -> None:
    spans = parse(render(hostile_report)).code
    assert "[bold]TAG|x`y" in spans
    assert "<proc>" in spans
    assert "logs/<b>evil</b>|`x`.log:2" in spans


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "`tick`",
        "``double`` and `single`",
        "ends with `",
        " spaced ",
        "a|b",
        "<script>alert(1)</script>",
        "[x](https://evil.example)",
        "back\\slash",
    ],
)
def test_code_span_round_trip(text: str) -> None:
    tree = parse(f"{code_span(text)}\n")
    assert tree.code == [text]
    table = parse(f"| h |\n|---|\n| {cell(code_span(text))} |\n")
    assert table.code == [text]
    assert table.tables == [[1, 1]]


@pytest.mark.parametrize(
    "text",
    [
        "*em* _em_ **strong** ~~del~~",
        "<b>bold</b> & <img src=x onerror=alert(1)>",
        "[link](https://evil.example) ![img](x.png)",
        "a | b \\| c",
        "# heading",
        "1. list",
        "- bullet",
        "$x^2$ `code`",
    ],
)
def test_inline_prose_is_inert(text: str) -> None:
    html = to_html(f"{inline(text)}\n")
    assert html.count("<") == 2  # just <p> and </p>
    table = parse(f"| h |\n|---|\n| {cell(inline(text))} |\n")
    assert table.tables == [[1, 1]]


def test_fence_is_longer_than_any_backtick_run() -> None:
    lines = ["````", "``` not a close", "~~~"]
    assert parse(fence(lines)).pre == ["\n".join(lines) + "\n"]


def test_layout(basic_report: Report) -> None:
    markdown = render(basic_report)
    assert markdown.startswith("# Log analysis report\n")
    assert "| # | Severity | Code | Title | Count | First seen | Confidence |" in markdown
    assert "## 1. Service Connection Failure (`net-connection:2100002`)" in markdown
    assert "**Procedure**\n\n1. Check whether system services are running properly.\n" in markdown
    assert "<summary>1 more sample</summary>" in markdown
    assert "<summary>All 3 occurrences</summary>" in markdown
    assert "3 values redacted" in markdown
    assert "Findings are ranked by severity class" in markdown
