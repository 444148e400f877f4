"""How the analysis process and the fast engine's workers run: settings each process
makes for itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analyzer.engine import fast


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
        monkeypatch.setattr(fast, "_die_with_parent", lambda: None)
        monkeypatch.setattr(fast, "prefilter_for", lambda catalog: None)
        fast._init_worker(None)  # type: ignore[arg-type]
        assert gc.get_threshold() == fast.PYTHON_GC == (700, 10, 10)
    finally:
        gc.set_threshold(*saved)
        fast._WORKER.clear()


def test_a_scan_in_this_process_keeps_pythons_thresholds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc

    from analyzer import formats
    from analyzer.catalog.loader import load_catalog

    seen: list[tuple[int, int, int]] = []
    scan = fast._scan_range

    def recording(pre: fast.Prefilter, task: fast._Task) -> fast._Result:
        seen.append(gc.get_threshold())
        return scan(pre, task)

    monkeypatch.setattr(fast, "_scan_range", recording)
    monkeypatch.setattr(fast, "TASK_BYTES", 64)
    log = tmp_path / "a.log"
    log.write_text("11-02 08:14:27.305  2210  2231 E C015B0/x/NETSTACK: error code:2300028\n" * 4)
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 10, 10)
    try:
        size = log.stat().st_size
        fmt = formats.get("hilog")
        fast.scan_file(str(log), 0, size, fmt, load_catalog(), 0, "a.log", None, lambda *_: None)
        assert gc.get_threshold() == (100_000, 10, 10)
    finally:
        gc.set_threshold(*saved)
    assert len(seen) > 1 and set(seen) == {fast.PYTHON_GC}
