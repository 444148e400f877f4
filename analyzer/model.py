"""The data model shared by every stage: catalog entries, log records, matches.

Everything here is a frozen dataclass so that a value seen by one stage cannot be
changed behind the back of another; stages communicate only through these types.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NewType

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
    "V": Level.VERBOSE, "VERBOSE": Level.VERBOSE, "TRACE": Level.VERBOSE,
    "D": Level.DEBUG, "DEBUG": Level.DEBUG, "DBG": Level.DEBUG,
    "I": Level.INFO, "INFO": Level.INFO, "INF": Level.INFO, "NOTICE": Level.INFO,
    "W": Level.WARN, "WARN": Level.WARN, "WARNING": Level.WARN, "WRN": Level.WARN,
    "E": Level.ERROR, "ERROR": Level.ERROR, "ERR": Level.ERROR,
    "F": Level.FATAL, "FATAL": Level.FATAL, "A": Level.FATAL, "ASSERT": Level.FATAL,
    "CRITICAL": Level.FATAL, "CRIT": Level.FATAL, "PANIC": Level.FATAL,
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
