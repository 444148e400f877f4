"""One analysis, end to end: sources -> formats -> engine -> triage -> redact -> Report.

Data flows one way. This module is the only place that knows the order of the
stages; the CLI calls :func:`analyze` and renders what it returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from analyzer import formats, sources
from analyzer.baseline import apply_baseline
from analyzer.catalog.loader import Catalog
from analyzer.engine import fast
from analyzer.engine.scanner import Engine
from analyzer.errors import AnalyzerError, CatalogError, InputError
from analyzer.excerpts import ExcerptCollector
from analyzer.model import (
    InputSummary,
    LogRecord,
    RegexFailure,
    Report,
)
from analyzer.redact import MatchedLines, redact_report
from analyzer.store.rows import M_ENTRY, MatchRow, unpack_match
from analyzer.templates.collector import UnmatchedCollector
from analyzer.triage import build_findings
from analyzer.triage.matches import MatchStore

DETECT_LINES = 64
"""How many first lines of an input format detection looks at."""

PROGRESS_EVERY = 4096
"""Records between two ``on_bytes`` calls: often enough for a smooth bar, rare enough
to cost nothing."""


@dataclass(frozen=True)
class ScanOptions:
    """Choices that change what is scanned, not how it is shown."""

    log_format: str | None = None
    """Force this log format instead of detecting it (``--log-format``)."""
    context: int = 2
    """Lines of context before and after each sample occurrence (``--context``)."""
    samples: int = 5
    """Sample occurrences kept per finding for human formats."""
    redact: bool = True
    """Mask secrets in the report's log text (``--no-redact`` turns it off)."""
    engine: str = "auto"
    """``plain`` (the reference engine), ``fast`` (the hyperscan prefilter engine; an
    error where it cannot run) or ``auto`` (fast where it can run, else plain). Both
    give the same report."""
    jobs: int | None = None
    """Worker processes for large inputs with the fast engine (None: one per core)."""


@dataclass(frozen=True)
class Analysis:
    """A report plus the input faults the CLI must turn into exit code 2."""

    report: Report
    """What was found in everything that could be read."""
    errors: tuple[AnalyzerError, ...]
    """Inputs that could not be read at all, or not to their end, and catalog regexes
    that ran out of time and were switched off."""


