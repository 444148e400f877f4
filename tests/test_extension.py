"""A new log format and a new report format are one module each plus one registration:
this module is such a module, registered from here, and both engines use it."""

from __future__ import annotations

from pathlib import Path

import pytest

import analyzer
from analyzer.engine import fast
from analyzer.formats import registry as log_formats
from analyzer.reports import registry as report_formats

LOG = (
    "E|NETSTACK|connect failed, error code:2100002\n"
    "I|NETSTACK|request done\n"
    "W|TPush|register failed, errCode=-502\n"
    "E|NETSTACK|socket closed unexpectedly: 104\n"
)


class PipeFormat(analyzer.LogFormat):
    """``LEVEL|TAG|message``: a format of a test rig."""

    name = "test-pipes"
    title = "LEVEL|TAG|message"
    example = "E|NETSTACK|error code:2300028"
    specificity = 10

    def parse_line(self, line: str) -> analyzer.Header | None:
        level, bar, rest = line.partition("|")
        tag, bar2, message = rest.partition("|")
        if not (bar and bar2 and len(level) == 1):
            return None
        return analyzer.Header(message=message, level=analyzer.Level.parse(level), tag=tag)


class CodesFormat(analyzer.ReportFormat):
    """One line per finding: its id and count."""

    name = "test-codes"
    extensions = (".codes",)

    def render(self, report: analyzer.Report, options: analyzer.RenderOptions) -> str:
        return "".join(f"{f.entry.id} {f.count}\n" for f in options.findings(report))


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both formats registered for one test, the registries as they were afterwards."""
    monkeypatch.setattr(log_formats, "_FORMATS", dict(log_formats._FORMATS))
    monkeypatch.setattr(log_formats, "_ALIASES", dict(log_formats._ALIASES))
    monkeypatch.setattr(report_formats, "_FORMATS", dict(report_formats._FORMATS))
    analyzer.register_log_format(PipeFormat())
    analyzer.register_report_format(CodesFormat())


ENGINES = ["plain", *(["fast"] if fast.available() else [])]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_registered_log_format_is_detected_and_scanned(
    registered: None, engine: str, tmp_path: Path
) -> None:
    log = tmp_path / "rig.log"
    log.write_text(LOG, encoding="utf-8")
    options = analyzer.ScanOptions(engine=engine, jobs=1)
    report = analyzer.analyze([log], analyzer.load_catalog(env={}), options).report
    assert report.inputs[0].format == "test-pipes"
    assert analyzer.render(report, "test-codes") == (
        "net-connection:2100002 1\ntpns-client:-502 1\n"
    )
    assert report.unmatched is not None
    assert [g.template for g in report.unmatched.groups] == ["socket closed unexpectedly: <NUM>"]
    assert analyzer.report_format_for("out.codes") == "test-codes"


@pytest.mark.skipif(not fast.available(), reason="hyperscan is not installed")
def test_both_engines_give_the_same_report_in_a_registered_format(
    registered: None, tmp_path: Path
) -> None:
    """The prefilter cannot see this format's levels (``E|``): the fast engine scans it
    line by line rather than miss its error lines."""
    log = tmp_path / "rig.log"
    log.write_text(LOG * 50, encoding="utf-8")
    catalog = analyzer.load_catalog(env={})
    reports = [
        analyzer.render(
            analyzer.analyze([log], catalog, analyzer.ScanOptions(engine=e, jobs=1)).report,
            "json",
        )
        for e in ("plain", "fast")
    ]
    assert reports[0] == reports[1]


def test_a_name_is_registered_once(registered: None) -> None:
    with pytest.raises(ValueError, match="already registered"):
        analyzer.register_log_format(PipeFormat())
    with pytest.raises(ValueError, match="registered twice"):
        analyzer.register_report_format(CodesFormat())
