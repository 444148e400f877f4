"""End-to-end: a user catalog whose regexes backtrack catastrophically on a hostile line.

The scan must neither hang nor end: the regex runs out of its time budget, is switched
off for the rest of the scan, and the failure is named on stderr (one line, with the
catalog file and line of the entry) and in the report, with exit code 2. Everything
else, including the later lines of the same log, is still analysed. Both engines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_cli_analyze import HILOG_ERROR, run

from analyzer.engine import fast

ENGINES = ["plain", pytest.param("fast", marks=pytest.mark.skipif(
    not fast.available(), reason="hyperscan is not installed"))]  # fmt: skip

EVIL = "a" * 60 + "!"
"""A line on which ``(a|aa)+$`` backtracks for longer than the age of the universe (the
``regex`` package sees through simpler shapes such as ``(a+)+$``)."""

SIGNATURE_CATALOG = """\
schema: analyzer.catalog/1
entries:
  - id: myapp:7001
    catalog: myapp
    code: "7001"
    title: Token refresh failed
    message: Token refresh failed.
    causes: [The refresh token expired.]
    procedure: [Sign the user in again.]
    signatures:
      - {pattern: '(a|aa)+$', regex: true}
      - "refresh_token rejected"
"""

EVIDENCE_CATALOG = """\
schema: analyzer.catalog/1
contexts:
  - catalog: tpns-client
    requires: short
    evidence: ['(x|xx)+y']
"""


def write_log(tmp_path: Path) -> Path:
    head = "11-23 09:14:04.520  4410  4410 E A03d00/com.example.weather/JSAPP: "
    log = tmp_path / "device.log"
    log.write_text(
        HILOG_ERROR
        + head + EVIL + "\n"
        + head + "x" * 60 + " then xy, errCode=-502\n"
        + head + "refresh_token rejected by server\n"
        + HILOG_ERROR,
        encoding="utf-8",
    )  # fmt: skip
    return log


def scan_with(catalog_text: str, engine: str, tmp_path: Path) -> tuple[Path, str, dict[str, Any]]:
    """Scan the hostile log with a user catalog; the log, the one stderr error line and
    the JSON report (which must be there: the scan goes on)."""
    catalog = tmp_path / "mine.yaml"
    catalog.write_text(catalog_text, encoding="utf-8")
    log = write_log(tmp_path)
    result = run(str(log), "--catalog", str(catalog), "--engine", engine, "-f", "json")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
    return log, errors[0], json.loads(result.stdout)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catastrophic_signature_regex_fails_only_itself(engine: str, tmp_path: Path) -> None:
    log, error, data = scan_with(SIGNATURE_CATALOG, engine, tmp_path)
    assert "'(a|aa)+$'" in error and "myapp:7001" in error and "mine.yaml:" in error
    assert str(log) in error
    found = {f["id"]: [o["line"] for o in f["occurrences"]] for f in data["findings"]}
    # the scan went on: the code on the last line, and the entry's literal signature
    assert found == {"net-connection:2100002": [1, 5], "myapp:7001": [4]}
    [failure] = data["regex_failures"]
    assert failure["pattern"] == "(a|aa)+$" and failure["input"] == 0
    assert failure["owner"] == "signature of myapp:7001"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catastrophic_evidence_regex_fails_only_itself(engine: str, tmp_path: Path) -> None:
    _, error, data = scan_with(EVIDENCE_CATALOG, engine, tmp_path)
    assert "evidence of tpns-client" in error
    assert [f["id"] for f in data["findings"]] == ["net-connection:2100002"]
    assert data["findings"][0]["count"] == 2
    assert [f["owner"] for f in data["regex_failures"]] == ["evidence of tpns-client"]


def test_the_report_says_what_was_switched_off(tmp_path: Path) -> None:
    catalog = tmp_path / "mine.yaml"
    catalog.write_text(SIGNATURE_CATALOG, encoding="utf-8")
    log = write_log(tmp_path)
    for fmt in ("text", "markdown", "html"):
        result = run(str(log), "--catalog", str(catalog), "-f", fmt)
        assert result.returncode == 2
        assert "switched off" in result.stdout, fmt
