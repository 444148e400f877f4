"""The result of an analysis: per-input summaries, findings in rank order, the unknown
errors, and what was left out or switched off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.model.catalog import CatalogEntry, EntryId
from analyzer.model.matches import Match, RegexFailure, Sample
from analyzer.model.records import Level
from analyzer.model.unknown import Unmatched


@dataclass(frozen=True, slots=True)
class InputSummary:
    """What was read from one input, so the report can say nothing was lost."""

    path: str
    """Display path (``-`` for stdin, ``a.zip!x.log`` for an archive member)."""
    format: str
    """Name of the log format used."""
    format_confidence: float
    """How sure detection was (1.0 when forced with ``--log-format``)."""
    lines: int
    """Physical lines read."""
    skipped_lines: int
    """Lines read but not analysed (counted, never silently dropped)."""
    bytes: int
    """Bytes read from the file."""
    complete: bool = True
    """False when reading stopped early at a fault."""
    error: str | None = None
    """The fault, in one line."""


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """A path given (or found in a directory) that was deliberately not read."""

    path: str
    """Display path (``dir/x.bin``, ``a.zip!img.png``)."""
    reason: str
    """Why, in words: binary data, symbolic link loop, same file as another input, ..."""


@dataclass(frozen=True, slots=True)
class Finding:
    """Every match of one catalog entry, merged, ranked and explained."""

    rank: int
    """1 for the most important finding."""
    score: float
    """The ranking score (higher ranks first); see ``rank_reason``."""
    rank_reason: str
    """One line on why the finding ranks where it does."""
    entry: CatalogEntry
    """The catalog entry."""
    occurrences: Sequence[Match]
    """Every matching line, in input and line order; from a scan, an
    :class:`~analyzer.model.occurrences.Occurrences` that reads each match when asked,
    so a finding of a million lines is not a million objects."""
    confidence: float
    """The best confidence among the occurrences."""
    level: Level | None
    """The strongest log level the entry appeared at."""
    candidates: tuple[EntryId, ...] = ()
    """Other entries that some occurrences could also mean (ambiguous matches)."""
    samples: tuple[Sample, ...] = ()
    """The first few occurrences with context lines, for human formats."""
    baseline_count: int | None = None
    """Occurrences of the same entry in the baseline (``--baseline``); ``None`` without
    one. Set by :func:`analyzer.baseline.apply_baseline`."""
    new: bool | None = None
    """Whether the baseline never shows this entry; ``None`` without a baseline."""

    @property
    def count(self) -> int:
        """Number of matching lines."""
        return len(self.occurrences)

    @property
    def first(self) -> Match:
        """The earliest occurrence."""
        return self.occurrences[0]

    @property
    def last(self) -> Match:
        """The latest occurrence."""
        return self.occurrences[-1]


@dataclass(frozen=True, slots=True)
class Report:
    """The result of one analysis, ready for any report format."""

    inputs: tuple[InputSummary, ...]
    """Every input analysed, in order; occurrences refer to them by index."""
    findings: tuple[Finding, ...]
    """Findings in rank order (info findings included; formats decide what to show)."""
    skipped_inputs: tuple[SkippedInput, ...] = ()
    """Paths that were not analysed at all."""
    catalog_entries: int = 0
    """How many catalog entries the scan used."""
    redactions: int = 0
    """How many secret values were replaced in the report's log text."""
    redacted: bool = False
    """Whether redaction ran at all (``--no-redact`` leaves it off)."""
    unmatched: Unmatched | None = None
    """The error lines no catalog entry explains, grouped by template, with the share of
    error lines they stand for; ``None`` when they were not collected."""
    baseline: tuple[str, ...] = ()
    """The known-good inputs (``--baseline``) the report was compared with; empty when
    there was no baseline. Non-empty means every finding and unmatched group carries
    ``baseline_count`` and ``new`` (see :func:`analyzer.baseline.apply_baseline`)."""
    regex_failures: tuple[RegexFailure, ...] = ()
    """Catalog regexes that ran out of time and were switched off during the scan: the
    report may miss what they would have matched."""
