"""The command line: ``analyze`` (the scan, :mod:`.scan`) and ``analyzer`` (the
toolbox, :mod:`.toolbox`), a thin layer over :mod:`analyzer.api`.

It parses options, calls the API, renders what it returns, and maps errors to exit
codes:

* 0: success, nothing at or above ``--fail-on``;
* 1: findings at or above ``--fail-on`` (``analyze``), or lint errors / drift;
* 2: usage or input error: a one-line message naming the file (and line).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

__all__ = ["ONE_RUN_GC", "analyze_main", "toolbox_main"]

ONE_RUN_GC = (100_000, 10, 10)
"""The cyclic garbage collector's thresholds for the process that runs one analysis
and exits: a collection after 100,000 new container objects that outlive their use,
instead of 700. What the process keeps is mostly alive to the end (rows, clusters,
the catalog) and what it drops is freed by reference counting, so Python's default
collects often and finds little. The scans of lines keep Python's default, as their
objects live for a line or a range: the workers set it back
(:mod:`analyzer.engine.fast.pool`), and so does a scan in this process (``--jobs 1``,
small inputs), where garbage would otherwise pile up."""


def toolbox_main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``analyzer`` console script (the toolbox is imported here:
    the scan never needs it)."""
    from analyzer.cli.toolbox import toolbox

    toolbox.main(args=list(argv) if argv is not None else None, prog_name="analyzer")


def analyze_main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``analyze`` console script."""
    from analyzer.cli.scan import analyze

    gc.set_threshold(*ONE_RUN_GC)
    analyze.main(args=list(argv) if argv is not None else None, prog_name="analyze")
