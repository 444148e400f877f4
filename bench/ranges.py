"""Where the fast engine's workers spend their CPU: the range scans of one log, timed in
this process, whole and with parts switched off.

    python bench/ranges.py LOG            # e.g. the first 128 MB of a generated log
    python bench/ranges.py LOG --runs 5

Prints CPU seconds per GB (process time, best of ``--runs``) for:

* ``full``: every range as a worker scans it (secrets counted, as by default);
* ``no-error-lines``: without the error-line patterns, so no error record is made
  (what the unknown-error groups cost is ``full`` minus this);
* ``scan-only``: without error lines and without scanning any candidate's record
  (what is left is reading, the hyperscan scans, counting lines and the loop over
  candidates).

The variants change the engine's answer, so this is a profile, not a benchmark of
anything a user runs; ``bench/bench.py`` times the real command. Not a unit test.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from analyzer.catalog.loader import load_catalog
from analyzer.engine.fast import compiled, pool, ranges, regroup
from analyzer.engine.matcher import Matcher
from analyzer.templates.tokens import message_tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", help="a plain-text log (hilog, say)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="hilog", help="log format name")
    args = parser.parse_args()
    size = os.path.getsize(args.log)
    for variant in ("full", "no-error-lines", "scan-only"):
        seconds = _time(args.log, size, args.format, variant, max(args.runs, 1))
        print(f"{variant:16s} {seconds * (1 << 30) / size:6.2f} s CPU per GB")


def _time(path: str, size: int, fmt: str, variant: str, runs: int) -> float:
    catalog = load_catalog()
    pre = compiled.Prefilter(catalog)  # its own: the variants below change it
    restore: list[tuple[Any, str, Any]] = []
    if variant != "full":
        pre.candidates = [p for p in pre.candidates if p.kind != "error"]
        pre._variants.clear()
        pre._with_evidence.clear()
    if variant == "scan-only":
        restore.append((regroup.Region, "take", regroup.Region.take))
        regroup.Region.take = lambda *_: None  # type: ignore[method-assign]
    tools = regroup.ScanTools(pre, Matcher(catalog), message_tokens)
    tasks = pool.split(ranges.Task(path, 0, size, 0, size, fmt, 0, path, count_secrets=True))
    try:
        ranges.scan_range(tools, tasks[0])  # warm: compiled patterns, caches
        best = float("inf")
        for _ in range(runs):
            start = time.process_time()
            for task in tasks:
                ranges.scan_range(tools, task)
            best = min(best, time.process_time() - start)
    finally:
        for owner, name, value in restore:
            setattr(owner, name, value)
    return best


if __name__ == "__main__":
    main()
