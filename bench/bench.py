"""Speed and memory of ``analyze`` against ``rg`` and ``grep`` with the same patterns.

    python bench/generate.py --size 1G --kind hilog -o /tmp/big.log
    python bench/bench.py /tmp/big.log              # 3 runs each, medians
    python bench/bench.py /tmp/big.log --runs 5 --no-grep

For each tool it prints the median wall time of ``--runs`` runs (at least 3), MB/s,
lines/s and peak memory, then the ratio analyze/rg and the ``--jobs`` scaling:

* ``analyze``: ``analyze FILE --format json -o /dev/null`` at default settings (fast
  engine, one job per core), then with ``--jobs 1`` and ``--jobs 2``;
* ``rg``: ``rg -c -f PATTERNS FILE`` with the patterns ``analyzer catalog export
  --format rg --with-error-lines`` prints (the prefilter's own: codes after keys, the
  signatures, and the error-line patterns of the unknown-error groups);
* ``grep``: ``LC_ALL=C grep -c -E -f PATTERNS FILE`` with ``--format grep
  --with-error-lines``.

Memory is measured the same way for all three: ``peak`` is the largest ``ru_maxrss``
of the process and every descendant it waited for (``os.wait4``), ``tree`` is the
largest sum of the RSS of the process and its live descendants, and ``tree PSS`` the
largest sum of their PSS (``smaps_rollup``), which counts the pages forked workers
share with the main process once instead of once per process; both sampled every
20 ms from ``/proc`` (Linux only; ``-`` elsewhere).

The tree is sampled in runs of its own, never in a timed run: reading
``smaps_rollup`` costs CPU, and on a 2-core machine the sampler competes with
analyze's two workers but not with single-threaded rg (on the generated 1 GB log,
5 runs each: analyze took 2.31 s sampled and 2.17 s not, rg 1.90 and 1.89). So each
round runs every command twice, once timed and once sampled.

Runs are sequential, the page cache warm (one untimed ``cat`` first) and the
package's bytecode cached (one untimed run); the runs go in rounds, every command
once per round, so that a slow spell of the machine touches all of them alike.
``cpu s`` (user plus system time, median of the timed runs) shows what each tool
costs when other processes compete for the cores. Not a unit test: it takes a few
minutes on a 1 GB file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MIB = 1 << 20


@dataclass(frozen=True)
class Run:
    """One timed run of one command."""

    seconds: float
    cpu: float
    """User plus system CPU seconds of the process and its waited-for descendants."""
    peak: int
    """Largest ru_maxrss over the process and its waited-for descendants, bytes."""
    tree: int | None
    """Largest sampled sum of RSS over the live process tree, bytes (Linux)."""
    tree_pss: int | None
    """Largest sampled sum of PSS over the live process tree, bytes (Linux): memory
    the workers share with the main process (forked, copy-on-write) counted once."""
    output: str


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _proc_kib(pid: int, name: str, field: str) -> int:
    """A ``field: N kB`` line of ``/proc/PID/NAME``, in bytes (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rss(pid: int) -> int:
    return _proc_kib(pid, "status", "VmRSS:")


def _pss(pid: int) -> int:
    return _proc_kib(pid, "smaps_rollup", "Pss:")


def _tree(pid: int) -> tuple[int, int]:
    """Sums of RSS and of PSS over the process and its descendants."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        rss += _rss(p)
        pss += _pss(p)
        todo.extend(_children(p))
    return rss, pss


def run(command: list[str], env: dict[str, str] | None = None, *, sample: bool = False) -> Run:
    """Run ``command`` once; time it and measure its memory, the live process tree's
    only with ``sample`` (then the time is the sampler's too, and not to be used)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    tree = tree_pss = 0
    done = threading.Event()
    linux = Path("/proc/self/status").exists()

    def sample_tree() -> None:
        nonlocal tree, tree_pss
        while not done.is_set():
            rss, pss = _tree(process.pid)
            tree, tree_pss = max(tree, rss), max(tree_pss, pss)
            done.wait(0.02)

    sampler = threading.Thread(target=sample_tree, daemon=True)
    if linux and sample:
        sampler.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed with exit code {process.returncode}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    cpu = usage.ru_utime + usage.ru_stime
    sampled = linux and sample and tree_pss > 0
    return Run(
        seconds,
        cpu,
        usage.ru_maxrss * scale,
        tree if linux and sample else None,
        tree_pss if sampled else None,
        output,
    )


@dataclass(frozen=True)
class Result:
    """The median of several runs of one command."""

    name: str
    seconds: float
    cpu: float
    peak: int
    tree: int | None
    tree_pss: int | None
    output: str


def measure(
    commands: list[tuple[str, list[str], dict[str, str] | None]], runs: int
) -> list[Result]:
    """Median time and largest memory of each command over ``runs`` rounds.

    Each round runs every command once, in turn, so that the machine getting slower or
    faster for a while (other work on a shared host) touches every command alike,
    rather than all the runs of one; then once more with the tree's memory sampled.
    """
    done: list[list[Run]] = [[] for _ in commands]
    sampled: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for runs_of, (_, command, env) in zip(done, commands, strict=True):
            runs_of.append(run(command, env))
        for runs_of, (_, command, env) in zip(sampled, commands, strict=True):
            runs_of.append(run(command, env, sample=True))
    results = []
    for runs_of, memory_runs, (name, _, _) in zip(done, sampled, commands, strict=True):
        trees = [r.tree for r in memory_runs if r.tree is not None]
        pss = [r.tree_pss for r in memory_runs if r.tree_pss is not None]
        results.append(
            Result(
                name,
                statistics.median(r.seconds for r in runs_of),
                statistics.median(r.cpu for r in runs_of),
                max(r.peak for r in [*runs_of, *memory_runs]),
                max(trees) if trees else None,
                max(pss) if pss else None,
                runs_of[-1].output,
            )
        )
    return results


def line_count(path: Path) -> int:
    """Physical lines, as ``wc -l`` counts them (plus a last line without an end)."""
    count = 0
    last = b""
    with path.open("rb") as f:
        while chunk := f.read(16 * MIB):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (1 if last not in (b"", b"\n") else 0)


def _cache_bytecode(analyze: str) -> None:
    """One untimed run that may write the package's bytecode (``__pycache__``), as
    Python does by default and ``pip install`` does for a regular install: with
    ``PYTHONDONTWRITEBYTECODE`` set (some CI images set it) and an editable install,
    every run would compile the package's source again, about 0.15 s that a user's
    installed copy never pays."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.log"
        tiny.write_text("11-02 08:14:27.305  2210  2231 E C015B0/x/NETSTACK: error code:2300028\n")
        subprocess.run(
            [analyze, str(tiny), "-o", os.devnull], env=env, check=False, capture_output=True
        )


def main(argv: list[str] | None = None) -> int:
    """Command line: the log file, runs, which tools."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (at least 3)")
    parser.add_argument("--no-grep", action="store_true", help="skip grep")
    parser.add_argument("--no-scaling", action="store_true", help="skip --jobs 1 / --jobs 2")
    args = parser.parse_args(argv)
    runs = max(3, args.runs)
    log: Path = args.log
    size = log.stat().st_size
    analyze = shutil.which("analyze") or str(Path(sys.executable).with_name("analyze"))
    analyzer = shutil.which("analyzer") or str(Path(sys.executable).with_name("analyzer"))
    lines = line_count(log)
    subprocess.run(["cat", str(log)], stdout=subprocess.DEVNULL, check=True)  # warm the cache
    _cache_bytecode(analyze)

    with tempfile.TemporaryDirectory() as tmp:
        rg_patterns = Path(tmp) / "patterns.rg"
        grep_patterns = Path(tmp) / "patterns.grep"
        for dialect, target in (("rg", rg_patterns), ("grep", grep_patterns)):
            text = subprocess.run(
                [analyzer, "catalog", "export", "--format", dialect, "--with-error-lines"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            target.write_text(text, encoding="utf-8")
        base = [analyze, str(log), "--format", "json", "-o", os.devnull]
        commands: list[tuple[str, list[str], dict[str, str] | None]] = [("analyze", base, None)]
        if shutil.which("rg"):
            commands.append(("rg -c -f", ["rg", "-c", "-f", str(rg_patterns), str(log)], None))
        if not args.no_grep and shutil.which("grep"):
            env = {**os.environ, "LC_ALL": "C"}
            command = ["grep", "-c", "-E", "-f", str(grep_patterns), str(log)]
            commands.append(("grep -c -E", command, env))
        tools = len(commands)
        if not args.no_scaling:
            commands.append(("analyze --jobs 1", [*base, "--jobs", "1"], None))
            commands.append(("analyze --jobs 2", [*base, "--jobs", "2"], None))
        measured = measure(commands, runs)
        results, scaling = measured[:tools], measured[tools:]

    print(f"{log}: {size / 1e6:.0f} MB, {lines} lines, {os.cpu_count()} cores, {runs} runs each")
    print(
        f"{'tool':<18} {'median s':>9} {'cpu s':>7} {'MB/s':>8} {'Mlines/s':>9} "
        f"{'peak MiB':>9} {'tree MiB':>9} {'tree PSS':>9}"
    )
    for r in [*results, *scaling]:
        tree = f"{r.tree / MIB:9.0f}" if r.tree is not None else f"{'-':>9}"
        pss = f"{r.tree_pss / MIB:9.0f}" if r.tree_pss is not None else f"{'-':>9}"
        print(
            f"{r.name:<18} {r.seconds:9.2f} {r.cpu:7.2f} {size / 1e6 / r.seconds:8.0f} "
            f"{lines / 1e6 / r.seconds:9.2f} {r.peak / MIB:9.0f} {tree} {pss}"
        )
    by_name = {r.name: r for r in results}
    if "rg -c -f" in by_name:
        ratio = by_name["analyze"].seconds / by_name["rg -c -f"].seconds
        counted = by_name["rg -c -f"].output.strip()
        print(f"ratio analyze/rg: {ratio:.2f} (rg matching lines: {counted})")
    if scaling:
        wall = scaling[0].seconds / scaling[1].seconds
        print(f"--jobs 2 speed-up over --jobs 1: {wall:.2f}x")
        busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        print(f"load average now: {busy:.2f} (other work on the cores skews every figure)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
