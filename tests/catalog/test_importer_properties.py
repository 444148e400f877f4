"""Properties of the importer over generated documents (hypothesis).

* A generated OpenHarmony-style document (random codes, including negative ones and
  ones with leading zeros; a random subset of labelled parts, each under a random
  synonym and label style; random list styles, blank lines and wrapped lines)
  imports to exactly the codes generated, with exactly the fields generated.
* Whatever the bytes of a document, the importer raises nothing but ``CatalogError``.
* What the importer makes survives a catalog file: render, read back, same entries.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.catalog.importer import import_document
from analyzer.catalog.store import read_catalog_file
from analyzer.catalog.writing import render_catalog_file
from analyzer.errors import CatalogError
from analyzer.model import Severity, Signature, SignatureKind

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Plain words: no markdown syntax, no digits, no label, placeholder or "success" word.
WORDS = [
    "socket", "timeout", "server", "client", "token", "network", "buffer", "device", "handle",
    "service", "request", "packet", "session", "port", "route", "cache", "stream", "frame",
    "queue", "signal", "peer", "link", "channel",
]  # fmt: skip

LABELS = {
    "message": ["Error Message", "Error Information", "Message", "错误信息"],
    "description": ["Description", "Error Description", "错误描述"],
    "causes": ["Cause", "Possible Cause", "Possible Causes", "可能原因"],
    "procedure": ["Procedure", "Solution", "Resolution", "Resolution Steps", "Handling Steps"]
    + ["处理步骤"],
}
LABEL_STYLES = ["bold", "bold-colon", "fullwidth-colon", "heading", "plain"]
LIST_STYLES = ["numbered", "paren", "dash", "star", "plus", "paragraphs"]

sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(
    lambda words: " ".join(words).capitalize() + "."
)
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(
    lambda words: " ".join(word.capitalize() for word in words)
)
codes = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(1, 10**6).map(lambda n: f"-{n}"),
    st.tuples(st.integers(1, 3), st.integers(0, 99_999)).map(lambda t: "0" * t[0] + str(t[1])),
)


@dataclass
class Expected:
    """What one generated section must import to."""

    code: str
    title: str
    line: int
    message: str = ""
    description: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    procedure: list[str] = field(default_factory=list)


def _label(draw: st.DrawFn, name: str, level: int) -> list[str]:
    label = draw(st.sampled_from(LABELS[name]))
    style = draw(st.sampled_from(LABEL_STYLES))
    line = {
        "bold": f"**{label}**",
        "bold-colon": f"**{label}:**",
        "fullwidth-colon": f"**{label}**：",
        "heading": "#" * (level + 1) + f" {label}",
        "plain": label,
    }[style]
    return [line, ""] if draw(st.booleans()) or style in ("heading", "plain") else [line]


def _wrapped(draw: st.DrawFn, text: str, indent: str) -> list[str]:
    """The text on one line, or wrapped onto a continuation line (indented or lazy)."""
    words = text.split(" ")
    if len(words) < 2 or not draw(st.booleans()):
        return [text]
    cut = draw(st.integers(1, len(words) - 1))
    lazy = draw(st.booleans())
    return [" ".join(words[:cut]), ("" if lazy else indent) + " ".join(words[cut:])]


def _items(draw: st.DrawFn, items: list[str]) -> list[str]:
    style = draw(st.sampled_from(LIST_STYLES))
    blank = style == "paragraphs" or draw(st.booleans())
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        marker = {
            "numbered": f"{number}. ",
            "paren": f"{number}) ",
            "dash": "- ",
            "star": "* ",
            "plus": "+ ",
            "paragraphs": "",
        }[style]
        first, *rest = _wrapped(draw, item, " " * len(marker) if marker else "")
        lines.append(marker + first)
        lines.extend(rest)
        if blank:
            lines.append("")
    return lines


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Expected], str | None]:
    """A heading-section document, the entries it must give, and its Kit."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", "title: Generated Error Codes", "---"]
    kit = draw(st.sampled_from([None, "Network Kit", "Basic Services Kit"]))
    if kit:
        lines.append(f"<!--Kit: {kit}-->")
    lines += ["# Generated Error Codes", ""]
    expected: list[Expected] = []
    for code in draw(st.lists(codes, min_size=1, max_size=6, unique=True)):
        level = draw(st.integers(2, 4))
        if draw(st.integers(0, 4)) == 0:  # a grouping heading between entries
            lines += [f"## {draw(titles)}", "", draw(sentences), ""]
        entry = Expected(code, draw(titles), len(lines) + 1)
        lines += ["#" * level + f" {code} {entry.title}", ""]
        parts = draw(st.lists(st.sampled_from(list(LABELS)), unique=True, max_size=4))
        for name in parts:
            lines += _label(draw, name, level)
            if name == "message":
                entry.message = draw(sentences)
                lines.append(entry.message)
            elif name == "description":
                entry.description = draw(st.lists(sentences, min_size=1, max_size=2))
                for paragraph in entry.description:
                    lines += [*_wrapped(draw, paragraph, ""), ""]
            else:
                items = draw(st.lists(sentences, min_size=1, max_size=4))
                setattr(entry, name, items)
                lines += _items(draw, items)
            lines.append("")
        expected.append(entry)
    return "\n".join(lines) + "\n", expected, kit


