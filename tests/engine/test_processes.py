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
