"""An input cut into byte ranges, and the ranges run in this process or by workers.

The input is cut into ranges of about :data:`TASK_BYTES` at line ends (smaller ones at
the end, so that the workers finish together), one task per range, so what a range
holds stays bounded however big the input is; with ``jobs > 1`` worker processes run
them, at most :data:`AHEAD_PER_JOB` tasks per worker ahead of the one the parent
takes next, and the parent takes the results in order.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterator
from typing import Final

from analyzer.engine.fast.ranges import Result, Task, scan_range
from analyzer.engine.fast.regroup import ScanTools
from analyzer.errors import AnalyzerError

TASK_BYTES: Final = 32 << 20
"""Bytes per task when an input is split across processes."""

AHEAD_PER_JOB: Final = 3
"""Tasks submitted ahead per worker: enough to keep every worker busy, few enough that
finished results waiting for the parent stay small."""

PYTHON_GC: Final = (700, 10, 10)
"""Python's own thresholds for the cyclic garbage collector, which the scans keep:
their objects live for a line or a range."""

_WORKER: list[ScanTools] = []
"""The tools of this worker process (set by its initializer)."""


def _init_worker(tools: ScanTools) -> None:
    gc.set_threshold(*PYTHON_GC)  # the parent may have raised them for itself
    _die_with_parent()
    _WORKER[:] = [tools]


def _die_with_parent() -> None:
    """On Linux, have the kernel stop this worker when the analysis process dies (killed
    by a timeout, say), so no orphan keeps scanning."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _run_task(task: Task) -> Result:
    try:
        return scan_range(_WORKER[0], task)
    except AnalyzerError:
        raise
    except Exception as exc:
        raise AnalyzerError(f"{type(exc).__name__}: {exc}") from None


class Workers:
    """A pool of worker processes shared by every input of one scan, started on first
    use. Forked workers inherit the parent's tools (its compiled databases and
    matcher); a spawned one builds them again (:class:`~.regroup.ScanTools`)."""

    def __init__(self, tools: ScanTools, jobs: int) -> None:
        self.tools = tools
        self.jobs = jobs
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def run(self, tasks: list[Task], name: str) -> Iterator[Result]:
        """The tasks' results in task order."""
        if len(tasks) == 1 or self.jobs <= 1:
            return in_process(self.tools, tasks)
        return _ordered(self._started(), tasks, AHEAD_PER_JOB * self.jobs, name)

    def _started(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            # Keep the collector off what the workers inherit: a collection in a worker
            # writes to every tracked object's header, which copies the page (fork is
            # copy-on-write), so each worker would end up with a private copy of the
            # catalog, the compiled patterns and everything else the parent holds.
            gc.freeze()
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.tools,),
            )
        return self._pool

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def in_process(tools: ScanTools, tasks: list[Task]) -> Iterator[Result]:
    """The tasks' results, scanned in this process as a worker scans them: with
    Python's thresholds for the garbage collector (:data:`PYTHON_GC`). A range's scan
    leaves cyclic garbage behind, which the analysis process's raised thresholds
    would let pile up."""
    for task in tasks:
        thresholds = gc.get_threshold()
        gc.set_threshold(*PYTHON_GC)
        try:
            result = scan_range(tools, task)
        finally:
            gc.set_threshold(*thresholds)
        yield result


def _ordered(
    pool: concurrent.futures.ProcessPoolExecutor, tasks: list[Task], ahead: int, name: str
) -> Iterator[Result]:
    """The tasks' results in task order, with at most ``ahead`` tasks submitted and not
    yet taken: a finished result waits in this process until it is taken, so a window
    keeps memory flat when the workers outrun the parent."""
    pending: deque[concurrent.futures.Future[Result]] = deque()
    queue = iter(tasks)
    try:
        while True:
            while len(pending) < ahead:
                task = next(queue, None)
                if task is None:
                    break
                pending.append(pool.submit(_run_task, task))
            if not pending:
                return
            future = pending.popleft()
            try:
                yield future.result()
            except AnalyzerError as exc:
                raise AnalyzerError(f"{name}: {exc}") from None
            except concurrent.futures.process.BrokenProcessPool:
                raise AnalyzerError(
                    f"{name}: a worker process of the fast engine died (out of memory or "
                    "killed?); no partial report is made"
                ) from None
    finally:
        for future in pending:
            future.cancel()


def _task_bytes(remaining: int) -> int:
    """The size of the next task when ``remaining`` bytes are left to cut: the last
    tasks shrink, down to an eighth of :data:`TASK_BYTES`, so that the workers run out
    of work at about the same time instead of one going on alone for a task's time."""
    return min(TASK_BYTES, max(TASK_BYTES // 8, remaining // 4, 1))


def split(task: Task) -> list[Task]:
    """``task`` cut into tasks of about :data:`TASK_BYTES` (smaller ones at the end:
    :func:`_task_bytes`), each cut right after a line end."""
    start, end = task.start, task.end
    if end - start <= TASK_BYTES:
        return [task]
    cuts = [start]
    with open(task.path, "rb") as f:
        at = start + TASK_BYTES
        while at < end:
            f.seek(at)
            block = f.read(1 << 16)
            while block and b"\n" not in block:
                more = f.read(1 << 16)
                if not more:
                    break
                block += more
            nl = block.find(b"\n")
            if nl < 0:
                break
            cut = at + nl + 1
            if cut >= end:
                break
            cuts.append(cut)
            at = cut + _task_bytes(end - cut)
    cuts.append(end)
    return [
        Task(task.path, start, end, a, b, task.fmt, task.input_index, task.name, task.count_secrets)
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


def default_jobs() -> int:
    """Worker processes to use by default: one per core this process may use, in the
    main thread of a process that may have children; else one (forking from a thread
    other than the main one may deadlock the child, and a daemonic process, such as a
    pool's worker, cannot start processes)."""
    if threading.current_thread() is not threading.main_thread():
        return 1
    if multiprocessing.current_process().daemon:
        return 1
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return max(1, os.cpu_count() or 1)