@SETTINGS
@given(documents())
def test_generated_documents_import_exactly(
    document: tuple[str, list[Expected], str | None],
) -> None:
    text, expected, kit = document
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "errorcode-gen.md"
        path.write_text(text, encoding="utf-8")
        (catalog,) = import_document(path)
    assert catalog.name == "gen"
    assert [e.code for e in catalog.entries] == [x.code for x in expected]
    for entry, want in zip(catalog.entries, expected, strict=True):
        assert entry.id == f"gen:{want.code}"
        assert entry.value == int(want.code)
        assert entry.title == want.title
        assert entry.message == want.message
        assert entry.description == "\n".join(want.description)
        assert list(entry.causes) == want.causes
        assert list(entry.procedure) == want.procedure
        assert entry.severity is (Severity.INFO if int(want.code) == 0 else Severity.ERROR)
        signatures = [Signature(want.message, SignatureKind.MESSAGE)] if want.message else []
        assert list(entry.signatures) == signatures
        assert (entry.source.line, entry.source.kit) == (want.line, kit)
        assert entry.source.section == f"{want.code} {want.title}"


# Fragments that exercise every branch of the importer when strung together at random.
FRAGMENTS = [
    "## ", "### ", "# ", "\n", "\n\n", "| ", " | ", "|---|---|\n", "| Error Code | Description |\n",
    "**Cause**\n", "**错误信息**\n", "1. ", "- ", "<!--", "-->", "<!--Kit: K-->", "---\n", "```\n",
    "<br>", "<li>", "</li>", "<ul>", "-5 ", "0201 ", "Other", "> ", "`", "[a](b)", "<https://x>",
    "&amp;", "\\|", "错误码", "说明", "\r\n", "\r", "\t", "\x00", "\u2028", "\x85", "NA",
    "“log”日志",
]  # fmt: skip
# What a table cell may hold (no line breaks: a row is one line).
CELL_FRAGMENTS = [
    "<br>", "<li>", "</li>", "<ul>", "`", "**", "[a](b)", "<https://x>", "&amp;", "\\|", "NA",
    "-", "1. ", "\u2028", "\x85", "\t", "“log”日志", "Please check the network. ",
]  # fmt: skip
fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))
markdownish = st.lists(fragment, max_size=60).map("".join)


@SETTINGS
@given(st.one_of(markdownish.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary()))
def test_any_bytes_raise_nothing_but_catalog_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "errorcode-any.md"
        path.write_bytes(data)
        try:
            import_document(path)
        except CatalogError as error:
            assert error.path == str(path)
            assert "\n" not in str(error)


table_rows = st.lists(
    st.tuples(
        st.one_of(
            codes,
            st.sampled_from(["Other", "其他", "<br>", "**-1**", "`0201`", "E_FAIL"]),
            st.text(max_size=6),
        ),
        st.lists(st.one_of(st.sampled_from(CELL_FRAGMENTS), st.text(max_size=6)), max_size=12),
    ),
    min_size=1,
    max_size=5,
)


@SETTINGS
@given(st.one_of(markdownish, documents().map(lambda d: d[0])), table_rows)
def test_imported_entries_survive_a_catalog_file(
    text: str, rows: list[tuple[str, list[str]]]
) -> None:
    cells = ["".join(cell).replace("\r", " ").replace("\n", " ") for _, cell in rows]
    table = "\n".join(f"| {code} | {cell} |" for (code, _), cell in zip(rows, cells, strict=True))
    document = (
        f"{text}\n\n## Client Return Codes\n\n| Error Code | Description |\n|---|---|\n{table}\n"
    )
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "errorcode-trip.md"
        path.write_bytes(document.encode("utf-8", "surrogatepass"))
        try:
            catalogs = import_document(path)
        except CatalogError:
            return
        catalog_file = Path(directory) / "trip.yaml"
        catalog_file.write_text(
            render_catalog_file(catalogs, ["errorcode-trip.md"], "test"), encoding="utf-8"
        )
        read_back = read_catalog_file(catalog_file)
    assert [located.entry for located in read_back.entries] == [
        entry for catalog in catalogs for entry in catalog.entries
    ]
