"""Errors no catalog entry explains: the records a scan classified as error records,
and the groups they form by template."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NewType

from analyzer.model.records import Level

TemplateKey = NewType("TemplateKey", str)
"""A template's stable key: 16 hex digits of the SHA-1 of its text."""


def template_key(template: str) -> TemplateKey:
    """The stable key of a template, for matching groups across logs and runs.

    Masking has already replaced the numbers, ids, addresses and times that differ
    between runs, so the same message gives the same template, hence the same key, in
    every log. The key is short and safe in file names and JSON; the template itself
    stays the readable identity.
    """
    data = template.encode("utf-8", "surrogatepass")
    return TemplateKey(hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16])


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One unexplained error record, in the shape of a finding's occurrence."""

    input: int
    """Index of the input in the report's ``inputs``."""
    line: int
    """1-based physical line that was templated (the record's first non-blank one)."""
    time: str | None
    """Time of the record, as written."""
    level: Level | None
    """Level of the record."""
    tag: str | None
    """Tag of the record."""
    text: str
    """The physical line as read, capped at :data:`~analyzer.textcap.MAX_TEXT_CHARS`."""


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """What grouping needs of one error record: engines classify records where they
    parse them, and the unknown-error collector takes them in stream order."""

    line: int
    """1-based first physical line of the record."""
    lines: int
    """Physical lines of the record."""
    tokens: tuple[str, ...]
    """The masked tokens of the message line the record is templated by (its first
    non-blank one), made by the tokenizer the engine was given: masking is the costly
    part of mining, and this way it runs where the record is classified."""
    occurrence: Occurrence | None
    """The record as an occurrence, or ``None`` when the catalog explains it."""
    secrets: int | None = None
    """How many values redaction replaces in the occurrence's text, counted where the
    record was classified, or ``None`` when not counted."""


@dataclass(frozen=True, slots=True)
class UnmatchedGroup:
    """Unexplained error records that share one template."""

    template: str
    """The records' common text: ``<NUM>``-style masks and ``<*>`` where they differ."""
    count: int
    """Number of records in the group."""
    first: Occurrence
    """The first record fed (the earliest, when inputs are fed in order)."""
    last: Occurrence
    """The last record fed."""
    samples: tuple[Occurrence, ...]
    """The first few records, for human formats."""
    occurrences: Sequence[Occurrence]
    """Every record, in the order fed (input, then line order); from a scan, an
    :class:`~analyzer.model.occurrences.Occurrences` that reads each one when asked."""
    level: Level | None
    """The loudest level among the records."""
    baseline_count: int | None = None
    """Records of the same template in the baseline (``--baseline``); ``None`` without
    one. Set by :func:`analyzer.baseline.apply_baseline`."""
    new: bool | None = None
    """Whether the baseline never shows this template; ``None`` without a baseline."""
    secrets: int | None = None
    """Secret values in the records' lines as the scan counted them, or ``None`` where
    some were not counted: redaction reads the lines of a group only when this is not
    0."""

    @property
    def key(self) -> TemplateKey:
        """Stable key of the template, equal across logs and runs (:func:`template_key`
        of what the template shows, so a redacted template has the key of its masked
        text: a hash of the raw text would let anyone who can guess a secret check the
        guess)."""
        return template_key(self.template)


@dataclass(frozen=True, slots=True)
class Unmatched:
    """Everything the collector found: the groups and the share they stand for."""

    groups: tuple[UnmatchedGroup, ...]
    """Groups by count (descending), then first occurrence."""
    error_lines_total: int
    """Physical lines of all error records, explained or not."""
    error_lines_unmatched: int
    """Physical lines of the error records no catalog entry explains."""
    evicted_groups: int = 0
    """Groups dropped to keep memory bounded (their records are not in ``groups``)."""
    evicted_records: int = 0
    """Records of the dropped groups."""

    @property
    def unexplained_share(self) -> float:
        """``error_lines_unmatched / error_lines_total`` (0.0 when there were none)."""
        if self.error_lines_total == 0:
            return 0.0
        return self.error_lines_unmatched / self.error_lines_total
