"""Context lines around sample occurrences, collected while the log streams past.

Reports show the first few occurrences of each finding with ``--context N`` lines
before and after. The log is read once, so the lines before a match come from a
small ring buffer and the lines after it are filled in as they arrive; memory is
bounded by the ring plus the pending samples, never by the size of the log.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from analyzer.formats import MAX_RECORD_LINES
from analyzer.model import ContextLine, LogRecord, Match, Sample
from analyzer.textcap import cap


@dataclass
class _Pending:
    match: Match
    before: tuple[ContextLine, ...]
    after: list[ContextLine] = field(default_factory=list)


class ExcerptCollector:
    """Keeps the first ``per_entry`` occurrences of each entry, with context."""

    def __init__(self, context: int, per_entry: int) -> None:
        self.context = max(context, 0)
        self.per_entry = max(per_entry, 0)
        self._ring: deque[ContextLine] = deque(maxlen=self.context + MAX_RECORD_LINES + 1)
        self._pending: list[_Pending] = []
        self._done: dict[str, list[Sample]] = {}
        self._taken: dict[str, int] = {}

    def start_input(self, index: int) -> None:
        """A new input begins: context never crosses from one file into the next."""
        self._flush()
        self._ring.clear()

    def tap(self, records: Iterable[LogRecord]) -> Iterator[LogRecord]:
        """Pass records through, remembering their lines for context."""
        for record in records:
            for offset, text in enumerate(record.raw):
                self._line(ContextLine(record.line + offset, cap(text)))
            yield record

    def _line(self, line: ContextLine) -> None:
        self._ring.append(line)
        if not self._pending:
            return
        still: list[_Pending] = []
        for pending in self._pending:
            if line.line > pending.match.line and len(pending.after) < self.context:
                pending.after.append(line)
            if len(pending.after) >= self.context:
                self._finish(pending)
            else:
                still.append(pending)
        self._pending = still

    def offer(self, match: Match) -> None:
        """Consider a match as a sample (only the first few per entry are kept)."""
        if not self._take(match.entry):
            return
        before = tuple(
            line for line in self._ring if match.line - self.context <= line.line < match.line
        )
        pending = _Pending(match, before)
        pending.after.extend(
            line for line in self._ring if match.line < line.line <= match.line + self.context
        )
        if len(pending.after) >= self.context:
            self._finish(pending)
        else:
            self._pending.append(pending)

    def wants(self, entry: str) -> bool:
        """Whether a match of ``entry`` would become a sample now (so a caller holding
        it packed unpacks only those)."""
        return self._taken.get(entry, 0) < self.per_entry

    def _take(self, entry: str) -> bool:
        """Count a sample of ``entry`` if :meth:`wants` one; whether it did."""
        if not self.wants(entry):
            return False
        self._taken[entry] = self._taken.get(entry, 0) + 1
        return True

    def offer_located(
        self,
        match: Match,
        context: Callable[[], tuple[tuple[ContextLine, ...], tuple[ContextLine, ...]]],
    ) -> None:
        """Consider a match found without tapping its records (the fast engine):
        ``context`` reads its lines before and after, only when it becomes a sample."""
        if not self._take(match.entry):
            return
        before, after = context() if self.context else ((), ())
        self._done.setdefault(match.entry, []).append(Sample(match, before, after))

    def _finish(self, pending: _Pending) -> None:
        sample = Sample(pending.match, pending.before, tuple(pending.after[: self.context]))
        self._done.setdefault(pending.match.entry, []).append(sample)

    def _flush(self) -> None:
        for pending in self._pending:
            self._finish(pending)
        self._pending = []

    def samples(self) -> dict[str, tuple[Sample, ...]]:
        """Samples by entry id, once every input has been read."""
        self._flush()
        return {
            entry: tuple(sorted(found, key=lambda s: (s.match.input, s.match.line)))
            for entry, found in self._done.items()
        }
