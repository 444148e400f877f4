"""End-to-end: the real ``analyze`` console script on real files, good and bad.

Every bad input must give exit code 2 and one line on stderr that names the file,
never a traceback; whatever could be read is still reported.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

ANALYZE = shutil.which("analyze") or str(Path(sys.executable).parent / "analyze")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would (no user catalogs)."""
    env = {k: v for k, v in os.environ.items() if k != "ANALYZER_CATALOG"}
    return subprocess.run(
        [ANALYZE, *args],
        input=stdin.decode("utf-8", "replace") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def report(result: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(result.stdout)


def assert_one_line_error(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
    assert name in errors[0]


HILOG_ERROR = (
    "11-23 09:14:04.520  4410  4410 E A03d00/com.example.weather/JSAPP: "
    "getDefaultNet failed, errCode=2100002\n"
)


def test_sample_report_names_inputs_and_counts_every_line() -> None:
    result = run(str(SAMPLES / "netstack-hilog.log"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = report(result)
    assert data["schema"] == "analyzer.report/1"
    [summary] = data["inputs"]
    assert summary["format"] == "hilog"
    physical = (SAMPLES / "netstack-hilog.log").read_bytes().count(b"\n")
    assert summary["lines"] == physical
    assert summary["skipped_lines"] == 0
    ids = [f["id"] for f in data["findings"]]
    assert "net-connection:2100002" in ids
    assert "findings" in result.stderr  # the one-line summary goes to stderr


def test_stdin_dash(tmp_path: Path) -> None:
    result = run("-", "--format", "json", stdin=HILOG_ERROR.encode())
    assert result.returncode == 0, result.stderr
    data = report(result)
    assert data["inputs"][0]["path"] == "-"
    assert [f["id"] for f in data["findings"]] == ["net-connection:2100002"]


def test_directory_and_gzip_give_one_report(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(HILOG_ERROR, encoding="utf-8")
    with gzip.open(tmp_path / "b.log.gz", "wt", encoding="utf-8") as handle:
        handle.write(HILOG_ERROR * 3)
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 64)
    result = run(str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = report(result)
    assert len(data["inputs"]) == 2
    assert [s["reason"] for s in data["skipped_inputs"]]  # the binary is skipped and counted
    [finding] = data["findings"]
    assert finding["count"] == 4


def test_missing_file_is_exit_2_but_others_are_still_reported(tmp_path: Path) -> None:
    good = tmp_path / "good.log"
    good.write_text(HILOG_ERROR, encoding="utf-8")
    missing = tmp_path / "missing.log"
    result = run(str(good), str(missing), "--format", "json")
    assert_one_line_error(result, "missing.log")
    assert [f["id"] for f in report(result)["findings"]] == ["net-connection:2100002"]


def test_truncated_gzip_reports_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress((HILOG_ERROR * 2000).encode())
    cut = tmp_path / "cut.log.gz"
    cut.write_bytes(data[: len(data) // 2])
    result = run(str(cut), "--format", "json")
    assert_one_line_error(result, "cut.log.gz")
    parsed = report(result)
    assert parsed["inputs"][0]["complete"] is False
    assert parsed["findings"][0]["count"] > 0


def test_invalid_utf8_and_long_line_are_analysed(tmp_path: Path) -> None:
    path = tmp_path / "odd.log"
    long_line = b"x" * (8 * 1024 * 1024) + b"\n"
    path.write_bytes(b"bad \xc3\x28 bytes \xff\n" + long_line + HILOG_ERROR.encode())
    result = run(str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = report(result)
    assert data["inputs"][0]["lines"] == 3
    assert data["findings"][0]["occurrences"][0]["line"] == 3


def test_binary_file_named_explicitly(tmp_path: Path) -> None:
    blob = tmp_path / "blob.dat"
    blob.write_bytes(bytes(range(256)) * 64)
    result = run(str(blob), "--format", "json")
    assert result.returncode in (0, 2)
    assert "Traceback" not in result.stderr
    data = report(result)
    assert data["inputs"] == [] and data["skipped_inputs"][0]["path"].endswith("blob.dat")


def test_malformed_catalog_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "entries:\n  - code: '1'\n    catalog: x\n    severity: loud\n", encoding="utf-8"
    )
    result = run(str(SAMPLES / "netstack-hilog.log"), "--catalog", str(bad))
    assert_one_line_error(result, f"{bad}:4")


def test_unknown_log_format_is_a_usage_error() -> None:
    result = run(str(SAMPLES / "netstack-hilog.log"), "--log-format", "nope")
    assert_one_line_error(result, "nope")


@pytest.mark.parametrize("fail_on, expected", [("never", 0), ("error", 1), ("info", 1)])
def test_fail_on(fail_on: str, expected: int) -> None:
    result = run(str(SAMPLES / "netstack-hilog.log"), "--format", "json", "--fail-on", fail_on)
    assert result.returncode == expected, result.stderr
