"""One analysis, end to end: sources -> formats -> engine -> templates -> triage ->
redact -> :class:`~analyzer.model.Report`.

Data flows one way. This module is the only place that knows the order of the
stages; the CLI and the public API (:mod:`analyzer.api`) call :func:`analyze` and
render what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from analyzer import formats, sources
from analyzer.baseline import apply_baseline
from analyzer.catalog.loader import Catalog
from analyzer.engine.interface import ScanInput, ScanSettings
from analyzer.engine.registry import open_engine
from analyzer.errors import AnalyzerError, CatalogError, InputError
from analyzer.model import EntryId, InputSummary, RegexFailure, Report, Sample
from analyzer.redact import MatchedLines, redact_report
from analyzer.store.rows import MatchRow, PackedErrorRecord
from analyzer.templates.collector import UnmatchedCollector
from analyzer.templates.tokens import message_tokens
from analyzer.triage import build_findings
from analyzer.triage.matches import MatchStore

DETECT_LINES = 64
"""How many first lines of an input format detection looks at."""


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
    """Worker processes for large inputs with the fast engine (None: one per core,
    where the process may start them)."""


@dataclass(frozen=True)
class Analysis:
    """A report plus the input faults the CLI must turn into exit code 2."""

    report: Report
    """What was found in everything that could be read."""
    errors: tuple[AnalyzerError, ...]
    """Inputs that could not be read at all, or not to their end, and catalog regexes
    that ran out of time and were switched off."""


class _Collector:
    """What the engine finds, gathered for the report (the engine's
    :class:`~analyzer.engine.interface.Sink`)."""

    def __init__(self, options: ScanOptions) -> None:
        self.store = MatchStore()
        self.unmatched = UnmatchedCollector(samples=options.samples)
        self.lines_checked = MatchedLines()
        self.samples_per_entry = max(options.samples, 0)
        self._samples: dict[EntryId, list[Sample]] = {}
        self._taken: dict[EntryId, int] = {}

    def match(self, row: MatchRow) -> None:
        self.store.add_row(row)

    def wants_sample(self, entry: EntryId) -> bool:
        taken = self._taken.get(entry, 0)
        if taken >= self.samples_per_entry:
            return False
        self._taken[entry] = taken + 1
        return True

    def sample(self, sample: Sample) -> None:
        self._samples.setdefault(sample.match.entry, []).append(sample)

    def error_record(self, record: PackedErrorRecord, line_offset: int) -> None:
        self.unmatched.feed_packed(record, line_offset)

    def explained(self, lines: int) -> None:
        self.unmatched.count_explained(lines)

    def checked(self, input_index: int, secret_lines: Iterable[int]) -> None:
        self.lines_checked.inputs.add(input_index)
        self.lines_checked.secret_lines.update((input_index, line) for line in secret_lines)

    def samples(self) -> dict[str, tuple[Sample, ...]]:
        """Samples by entry id, in input and line order."""
        return {
            entry: tuple(sorted(found, key=lambda s: (s.match.input, s.match.line)))
            for entry, found in self._samples.items()
        }


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
    settings = ScanSettings(
        tokenize=message_tokens,
        context=options.context,
        jobs=options.jobs,
        count_secrets=options.redact,
    )
    collector = _Collector(options)
    summaries: list[InputSummary] = []
    failures: list[RegexFailure] = []
    errors: list[AnalyzerError] = list(expansion.errors)
    done_bytes = 0
    with open_engine(options.engine, catalog, settings) as engine:
        for index, log_input in enumerate(expansion.inputs):
            if on_input is not None:
                on_input(log_input.name)
            if forced is not None:
                fmt, confidence = forced, 1.0
            else:
                detection = formats.detect(log_input.peek(DETECT_LINES))
                fmt, confidence = formats.get(detection.format_name), detection.confidence
            progress = None if on_bytes is None else _offset(on_bytes, done_bytes)
            scanned = engine.scan(ScanInput(index, log_input, fmt), collector, progress)
            stats = scanned.stats
            failures += scanned.failures
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
    report = Report(
        inputs=tuple(summaries),
        findings=tuple(build_findings(collector.store, catalog, collector.samples())),
        skipped_inputs=expansion.skipped,
        catalog_entries=len(catalog.entries),
        unmatched=collector.unmatched.result(),
        regex_failures=_distinct(failures),
    )
    errors.extend(
        CatalogError(f.describe(report.inputs[f.input].path)) for f in report.regex_failures
    )
    if options.redact:
        report = redact_report(report, collector.lines_checked)
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


def _distinct(failures: Iterable[RegexFailure]) -> tuple[RegexFailure, ...]:
    """Each switched-off regex once (several workers may each switch off the same one),
    charged to the first input it failed on."""
    seen: dict[tuple[str, str], RegexFailure] = {}
    for failure in failures:
        seen.setdefault((failure.pattern, failure.owner), failure)
    return tuple(seen.values())


def _offset(report: Callable[[int], None], before: int) -> Callable[[int], None]:
    return lambda done: report(before + done)
