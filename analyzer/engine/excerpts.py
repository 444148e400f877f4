"""Context lines around samples, collected while the records of an input stream past.

Reports show the first few occurrences of each finding with ``--context N`` lines
before and after. The plain engine reads each input once, so the lines before a match
come from a small ring buffer and the lines after it are filled in as they arrive;
memory is bounded by the ring plus the pending samples, never by the size of the log.
Which matches become samples is the sink's choice (:meth:`Sink.wants_sample
<analyzer.engine.interface.Sink.wants_sample>`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from analyzer.engine.interface import Sink
from analyzer.formats import MAX_RECORD_LINES
from analyzer.model import ContextLine, LogRecord, Match, Sample
from analyzer.textcap import cap


@dataclass
class _Pending:
    match: Match
    before: tuple[ContextLine, ...]
    after: list[ContextLine] = field(default_factory=list)


class Excerpts:
    """The samples of one input: offered matches that the sink wants, with up to
    ``context`` lines before and after each, handed to the sink once complete."""

    def __init__(self, sink: Sink, context: int) -> None:
        self.sink = sink
        self.context = max(context, 0)
        self._ring: deque[ContextLine] = deque(maxlen=self.context + MAX_RECORD_LINES + 1)
        self._pending: list[_Pending] = []

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
        """Consider a match as a sample (the sink says whether it wants it)."""
        if not self.sink.wants_sample(match.entry):
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

    def _finish(self, pending: _Pending) -> None:
        after = tuple(pending.after[: self.context])
        self.sink.sample(Sample(pending.match, pending.before, after))

    def close(self) -> None:
        """The input ended: the samples still waiting for lines after them are done."""
        for pending in self._pending:
            self._finish(pending)
        self._pending = []
