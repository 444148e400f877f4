"""Grouping accuracy of the template miner on loghub's labelled Android sample.

Usage::

    python bench/templates_accuracy.py PATH_TO_LOGHUB_DIR [--min 0.911] [--drain3] [--sweep]

``PATH_TO_LOGHUB_DIR`` holds ``Android_2k.log`` and its ground truth
``Android_2k.log_structured.csv`` (columns ``LineId, ..., Content, EventId,
EventTemplate``) from loghub (https://github.com/logpai/loghub; cite Zhu et al.,
"Loghub: A Large Collection of System Log Datasets for AI-driven Log Analytics",
ISSRE 2023). The data is not part of this project.

Each log line is parsed with the ``logcat-threadtime`` format; its message (the
header stripped, i.e. loghub's ``Content``) goes to
:class:`analyzer.templates.miner.TemplateMiner`, one line at a time, in file order.

Grouping accuracy (Zhu et al., "Tools and Benchmarks for Automated Log Parsing",
ICSE-SEIP 2019): a line is correctly parsed iff the set of lines in its predicted group
equals the set of lines in its ground-truth group; GA = correctly parsed lines / lines.
Drain's published GA on Android_2k is 0.911.

``--drain3`` also measures the ``drain3`` package (when it is installed: it is not a
dependency of this project) on the same messages: with its defaults, with this
project's masking rules, and with the best parameters a grid search found for it.
``--sweep`` prints this miner's GA over a grid of similarity and depth.

Exit code: 0 when the miner's GA is at least ``--min`` (default 0.911), 1 when it is
lower, 2 when the data cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer import formats
from analyzer.templates.masking import MASK_RULES
from analyzer.templates.miner import DEFAULT_DEPTH, DEFAULT_SIMILARITY, TemplateMiner

LOG_FILE = "Android_2k.log"
"""The raw log, one logcat ``threadtime`` line per event."""

TRUTH_FILE = "Android_2k.log_structured.csv"
"""The ground truth: one row per log line, in order."""

PUBLISHED_DRAIN_GA = 0.911
"""Drain's grouping accuracy on Android_2k as published by loghub's benchmark."""

REPEATS = 3
"""Timed runs per parser; the fastest counts (the machine may be busy)."""

DRAIN3_TUNED = (0.7, 4)
"""drain3's best (sim_th, depth) with this project's masks, from a grid search over
sim_th 0.2..0.9 and depth 3..8 on this very sample (so an optimistic figure for it)."""


class DataError(Exception):
    """The loghub files are missing or do not line up."""


@dataclass(frozen=True)
class Sample:
    """The messages to parse and their ground-truth event ids, line by line."""

    messages: tuple[str, ...]
    """Each line's message, header stripped."""
    truth: tuple[str, ...]
    """Each line's ground-truth ``EventId``."""
    content_mismatches: int
    """Lines whose parsed message differs from loghub's ``Content`` beyond whitespace."""


@dataclass(frozen=True)
class Score:
    """One parser's result."""

    name: str
    """What ran."""
    accuracy: float
    """Grouping accuracy."""
    groups: int
    """Groups produced."""
    seconds: float
    """Fastest of :data:`REPEATS` runs over the whole sample."""


def load(directory: Path) -> Sample:
    """Read the log and its ground truth; raises :class:`DataError` when they disagree."""
    log_path = directory / LOG_FILE
    truth_path = directory / TRUTH_FILE
    try:
        lines = log_path.read_text(encoding="utf-8").splitlines()
        with truth_path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise DataError(str(exc)) from exc
    if len(lines) != len(rows):
        raise DataError(f"{LOG_FILE} has {len(lines)} lines, {TRUTH_FILE} {len(rows)} rows")
    fmt = formats.get("logcat-threadtime")
    messages: list[str] = []
    mismatches = 0
    for number, (line, row) in enumerate(zip(lines, rows, strict=True), start=1):
        if row.get("LineId") != str(number) or "EventId" not in row:
            raise DataError(f"{TRUTH_FILE}: row {number} is not LineId {number}")
        header = fmt.parse_line(line)
        message = line if header is None else header.message
        if message.strip() != row.get("Content", "").strip():
            mismatches += 1
        messages.append(message)
    return Sample(tuple(messages), tuple(row["EventId"] for row in rows), mismatches)


