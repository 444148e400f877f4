"""Every match of a scan, packed per catalog entry, with what ranking needs.

A log that repeats a catalog error on every line has millions of matches. They are
not kept as objects: each goes into a :class:`~analyzer.store.spill.RowStore` as a
packed row (:data:`~analyzer.store.rows.MATCH`), and what triage ranks by (the count,
the position of the first occurrence, the loudest level, the best confidence and the
other candidates) is kept as a running aggregate per entry. A finding's occurrences
are then a column that unpacks each match only when a report reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.model import EntryId, Match, Occurrences
from analyzer.store.rows import (
    M_CANDIDATES,
    M_CONFIDENCE,
    M_ENTRY,
    M_INPUT,
    M_LEVEL,
    M_LINE,
    MATCH,
    MatchRow,
    pack_match,
    unpack_match,
)
from analyzer.store.spill import RowStore

COUNTED = ("input", "tag", "process")
"""The fields of a match counted per entry as matches arrive: what reports ask of every
finding (occurrences per input, the tags and processes that logged it)."""


@dataclass(slots=True)
class EntryAggregate:
    """What ranking needs of one entry's matches, kept as they arrive."""

    first: int
    """Position of the entry's first match among all matches (0-based)."""
    count: int = 0
    """Matches of the entry."""
    level: int = 0
    """The loudest level among them (``Level`` value; 0 for none)."""
    confidence: float = 0.0
    """The best confidence among them."""
    candidates: dict[EntryId, None] = field(default_factory=dict)
    """Other entries some of them could also mean, in the order first seen."""


class MatchStore:
    """Collects the matches of a scan, which must arrive in input and line order.

    Both engines give their matches in that order, and ranking relies on it (the
    first match of an entry is the first one added), so a match that goes back is a
    bug, and is refused with ``ValueError`` rather than ranked wrongly.
    """

    def __init__(self, rows: RowStore | None = None) -> None:
        self.rows = rows if rows is not None else RowStore(MATCH, count=COUNTED)
        self.aggregates: dict[EntryId, EntryAggregate] = {}
        """Per entry, in the order of each entry's first match."""
        self.total = 0
        """Matches added."""
        self._last = (-1, 0)

    def add(self, match: Match) -> None:
        """Add one match."""
        self.add_row(pack_match(match))

    def add_row(self, row: MatchRow) -> None:
        """Add one packed match (its line numbers those of its input)."""
        entry = row[M_ENTRY]
        where = (row[M_INPUT], row[M_LINE])
        if where < self._last:
            raise ValueError(f"match of {entry} at {where} arrived after one at {self._last}")
        self._last = where
        aggregate = self.aggregates.get(entry)
        if aggregate is None:
            aggregate = self.aggregates[entry] = EntryAggregate(first=self.total)
        aggregate.count += 1
        if row[M_LEVEL] > aggregate.level:
            aggregate.level = row[M_LEVEL]
        if row[M_CONFIDENCE] > aggregate.confidence:
            aggregate.confidence = row[M_CONFIDENCE]
        for candidate in row[M_CANDIDATES]:
            if candidate != entry:
                aggregate.candidates[candidate] = None
        self.rows.append(entry, row)
        self.total += 1

    def occurrences(self, entry: EntryId) -> Occurrences[Match]:
        """Every match of ``entry`` so far, in input and line order, unpacked as read."""
        return self.rows.column(entry, unpack_match)
