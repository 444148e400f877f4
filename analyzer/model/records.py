"""Log records: what a format reads from a line (a :class:`Header`) and what grouping
makes of one or more lines (a :class:`LogRecord`), with the fields both share."""

from __future__ import annotations

import enum
from dataclasses import dataclass


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

LEVEL_OF_VALUE: tuple[Level | None, ...] = (None, *sorted(Level))
"""The level a level's integer value stands for, by index (``0``: no level): how a
level is written where plain values are kept."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Fields:
    """The fields a log format prints before a message; any may be missing."""

    time: str | None = None
    """Timestamp exactly as written (``11-15 15:51:02.110``, ``1700000000.123``); logs
    rarely carry a year, so it is never reformatted."""
    level: Level | None = None
    """Normalised level."""
    pid: int | None = None
    """Process id."""
    tid: int | None = None
    """Thread id (old logcat hex ids are converted)."""
    domain: str | None = None
    """hilog domain token such as ``C015B0``, case as written."""
    tag: str | None = None
    """Log tag (``NETSTACK``, ``TPush``), padding removed."""
    process: str | None = None
    """Process or bundle name, as written (DevEco truncation ``…`` kept)."""


@dataclass(frozen=True, slots=True)
class Header(Fields):
    """The fields a format read from one header line, and the message after them."""

    message: str
    """The rest of the line once the header fields are removed (may be empty)."""

    @property
    def key(self) -> tuple[int | None, int | None, str | None, str | None, str | None]:
        """The fields that must match for a header line to join the previous record."""
        return (self.pid, self.tid, self.tag, self.domain, self.process)


@dataclass(frozen=True, slots=True)
class LogRecord(Fields):
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

    @property
    def end_line(self) -> int:
        """1-based physical line number of the record's last line."""
        return self.line + len(self.raw) - 1

    @property
    def message(self) -> str:
        """The whole message, continuation lines joined by newlines."""
        return "\n".join(self.messages)
