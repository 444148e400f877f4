"""What the engine finds: a catalog entry identified on a log line, and the samples and
switched-off regexes that come with a scan."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from analyzer.model.catalog import EntryId
from analyzer.model.records import Level


class MatchedBy(enum.StrEnum):
    """What identified a catalog entry on a log line."""

    CODE = "code"
    """The entry's code, in a position where the log uses it as an error code."""
    MESSAGE = "message"
    """The entry's error message (with or without a code, e.g. ``Code: <private>``)."""
    SIGNATURE = "signature"
    """A log record the document quotes, or a hand-written signature."""


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
