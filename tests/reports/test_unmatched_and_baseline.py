"""Every format shows the unmatched groups after the findings, with the share of error
lines they stand for, and leads with "New in this log" when a baseline is given.

Hand-built reports only (``unmatched_report``, ``baseline_report`` in conftest): the
pipeline does not fill ``Report.unmatched`` yet, so the golden files cannot show it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

import pytest

from analyzer.model import Report, Severity, Unmatched
from analyzer.reports import registry
from analyzer.reports.interface import RenderOptions
from analyzer.reports.summary import NEW_TITLE, UNMATCHED_TITLE

from .conftest import SOCKET, TIMEOUT
from .test_json import validate

HUMAN = ["text", "markdown", "html", "junit"]
ALL = [*HUMAN, "json"]
SHARE = "4 of 8 error lines (50.0%)"


def render(name: str, report: Report, **options: Any) -> str:
    return registry.get(name).render(report, RenderOptions(width=200, **options))


def as_json(report: Report, **options: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(render("json", report, **options))
    return loaded


def visible_template(name: str, template: str) -> str:
    """How a template appears in a format's text (HTML and XML escape ``<``)."""
    if name in ("html", "junit"):
        return template.replace("<", "&lt;").replace(">", "&gt;")
    return template


# -- unmatched groups ---------------------------------------------------------------


@pytest.mark.parametrize("name", HUMAN)
def test_groups_and_share_follow_the_findings(name: str, unmatched_report: Report) -> None:
    text = render(name, unmatched_report)
    socket = text.index(visible_template(name, SOCKET))
    assert visible_template(name, TIMEOUT) in text
    assert SHARE in text
    assert text.index("net-websocket:2302998") < socket  # groups come after the findings
    assert "socket connect to 10.0.0.8 failed errno=113" in text  # a sample
    if name != "junit":
        assert UNMATCHED_TITLE in text
        assert text.index("net-websocket:2302998") < text.index(UNMATCHED_TITLE)
        assert "1 rare group (2 records) dropped to bound memory." in text


def test_json_lists_every_group_with_every_occurrence(unmatched_report: Report) -> None:
    document = as_json(unmatched_report, samples=2)
    validate(document)
    summary = document["summary"]
    assert summary["error_lines_total"] == 8
    assert summary["error_lines_unmatched"] == 4
    assert summary["unexplained_share"] == 0.5
    assert summary["unmatched_groups"] == 2
    assert (summary["evicted_groups"], summary["evicted_records"]) == (1, 2)
    assert summary["baseline"] == [] and document["new"] is None
    socket, timeout = document["unmatched"]
    assert socket["template"] == SOCKET and timeout["template"] == TIMEOUT
    assert socket["count"] == 3 and len(socket["occurrences"]) == 3
    assert len(socket["samples"]) == 2  # --samples
    assert socket["first_seen"] == {
        "input": 0,
        "line": 11,
        "time": "11-23 09:14:05.100",
        "path": "logs/a.log",
    }
    assert socket["last_seen"]["path"] == "logs/b.log"
    assert socket["baseline_count"] is None and socket["new"] is None
    assert [p["count"] for p in socket["per_input"]] == [2, 1]
    first = socket["occurrences"][0]
    finding_fields = set(document["findings"][0]["occurrences"][0])
    assert set(first) == {
        "input", "line", "time", "level", "tag", "text", "matched_by", "confidence"
    }  # fmt: skip
    assert set(first) <= finding_fields  # the same shape as a finding's occurrence
    assert first["matched_by"] == "template" and first["confidence"] is None


def test_json_says_when_unmatched_errors_were_not_collected(basic_report: Report) -> None:
    document = as_json(basic_report)
    validate(document)
    assert document["unmatched"] == []
    summary = document["summary"]
    assert summary["error_lines_total"] is None
    assert summary["unexplained_share"] is None


@pytest.mark.parametrize("name", HUMAN)
def test_no_section_when_not_collected(name: str, basic_report: Report) -> None:
    text = render(name, basic_report)
    assert UNMATCHED_TITLE not in text and "error lines" not in text
    assert NEW_TITLE not in text and "new in this log" not in text


@pytest.mark.parametrize("name", HUMAN)
def test_no_error_lines_at_all(name: str, basic_report: Report) -> None:
    report = replace(basic_report, unmatched=Unmatched((), 0, 0))
    assert "No error lines found" in render(name, report)


def test_share_counts_every_group_even_when_only_some_are_shown(
    unmatched_report: Report,
) -> None:
    text = render("text", unmatched_report, max_groups=1)
    assert SHARE in text and "in 2 groups" in text
    assert SOCKET in text and TIMEOUT not in text
    assert "1 more group not shown (the JSON report lists all)." in text
    assert len(as_json(unmatched_report, max_groups=1)["unmatched"]) == 2


