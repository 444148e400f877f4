"""The data model shared by every stage: catalog entries, log records, matches.

Everything here is a frozen dataclass so that a value seen by one stage cannot be
changed behind the back of another; stages communicate only through these types.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, NewType

if TYPE_CHECKING:
    # Only for annotations: analyzer.templates builds on this module, so a runtime
    # import here would be a cycle. ``from __future__ import annotations`` keeps the
    # annotation a string, which dataclasses never evaluate.
    from analyzer.templates.unmatched import Unmatched

EntryId = NewType("EntryId", str)
"""A catalog entry's stable id, ``<catalog>:<code>`` plus ``#n`` for repeated codes."""


class Severity(enum.IntEnum):
    """How bad an entry is when it shows up in a log.

    Ordered so that comparisons (``>=``) answer "at least as bad as", which is what
    ``--fail-on`` and ranking need.
    """

    INFO = 10
    WARNING = 20
    ERROR = 30
    FATAL = 40

    @property
    def label(self) -> str:
        """The lower-case name used in catalog files and reports."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a severity label; raises ``ValueError`` naming the allowed labels."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            allowed = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (allowed: {allowed})") from None


class SignatureKind(enum.StrEnum):
    """Where a signature came from; the engine trusts them differently."""

    MESSAGE = "message"
    """The entry's own error message, as the document gives it."""
    RECORD = "record"
    """A log record that the document quotes (e.g. "Over the max request number")."""
    MANUAL = "manual"
    """Added by hand in a catalog file."""


@dataclass(frozen=True, slots=True)
class Signature:
    """A string or regex that identifies an entry in a log line without its code."""

    pattern: str
    """The literal text, or the regex source when ``regex`` is true."""
    kind: SignatureKind = SignatureKind.MANUAL
    """Provenance of the signature."""
    regex: bool = False
    """Whether ``pattern`` is a regular expression (``regex`` module syntax)."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an entry was read from, so a reader can check it against the vendor text."""

    document: str
    """File name of the vendor document (or catalog file for hand-written entries)."""
    section: str
    """The heading the entry sits under (the table's heading for table rows)."""
    line: int
    """1-based line of the entry's heading or table row in ``document``."""
    kit: str | None = None
    """The OpenHarmony Kit named in the document's ``<!--Kit: ...-->`` comment."""
    subsystem: str | None = None
    """The subsystem named in the document's ``<!--Subsystem: ...-->`` comment."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One error code of one vendor catalog, with everything a person needs to act on it."""

    id: EntryId
    """Stable, unique id such as ``net-connection:2100002`` or ``tpns-client:10008#2``."""
    catalog: str
    """Name of the catalog the entry belongs to (``tpns-client``, ``net-vpn``, ...)."""
    code: str
    """The code exactly as the document writes it (``-502``, ``0201``, ``Other``)."""
    value: int | None
    """Integer value of ``code`` for matching; ``None`` for catch-all rows like ``Other``."""
    title: str
    """Short title; for table rows without one, derived from the description."""
    message: str
    """The error message the API reports, when the document gives one."""
    description: str
    """What the code means."""
    causes: tuple[str, ...] = ()
    """Possible causes, one item per cause."""
    procedure: tuple[str, ...] = ()
    """Steps to take, in order."""
    severity: Severity = Severity.ERROR
    """Effective severity (derived by default, overridable in catalog files)."""
    signatures: tuple[Signature, ...] = ()
    """Strings that identify the entry in a log without its code."""
    source: SourceRef = field(default_factory=lambda: SourceRef("", "", 0))
    """Provenance of the entry."""


class Level(enum.IntEnum):
    """A log record's level, normalised across hilog, logcat and JSON logs.

    Ordered so that ``>=`` means "at least as loud"; ranking uses the strongest level
    at which an entry was seen.
    """

    VERBOSE = 1
    DEBUG = 2
    INFO = 3
    WARN = 4
    ERROR = 5
    FATAL = 6

    @property
    def letter(self) -> str:
        """The one-letter form that hilog and logcat print (V D I W E F)."""
        return self.name[0]

    @classmethod
    def parse(cls, text: str) -> Level | None:
        """Read a level from a letter (``E``), a word (``error``, ``Warning``) or ``None``.

        Unknown spellings give ``None`` rather than an error: a log line with an odd
        level is still a log line.
        """
        key = text.strip().upper()
        if not key:
            return None
        return _LEVEL_WORDS.get(key)


