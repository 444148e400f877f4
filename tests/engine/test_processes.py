"""How the analysis process and the fast engine's workers run: settings each process
makes for itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzer.engine.fast import pool, ranges


def test_the_run_raises_the_collector_thresholds_and_the_workers_restore_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The analysis process collects cyclic garbage rarely (its objects live to the
    end); a worker, whose objects live for a line, goes back to Python's thresholds."""
    import gc

    from analyzer import cli

    saved = gc.get_threshold()
    log = tmp_path / "a.log"
    log.write_text("11-02 08:14:27.305  2210  2231 E C015B0/x/NETSTACK: error code:2300028\n")
    try:
        with pytest.raises(SystemExit):
            cli.analyze_main([str(log), "--format", "json", "-o", os.devnull])
        assert gc.get_threshold() == cli.ONE_RUN_GC
        monkeypatch.setattr(pool, "_die_with_parent", lambda: None)
        pool._init_worker(None)  # type: ignore[arg-type]
        assert gc.get_threshold() == pool.PYTHON_GC == (700, 10, 10)
    finally:
        gc.set_threshold(*saved)
        pool._WORKER.clear()


def test_a_scan_in_this_process_keeps_pythons_thresholds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc

    from analyzer.catalog.loader import load_catalog
    from analyzer.pipeline import ScanOptions, analyze

    seen: list[tuple[int, int, int]] = []
    scan = ranges.scan_range

    def recording(tools: object, task: ranges.Task) -> ranges.Result:
        seen.append(gc.get_threshold())
        return scan(tools, task)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "scan_range", recording)
    monkeypatch.setattr(pool, "TASK_BYTES", 64)
    log = tmp_path / "a.log"
    log.write_text("11-02 08:14:27.305  2210  2231 E C015B0/x/NETSTACK: error code:2300028\n" * 4)
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 10, 10)
    try:
        analyze([str(log)], load_catalog(env={}), ScanOptions(engine="fast", jobs=1))
        assert gc.get_threshold() == (100_000, 10, 10)
    finally:
        gc.set_threshold(*saved)
    assert len(seen) > 1 and set(seen) == {pool.PYTHON_GC}