# -- per-input counts ---------------------------------------------------------------


@pytest.mark.parametrize("name", HUMAN)
def test_per_input_counts_with_several_inputs(name: str, unmatched_report: Report) -> None:
    text = render(name, unmatched_report)
    assert "logs/a.log: 2, logs/b.log: 1" in text  # the finding and the socket group
    assert "logs/a.log: 1, logs/b.log: 0" in text  # the websocket finding, the timeout group


@pytest.mark.parametrize("name", HUMAN)
def test_no_per_input_counts_with_one_input(name: str, many_report: Report) -> None:
    text = render(name, many_report)
    assert "Per input" not in text and "logs/big.log: " not in text


def test_json_per_input_counts(unmatched_report: Report) -> None:
    finding = as_json(unmatched_report)["findings"][0]
    assert finding["per_input"] == [
        {"input": 0, "path": "logs/a.log", "count": 2},
        {"input": 1, "path": "logs/b.log", "count": 1},
    ]


# -- baseline -------------------------------------------------------------------------


def _lead(name: str, text: str) -> int:
    """Where the part of a report that comes after "New in this log" starts."""
    markers = {
        "text": "Input ",
        "markdown": "## Findings",
        "html": '<section id="inputs">',
        "junit": 'classname="analyze.net-connection"',
    }
    return text.index(markers[name])


@pytest.mark.parametrize("name", HUMAN)
def test_every_format_leads_with_what_is_new(name: str, baseline_report: Report) -> None:
    text = render(name, baseline_report)
    heading = NEW_TITLE if name != "junit" else "new in this log"
    start, end = text.index(heading), _lead(name, text)
    assert start < end
    lead = text[start:end]
    assert "Compared with the baseline (good/device.log)" in lead
    assert "1 finding and 1 unmatched group are new" in lead
    assert "net-websocket:2302998" in lead and "net-connection:2100002" not in lead
    assert visible_template(name, TIMEOUT) in lead
    assert visible_template(name, SOCKET) not in lead
    assert "new: not in the baseline" in text
    assert "not new: 2 times in the baseline" in text  # the connection finding
    assert "not new: 7 times in the baseline" in text  # the socket group


def test_json_leads_with_what_is_new(baseline_report: Report) -> None:
    document = as_json(baseline_report)
    validate(document)
    assert list(document)[:2] == ["schema", "new"]
    assert document["new"]["findings"] == ["net-websocket:2302998"]
    (key,) = document["new"]["unmatched"]
    assert key == document["unmatched"][1]["key"]
    assert document["summary"]["baseline"] == ["good/device.log"]
    conn, ws = document["findings"]
    assert (conn["baseline_count"], conn["new"]) == (2, False)
    assert (ws["baseline_count"], ws["new"]) == (0, True)
    socket, timeout = document["unmatched"]
    assert (socket["baseline_count"], socket["new"]) == (7, False)
    assert (timeout["baseline_count"], timeout["new"]) == (0, True)


@pytest.mark.parametrize("name", HUMAN)
def test_nothing_new_is_said(name: str, baseline_report: Report) -> None:
    assert baseline_report.unmatched is not None
    old = replace(
        baseline_report,
        findings=tuple(replace(f, new=False) for f in baseline_report.findings),
        unmatched=replace(
            baseline_report.unmatched,
            groups=tuple(replace(g, new=False) for g in baseline_report.unmatched.groups),
        ),
    )
    assert "nothing is new" in render(name, old)


@pytest.mark.parametrize("name", ALL)
def test_only_new_hides_what_the_baseline_shows(name: str, baseline_report: Report) -> None:
    text = render(name, baseline_report, only_new=True)
    assert "net-websocket:2302998" in text
    assert "net-connection:2100002" not in text
    assert visible_template(name, TIMEOUT) in text
    assert visible_template(name, SOCKET) not in text
    if name in ("text", "markdown", "html"):
        hidden = "1 finding and 1 unmatched group also seen in the baseline hidden (--only-new)."
        assert hidden in text
        assert SHARE in text  # the share is of the log, not of what is shown


def test_only_new_counts_what_it_hid_in_json(baseline_report: Report) -> None:
    document = as_json(baseline_report, only_new=True)
    validate(document)
    assert document["summary"]["hidden_not_new"] == 1
    assert document["summary"]["hidden_info"] == 1  # the info finding, hidden for that
    assert document["summary"]["hidden_unmatched_not_new"] == 1
    assert [g["template"] for g in document["unmatched"]] == [TIMEOUT]


