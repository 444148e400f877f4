"""A progress bar on stderr for long scans, and the rule for when to show one.

A bar helps a person waiting at a terminal for a large log; anywhere else it is
noise: in a pipe it would corrupt nothing (it goes to stderr) but fills CI logs with
redraws. So it is shown only when stderr is a terminal, ``$CI`` is not set, and the
inputs add up to more than a threshold (``--progress-threshold``, 50 MB by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

DEFAULT_THRESHOLD_MB: Final = 50.0
"""Inputs smaller than this scan too fast to need a bar."""


def wanted(
    total_bytes: int, threshold_bytes: float, *, tty: bool, environ: Mapping[str, str]
) -> bool:
    """Whether to show a bar: a terminal, not CI, and more than ``threshold_bytes``."""
    return tty and not environ.get("CI") and total_bytes > threshold_bytes


def input_bytes(paths: Sequence[str]) -> int:
    """Bytes on disk of the given files and of every file under the given directories.

    An estimate for the bar's total: stdin and unreadable paths count 0, symbolic
    links to directories are not followed (the scan does not follow loops either).
    """
    total = 0
    for path in paths:
        if path == "-":
            continue
        try:
            if os.path.isdir(path):
                for root, _dirs, files in os.walk(path):
                    for name in files:
                        full = os.path.join(root, name)
                        if not os.path.islink(full):
                            total += os.path.getsize(full)
            else:
                total += os.path.getsize(path)
        except OSError:
            continue
    return total


@contextmanager
def bar(total_bytes: int, console: Console | None = None) -> Iterator[ProgressCallback]:
    """A bar over ``total_bytes``; the yielded callable takes the bytes done so far.

    rich is imported here, not with the module: every run imports this module, few
    show a bar, and importing rich is a noticeable part of a run's start-up."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("scanning"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("scan", total=total_bytes)
    with progress:
        yield ProgressCallback(progress, task)


class ProgressCallback:
    """Moves the bar to the bytes done so far (the pipeline's ``on_bytes``)."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, done: int) -> None:
        """Advance the bar to ``done`` bytes."""
        self._progress.update(self._task, completed=done)
