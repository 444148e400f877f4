"""The fast engine: a hyperscan prefilter over byte chunks, the reference matcher on
the few records that can match.

It gives exactly the plain engine's matches, in the same order, because it runs the
very same matcher on every record that can hold a match, with the same evidence
window; the modules say how:

* :mod:`.transpile`, :mod:`.patterns` -- the catalog's rules as byte patterns that
  fire on every line that can match (and :mod:`.export`, the same for ``rg``/``grep``);
* :mod:`.compiled` -- those patterns compiled, cached, and scanned per thread;
* :mod:`.reader` -- random access to an input's bytes, lines counted in bytes;
* :mod:`.regroup` -- the records around candidate lines, parsed from safe restart
  points;
* :mod:`.ranges` -- one byte range scanned chunk by chunk;
* :mod:`.pool` -- an input cut into ranges, run in this process or by workers;
* :mod:`.context` -- the lines around a sample, read by byte offset.

Streams (stdin, pipes), compressed inputs and UTF-16 are first written out as UTF-8
to a temporary file, then scanned the same way. An input whose log format prints its
error levels where the prefilter cannot see them
(:attr:`~analyzer.formats.interface.LogFormat.levels_in_plain_sight`) is scanned line
by line, as the plain engine does.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

from analyzer.catalog.loader import Catalog
from analyzer.engine.fast.compiled import FastEngineError, available, prefilter_for
from analyzer.engine.fast.context import context_lines
from analyzer.engine.fast.pool import Workers, default_jobs, split
from analyzer.engine.fast.ranges import Result, Task
from analyzer.engine.fast.regroup import ScanTools
from analyzer.engine.interface import Engine, InputScan, Progress, ScanInput, ScanSettings, Sink
from analyzer.engine.matcher import Matcher
from analyzer.model import Match, RegexFailure, Sample
from analyzer.sources import LogInput
from analyzer.store.rows import E_LINE, M_ENTRY, M_LINE, shift_match, unpack_match
from analyzer.store.spill import batch_rows

__all__ = ["FastEngine", "FastEngineError", "available", "default_jobs", "prefilter_for"]


class FastEngine(Engine):
    """The hyperscan prefilter engine; :class:`FastEngineError` where it cannot run."""

    name = "fast"

    def __init__(self, catalog: Catalog, settings: ScanSettings) -> None:
        super().__init__(catalog, settings)
        self.tools = ScanTools(prefilter_for(catalog), Matcher(catalog), settings.tokenize)
        jobs = settings.jobs if settings.jobs is not None else default_jobs()
        self._workers = Workers(self.tools, jobs)
        self._plain: Engine | None = None

    def scan(
        self, scan_input: ScanInput, sink: Sink, progress: Progress | None = None
    ) -> InputScan:
        if not scan_input.format.levels_in_plain_sight:
            # The prefilter cannot see this format's error levels: line by line.
            if self._plain is None:
                from analyzer.engine.plain import PlainEngine  # rarely needed: not at start-up

                self._plain = PlainEngine(self.catalog, self.settings, matcher=self.tools.matcher)
            return self._plain.scan(scan_input, sink, progress)
        source = scan_input.source
        span = source.byte_range()
        if span is not None:
            path, start, end = span
            lines, error, failures = self._scan_file(scan_input, sink, path, start, end, progress)
            source.record_read(lines=lines, size=end, error=error)
        else:
            with _spooled(source) as path:
                size = os.path.getsize(path)
                lines, _, failures = self._scan_file(scan_input, sink, path, 0, size, progress)
            source.record_read(lines=lines)
        return InputScan(source.stats, tuple(failures))

    def _scan_file(
        self, scan_input: ScanInput, sink: Sink, path: str, start: int, end: int,
        progress: Progress | None,
    ) -> tuple[int, str | None, list[RegexFailure]]:  # fmt: skip
        """Scan bytes ``start..end`` of the file at ``path`` (UTF-8 text): its lines, the
        read fault that stopped it (if any) and the regexes switched off.

        Each range's matches and error records are handed over in line order as its
        result comes in, so they are never all held at once."""
        index, name = scan_input.index, scan_input.source.name
        count_secrets = self.settings.count_secrets
        whole = Task(
            path, start, end, start, end, scan_input.format.name, index, name, count_secrets
        )
        # Ranges even with one job: what a range holds until it is taken (its matches and
        # error records) then stays bounded however big the input is.
        tasks = split(whole)
        failures: list[RegexFailure] = []
        secret_lines: list[int] = []
        lines = 0
        error = None
        for task, result in zip(tasks, self._workers.run(tasks, name), strict=False):
            size = result.lines
            secret_lines.extend(line + lines for line in result.secret_lines if 1 <= line <= size)
            self._hand_over(result, lines, sink, (path, start, end))
            failures.extend(result.failures)
            lines += result.lines
            if progress is not None:
                progress(task.b - start)
            if result.error is not None:
                error = result.error
                break
        if count_secrets:
            sink.checked(index, secret_lines)
        return lines, error, failures

    def _hand_over(
        self, result: Result, lines: int, sink: Sink, text: tuple[str, int, int]
    ) -> None:
        """A range's matches (with the samples the sink wants) and error records, its
        line numbers moved by ``lines``; ``text`` is the file and span it was read from,
        for the samples' context."""
        size = result.lines
        for row, offset in batch_rows(result.matches):
            if 1 <= row[M_LINE] <= size:
                row = shift_match(row, lines)
                sink.match(row)
                if sink.wants_sample(row[M_ENTRY]):
                    sink.sample(self._sample(unpack_match(row), offset, text))
        for classified in batch_rows(result.errors):
            if 1 <= classified[E_LINE] <= size:
                sink.error_record(classified, lines)
        if result.explained_lines:
            sink.explained(result.explained_lines)

    def _sample(self, match: Match, offset: int, text: tuple[str, int, int]) -> Sample:
        """``match``, whose line starts at byte ``offset``, with its context lines."""
        context = self.settings.context
        if not context:
            return Sample(match)
        path, start, end = text
        before, after = context_lines(path, start, end, offset, match.line, context)
        return Sample(match, before, after)

    def close(self) -> None:
        self._workers.close()


@contextlib.contextmanager
def _spooled(source: LogInput) -> Iterator[str]:
    """The path of a temporary file holding an input's text as UTF-8, deleted on exit."""
    with tempfile.NamedTemporaryFile(prefix="analyzer-", suffix=".log") as spooled:
        for chunk in source.utf8_chunks():
            spooled.write(chunk)
        spooled.flush()
        yield spooled.name
