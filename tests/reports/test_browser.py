"""The HTML report in a real browser (headless Chromium): it renders, its scripts run
without errors, and injected markup in log lines stays text.

Skipped only when no Chromium is installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.catalog.loader import load_catalog
from analyzer.pipeline import ScanOptions, analyze
from analyzer.reports.html_report import HtmlReport
from analyzer.reports.interface import RenderOptions

from . import browser
from .htmltree import Page, parse

ROOT = Path(__file__).resolve().parents[2]


def html_report(paths: list[str], out: Path) -> Path:
    report = analyze(paths, load_catalog([]), ScanOptions()).report
    out.write_text(HtmlReport().render(report, RenderOptions()), encoding="utf-8")
    return out


def html_root(page: Page) -> dict[str, str | None]:
    (root,) = page.find("html")
    return root.attrs


@pytest.fixture
def sample_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    browser.require()
    monkeypatch.chdir(ROOT)
    return html_report(["samples/netstack-hilog.log"], tmp_path / "report.html")


def test_sample_report_renders_with_its_findings(sample_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    browser.screenshot(sample_page, tmp_path / "profile", shot)
    assert shot.stat().st_size > 10_000

    run = browser.dump_dom(sample_page, tmp_path / "profile")
    page = parse(run.stdout)
    attrs = html_root(page)
    assert attrs.get("data-js-ready") == "true", "sort.js did not run to its end"
    assert "data-js-errors" not in attrs, attrs.get("data-js-errors")
    assert not browser.console_errors(run.stderr)
    ids = ["net-connection:2101022", "net-connection:2100002", "net-websocket:200"]
    rows = [e.attrs.get("data-id") for e in page.find("tr") if e.attrs.get("data-id")]
    assert rows[:3] == ids
    articles = [e.attrs.get("data-id") for e in page.find("article")]
    assert articles[:3] == ids
    for title in ("Number of Requests Exceeding the Maximum", "Service Connection Failure"):
        assert title in page.text
    assert page.find("svg") and page.find("rect")


def test_table_sorts_in_the_browser(sample_page: Path, tmp_path: Path) -> None:
    run = browser.dump_dom(sample_page, tmp_path / "profile", fragment="#sort=code")
    page = parse(run.stdout)
    (table,) = [e for e in page.find("table") if e.attrs.get("id") == "findings"]
    assert table.attrs.get("data-sorted-by") == "code"
    rows = [e.attrs.get("data-id") or "" for e in page.find("tr") if e.attrs.get("data-id")]
    assert rows == sorted(rows)
    assert "data-js-errors" not in html_root(page)


PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "<svg onload=alert(1)>",
    "</pre></code></td></tr></table><iframe src=x>",
)


def test_injected_markup_stays_text(tmp_path: Path) -> None:
    browser.require()
    log = tmp_path / "hostile.log"
    log.write_text(
        "".join(
            f"11-23 09:14:0{n}.100  4410  4410 E A03d00/com.example.app/JSAPP: "
            f"getDefaultNet failed, errCode=2100002 {payload}\n"
            for n, payload in enumerate(PAYLOADS)
        ),
        encoding="utf-8",
    )
    page_path = html_report([str(log)], tmp_path / "hostile.html")
    run = browser.dump_dom(page_path, tmp_path / "profile")
    page = parse(run.stdout)
    attrs = html_root(page)
    assert "data-pwned" not in attrs
    assert "data-js-errors" not in attrs, attrs.get("data-js-errors")
    assert attrs.get("data-js-ready") == "true"
    assert not page.find("img") and not page.find("iframe")
    assert len(page.find("script")) == 2  # the report's own two
    assert len(page.find("svg")) == 1  # the timeline only
    assert not [e for e in page.elements if any(a.startswith("on") for a in e.attrs)]
    for payload in PAYLOADS:
        assert payload in page.text
    assert not browser.console_errors(run.stderr)
