"""Every match of a scan, packed per catalog entry, with what ranking needs.

A log that repeats a catalog error on every line has millions of matches. They are
not kept as objects: each goes into a :class:`~analyzer.spill.RowStore` as a packed
row (:meth:`Match.packed <analyzer.model.Match.packed>`), and what triage ranks by
(the count, the position of the first occurrence, the loudest level, the best
confidence and the other candidates) is kept as a running aggregate per entry. A
finding's occurrences are then a :class:`~analyzer.spill.Column` that unpacks each
match only when a report reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.model import PACKED_INPUT, PACKED_PROCESS, PACKED_TAG, EntryId, Match, PackedMatch
from analyzer.spill import Column, RowStore


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
        self.rows = (
            rows
            if rows is not None
            else RowStore(count_at=(PACKED_INPUT, PACKED_TAG, PACKED_PROCESS))
        )
        self.aggregates: dict[EntryId, EntryAggregate] = {}
        """Per entry, in the order of each entry's first match."""
        self.total = 0
        """Matches added."""
        self._last = (-1, 0)

    def add(self, match: Match) -> None:
        """Add one match."""
        self.add_packed(match.packed())

    def add_packed(self, row: PackedMatch, line_offset: int = 0) -> PackedMatch:
        """Add one match as :meth:`Match.packed` gives it, its lines moved by
        ``line_offset`` (a worker counts lines from the start of its range); returns
        the row as added."""
        if line_offset:
            row = (*row[:3], row[3] + line_offset, row[4] + line_offset, *row[5:])
        entry = row[0]
        where = (row[2], row[3])
        if where < self._last:
            raise ValueError(f"match of {entry} at {where} arrived after one at {self._last}")
        self._last = where
        aggregate = self.aggregates.get(entry)
        if aggregate is None:
            aggregate = self.aggregates[entry] = EntryAggregate(first=self.total)
        aggregate.count += 1
        if row[10] > aggregate.level:
            aggregate.level = row[10]
        if row[7] > aggregate.confidence:
            aggregate.confidence = row[7]
        for candidate in row[1]:
            if candidate != entry:
                aggregate.candidates[candidate] = None
        self.rows.append(entry, row)
        self.total += 1
        return row

    def occurrences(self, entry: EntryId) -> Column[Match]:
        """Every match of ``entry`` so far, in input and line order, unpacked as read."""
        return self.rows.column(entry, Match.unpacked, input_at=PACKED_INPUT)
