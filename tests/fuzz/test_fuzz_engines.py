"""Fuzz target: the two engines agree on any log (the fuzz budget, 2,000 in CI).

The fast engine runs in this process (one job) with tiny tasks and chunks, so range
and chunk boundaries fall everywhere at a few milliseconds per example;
``tests/engine/test_differential.py`` runs real worker processes on fewer examples.
Both engines must give the same JSON report, unknown error groups and line counts
included, or the same errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine.test_differential import FORMATS, LOG
from hypothesis import given
from hypothesis import strategies as st

from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.engine import fast
from analyzer.engine.fast import pool, ranges
from analyzer.pipeline import ScanOptions, analyze
from analyzer.reports.interface import RenderOptions
from analyzer.reports.json_report import report_data

from .conftest import fuzz_settings

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(not fast.available(), reason="hyperscan is not installed"),
]

CATALOG: Catalog = load_catalog(env={})


def _report(path: Path, **options: Any) -> dict[str, Any]:
    analysis = analyze([str(path)], CATALOG, ScanOptions(**options))
    data = report_data(analysis.report, RenderOptions(include_info=True))
    data["errors"] = [str(e) for e in analysis.errors]
    return data


@fuzz_settings()
@given(data=LOG, log_format=FORMATS, cut=st.booleans(), task=st.integers(64, 900))
def test_engines_agree(
    data: bytes, log_format: str | None, cut: bool, task: int, tmp_path_factory: Any
) -> None:
    log = tmp_path_factory.mktemp("fuzz") / "fuzz.log"
    log.write_bytes(data[:-1] if cut else data)
    options: dict[str, Any] = {"log_format": log_format, "context": 2}
    plain = _report(log, engine="plain", **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "TASK_BYTES", task)
        patch.setattr(ranges, "CHUNK_BYTES", max(32, task // 3))
        assert _report(log, engine="fast", jobs=1, **options) == plain