_LEVEL_WORDS: dict[str, Level] = {
    "V": Level.VERBOSE,
    "VERBOSE": Level.VERBOSE,
    "TRACE": Level.VERBOSE,
    "D": Level.DEBUG,
    "DEBUG": Level.DEBUG,
    "DBG": Level.DEBUG,
    "I": Level.INFO,
    "INFO": Level.INFO,
    "INF": Level.INFO,
    "NOTICE": Level.INFO,
    "W": Level.WARN,
    "WARN": Level.WARN,
    "WARNING": Level.WARN,
    "WRN": Level.WARN,
    "E": Level.ERROR,
    "ERROR": Level.ERROR,
    "ERR": Level.ERROR,
    "F": Level.FATAL,
    "FATAL": Level.FATAL,
    "A": Level.FATAL,
    "ASSERT": Level.FATAL,
    "CRITICAL": Level.FATAL,
    "CRIT": Level.FATAL,
    "PANIC": Level.FATAL,
}


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One logical log record: a header line plus any continuation lines.

    Multi-line records (stack traces, JS crash blocks, logcat ``long``) keep one
    message text per physical line, so a match can be attributed to the record
    while still pointing at the exact line it sits on (``line + index``).
    """

    line: int
    """1-based physical line number of the record's first line."""
    messages: tuple[str, ...]
    """Message text of each physical line of the record, header fields removed."""
    raw: tuple[str, ...]
    """Each physical line exactly as read (newline removed), for samples in reports."""
    format: str
    """Name of the log format that parsed the record."""
    time: str | None = None
    """Timestamp as written in the log (no reformatting; logs rarely carry a year)."""
    level: Level | None = None
    """Normalised level, when the format has one."""
    pid: int | None = None
    """Process id."""
    tid: int | None = None
    """Thread id."""
    domain: str | None = None
    """hilog domain token such as ``C015B0`` (type letter plus hex domain)."""
    tag: str | None = None
    """Log tag (``NETSTACK``, ``TPush``)."""
    process: str | None = None
    """Process or bundle name, when the format prints one."""

    @property
    def end_line(self) -> int:
        """1-based physical line number of the record's last line."""
        return self.line + len(self.raw) - 1

    @property
    def message(self) -> str:
        """The whole message, continuation lines joined by newlines."""
        return "\n".join(self.messages)


class MatchedBy(enum.StrEnum):
    """What identified a catalog entry on a log line."""

    CODE = "code"
    """The entry's code, in a position where the log uses it as an error code."""
    MESSAGE = "message"
    """The entry's error message (with or without a code, e.g. ``Code: <private>``)."""
    SIGNATURE = "signature"
    """A log record the document quotes, or a hand-written signature."""


class Requires(enum.StrEnum):
    """Which codes of a catalog count only with the catalog's context evidence."""

    ALL = "all"
    """Every code (TPNS: its codes are plain numbers that other SDKs use too)."""
    SHORT = "short"
    """Codes shorter than ``short_below`` (WebSocket ``200``, universal ``401``)."""
    NONE = "none"
    """No code needs evidence (long, distinctive codes)."""


@dataclass(frozen=True, slots=True)
class CatalogContext:
    """Evidence that a log line belongs to a catalog's product, and when it is needed.

    Short codes (``200``, ``2``, ``-1``) are everywhere in logs; they only mean a
    catalog entry where the surrounding text says the product is involved.
    """

    catalog: str
    """The catalog these rules are for."""
    evidence: tuple[str, ...] = ()
    """Regexes (case-insensitive) searched in a record's tag, domain, process and message."""
    requires: Requires = Requires.SHORT
    """Which codes need evidence to count."""
    short_below: int = 1000
    """With ``requires: short``, codes whose absolute value is below this need evidence."""


