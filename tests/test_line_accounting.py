"""Nothing lost: for every input, lines analysed plus lines skipped equal its physical lines.

Checked on every bundled sample, on generated logs (hilog and logcat, from the bench
generator) and on files with awkward line ends, with each engine, and with the fast
engine on one job and on several (tiny tasks, so that the input is split many times).
The physical line count comes from the bytes, independently of the tool: LF, CRLF and
lone CR each end a line, and a last line without an end still counts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from engine.test_differential import _bench_generator

from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.engine import fast
from analyzer.engine.fast import pool, ranges
from analyzer.pipeline import ScanOptions, analyze

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.is_file())

RUNS: list[Any] = [
    pytest.param({"engine": "plain"}, id="plain"),
    pytest.param({"engine": "fast", "jobs": 1}, id="fast-j1"),
    pytest.param({"engine": "fast", "jobs": 3}, id="fast-j3"),
]
"""Engine options; the fast runs are skipped where hyperscan is missing."""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The bundled catalog, ignoring ``$ANALYZER_CATALOG``."""
    return load_catalog(env={})


def physical_lines(data: bytes) -> int:
    """Lines as a reader of the bytes counts them: LF, CRLF and lone CR end a line."""
    if not data:
        return 0
    ends = len(re.findall(rb"\r\n|\r|\n", data))
    return ends + (0 if data.endswith((b"\n", b"\r")) else 1)


def accounted(path: Path, catalog: Catalog, options: dict[str, Any]) -> tuple[int, int]:
    """(analysed + skipped, skipped) lines of the one input at ``path``."""
    if options["engine"] == "fast" and not fast.available():
        pytest.skip("hyperscan is not installed")
    analysis = analyze([str(path)], catalog, ScanOptions(**options))
    assert analysis.errors == ()
    [summary] = analysis.report.inputs
    assert summary.complete
    analysed = summary.lines - summary.skipped_lines
    return analysed + summary.skipped_lines, summary.skipped_lines


@pytest.fixture
def small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks of 4 KB and chunks of 1 KB: every input of a few KB is split many times."""
    monkeypatch.setattr(pool, "TASK_BYTES", 4096)
    monkeypatch.setattr(ranges, "CHUNK_BYTES", 1024)


@pytest.mark.parametrize("options", RUNS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: str(p.relative_to(ROOT / "samples")))
def test_every_sample(
    sample: Path, options: dict[str, Any], catalog: Catalog, small_tasks: None
) -> None:
    total, skipped = accounted(sample, catalog, options)
    assert total == physical_lines(sample.read_bytes())
    assert skipped == 0  # nothing is skipped today: every line read is analysed


@pytest.mark.parametrize("options", RUNS)
@pytest.mark.parametrize("kind", ["hilog", "logcat"])
def test_generated_logs(
    kind: str, options: dict[str, Any], catalog: Catalog, tmp_path: Path, small_tasks: None
) -> None:
    log = tmp_path / f"{kind}.log"
    _bench_generator().generate(log, 400_000, kind, 11, 50)
    data = log.read_bytes()
    assert accounted(log, catalog, options) == (physical_lines(data), 0)
    assert physical_lines(data) == data.count(b"\n")  # what wc -l says, for these logs


AWKWARD = {
    "crlf": b"E/TPush ( 1): errCode=-502\r\nI/X ( 1): ok\r\n" * 300,
    "lone-cr": b"E/TPush ( 1): errCode=-502\rI/X ( 1): ok\r" * 300,
    "mixed-no-final-end": b"a\nb\r\nc\rd\n\n\r\r" * 200 + b"last line without an end",
    "blank-lines": b"\n" * 5000,
    "nul-and-bad-utf8": b"E/TPush ( 1): err\x00Code=-502 \xff\xfe\n" * 400,
    "long-lines": (b"x" * 50_000 + b" errCode=2100002\n") * 5,
    "one-line": b"no line end at all",
    # an error word right before the line end: the prefilter's match ends on that byte
    "error-word-at-crlf": b"I/X ( 1): java.io.IOException\r\nI/X ( 1): ok\r\n" * 300,
    "error-word-at-cr": b"W/X ( 1): connect failed\rI/X ( 1): ok\r" * 300,
    "error-word-at-lf": b"I/X ( 1): request TIMEOUT\n" * 300,
}


@pytest.mark.parametrize("options", RUNS)
@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_line_ends(
    name: str, options: dict[str, Any], catalog: Catalog, tmp_path: Path, small_tasks: None
) -> None:
    log = tmp_path / f"{name}.log"
    log.write_bytes(AWKWARD[name])
    assert accounted(log, catalog, options) == (physical_lines(AWKWARD[name]), 0)
