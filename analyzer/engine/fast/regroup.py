"""The records around candidate lines, parsed from safe restart points.

A candidate's record is regrouped from a line that starts a record whatever came
before it (:func:`~analyzer.formats.grouping.starts_record`), so records and evidence
window equal those of a parse from the first line; nearby candidates continue the
same parse. An error line that is a record by itself is classified without parsing
its neighbours. What a range finds goes into a :class:`Found`, packed as it is found.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from analyzer import formats
from analyzer.engine.context import WINDOW_LINES
from analyzer.engine.errorlines import Tokenize, error_line, error_record
from analyzer.engine.fast.compiled import Prefilter
from analyzer.engine.fast.reader import ByteReader
from analyzer.engine.matcher import Matcher
from analyzer.formats.grouping import MAX_RECORD_LINES, read_starts_record, starts_record
from analyzer.formats.interface import LogFormat
from analyzer.model import Header, LogRecord, Match
from analyzer.store.rows import (
    E_OCCURRENCE,
    O_TEXT,
    PackedErrorRecord,
    pack_error_record,
    pack_match,
    with_secrets,
)
from analyzer.store.spill import Batches

RESTART_GAP: Final = 48
"""A candidate this many lines past the current parse restarts it instead of parsing
the lines in between."""


@dataclass(frozen=True)
class ScanTools:
    """What scanning a range needs besides its bytes: the compiled prefilter, the
    reference matcher (one per scan: it holds the switched-off regexes), and the
    tokenizer of error messages."""

    prefilter: Prefilter
    matcher: Matcher
    tokenize: Tokenize

    def __reduce__(self) -> tuple[Any, ...]:
        # Forked workers inherit the tools; a spawned one builds them again.
        return (_rebuild, (self.prefilter.catalog, self.tokenize))


def _rebuild(catalog: Any, tokenize: Tokenize) -> ScanTools:
    from analyzer.engine.fast.compiled import prefilter_for

    return ScanTools(prefilter_for(catalog), Matcher(catalog), tokenize)


_MEMO_LINES: Final = 256
"""Lines a :class:`Memo` remembers. A line is parsed again soon after it was parsed
(the candidate check, then its record; a restart, then its evidence window), so a
small cache gets the hits. A large one costs memory for good: thousands of parsed
headers, made between the few objects that outlive a range, leave the worker's
small-object arenas partly full and unfreeable, and the worker's RSS keeps that
high-water mark."""


class Memo(LogFormat):
    """A log format whose ``parse_line`` answers repeated lines from a small cache."""

    def __init__(self, fmt: LogFormat) -> None:
        self.fmt = fmt
        self.name = fmt.name
        self.title = fmt.title
        self.example = fmt.example
        self.continuation_lines = fmt.continuation_lines
        self.blank_line_ends_record = fmt.blank_line_ends_record
        self.escaped_text = fmt.escaped_text
        self.levels_in_plain_sight = fmt.levels_in_plain_sight
        self._cache: dict[str, Header | None] = {}

    def parse_line(self, line: str) -> Header | None:
        try:
            return self._cache[line]
        except KeyError:
            if len(self._cache) > _MEMO_LINES:
                self._cache.clear()
            header = self._cache[line] = self.fmt.parse_line(line)
            return header

    def message(self, line: str) -> str | None:
        """:meth:`LogFormat.message`, from the cache when the line is in it (not kept
        when it is not: most lines asked about are never parsed whole)."""
        if line in self._cache:
            header = self._cache[line]
            return None if header is None else header.message
        return self.fmt.message(line)


class Found:
    """What a range found, packed as it is found (:class:`~analyzer.store.spill.Batches`):
    its matches (with the byte offset of each one's line), its classified error
    records, and the lines of the matches whose text holds a secret, when secrets are
    counted (with ``secrets``)."""

    def __init__(self, secrets: Callable[[str], int] | None) -> None:
        self.secrets = secrets
        self.matches = Batches()
        self.errors = Batches()
        self.secret_lines: list[int] = []

    def extend(self, found: Iterable[tuple[Match, int]]) -> None:
        for match, offset in found:
            self.matches.append((pack_match(match), offset))
            if self.secrets is not None and self.secrets(match.text):
                self.secret_lines.append(match.line)


class Region:
    """The records around candidates, parsed from safe restart points."""

    def __init__(
        self,
        tools: ScanTools,
        reader: ByteReader,
        fmt: Memo,
        input_index: int,
        *,
        jsonl: bool,
        count_secrets: bool = False,
    ) -> None:
        self.tools = tools
        self.jsonl = jsonl
        self.count_secrets = count_secrets
        self.reader = reader
        self.fmt = fmt
        self.input_index = input_index
        self.records: Iterator[Any] | None = None
        self.window = tools.matcher.new_window()
        self.done_until = -(1 << 62)
        self.alone = 0
        """The last line classified as a record by itself (:meth:`take_alone`)."""
        self.explained_lines = 0
        """Lines of the error records the catalog explains that start in the range."""
        self.offsets: deque[tuple[int, int]] = deque(maxlen=4 * MAX_RECORD_LINES)
        self.present: frozenset[str] | None = None
        """The catalogs with evidence in or near the previous chunk (None before the
        first): the next chunk's scan guesses them."""

    def _starts(self, s: int) -> bool:
        raw, _ = self.reader.line(s)
        return starts_record(raw.decode("utf-8", "replace"), self.fmt)

    def _record_start(self, s: int, number: int, lines_back: int = 0) -> tuple[int, int]:
        """A line that starts a record, at least ``lines_back`` lines before the line
        ``number`` (at ``s``), or the first line of the input."""
        reader = self.reader
        s, went = reader.back(s, lines_back)
        number -= went
        if went < lines_back:
            return s, number
        while not self._starts(s):
            p = reader.prev_start(s)
            if p is None:
                return s, number
            s, number = p, number - 1
        return s, number

    def scan(self, s: int, number: int) -> tuple[LogRecord, list[tuple[Match, int]]] | None:
        """The record holding the line that starts at ``s`` and its matches (None when
        that record was scanned already)."""
        if number <= self.done_until:
            return None
        if self.records is None or number - self.done_until > RESTART_GAP:
            start, first = self._record_start(s, number)
            self.offsets.clear()
            lines = self.reader.lines_from(start, first, self.offsets)
            self.records = iter(formats.records(lines, self.fmt))
            self.window = self.tools.matcher.new_window()
            history = _History(self, start, first)
            self.window.defer(history.records, history.may_hold)
        for record in self.records:
            self.window.push(record)
            if record.end_line >= number:
                self.done_until = record.end_line
                found = self.tools.matcher.scan_record(record, self.input_index, self.window)
                return record, [(m, self._offset(m.line)) for m in found]
        return None

    def take_alone(
        self,
        s: int,
        number: int,
        raw: str,
        header: Header | None,
        out: Found,
        following: bytes | None = None,
    ) -> bool:
        """Classify the record of an error line that no catalog entry can match, without
        parsing the lines around it, when the line is a record by itself: it starts a
        record whatever came before, and so does the line after it (or there is none).
        Most error records are such lines, and the region's restart costs some twenty
        parsed lines. The line comes read (:func:`~analyzer.formats.grouping.read_line`),
        and the line after it may come too (``following``, without its end), when the
        caller has it at hand. ``False`` when the line may belong to a longer record."""
        fmt: Any = self.fmt
        if not read_starts_record(raw, header, fmt):
            return False
        if following is None:
            _, after = self.reader.line(s)
            if after < self.reader.end:
                following, _ = self.reader.line(after)
        if following is not None and not starts_record(following.decode("utf-8", "replace"), fmt):
            return False
        packed = error_line(self.input_index, number, raw, header, self.tools.tokenize)
        if packed is not None:
            out.errors.append(self._counted(packed))
        self.alone = number
        return True

    def take(self, s: int, number: int, out: Found) -> None:
        """Scan the record holding line ``number`` (at ``s``) unless it was scanned: its
        matches go to ``out``, and so does its classification when it is an error
        record."""
        scanned = self.scan(s, number)
        if scanned is None:
            return
        record, found = scanned
        out.extend(found)
        classified = error_record(
            self.input_index, record, {m.line for m, _ in found}, self.tools.tokenize
        )
        if classified is None:
            return
        if classified.occurrence is not None:
            out.errors.append(self._counted(pack_error_record(classified)))
        elif classified.line >= 1:
            # The catalog explains it: only its lines count (in the share of error
            # lines explained), so a log that matches on every line sends no records.
            self.explained_lines += classified.lines

    def _counted(self, packed: PackedErrorRecord) -> PackedErrorRecord:
        """A packed error record with the secrets in its occurrence counted, when the
        report is to be redacted: here, in the worker, rather than serially in the main
        process."""
        occurrence = packed[E_OCCURRENCE]
        if not self.count_secrets or occurrence is None:
            return packed
        return with_secrets(packed, self.tools.prefilter.secrets(occurrence[O_TEXT]))

    def _offset(self, number: int) -> int:
        first = self.offsets[0][0]
        return self.offsets[number - first][1]


class _History:
    """The evidence window of the record a region restarted at (the line ``number``, at
    ``s``): the records of the :data:`~analyzer.engine.context.WINDOW_LINES` lines
    before it, parsed only when asked for, and a byte scan of those lines that says
    cheaply whether they may hold a catalog's evidence. Where those lines begin (a
    line that starts a record, far enough back) is found once, for both."""

    def __init__(self, region: Region, s: int, number: int) -> None:
        self._region = region
        self._s = s
        self._number = number
        self._begin: tuple[int, int] | None = None
        self._catalogs: frozenset[str] | None = None

    def _start(self) -> tuple[int, int]:
        if self._begin is None:
            self._begin = self._region._record_start(self._s, self._number, WINDOW_LINES)
        return self._begin

    def records(self) -> Iterator[LogRecord]:
        """The records before the record at ``s``, from a line that starts one."""
        start, first = self._start()
        region = self._region
        lines = region.reader.lines_from(start, first, deque(maxlen=1))
        before = itertools.takewhile(lambda item: item[0] < self._number, lines)
        return iter(formats.records(before, region.fmt))

    def may_hold(self, catalog: str) -> bool:
        """Whether :meth:`records` may hold evidence of ``catalog``. JSON lines are
        decoded before evidence is looked for, so their bytes prove nothing."""
        region = self._region
        if region.jsonl:
            return True
        if self._catalogs is None:
            start, _ = self._start()
            self._catalogs = region.tools.prefilter.catalogs_in(region.reader.read(start, self._s))
        return catalog in self._catalogs
