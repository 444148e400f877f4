"""What a catalog holds: entries with their explanation, signatures and provenance, and
the context rules that say when a short code counts."""

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


CATCH_ALL_CODES = frozenset({"other", "others", "其他"})
"""Codes (lower case) of the catch-all rows a table may end with: they stand for any
code of their catalog that the catalog does not list."""


def is_catch_all(entry: CatalogEntry) -> bool:
    """Whether ``entry`` is a catch-all row (TPNS ``Other``: "Unknown error")."""
    return entry.value is None and entry.code.lower() in CATCH_ALL_CODES


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

    def needs_evidence(self, value: int) -> bool:
        """Whether the code ``value`` of this catalog counts only with evidence."""
        return self.requires is Requires.ALL or (
            self.requires is Requires.SHORT and abs(value) < self.short_below
        )