def grouping_accuracy(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> float:
    """Share of lines whose predicted group is exactly their ground-truth group."""
    if len(predicted) != len(truth):
        raise ValueError("one prediction per line is needed")
    if not truth:
        return 1.0
    by_predicted: dict[Hashable, set[int]] = defaultdict(set)
    by_truth: dict[Hashable, set[int]] = defaultdict(set)
    for index, (p, t) in enumerate(zip(predicted, truth, strict=True)):
        by_predicted[p].add(index)
        by_truth[t].add(index)
    correct = sum(
        1
        for p, t in zip(predicted, truth, strict=True)
        if len(by_predicted[p]) == len(by_truth[t]) and by_predicted[p] == by_truth[t]
    )
    return correct / len(truth)


def measure(name: str, parse: Callable[[Sequence[str]], list[Hashable]], sample: Sample) -> Score:
    """Run a parser :data:`REPEATS` times; score its (deterministic) groups."""
    best = float("inf")
    predicted: list[Hashable] = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        predicted = parse(sample.messages)
        best = min(best, time.perf_counter() - started)
    return Score(name, grouping_accuracy(predicted, sample.truth), len(set(predicted)), best)


def ours(similarity: float, depth: int) -> Callable[[Sequence[str]], list[Hashable]]:
    """This project's miner with the given parameters."""

    def parse(messages: Sequence[str]) -> list[Hashable]:
        miner = TemplateMiner(similarity=similarity, depth=depth)
        return [miner.add(message) for message in messages]

    return parse


def drain3_parser(
    masks: bool, sim_th: float | None = None, depth: int | None = None
) -> Callable[[Sequence[str]], list[Hashable]]:
    """The ``drain3`` package, optionally with this project's masking rules."""
    from drain3 import TemplateMiner as Drain3Miner  # type: ignore[import-not-found,unused-ignore]
    from drain3.masking import MaskingInstruction  # type: ignore[import-not-found,unused-ignore]
    from drain3.template_miner_config import (  # type: ignore[import-not-found,unused-ignore]
        TemplateMinerConfig,
    )

    def parse(messages: Sequence[str]) -> list[Hashable]:
        config = TemplateMinerConfig()
        config.profiling_enabled = False
        if sim_th is not None:
            config.drain_sim_th = sim_th
        if depth is not None:
            config.drain_depth = depth
        if masks:
            config.masking_instructions = [
                MaskingInstruction(_inline_flags(rule.pattern), rule.token.strip("<>"))
                for rule in MASK_RULES
            ]
        miner = Drain3Miner(config=config)
        return [miner.add_log_message(message)["cluster_id"] for message in messages]

    return parse


def _inline_flags(pattern: re.Pattern[str]) -> str:
    """A pattern's source with ``(?i)`` in front when it is case-insensitive."""
    return "(?i)" + pattern.pattern if pattern.flags & re.IGNORECASE else pattern.pattern


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("loghub", type=Path, help="directory holding Android_2k.log*")
    parser.add_argument("--min", type=float, default=PUBLISHED_DRAIN_GA, help="GA to reach")
    parser.add_argument("--drain3", action="store_true", help="also measure drain3")
    parser.add_argument("--sweep", action="store_true", help="GA over similarity x depth")
    args = parser.parse_args(argv)
    try:
        sample = load(args.loghub)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print(f"{LOG_FILE}: {len(sample.messages)} lines, {len(set(sample.truth))} events")
    if sample.content_mismatches:
        print(f"warning: {sample.content_mismatches} messages differ from loghub's Content")
    scores = [
        measure(
            f"analyzer (similarity={DEFAULT_SIMILARITY}, depth={DEFAULT_DEPTH})",
            ours(DEFAULT_SIMILARITY, DEFAULT_DEPTH),
            sample,
        )
    ]
    if args.drain3:
        try:
            import drain3  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
        except ImportError:
            print("drain3 is not installed: pip install drain3 to compare", file=sys.stderr)
        else:
            sim_th, depth = DRAIN3_TUNED
            scores += [
                measure("drain3 (defaults, no masking)", drain3_parser(False), sample),
                measure("drain3 (defaults, our masking)", drain3_parser(True), sample),
                measure(
                    f"drain3 (sim_th={sim_th}, depth={depth}, our masking)",
                    drain3_parser(True, sim_th, depth),
                    sample,
                ),
            ]
    width = max(len(s.name) for s in scores)
    print(f"{'parser':<{width}}  {'GA':>6}  {'groups':>6}  {'ms':>7}  {'lines/s':>8}")
    for s in scores:
        rate = len(sample.messages) / s.seconds if s.seconds else float("inf")
        print(
            f"{s.name:<{width}}  {s.accuracy:6.4f}  {s.groups:6d}  "
            f"{s.seconds * 1000:7.1f}  {rate:8.0f}"
        )
    if args.sweep:
        print("\nanalyzer GA by similarity (rows) and depth (columns):")
        depths = (2, 3, 4, 5, 6)
        print("sim   " + "".join(f"{d:>8}" for d in depths))
        for similarity in (0.3, 0.4, 0.5, 0.6, 0.7):
            cells = []
            for d in depths:
                predicted = ours(similarity, d)(sample.messages)
                cells.append(f"{grouping_accuracy(predicted, sample.truth):8.4f}")
            print(f"{similarity:<6}" + "".join(cells))
    accuracy = scores[0].accuracy
    verdict = "ok" if accuracy >= args.min else "BELOW"
    print(
        f"\ngrouping accuracy {accuracy:.4f} (minimum {args.min:.3f}, Drain published "
        f"{PUBLISHED_DRAIN_GA}): {verdict}"
    )
    return 0 if accuracy >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
