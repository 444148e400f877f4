"""Fuzz targets for everything that reads untrusted text: formats, importer, catalogs.

Every documented error (``AnalyzerError`` and its subclasses) is allowed; any other
exception is a failure.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer import formats
from analyzer.catalog.importer import import_document
from analyzer.catalog.store import read_catalog_file
from analyzer.errors import AnalyzerError
from analyzer.sources import split_lines

from .conftest import fuzz_settings

pytestmark = pytest.mark.fuzz

# Text that looks like logs more often than uniform noise would.
FRAGMENTS = st.sampled_from(
    [
        "11-23 09:14:02.101  4410  4410 E C015b0/app/NETSTACK: ",
        "E/TPush   ( 8821): ",
        "03-12 09:31:50.420   5182-5182     C02c11/APPSPAWN   appspawn   W     ",
        '{"time":"2026-11-23T10:02:11Z","level":"error","msg":"',
        "[ 11-25 13:36:00.610    52:0x3e D/dalvikvm ]",
        "Error code:",
        "\tat com.example.Foo.bar(Foo.java:1)",
        "errCode=-502",
        "…",
        "\x1b[2J",
        "\u202e",
    ]
)
LINE = st.one_of(
    st.text(max_size=200), st.lists(st.one_of(FRAGMENTS, st.text(max_size=20))).map("".join)
)


@pytest.mark.parametrize("name", formats.names())
@fuzz_settings()
@given(line=LINE)
def test_parse_line_never_raises(name: str, line: str) -> None:
    header = formats.get(name).parse_line(line)
    assert header is None or isinstance(header.message, str)


@fuzz_settings()
@given(lines=st.lists(LINE, max_size=40), name=st.sampled_from(formats.names()))
def test_grouping_covers_every_line_once(lines: list[str], name: str) -> None:
    numbered = [(n, text) for n, text in enumerate(lines, start=1)]
    records = list(formats.records(numbered, formats.get(name)))
    assert [r.line + i for r in records for i in range(len(r.raw))] == list(
        range(1, len(lines) + 1)
    )


@fuzz_settings()
@given(sample=st.lists(LINE, max_size=30))
def test_detection_always_decides(sample: list[str]) -> None:
    detection = formats.detect(sample)
    assert detection.format_name in formats.names()
    assert 0.0 <= detection.confidence <= 1.0


@fuzz_settings()
@given(data=st.binary(max_size=300), chunk=st.integers(1, 64))
def test_line_splitting_keeps_every_byte(data: bytes, chunk: int) -> None:
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    lines = list(split_lines(chunks))
    assert b"".join(lines) == data.replace(b"\r\n", b"").replace(b"\r", b"").replace(b"\n", b"")


MARKDOWN = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "## 2100001 Invalid Parameter Value\n",
                "**Error Message**\n",
                "**Cause**\n",
                "**Procedure**\n",
                "1. Check it.\n",
                "- item\n",
                "| Error Code | Description |\n",
                "|---|---|\n",
                "| -502 | An error occurred. |\n",
                "<!--Kit: Network Kit-->\n",
                "---\n",
                "```\n",
                "<br><li>x</li>\n",
                "\n",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=30,
).map("".join)


@fuzz_settings()
@given(document=st.one_of(MARKDOWN, st.binary(max_size=400).map(lambda b: b.decode("latin-1"))))
def test_importer_only_raises_catalog_errors(document: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "errorcode-fuzz.md"
        path.write_text(document, encoding="utf-8", errors="surrogatepass")
        try:
            catalogs = import_document(path)
        except AnalyzerError:
            return
        assert all(c.entries for c in catalogs)


YAML = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "entries:\n",
                "  - id: x:1\n",
                "    code: '1'\n",
                "    catalog: x\n",
                "    severity: warning\n",
                "    signatures: [{pattern: 'a+', regex: true}]\n",
                "patches:\n",
                "  - id: x:1\n",
                "contexts:\n",
                "  - catalog: x\n",
                "    evidence: ['(']\n",
                "!!python/object:os.system\n",
                "&a [*a]\n",
                ": : :\n",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=20,
).map("".join)


@fuzz_settings()
@given(text=YAML)
def test_catalog_reader_only_raises_catalog_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        with contextlib.suppress(AnalyzerError):
            read_catalog_file(path)
