"""The plain engine: every line of every input parsed into records, every record
matched. The reference the fast engine is held to; it needs nothing but Python."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from analyzer import formats
from analyzer.catalog.loader import Catalog
from analyzer.engine.errorlines import error_record
from analyzer.engine.excerpts import Excerpts
from analyzer.engine.interface import Engine, InputScan, Progress, ScanInput, ScanSettings, Sink
from analyzer.engine.matcher import Matcher
from analyzer.model import LogRecord
from analyzer.sources import LogInput
from analyzer.store.rows import pack_error_record, pack_match

PROGRESS_EVERY = 4096
"""Records between two progress calls: often enough for a smooth bar, rare enough to
cost nothing."""


class PlainEngine(Engine):
    """The reference engine."""

    name = "plain"

    def __init__(
        self, catalog: Catalog, settings: ScanSettings, *, matcher: Matcher | None = None
    ) -> None:
        super().__init__(catalog, settings)
        self.matcher = matcher if matcher is not None else Matcher(catalog)

    def scan(
        self, scan_input: ScanInput, sink: Sink, progress: Progress | None = None
    ) -> InputScan:
        index, source = scan_input.index, scan_input.source
        tokenize = self.settings.tokenize
        excerpts = Excerpts(sink, self.settings.context)
        records = excerpts.tap(formats.records(source.lines(), scan_input.format))
        if progress is not None:
            records = _reporting(records, source, progress)
        for record, found in self.matcher.scan_records(records, index):
            for match in found:
                excerpts.offer(match)
                sink.match(pack_match(match))
            classified = error_record(index, record, {m.line for m in found}, tokenize)
            if classified is not None:
                sink.error_record(pack_error_record(classified), 0)
        excerpts.close()
        return InputScan(source.stats, tuple(self.matcher.take_failures(index)))


def _reporting(
    records: Iterable[LogRecord], source: LogInput, progress: Progress
) -> Iterator[LogRecord]:
    """Pass records through, reporting the bytes read every ``PROGRESS_EVERY`` records."""
    for count, record in enumerate(records, start=1):
        if count % PROGRESS_EVERY == 0:
            progress(source.stats.bytes)
        yield record
