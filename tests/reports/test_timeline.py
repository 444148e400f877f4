"""Timeline positions: year-less log times, wrap-around, and the line-position fallback."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analyzer.model import Report
from analyzer.reports.timeline import axis_for, duration, parse_time, svg

from .conftest import entry, finding, match, summary


@pytest.mark.parametrize(
    ("text", "kind", "seconds"),
    [
        ("11-23 09:14:02.101", "date", (327 * 86400) + 9 * 3600 + 14 * 60 + 2.101),
        ("2026-11-23 09:14:02.101", "date", (327 * 86400) + 9 * 3600 + 14 * 60 + 2.101),
        ("2026-11-23T10:02:11.120Z", "date", (327 * 86400) + 10 * 3600 + 2 * 60 + 11.12),
        ("+0800 01-01 00:00:00.000", "date", 0.0),
        ("02-29 00:00:00", "date", 59 * 86400.0),
        ("1700000000.123", "seconds", 1700000000.123),
        ("12345.678901 +0800", "seconds", 12345.678901),
        ("09:14:02.5", "clock", 9 * 3600 + 14 * 60 + 2.5),
    ],
)
def test_parse_time(text: str, kind: str, seconds: float) -> None:
    parsed = parse_time(text)
    assert parsed is not None
    assert parsed[0] == kind
    assert parsed[1] == pytest.approx(seconds)


@pytest.mark.parametrize("text", [None, "", "yesterday", "13-45 10:00:00.000"])
def test_unreadable_times(text: str | None) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1.25, "+1.2 s"), (42, "+42 s"), (125, "+2 min 5 s"), (7200, "+2 h"), (93600, "+1 d 2 h")],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def _report(times: list[str | None]) -> Report:
    item = entry("2100002")
    matches = [match(item, n + 1, "x", time=t) for n, t in enumerate(times)]
    return Report(inputs=(summary("a.log", len(times)),), findings=(finding(1, item, matches),))


def test_new_year_is_crossed_forwards() -> None:
    report = _report(["12-31 23:59:59.000", "01-01 00:00:01.000"])
    axis, position = axis_for(report, report.findings)
    first, second = (position(m) for m in report.findings[0].occurrences)
    assert axis.kind == "time"
    assert second - first == pytest.approx(2.0)


def test_missing_time_falls_back_to_lines() -> None:
    report = _report(["11-23 09:14:02.101", None, "11-23 09:14:03.101"])
    axis, _ = axis_for(report, report.findings)
    assert axis.kind == "line"
    assert axis.end_label == "line 3"


def test_mixed_kinds_fall_back_to_lines() -> None:
    report = _report(["11-23 09:14:02.101", "1700000000.123"])
    assert axis_for(report, report.findings)[0].kind == "line"


def test_line_axis_spans_inputs_and_marks_boundaries() -> None:
    item = entry("2100002")
    matches = [match(item, 5, "x"), match(item, 2, "y", input_index=1)]
    report = Report(
        inputs=(summary("a.log", 10), summary("b.log", 10)),
        findings=(finding(1, item, matches),),
    )
    axis, position = axis_for(report, report.findings)
    assert [position(m) for m in matches] == [5.0, 12.0]
    assert axis.boundaries == ((10.0, "b.log"),)
    assert "b.log" in svg(report, report.findings)


def test_svg_escapes_text() -> None:
    report = _report(["11-23 09:14:02.101", "11-23 09:14:03.101"])
    hostile = replace(report.findings[0].entry, title="<script>x</script>")
    report = replace(report, findings=(replace(report.findings[0], entry=hostile),))
    drawing = svg(report, report.findings)
    assert "<script>" not in drawing and "&lt;script&gt;" in drawing
