"""The JUnit format: valid XML, one test case per finding, failures from --fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from analyzer.model import Report, Severity
from analyzer.reports.interface import RenderOptions
from analyzer.reports.junit_report import JunitReport
from analyzer.reports.visible import visible

from .conftest import HOSTILE_LINES


def render(report: Report, **options: object) -> ET.Element:
    text = JunitReport().render(report, RenderOptions(**options))  # type: ignore[arg-type]
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, str]:
    """Test case name -> outcome (failure, error or passed)."""
    out = {}
    for case in root.iter("testcase"):
        outcome = "passed"
        if case.find("failure") is not None:
            outcome = "failure"
        elif case.find("error") is not None:
            outcome = "error"
        out[case.get("name", "")] = outcome
    return out


def test_structure(basic_report: Report) -> None:
    root = render(basic_report, include_info=True)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    assert root.get("tests") == "3" and root.get("errors") == "0"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["redactions"] == "3" and props["fail_on"] == "error"


@pytest.mark.parametrize(
    ("fail_on", "outcomes"),
    [
        (None, ["failure", "passed", "passed"]),  # never: errors still show red
        (Severity.ERROR, ["failure", "passed", "passed"]),
        (Severity.WARNING, ["failure", "failure", "passed"]),
        (Severity.INFO, ["failure", "failure", "failure"]),
    ],
)
def test_fail_on_threshold(
    basic_report: Report, fail_on: Severity | None, outcomes: list[str]
) -> None:
    root = render(basic_report, include_info=True, fail_on=fail_on)
    assert list(cases(root).values()) == outcomes


def test_failure_explains_the_finding(basic_report: Report) -> None:
    root = render(basic_report)
    failure = next(root.iter("failure"))
    assert failure.get("type") == "error"
    assert "logs/a.log:9" in (failure.get("message") or "")
    body = failure.text or ""
    assert "Check whether system services are running properly." in body
    assert "before 2" in body


def test_hostile_text_round_trips(hostile_report: Report) -> None:
    root = render(hostile_report, samples=50)
    body = next(root.iter("failure")).text or ""
    for line in HOSTILE_LINES:
        assert visible(line) in body


def test_no_findings_is_one_passing_case(empty_report: Report) -> None:
    assert cases(render(empty_report)) == {"no findings": "passed"}


def test_unreadable_input_is_an_error(empty_report: Report) -> None:
    broken = replace(empty_report.inputs[0], complete=False, error="gzip: truncated <file>")
    root = render(replace(empty_report, inputs=(broken,)))
    assert cases(root) == {"read logs/empty.log": "error"}
    assert root.get("errors") == "1"
