"""Every registered format renders every hand-built report, deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.errors import AnalyzerError
from analyzer.model import Report
from analyzer.reports import registry
from analyzer.reports.interface import RenderOptions

from .conftest import entry, finding, match

ALL = registry.names()


def test_builtin_formats_are_registered() -> None:
    assert set(ALL) >= {"text", "markdown", "json", "html", "junit"}


@pytest.mark.parametrize("name", sorted(registry.BUILTIN))
def test_builtin_table_matches_what_each_module_registers(name: str) -> None:
    module, extensions = registry.BUILTIN[name]
    fmt = registry.get(name)
    assert type(fmt).__module__ == module
    assert fmt.name == name
    assert tuple(fmt.extensions) == extensions


def test_a_run_imports_only_the_format_it_writes() -> None:
    """The terminal format's rich stays out of a JSON run's start-up."""
    import subprocess
    import sys

    code = (
        "import sys, analyzer.cli;"
        "from analyzer.reports import registry; registry.get('json');"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.endswith('_report')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['analyzer.reports.json_report']"


@pytest.mark.parametrize("name", ALL)
def test_every_format_renders(name: str, any_report: Report) -> None:
    fmt = registry.get(name)
    options = RenderOptions(include_info=True)
    text = fmt.render(any_report, options)
    assert text.endswith("\n")
    assert text == fmt.render(any_report, options)  # deterministic


@pytest.mark.parametrize("name", [n for n in ALL if n != "json"])  # JSON escapes them itself
def test_no_format_passes_raw_control_characters(name: str, hostile_report: Report) -> None:
    text = registry.get(name).render(hostile_report, RenderOptions())
    for char in "\x1b\x00\x07\x08\x7f\x9b\r\u202e":
        assert char not in text, (name, repr(char))


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("r.md", "markdown"),
        ("r.markdown", "markdown"),
        ("r.json", "json"),
        ("r.html", "html"),
        ("R.HTM", "html"),
        ("r.xml", "junit"),
        ("r.junit.xml", "junit"),
        ("r.txt", "text"),
    ],
)
def test_output_extension_selects_format(path: str, name: str) -> None:
    fmt = registry.for_path(Path(path))
    assert fmt is not None and fmt.name == name


def test_unknown_extension_selects_nothing() -> None:
    assert registry.for_path(Path("report.log")) is None


def test_unknown_format_is_a_user_error() -> None:
    with pytest.raises(AnalyzerError, match="unknown report format"):
        registry.get("sarif-ish")


@pytest.mark.parametrize("name", ALL)
def test_top_and_info_filter_every_format(name: str, basic_report: Report) -> None:
    fmt = registry.get(name)
    hidden = fmt.render(basic_report, RenderOptions())
    shown = fmt.render(basic_report, RenderOptions(include_info=True))
    top = fmt.render(basic_report, RenderOptions(top=1))
    assert "tpns-client:0" not in hidden
    assert "tpns-client:0" in shown
    assert "net-websocket:2302998" not in top
    assert "net-connection:2100002" in top


@given(
    writers=st.lists(
        st.tuples(
            st.sampled_from([None, "", "NETSTACK", "XINGE"]),
            st.sampled_from([None, "", "com.example.app"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_stored_findings_writers_are_counted_not_read_back(
    writers: list[tuple[str | None, str | None]],
) -> None:
    """A finding's tags and processes, from a match store, are the values counted as
    its matches were stored (no occurrence is read back), the same as reading them."""
    from dataclasses import replace

    from analyzer.reports.summary import writers as finding_writers
    from analyzer.store.spill import RowStore
    from analyzer.triage.matches import MatchStore

    item = entry("2100002")
    matches = [
        match(item, line, "x", tag=tag, process=process)
        for line, (tag, process) in enumerate(writers, start=1)
    ]
    store = MatchStore()
    for m in matches:
        store.add(m)
    listed = finding(1, item, matches)
    stored = replace(listed, occurrences=store.occurrences(item.id))
    expected = (sorted({t for t, _ in writers if t}), sorted({p for _, p in writers if p}))
    assert finding_writers(listed) == expected
    load = RowStore._load
    RowStore._load = None  # type: ignore[assignment,method-assign]
    try:
        assert finding_writers(stored) == expected
    finally:
        RowStore._load = load  # type: ignore[method-assign]