def test_only_new_keeps_group_numbers(baseline_report: Report) -> None:
    text = render("text", baseline_report, only_new=True)
    assert f"U2 {TIMEOUT}" in text and "U1" not in text


def test_only_new_without_a_baseline_hides_nothing(unmatched_report: Report) -> None:
    text = render("text", unmatched_report, only_new=True)
    assert "net-connection:2100002" in text and SOCKET in text
    assert "--only-new hides nothing without --baseline." in text


def test_only_new_decides_what_fail_on_sees(baseline_report: Report) -> None:
    options = RenderOptions(only_new=True)
    assert [f.entry.id for f in options.findings(baseline_report)] == ["net-websocket:2302998"]


@pytest.mark.parametrize(
    ("name", "mark"), [("text", " new "), ("markdown", "**new**"), ("html", 'class="new-mark"')]
)
def test_overview_marks_new_findings(name: str, mark: str, baseline_report: Report) -> None:
    text = render(name, baseline_report)
    rows = [line for line in text[_lead(name, text) :].splitlines() if "net-" in line]
    new_row = next(row for row in rows if "net-websocket:2302998" in row)
    old_row = next(row for row in rows if "net-connection:2100002" in row)
    assert mark in new_row and mark not in old_row


# -- JUnit ----------------------------------------------------------------------------


def junit_cases(report: Report, **options: Any) -> list[tuple[str, str, str]]:
    """(suite, case name, outcome) in document order."""
    root = ET.fromstring(render("junit", report, **options).encode("utf-8"))
    out = []
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            outcome = "passed"
            if case.find("failure") is not None:
                outcome = "failure"
            elif case.find("error") is not None:
                outcome = "error"
            out.append((suite.get("name", ""), case.get("name", ""), outcome))
    return out


def test_junit_groups_pass_without_a_baseline(unmatched_report: Report) -> None:
    cases = [c for c in junit_cases(unmatched_report) if c[0] == "analyze.unmatched"]
    assert cases == [
        ("analyze.unmatched", SOCKET, "passed"),
        ("analyze.unmatched", TIMEOUT, "passed"),
    ]


@pytest.mark.parametrize(
    ("fail_on", "outcome"),
    [(None, "failure"), (Severity.WARNING, "failure"), (Severity.FATAL, "passed")],
)
def test_junit_new_groups_fail(
    baseline_report: Report, fail_on: Severity | None, outcome: str
) -> None:
    cases = junit_cases(baseline_report, fail_on=fail_on)
    assert cases[0] == ("analyze", "new in this log", "passed")  # leads
    groups = {name: result for suite, name, result in cases if suite == "analyze.unmatched"}
    assert groups == {SOCKET: "passed", TIMEOUT: outcome}


def test_junit_totals_count_both_suites(baseline_report: Report) -> None:
    root = ET.fromstring(render("junit", baseline_report).encode("utf-8"))
    # new in this log + 2 findings, then 2 groups; the error finding and the new group fail.
    assert (root.get("tests"), root.get("failures")) == ("5", "2")
    suites = {s.get("name"): (s.get("tests"), s.get("failures")) for s in root.iter("testsuite")}
    assert suites == {"analyze": ("3", "1"), "analyze.unmatched": ("2", "1")}


def test_junit_new_groups_beyond_the_cap_are_kept(baseline_report: Report) -> None:
    cases = junit_cases(baseline_report, max_groups=0)
    assert [n for s, n, _ in cases if s == "analyze.unmatched"] == [TIMEOUT]


def test_junit_no_groups_is_one_passing_case(basic_report: Report) -> None:
    report = replace(basic_report, unmatched=Unmatched((), 5, 0))
    cases = [c for c in junit_cases(report) if c[0] == "analyze.unmatched"]
    assert cases == [("analyze.unmatched", "no unmatched errors", "passed")]


def test_junit_long_templates_make_short_names(unmatched_report: Report) -> None:
    from analyzer.reports.junit_report import MAX_NAME

    from .conftest import group, occurrence

    long = "x" * 1000 + " failed"
    report = replace(
        unmatched_report, unmatched=Unmatched((group(long, [occurrence(3, long)]),), 1, 1)
    )
    (case,) = [c for c in junit_cases(report) if c[0] == "analyze.unmatched"]
    assert len(case[1]) == MAX_NAME


@pytest.mark.parametrize("name", ["text", "markdown", "html"])
def test_new_groups_beyond_the_cap_are_counted(name: str, baseline_report: Report) -> None:
    text = render(name, baseline_report, max_groups=0)
    assert "1 more new group not shown (the JSON report lists all)." in text
    assert visible_template(name, TIMEOUT) not in text
