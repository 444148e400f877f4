"""Golden files: every format's report of every bundled sample, compared byte for byte.

After an intended change, rewrite them with ``pytest tests/reports --update-golden``
(or ``UPDATE_GOLDEN=1 pytest``) and review the diff. Reports are deterministic: paths
are relative (the samples are scanned from the repository root), nothing depends on
the clock, and the text format is rendered at 100 columns without colour.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from analyzer.catalog.loader import load_catalog
from analyzer.model import Report
from analyzer.pipeline import ScanOptions, analyze, compare
from analyzer.reports import registry
from analyzer.reports.interface import RenderOptions

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted(p.name for p in (ROOT / "samples").iterdir() if p.is_file())

CASES: dict[str, tuple[str, str | None]] = {
    **{Path(sample).stem: (f"samples/{sample}", None) for sample in SAMPLES},
    # the failing run against the bundled good run: every format's "new in this log"
    "tpns-logcat-vs-baseline": ("samples/tpns-logcat.log", "samples/baseline"),
}
"""Golden name -> (input, baseline or None)."""


@cache
def scanned(case: str) -> Report:
    """The report of one case, scanned with default options from the repository root."""
    log, baseline = CASES[case]
    catalog = load_catalog([])
    analysis = analyze([log], catalog, ScanOptions())
    if baseline is not None:
        analysis = compare(analysis, [baseline], catalog, ScanOptions())
    return analysis.report


def golden_path(case: str, name: str) -> Path:
    """``golden/<case>.<the format's first extension>``."""
    return GOLDEN / f"{case}{registry.get(name).extensions[0]}"


@pytest.mark.parametrize("name", registry.names())
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = registry.get(name).render(scanned(case), RenderOptions(width=100))
    path = golden_path(case, name)
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path.name} is missing: run UPDATE_GOLDEN=1 pytest tests/reports"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs: review, then UPDATE_GOLDEN=1 to accept"


def test_no_stale_golden_files() -> None:
    expected = {golden_path(c, n).name for c in CASES for n in registry.names()}
    assert {p.name for p in GOLDEN.iterdir()} <= expected