def analyze(
    paths: Sequence[str],
    catalog: Catalog,
    options: ScanOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    on_input: Callable[[str], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Analysis:
    """Scan every input and return the ranked report.

    ``on_bytes`` is called now and then with the bytes read so far over all inputs
    (compressed bytes for compressed inputs), for a progress bar.
    """
    options = options or ScanOptions()
    forced = formats.get(options.log_format) if options.log_format else None
    expansion = sources.expand(paths, stdin=stdin)
    use_fast = choose_engine(options.engine, catalog) == "fast"
    engine = None if use_fast else Engine(catalog)
    if use_fast:
        fast.prefilter_for(catalog).engine.reset_failures()  # before any worker forks
    failures: list[RegexFailure] = []
    jobs = options.jobs or fast.default_jobs()
    workers = fast.Workers(catalog, jobs) if use_fast and jobs > 1 else None
    excerpts = ExcerptCollector(options.context, options.samples)
    unmatched = UnmatchedCollector(samples=options.samples)
    store = MatchStore()
    checked = MatchedLines()
    summaries: list[InputSummary] = []
    errors: list[AnalyzerError] = list(expansion.errors)
    done_bytes = 0
    try:
        for index, log_input in enumerate(expansion.inputs):
            if on_input is not None:
                on_input(log_input.name)
            if forced is not None:
                fmt, confidence = forced, 1.0
            else:
                detection = formats.detect(log_input.peek(DETECT_LINES))
                fmt, confidence = formats.get(detection.format_name), detection.confidence
            excerpts.start_input(index)
            if engine is None:
                progress = None if on_bytes is None else _offset(on_bytes, done_bytes)
                failures += _scan_fast(
                    log_input,
                    fmt,
                    catalog,
                    index,
                    workers,
                    excerpts,
                    store,
                    unmatched,
                    progress,
                    count_secrets=options.redact,
                    checked=checked,
                )
            else:
                records = excerpts.tap(formats.records(log_input.lines(), fmt))
                if on_bytes is not None:
                    records = _reporting(records, log_input, done_bytes, on_bytes)
                for record, found in engine.scan_records(records, index):
                    for match in found:
                        excerpts.offer(match)
                        store.add(match)
                    unmatched.add(index, record, {m.line for m in found})
                failures += engine.take_failures(index)
            stats = log_input.stats
            done_bytes += stats.bytes
            if on_bytes is not None:
                on_bytes(done_bytes)
            summaries.append(
                InputSummary(
                    path=log_input.name,
                    format=fmt.name,
                    format_confidence=round(confidence, 2),
                    lines=stats.lines,
                    skipped_lines=0,
                    bytes=stats.bytes,
                    complete=stats.complete,
                    error=stats.error,
                )
            )
            if stats.error is not None:
                errors.append(InputError(stats.error, log_input.name))
    finally:
        if workers is not None:
            workers.close()
    report = Report(
        inputs=tuple(summaries),
        findings=tuple(build_findings(store, catalog, excerpts.samples())),
        skipped_inputs=expansion.skipped,
        catalog_entries=len(catalog.entries),
        unmatched=unmatched.result(),
        regex_failures=_distinct(failures),
    )
    errors.extend(
        CatalogError(f.describe(report.inputs[f.input].path)) for f in report.regex_failures
    )
    if options.redact:
        report = redact_report(report, checked)
    return Analysis(report, tuple(errors))


def compare(
    analysis: Analysis,
    baseline: Sequence[str],
    catalog: Catalog,
    options: ScanOptions | None = None,
    *,
    on_input: Callable[[str], None] | None = None,
) -> Analysis:
    """``analysis`` against a good log: every finding and unmatched group gets its
    ``baseline_count`` and ``new`` (:func:`analyzer.baseline.apply_baseline`).

    The baseline (files or directories; not standard input, which the failing log may
    be reading) is analysed with the same options, so that both reports are in the
    same redaction state. Faults in reading it are errors like any input's.
    """
    if any(path == "-" for path in baseline):
        raise AnalyzerError("--baseline takes files or directories, not - (standard input)")
    good = analyze(baseline, catalog, options, on_input=on_input)
    report = apply_baseline(analysis.report, good.report, baseline)
    return Analysis(report, analysis.errors + good.errors)


def choose_engine(name: str, catalog: Catalog) -> str:
    """``plain`` or ``fast`` for ``--engine NAME`` (``auto``: fast where it can run).

    Raises :class:`~analyzer.engine.fast.FastEngineError` for ``fast`` where it cannot
    run (no hyperscan wheel, or a hand-written signature regex it cannot prefilter).
    """
    if name == "plain":
        return "plain"
    if name not in ("fast", "auto"):
        raise AnalyzerError(f"unknown engine {name!r} (valid: auto, fast, plain)")
    try:
        fast.prefilter_for(catalog)
    except fast.FastEngineError:
        if name == "fast":
            raise
        return "plain"
    return "fast"


def _scan_fast(
    log_input: sources.LogInput,
    fmt: formats.LogFormat,
    catalog: Catalog,
    index: int,
    workers: fast.Workers | None,
    excerpts: ExcerptCollector,
    store: MatchStore,
    unmatched: UnmatchedCollector,
    on_bytes: Callable[[int], None] | None,
    *,
    count_secrets: bool,
    checked: MatchedLines,
) -> list[RegexFailure]:
    """One input through the fast engine: a plain file directly, anything else (stdin,
    compressed, UTF-16) after writing its text to a temporary file."""
    span = log_input.byte_range()
    spooled = None
    if span is None:
        spooled = fast.spool(log_input)
        span = (spooled.name, 0, os.path.getsize(spooled.name))
    path, start, end = span

    def on_match(row: MatchRow, line_offset: int, offset: int) -> None:
        row = store.add_row(row, line_offset)
        if excerpts.wants(row[M_ENTRY]):
            match = unpack_match(row)
            excerpts.offer_located(
                match,
                lambda: fast.context_lines(path, start, end, offset, match.line, excerpts.context),
            )

    try:
        found = fast.scan_file(
            path,
            start,
            end,
            fmt,
            catalog,
            index,
            log_input.name,
            workers,
            on_match,
            on_bytes,
            unmatched.feed_packed,
            on_explained=unmatched.count_explained,
            count_secrets=count_secrets,
        )
        if count_secrets:
            checked.inputs.add(index)
            checked.secret_lines.update((index, line) for line in found.secret_lines)
    finally:
        if spooled is not None:
            spooled.close()
    if spooled is None:
        log_input.record_read(lines=found.lines, size=end, error=found.error)
    else:
        log_input.record_read(lines=found.lines)
    return found.failures


def _distinct(failures: Iterable[RegexFailure]) -> tuple[RegexFailure, ...]:
    """Each switched-off regex once (several workers may each switch off the same one),
    charged to the first input it failed on."""
    seen: dict[tuple[str, str], RegexFailure] = {}
    for failure in failures:
        seen.setdefault((failure.pattern, failure.owner), failure)
    return tuple(seen.values())


def _offset(report: Callable[[int], None], before: int) -> Callable[[int], None]:
    return lambda done: report(before + done)


def _reporting(
    records: Iterable[LogRecord],
    log_input: sources.LogInput,
    before: int,
    report: Callable[[int], None],
) -> Iterator[LogRecord]:
    """Pass records through, reporting the bytes read every ``PROGRESS_EVERY`` records."""
    for count, record in enumerate(records, start=1):
        if count % PROGRESS_EVERY == 0:
            report(before + log_input.stats.bytes)
        yield record
