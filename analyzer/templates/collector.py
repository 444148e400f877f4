"""Unknown errors: the error records no catalog entry explains, grouped by template.

A catalog never covers everything, and the cause of a failure is often an error line
it has never seen. :class:`UnmatchedCollector` takes every error record of every input
in stream order, as the engines classify them
(:mod:`analyzer.engine.errorlines`); it keeps those the catalog left unexplained,
mines their templates (:mod:`.miner`) and returns
:class:`~analyzer.model.UnmatchedGroup` values, biggest first.

Counts of lines are of physical lines (a 30-line stack trace is 30 lines), so
``error_lines_unmatched / error_lines_total`` is the share of error lines the catalog
leaves unexplained.

Memory: the miner holds at most ``max_groups`` clusters; when it drops one (least
frequent first), its group goes with it and is counted in
:attr:`~analyzer.model.Unmatched.evicted_groups` and
:attr:`~analyzer.model.Unmatched.evicted_records`, never lost silently. Each group
keeps every occurrence, since the JSON report lists every one, but packed (compressed
batches, on disk past a budget), not as objects; an occurrence is made when a report
reads it.
"""

from __future__ import annotations

from collections.abc import Container

from analyzer.engine.errorlines import error_record
from analyzer.model import LEVEL_OF_VALUE, ErrorRecord, LogRecord, Unmatched, UnmatchedGroup
from analyzer.store.rows import (
    E_LINES,
    E_OCCURRENCE,
    E_SECRETS,
    E_TOKENS,
    NOT_COUNTED,
    O_LEVEL,
    OCCURRENCE,
    PackedErrorRecord,
    group_row,
    pack_error_record,
    unpack_occurrence,
)
from analyzer.store.spill import RowStore
from analyzer.templates.miner import (
    DEFAULT_DEPTH,
    DEFAULT_MAX_CLUSTERS,
    DEFAULT_SIMILARITY,
    ClusterId,
    TemplateMiner,
)
from analyzer.templates.tokens import message_tokens

DEFAULT_SAMPLES = 5
"""Occurrences per group shown as samples."""


class UnmatchedCollector:
    """Collects and groups the error records the catalog leaves unexplained.

    Feed it every error record in stream order with :meth:`feed` (or every record with
    :meth:`add`); read :meth:`groups` or :meth:`result` at the end. ``samples`` is how
    many occurrences each group shows; ``max_groups``, ``similarity`` and ``depth`` go
    to the :class:`~analyzer.templates.miner.TemplateMiner`.
    """

    def __init__(
        self,
        *,
        samples: int = DEFAULT_SAMPLES,
        max_groups: int = DEFAULT_MAX_CLUSTERS,
        similarity: float = DEFAULT_SIMILARITY,
        depth: int = DEFAULT_DEPTH,
    ) -> None:
        self.samples = max(samples, 0)
        self.miner = TemplateMiner(
            similarity=similarity, depth=depth, max_clusters=max_groups, on_evict=self._evict
        )
        """The miner behind the groups (read-only use: its clusters are the groups)."""
        self._rows = RowStore(OCCURRENCE, count=("input", "secrets"))
        """Each group's occurrences, keyed by cluster id."""
        self._loudest: dict[ClusterId, int] = {}
        self.error_lines_total = 0
        """Physical lines of all error records seen so far."""
        self.error_lines_unmatched = 0
        """Physical lines of the unexplained error records seen so far."""
        self.evicted_groups = 0
        """Groups dropped so far to keep memory bounded."""
        self.evicted_records = 0
        """Records of the dropped groups."""

    def add(
        self, input_index: int, record: LogRecord, matched_lines: Container[int] = frozenset()
    ) -> ClusterId | None:
        """Offer one record; returns its group's id, or ``None`` when it is not kept.

        ``matched_lines`` holds (at least) the 1-based physical lines of this input
        that the catalog matched; only the record's own lines are looked up. A record
        that is not an error record, or that the catalog explains, is not kept.
        """
        classified = error_record(input_index, record, matched_lines, message_tokens)
        return None if classified is None else self.feed(classified)

    def feed(self, classified: ErrorRecord, line_offset: int = 0) -> ClusterId | None:
        """Take one classified error record; returns its group's id, or ``None`` when
        the catalog explains it. ``line_offset`` is added to its line numbers (records
        classified in a part of an input count lines from the part's start)."""
        return self.feed_packed(pack_error_record(classified), line_offset)

    def feed_packed(self, packed: PackedErrorRecord, line_offset: int = 0) -> ClusterId | None:
        """:meth:`feed` for a record as the engines hand it over, packed."""
        lines = packed[E_LINES]
        self.error_lines_total += lines
        occurrence = packed[E_OCCURRENCE]
        if occurrence is None:
            return None
        self.error_lines_unmatched += lines
        cluster_id = self.miner.add_tokens(packed[E_TOKENS])
        self._rows.append(cluster_id, group_row(occurrence, line_offset, packed[E_SECRETS]))
        level = occurrence[O_LEVEL]
        if level > self._loudest.get(cluster_id, -1):
            self._loudest[cluster_id] = level
        return cluster_id

    def count_explained(self, lines: int) -> None:
        """Count error records the catalog explains, by their physical lines only: what
        :meth:`feed` does with each of them, for many at once."""
        self.error_lines_total += lines

    def _evict(self, cluster_id: ClusterId) -> None:
        """The miner drops a cluster: drop its group, and count what went."""
        self.evicted_groups += 1
        self.evicted_records += self._rows.drop(cluster_id)
        self._loudest.pop(cluster_id, None)

    def groups(self) -> list[UnmatchedGroup]:
        """The groups so far, by count (descending), then first occurrence."""
        groups: list[UnmatchedGroup] = []
        for cluster_id, loudest in self._loudest.items():
            template = self.miner.template(cluster_id)
            occurrences = self._rows.column(cluster_id, unpack_occurrence)
            secrets = occurrences.counts("secrets")
            groups.append(
                UnmatchedGroup(
                    template=template,
                    count=len(occurrences),
                    first=occurrences[0],
                    last=occurrences[-1],
                    samples=occurrences[: self.samples],
                    occurrences=occurrences,
                    level=LEVEL_OF_VALUE[loudest],
                    secrets=None
                    if NOT_COUNTED in secrets
                    else sum(value * n for value, n in secrets.items()),
                )
            )
        groups.sort(key=lambda g: (-g.count, g.first.input, g.first.line, g.template))
        return groups

    def result(self) -> Unmatched:
        """The groups and the counts, frozen."""
        return Unmatched(
            groups=tuple(self.groups()),
            error_lines_total=self.error_lines_total,
            error_lines_unmatched=self.error_lines_unmatched,
            evicted_groups=self.evicted_groups,
            evicted_records=self.evicted_records,
        )
