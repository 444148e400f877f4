"""Planted secrets never reach a report, in any format, in any escaped form.

``secrets/planted-*.log`` are logs full of secrets: keys, tokens, passwords in URLs
and headers, e-mail addresses, phone numbers, IMEIs and serial numbers. Most lines
also carry a catalog code, so they become occurrences and samples (and the lines
around them context); the last line of each is an error line no catalog entry
explains, so its secrets reach the report as an unmatched group's template,
occurrence and sample. ``secrets/secrets.txt`` lists every planted value.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from analyzer.catalog.loader import load_catalog
from analyzer.engine import fast
from analyzer.engine.fast import pool, ranges
from analyzer.model import Report
from analyzer.pipeline import ScanOptions, analyze
from analyzer.reports import registry
from analyzer.reports.interface import RenderOptions

HERE = Path(__file__).resolve().parent / "secrets"
LOGS = sorted(p.name for p in HERE.glob("planted-*.log"))
SECRETS = [
    line
    for line in (HERE / "secrets.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
EVERYTHING = RenderOptions(include_info=True, samples=1000)


def variants(secret: str) -> set[str]:
    """The secret as it could appear in any format: raw, JSON-, URL- or HTML-escaped."""
    return {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret),
        quote(secret, safe=""),
        quote_plus(secret),
        html.escape(secret),
        html.escape(secret, quote=False),
    }


@cache
def scanned(log: str, redact: bool) -> Report:
    """The report of one planted log (the scan runs once per log and setting)."""
    options = ScanOptions(samples=1000, context=2, redact=redact)
    return analyze([str(HERE / log)], load_catalog([]), options).report


def test_corpus_is_planted() -> None:
    corpus = "".join((HERE / log).read_text(encoding="utf-8") for log in LOGS)
    assert len(SECRETS) >= 25
    missing = [s for s in SECRETS if s not in corpus]
    assert not missing


def test_secrets_reach_the_report_without_redaction() -> None:
    """Proves the corpus is meaningful: unredacted, every secret is in the report."""
    rendered = "".join(registry.get("json").render(scanned(log, False), EVERYTHING) for log in LOGS)
    escaped = json.loads(json.dumps(rendered))  # same text, for a plain substring check
    missing = [s for s in SECRETS if s not in escaped and json.dumps(s)[1:-1] not in escaped]
    assert not missing
    for log in LOGS:
        report = scanned(log, False)
        lines = (HERE / log).read_text(encoding="utf-8").splitlines()
        occurring = {m.line for f in report.findings for m in f.occurrences}
        assert report.unmatched is not None
        unknown = {o.line for g in report.unmatched.groups for o in g.occurrences}
        planted = {n for n, text in enumerate(lines, start=1) if any(s in text for s in SECRETS)}
        assert len(planted - occurring - unknown) <= 1, "each planted line (but one) is shown"
        assert max(planted) in unknown - occurring, "the last planted line is an unknown error"


@pytest.mark.parametrize("name", registry.names())
@pytest.mark.parametrize("log", LOGS)
def test_no_secret_in_any_format(log: str, name: str) -> None:
    report = scanned(log, True)
    assert report.redactions >= 5
    text = registry.get(name).render(report, EVERYTHING)
    leaks = sorted({v for s in SECRETS for v in variants(s) if v in text})
    assert not leaks, f"{name} report of {log} leaks {leaks}"
    assert "<redacted:" in text or "&lt;redacted:" in text


@pytest.mark.parametrize("name", registry.names())
@pytest.mark.parametrize("log", LOGS)
def test_unmatched_groups_are_shown_redacted(log: str, name: str) -> None:
    """The unknown error's group is in the report (so the test above looked at it)."""
    report = scanned(log, True)
    assert report.unmatched is not None and report.unmatched.groups
    text = registry.get(name).render(report, EVERYTHING)
    last = (HERE / log).read_text(encoding="utf-8").splitlines()[-1]
    words = last.split(": ", 1)[1].split(",")[0]  # "upload session refused"
    assert words in text


@pytest.mark.parametrize("log", LOGS)
def test_codes_survive_redaction(log: str) -> None:
    def codes(report: Report) -> list[tuple[str, int]]:
        return [(f.entry.id, f.count) for f in report.findings]

    assert codes(scanned(log, True)) == codes(scanned(log, False))
    text = registry.get("json").render(scanned(log, True), EVERYTHING)
    for code in ("errCode=2100002", "Code: 2101022", '\\"code\\":2302998', "errCode=-502"):
        if code.replace('\\"', '"') in (HERE / log).read_text(encoding="utf-8"):
            assert code in text


@pytest.mark.parametrize("log", LOGS)
def test_engines_count_and_mask_the_same(log: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast engine counts the secrets of unexplained error lines in its workers;
    the plain engine leaves them to the report's redaction. Both must give the same
    count and the same masked report, whatever the split into tasks."""
    if not fast.available():
        pytest.skip("no hyperscan on this platform")
    catalog = load_catalog([])

    def report(engine: str, jobs: int) -> str:
        options = ScanOptions(samples=1000, context=2, engine=engine, jobs=jobs)
        result = analyze([str(HERE / log)], catalog, options).report
        assert result.redactions > 0
        return registry.get("json").render(result, EVERYTHING)

    plain = report("plain", 1)
    assert report("fast", 1) == plain
    monkeypatch.setattr(pool, "TASK_BYTES", 300)
    monkeypatch.setattr(ranges, "CHUNK_BYTES", 128)
    assert report("fast", 2) == plain
