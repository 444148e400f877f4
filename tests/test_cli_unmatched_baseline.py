"""End-to-end: unknown-error groups and ``--baseline`` through the real ``analyze`` CLI.

These are the "done when" cases of the feature, on real files, with both engines
(the fast one only where hyperscan is installed): one unknown error whose ids and
durations vary is one group, two errors of different meaning are two groups, and a
baseline marks what it also shows as not new, by catalog id for findings and by
template for groups.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from test_cli_analyze import SAMPLES, assert_one_line_error, run

from analyzer.engine import fast

ENGINES = ["plain", pytest.param("fast", marks=pytest.mark.skipif(
    not fast.available(), reason="hyperscan is not installed"))]  # fmt: skip

HEAD = "11-23 09:14:{s:02d}.{ms:03d}  4410  {tid}  {level} A03d00/com.example.weather/{tag}: "


def hilog(lines: list[tuple[str, str, str]], seed: int = 1) -> str:
    """Hilog text from (level, tag, message) triples, with plausible times and tids."""
    rng = random.Random(seed)
    out = []
    for n, (level, tag, message) in enumerate(lines):
        head = HEAD.format(s=n % 60, ms=rng.randrange(1000), tid=rng.randrange(4410, 4500),
                           level=level, tag=tag)  # fmt: skip
        out.append(head + message + "\n")
    return "".join(out)


def unknown_sync_error(rng: random.Random) -> tuple[str, str, str]:
    """One unknown error whose numbers, ids, hex and durations all vary."""
    return (
        "E",
        "SyncWorker",
        f"sync job {rng.randrange(10**6)} aborted: session 0x{rng.randrange(16**8):08x} "
        f"expired after {rng.randrange(50, 9000)}ms (retry {rng.randrange(1, 9)})",
    )


def analyze_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("engine", ENGINES)
def test_thirty_variants_of_one_unknown_error_are_one_group(engine: str, tmp_path: Path) -> None:
    rng = random.Random(7)
    noise = ("I", "Ace", "Update application state , state: ON_ACTIVE")
    lines = [item for _ in range(30) for item in (unknown_sync_error(rng), noise)]
    log = tmp_path / "device.log"
    log.write_text(hilog(lines), encoding="utf-8")
    data = analyze_json(str(log), "--engine", engine)
    assert data["findings"] == []
    [group] = data["unmatched"]
    assert group["count"] == 30
    assert [o["line"] for o in group["occurrences"]] == list(range(1, 61, 2))
    assert group["first_seen"]["line"] == 1 and group["last_seen"]["line"] == 59
    assert group["template"].startswith("sync job <NUM> aborted: session <HEX> expired after")
    assert data["summary"]["error_lines_total"] == data["summary"]["error_lines_unmatched"] == 30


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_errors_of_different_meaning_are_two_groups(engine: str, tmp_path: Path) -> None:
    lines = [
        ("E", "VpnExt", f"tunnel {n} started" if n % 2 else f"tunnel {n} paused") for n in range(10)
    ]
    # an error word at a quiet level counts too; the catalog's own error does not
    lines.append(("W", "Render", "shader cache failed to load"))
    lines.append(("E", "JSAPP", "getDefaultNet failed, errCode=2100002"))
    log = tmp_path / "device.log"
    log.write_text(hilog(lines), encoding="utf-8")
    data = analyze_json(str(log), "--engine", engine)
    templates = sorted((g["template"], g["count"]) for g in data["unmatched"])
    assert templates == [
        ("shader cache failed to load", 1),
        ("tunnel <NUM> paused", 5),
        ("tunnel <NUM> started", 5),
    ]
    assert [f["id"] for f in data["findings"]] == ["net-connection:2100002"]
    assert data["summary"]["error_lines_total"] == 12
    assert data["summary"]["error_lines_unmatched"] == 11


@pytest.fixture
def failing_and_good(tmp_path: Path) -> tuple[Path, Path]:
    """A good run and a failing run of one app: different times, ids and durations."""
    rng = random.Random(3)
    shared_catalog = ("E", "JSAPP", "getDefaultNet failed, errCode=2100002")
    only_failing_catalog = ("E", "VpnExt", "setUp VPN failed, errCode: 2203001")
    good = [shared_catalog, unknown_sync_error(rng), ("I", "Ace", "state ON_ACTIVE")]
    failing = [shared_catalog, shared_catalog, unknown_sync_error(rng), unknown_sync_error(rng)]
    failing += [only_failing_catalog, ("E", "Camera", "open camera 2 denied by policy 17")]
    good_log = tmp_path / "good" / "run1.log"
    good_log.parent.mkdir()
    good_log.write_text(hilog(good, seed=5), encoding="utf-8")
    failing_log = tmp_path / "failing.log"
    failing_log.write_text(hilog(failing, seed=6), encoding="utf-8")
    return failing_log, good_log


@pytest.mark.parametrize("engine", ENGINES)
def test_baseline_marks_what_the_good_run_also_shows(
    engine: str, failing_and_good: tuple[Path, Path]
) -> None:
    failing, good = failing_and_good
    data = analyze_json(str(failing), "--baseline", str(good.parent), "--engine", engine)
    findings = {f["id"]: (f["new"], f["baseline_count"]) for f in data["findings"]}
    assert findings == {
        "net-connection:2100002": (False, 1),
        "net-vpn:2203001": (True, 0),
    }
    groups = {
        g["template"].split(" ")[0]: (g["new"], g["baseline_count"]) for g in data["unmatched"]
    }
    assert groups == {"sync": (False, 1), "open": (True, 0)}
    assert data["summary"]["baseline"] == [str(good.parent)]
    assert data["new"]["findings"] == ["net-vpn:2203001"]


def test_only_new_shows_only_what_is_new(failing_and_good: tuple[Path, Path]) -> None:
    failing, good = failing_and_good
    data = analyze_json(str(failing), "--baseline", str(good), "--only-new")
    assert [f["id"] for f in data["findings"]] == ["net-vpn:2203001"]
    assert [g["template"].split(" ")[0] for g in data["unmatched"]] == ["open"]
    text = run(str(failing), "--baseline", str(good), "--only-new", "--format", "text")
    assert text.returncode == 0
    assert "2203001" in text.stdout and "2100002" not in text.stdout


def test_baseline_is_repeatable(failing_and_good: tuple[Path, Path], tmp_path: Path) -> None:
    failing, good = failing_and_good
    other = tmp_path / "good2.log"
    other.write_text(hilog([("E", "VpnExt", "setUp VPN failed, errCode: 2203001")]), "utf-8")
    data = analyze_json(str(failing), "--baseline", str(good), "--baseline", str(other))
    assert all(f["new"] is False for f in data["findings"])
    assert data["summary"]["baseline"] == [str(good), str(other)]


def test_the_bundled_baseline_sample() -> None:
    data = analyze_json(str(SAMPLES / "tpns-logcat.log"), "--baseline", str(SAMPLES / "baseline"))
    new = {f["id"]: f["new"] for f in data["findings"]}
    assert new == {"tpns-client:-502": False, "tpns-client:10008#2": True}
    groups = {g["template"]: g["new"] for g in data["unmatched"]}
    assert groups == {
        "java.net.SocketTimeoutException: Read timed out": False,
        "payment failed code=<NUM> retry=<NUM>": True,
    }


def test_only_new_without_a_baseline_is_a_usage_error(tmp_path: Path) -> None:
    result = run(str(SAMPLES / "tpns-logcat.log"), "--only-new")
    assert_one_line_error(result, "--only-new")


def test_a_missing_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.log"
    result = run(str(SAMPLES / "tpns-logcat.log"), "--baseline", str(missing))
    assert_one_line_error(result, str(missing))


def test_standard_input_is_no_baseline() -> None:
    result = run(str(SAMPLES / "tpns-logcat.log"), "--baseline", "-")
    assert_one_line_error(result, "--baseline")
