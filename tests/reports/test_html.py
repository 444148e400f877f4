"""The HTML format, statically: escaping, the CSP, no external assets, the table."""

from __future__ import annotations

import re

import pytest

from analyzer.model import Report
from analyzer.reports.html_report import HtmlReport, asset, csp_hash
from analyzer.reports.interface import RenderOptions
from analyzer.reports.visible import visible

from .conftest import HOSTILE_LINES
from .htmltree import parse


def render(report: Report, **options: object) -> str:
    return HtmlReport().render(report, RenderOptions(**options))  # type: ignore[arg-type]


def csp_of(document: str) -> str:
    metas = [
        e
        for e in parse(document).find("meta")
        if e.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(metas) == 1
    return metas[0].attrs["content"] or ""


def test_csp_forbids_external_loads(basic_report: Report) -> None:
    csp = csp_of(render(basic_report))
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in csp and "http" not in csp
    assert directives["base-uri"] == "'none'"


def test_csp_allows_exactly_the_inline_scripts_and_style(basic_report: Report) -> None:
    document = render(basic_report)
    csp, page = csp_of(document), parse(document)
    scripts = page.find("script")
    assert [s.text for s in scripts] == [asset("guard.js"), asset("sort.js")]
    for script in scripts:
        assert csp_hash(script.text) in csp
    (style,) = page.find("style")
    assert csp_hash(style.text) in csp


def test_no_external_assets(any_report: Report) -> None:
    document = render(any_report, include_info=True)
    for element in parse(document).elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.attrs.get(name)
            assert value is None or value.startswith("#"), (element.tag, name, value)
        assert not any(name.startswith("on") for name in element.attrs), element
    assert "url(" not in asset("report.css") and "@import" not in asset("report.css")


def test_hostile_log_text_is_text(hostile_report: Report) -> None:
    document = render(hostile_report, samples=50)
    page = parse(document)
    assert len(page.find("script")) == 2
    assert not page.find("img") and not page.find("iframe")
    assert "javascript:" not in document
    for line in HOSTILE_LINES:
        assert visible(line) in page.text
    assert "[bold]TAG|x`y" in page.text and "logs/<b>evil</b>|`x`.log" in page.text


def test_findings_table_is_sortable(basic_report: Report) -> None:
    page = parse(render(basic_report, include_info=True))
    (table,) = [e for e in page.find("table") if e.attrs.get("id") == "findings"]
    headers = page.find("th")
    keys = [h.attrs.get("data-key") for h in headers if h.attrs.get("data-key")]
    assert keys == ["rank", "severity", "code", "title", "count", "first", "confidence"]
    rows = [e for e in page.find("tr") if e.attrs.get("data-id")]
    assert [r.attrs["data-id"] for r in rows] == [
        "net-connection:2100002",
        "net-websocket:2302998",
        "tpns-client:0",
    ]
    assert "sortable" in (table.attrs.get("class") or "")


def test_each_finding_has_its_section(basic_report: Report) -> None:
    document = render(basic_report)
    page = parse(document)
    articles = [e for e in page.find("article") if e.attrs.get("id", "").startswith("finding-")]  # type: ignore[union-attr]
    assert [a.attrs["data-id"] for a in articles] == [
        "net-connection:2100002",
        "net-websocket:2302998",
    ]
    assert "Check whether system services are running properly." in page.text
    assert "Add the domain to the trusted list." in page.text
    assert "3 values redacted." in page.text
    assert "before 2" in page.text


def test_timeline_marks_are_capped(many_report: Report) -> None:
    from analyzer.reports.timeline import MAX_MARKS

    document = render(many_report)
    marks = len(re.findall(r'<rect class="mark"', document))
    assert 0 < marks <= MAX_MARKS
    assert ">line 1<" in document  # no times: line axis


@pytest.mark.parametrize("report_name", ["basic_report", "hostile_report"])
def test_timeline_uses_time_when_every_occurrence_has_one(
    report_name: str, request: pytest.FixtureRequest
) -> None:
    report: Report = request.getfixturevalue(report_name)
    document = render(report)
    assert "Occurrences of each finding over time" in document
    assert "11-23 09:14:" in document


def test_no_findings(empty_report: Report) -> None:
    document = render(empty_report)
    assert "No findings." in document and "<svg" not in document