@dataclass(frozen=True, slots=True)
class Match:
    """One catalog entry identified on one physical log line."""

    entry: EntryId
    """The entry the line is attributed to (the best candidate when ambiguous)."""
    candidates: tuple[EntryId, ...]
    """Every entry the line could mean; more than one when context could not decide."""
    input: int
    """Index of the input in the report's ``inputs``."""
    line: int
    """1-based physical line where the match sits."""
    record_line: int
    """1-based first line of the record the match belongs to."""
    text: str
    """The physical line as read."""
    matched_by: MatchedBy
    """What identified the entry."""
    confidence: float
    """0..1: how sure the engine is that the line means this entry."""
    reason: str
    """Why, in words (shown in reports)."""
    time: str | None = None
    """Time of the record."""
    level: Level | None = None
    """Level of the record."""
    tag: str | None = None
    """Tag of the record."""
    process: str | None = None
    """Process of the record."""
    pid: int | None = None
    """Process id of the record."""

    def packed(self) -> PackedMatch:
        """The match as plain values: how matches cross from a worker process and how
        :mod:`analyzer.occurrences` keeps them (a tuple of plain values pickles and
        marshals many times faster, and smaller, than the object)."""
        level = 0 if self.level is None else int(self.level)
        return (
            self.entry,
            self.candidates,
            self.input,
            self.line,
            self.record_line,
            self.text,
            self.matched_by.value,
            self.confidence,
            self.reason,
            self.time,
            level,
            self.tag,
            self.process,
            self.pid,
        )

    @classmethod
    def unpacked(cls, row: PackedMatch) -> Match:
        """The match :meth:`packed` gave ``row`` for."""
        entry, candidates, index, line, record_line, text, by, confidence = row[:8]
        reason, time, level, tag, process, pid = row[8:]
        return cls(
            entry,
            candidates,
            index,
            line,
            record_line,
            text,
            _MATCHED_BY[by],
            confidence,
            reason,
            time,
            LEVEL_OF_VALUE[level],
            tag,
            process,
            pid,
        )


PackedMatch = tuple[
    EntryId,
    tuple[EntryId, ...],
    int,
    int,
    int,
    str,
    str,
    float,
    str,
    str | None,
    int,
    str | None,
    str | None,
    int | None,
]
""":meth:`Match.packed`: the fields in order, the enums as their values (0 for no
level)."""

PACKED_INPUT: Final = 2
"""Where a :data:`PackedMatch` holds the match's input index."""
PACKED_TAG: Final = 11
"""Where a :data:`PackedMatch` holds the match's tag."""
PACKED_PROCESS: Final = 12
"""Where a :data:`PackedMatch` holds the match's process."""

_MATCHED_BY = {by.value: by for by in MatchedBy}
LEVEL_OF_VALUE: tuple[Level | None, ...] = (None, *sorted(Level))
"""The level a packed level value stands for (``0``: none), by index."""


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
    """A path given (or found in a directory) that was not analysed at all."""

    path: str
    """The path."""
    reason: str
    """Why (binary file, symlink loop, ...)."""


@dataclass(frozen=True, slots=True)
class ContextLine:
    """A physical line shown around a sample occurrence."""

    line: int
    """1-based physical line number."""
    text: str
    """The line as read."""


@dataclass(frozen=True, slots=True)
class Sample:
    """An occurrence shown in human reports, with the lines around it."""

    match: Match
    """The occurrence."""
    before: tuple[ContextLine, ...] = ()
    """Up to ``--context`` lines before it."""
    after: tuple[ContextLine, ...] = ()
    """Up to ``--context`` lines after it."""


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
    """Every matching line, in input and line order. From a scan, a packed
    :class:`~analyzer.spill.Column` that unpacks each match when it is read, so a
    finding of a million lines is not a million objects."""
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
class RegexFailure:
    """A catalog regex that took longer than its time budget on one line.

    A hand-written regex can backtrack catastrophically on a hostile line. Rather than
    hang the scan (or end it), the regex is switched off for the rest of the scan, and
    the report and the exit code say so.
    """

    pattern: str
    """The regex as the catalog writes it."""
    owner: str
    """What it belongs to: ``signature of ID[, ID...]`` or ``evidence of CATALOG``."""
    where: str
    """The catalog file and line it was read from (``file:line``), when known."""
    input: int
    """Index of the input on which it ran out of time."""

    def describe(self, input_name: str) -> str:
        """One line for stderr and the report."""
        at = f" ({self.where})" if self.where else ""
        return (
            f"{input_name}: catalog regex {self.pattern!r}, {self.owner}{at}, ran out of "
            "time on a line (catastrophic backtracking?) and was switched off for the rest "
            "of the scan; what it would have matched may be missing"
        )


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
