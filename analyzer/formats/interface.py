"""The interface every log format implements, and the types it returns.

A format knows how to read ONE physical line: either the line starts with the
format's header (time, level, pid, tag, ...) and ``parse_line`` returns the fields
and the message left after them, or it is not a header line and ``parse_line``
returns ``None``. Everything multi-line (stack traces, JS crash blocks, logcat
``long`` entries, hilog ``-v wrap``) is decided by :mod:`analyzer.formats.grouping`
from those per-line answers and a few class-level flags, so a fast engine can call
``parse_line`` on candidate lines only.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.errors import AnalyzerError
from analyzer.formats._common import looks_like_continuation
from analyzer.model import Header

__all__ = ["RAW_SCORE", "Detection", "FormatError", "Header", "LogFormat"]


class FormatError(AnalyzerError):
    """A log format that cannot be used, such as an unknown ``--log-format`` name."""


@dataclass(frozen=True, slots=True)
class Detection:
    """The outcome of format detection over a sample of a log's first lines."""

    format_name: str
    """Name of the chosen format (always set: the ``raw`` fallback is always possible)."""
    confidence: float
    """The chosen format's score, 0..1: roughly the share of sample lines it explains.

    The ``raw`` fallback always scores :data:`RAW_SCORE`, so a raw result is low
    confidence by construction: it means "no known format recognised".
    """


RAW_SCORE = 0.1
"""The fixed detection score of the ``raw`` fallback: low, but above zero."""


class LogFormat(abc.ABC):
    """A log line format: parses header lines, scores samples for detection.

    Subclasses set the class attributes and implement :meth:`parse_line`. Instances
    are stateless and shared; the registry holds one instance per format.
    """

    name: str
    """Stable name used by ``--log-format NAME`` and stored in ``LogRecord.format``."""
    title: str
    """One-line human description."""
    example: str
    """A representative header line (made up, realistic), used in docs and tests."""
    aliases: tuple[str, ...] = ()
    """Other names ``get`` accepts for this format."""
    specificity: int = 50
    """Tie-break in detection: when two formats explain a sample equally, higher wins.

    A format whose header lines are also header lines of another format (hilog lines
    also read as logcat ``threadtime``) must be more specific than that format.
    """
    continuation_lines: bool = True
    """Whether a line that is not a header continues the previous record (prefixed
    text formats); when false, such a line is a record of its own (JSON lines)."""
    blank_line_ends_record: bool = False
    """Whether a blank line closes the current record (logcat ``long``)."""
    escaped_text: bool = False
    """Whether a line's message is decoded from escaped text (JSON strings), so that the
    bytes of the line may not show what the message holds: a byte prefilter then takes
    every line with an escape as a candidate and looks for no evidence in bytes. When
    false, the fields and the message read from a line are parts of its text."""
    levels_in_plain_sight: bool = False
    """Whether every error level this format reads (E, F, A, error, fatal, ...) is
    printed as a one-letter level after a blank (or at the line's start) and before a
    blank, ``/`` or ``(``; as a whole level word; or, with ``escaped_text``, under a
    JSON level key. The fast engine's byte prefilter finds error lines by those
    spellings; a format that prints its levels otherwise leaves this false, and the
    fast engine scans its inputs line by line, as the plain engine does."""
    detectable: bool = True
    """Whether :func:`~analyzer.formats.registry.detect` may choose this format."""

    @abc.abstractmethod
    def parse_line(self, line: str) -> Header | None:
        """Read one physical line (no newline); ``None`` when it is not a header line.

        Must never raise and must run in time linear in ``len(line)``.
        """

    def message(self, line: str) -> str | None:
        """The message :meth:`parse_line` reads in ``line``, ``None`` where it reads no
        header. Whether a line starts a record needs nothing else, and the fast engine
        asks that of thousands of lines a second (the line after each error line, the
        restart points before each candidate), so a format whose header fields cost
        time to convert may read the message alone; a test holds every format's answer
        to :meth:`parse_line`'s."""
        header = self.parse_line(line)
        return None if header is None else header.message

    def score(self, sample_lines: Sequence[str]) -> float:
        """How well this format explains a sample of first lines, 0..1.

        Blank lines are ignored. A header line counts 1. A non-header line after a
        header counts 1 when it looks like a continuation (indented, stack frame, JS
        crash key) or sits inside a blank-line-delimited entry, else 0.5 (at most as
        many half credits as there are headers, so one header cannot vouch for a page
        of prose). Lines before the first header count 0.
        """
        nonblank = headers = known = loose = 0
        seen_header = in_entry = False
        for raw in sample_lines:
            line = raw.rstrip("\r\n")
            if line.startswith("\ufeff"):
                line = line[1:]
            if not line.strip():
                in_entry = False
                continue
            nonblank += 1
            if self.parse_line(line) is not None:
                headers += 1
                seen_header = in_entry = True
            elif not seen_header:
                continue
            elif (self.blank_line_ends_record and in_entry) or looks_like_continuation(line):
                known += 1
            else:
                loose += 1
        if nonblank == 0:
            return 0.0
        return min(1.0, (headers + known + 0.5 * min(loose, headers)) / nonblank)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
