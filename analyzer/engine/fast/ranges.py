"""One byte range of one input, scanned: chunks, candidate lines, their records.

1. **Chunks.** The range is read in chunks of :data:`CHUNK_BYTES` cut after a line end;
   lines are counted in bytes (:mod:`.reader`), never split in Python.
2. **Prefilter.** Hyperscan (:mod:`.compiled`) reports candidate lines (a code after a
   key, a signature, an error line) and which catalogs have context evidence anywhere
   near: after a range's first chunk in one scan, with the candidates chosen by the
   previous chunk's catalogs (:meth:`~.compiled.Prefilter.with_evidence`), and again
   when the evidence found calls for candidates that guess left out. A code whose
   catalogs all need evidence, in a chunk without any, is dropped right there. The
   neighbourhood of a chunk is :data:`LOOKBACK_LINES` lines before it (back to a line
   that starts a record) and :data:`LOOKAHEAD_LINES` after: every line that can lend
   a record in the chunk its evidence.
3. **The line.** A candidate line is decoded and its message's code and signature hits
   computed exactly (:meth:`~analyzer.engine.matcher.Matcher.needs`); a line that
   cannot match, or that needs evidence that is nowhere near, stops here. A line only
   the error patterns fired on skips that check: it cannot match.
4. **The record.** For the rest, the record is regrouped and scanned (:mod:`.regroup`).

A worker may read before its range (lookback) and after it (the end of a record); it
keeps only what starts on its own lines.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Final

from analyzer import formats, sources
from analyzer.engine.context import WINDOW_LINES
from analyzer.engine.errorlines import is_error_line
from analyzer.engine.fast.compiled import Database, Prefilter
from analyzer.engine.fast.patterns import Pattern
from analyzer.engine.fast.reader import ByteReader, count_lines, count_newlines
from analyzer.engine.fast.regroup import Found, Memo, Region, ScanTools
from analyzer.formats.grouping import MAX_RECORD_LINES, read_line, starts_record
from analyzer.model import RegexFailure

CHUNK_BYTES: Final = 4 << 20
"""Bytes scanned per hyperscan call (cut after a line end)."""

LOOKBACK_LINES: Final = 2 * (MAX_RECORD_LINES - 1) + WINDOW_LINES
"""Lines before a candidate that can lend its record evidence: its record may start
199 lines before it, and a record ending 16 lines before that may be 200 lines long."""

LOOKAHEAD_LINES: Final = MAX_RECORD_LINES - 1
"""Lines after a candidate that can still be part of its record."""

MAX_WALK_BYTES: Final = 64 << 20
"""How far back a search for a line that starts a record may go before the chunk's
neighbourhood is taken to have every catalog's evidence (always safe)."""

AHEAD_BYTES: Final = 64 << 10
"""Bytes read after a chunk for its neighbourhood: some hundreds of lines of a typical
log."""

_LINE_ENDS: Final = b"\r\n"


@dataclass(frozen=True, slots=True)
class Task:
    """One byte range ``a..b`` of the UTF-8 text in bytes ``start..end`` of a file."""

    path: str
    start: int
    end: int
    a: int
    b: int
    fmt: str
    input_index: int
    name: str
    count_secrets: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    """What a range holds, with line numbers local to it (1 = its first line); rows
    outside ``1..lines`` are not the range's, and are dropped when read."""

    lines: int
    """Physical lines in the range."""
    matches: list[bytes]
    """Batches (:func:`~analyzer.store.spill.batch_rows`) of ``(packed match, byte
    offset of its line)``."""
    errors: list[bytes]
    """Batches of the packed error records that start in the range."""
    failures: list[RegexFailure]
    """Catalog regexes that ran out of time in this range and were switched off."""
    error: str | None = None
    """A read fault that stopped the range (its lines and matches are then partial)."""
    secret_lines: list[int] = field(default_factory=list)
    """Lines of matches whose text holds a secret (only when the task counts secrets):
    the main process runs the rules over those lines only."""
    explained_lines: int = 0
    """Lines of the range's error records that the catalog explains (sent as a count:
    the collector needs nothing else of them)."""


def scan_range(tools: ScanTools, task: Task) -> Result:
    """Scan one range (:class:`Task`) with ``tools``."""
    fd = os.open(task.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        return _RangeScan(tools, task, ByteReader(fd, task.start, task.end)).run()
    finally:
        os.close(fd)


class _RangeScan:
    """The scan of one range: its chunks in order, then the record its last line may
    leave unfinished."""

    def __init__(self, tools: ScanTools, task: Task, reader: ByteReader) -> None:
        fmt = formats.get(task.fmt)
        self.tools = tools
        self.task = task
        self.reader = reader
        self.memo = Memo(fmt)
        self.jsonl = fmt.escaped_text
        self.out = Found(tools.prefilter.secrets if task.count_secrets else None)
        self.region = Region(
            tools, reader, self.memo, task.input_index, jsonl=self.jsonl,
            count_secrets=task.count_secrets,
        )  # fmt: skip

    def run(self) -> Result:
        task, reader, region, out = self.task, self.reader, self.region, self.out
        pos, number = task.a, 1
        explained = 0
        try:
            while pos < task.b:
                chunk, size = self._chunk(pos)
                reader.hold(pos, chunk)  # all of it: the bytes after the cut are data too
                number += self._scan_chunk(chunk, size, pos, number)
                explained = region.explained_lines
                pos += size
            lines = number - 1
            if task.b < task.end and lines:
                # The record holding the range's last line may go on into the next range,
                # whose worker drops it (it does not start there): it is ours to classify
                # even when none of its lines in this range is a candidate.
                last = reader.prev_start(task.b)
                if last is not None and region.alone != lines:
                    region.take(last, lines, out)
        except OSError as exc:
            return self._result(number - 1, explained, sources.read_error(task.name, pos, exc))
        if task.b == task.end and task.b > task.a:
            last_byte = reader.read(task.b - 1, task.b)
            if last_byte not in (b"\n", b"\r"):
                lines += 1  # a last line without a line end
        return self._result(lines, region.explained_lines)

    def _result(self, lines: int, explained: int, error: str | None = None) -> Result:
        out = self.out
        return Result(
            lines,
            out.matches.seal(),
            out.errors.seal(),
            self.tools.matcher.take_failures(self.task.input_index),
            error,
            out.secret_lines,
            explained,
        )

    def _chunk(self, pos: int) -> tuple[bytes, int]:
        """The chunk at ``pos`` and how much of it to scan: up to its last line end (a
        line longer than a chunk is read whole), or to the range's end."""
        reader, end = self.reader, self.task.b
        chunk = reader.read(pos, min(end, pos + CHUNK_BYTES))
        size = len(chunk)
        if pos + size < end:
            size = chunk.rfind(b"\n") + 1
            while size == 0 and pos + len(chunk) < end:  # a line longer than a chunk
                chunk += reader.read(pos + len(chunk), min(end, pos + 2 * len(chunk)))
                size = chunk.rfind(b"\n") + 1
            size = size or len(chunk)
        return chunk, size

    def _present(
        self, view: memoryview, pos: int, size: int, hits: list[tuple[int, bool]]
    ) -> frozenset[str]:
        """Fill ``hits`` with the chunk's candidates; returns the catalogs with evidence
        in or near it."""
        pre, region = self.tools.prefilter, self.region
        if self.jsonl:
            present = frozenset(pre.all_catalogs)  # fields are JSON-decoded: no byte evidence
            _candidates(pre.main(present, jsonl=True), view, hits)
            return present
        if region.present is None:
            found = pre.evidence_in(view)
            if not pre.needed <= found:
                found |= _neighbourhood(pre, self.reader, self.memo, pos, pos + size)
            present = frozenset(found) | pre.always | pre.assumed
            _candidates(pre.main(present, jsonl=False), view, hits)
            return present
        # One scan for the candidates and the evidence, guessing that the catalogs
        # with evidence are the previous chunk's; a wrong guess that misses
        # candidates (new evidence) costs a second scan of the candidates.
        found = _candidates(pre.with_evidence(region.present), view, hits)
        if not pre.needed <= found:
            found |= _neighbourhood(pre, self.reader, self.memo, pos, pos + size)
        present = frozenset(found) | pre.always | pre.assumed
        if not pre.covers(region.present, present):
            hits.clear()
            _candidates(pre.main(present, jsonl=False), view, hits)
        return present

    def _scan_chunk(self, chunk: bytes, size: int, pos: int, number: int) -> int:
        """Scan ``chunk[:size]`` (``number`` is its first line's); returns its line count."""
        hits: list[tuple[int, bool]] = []
        present = self._present(memoryview(chunk)[:size], pos, size, hits)
        region = self.region
        region.present = present
        has_cr = not self.reader.plain and chunk.find(b"\r", 0, size) >= 0
        # Each candidate line, and whether a code, signature or escape pattern fired on
        # it: a line only error patterns fired on cannot match the catalog (the
        # prefilter fires on every line the engine can match), so it skips the check.
        starts: dict[int, bool] = {}
        for end, catalog_hit in hits:
            s = _line_start(chunk, end, has_cr)
            starts[s] = catalog_hit or starts.get(s, False)
        candidates = _Chunk(chunk, size, pos, has_cr, present)
        at, line = 0, number
        for s in sorted(starts):
            line += count_lines(chunk, at, s) if has_cr else count_newlines(chunk, at, s)
            at = s
            if line > region.done_until:
                self._line(candidates, s, line, starts[s])
        line += count_lines(chunk, at, size) if has_cr else count_newlines(chunk, at, size)
        return line - number

    def _line(self, chunk: _Chunk, s: int, line: int, catalog_hit: bool) -> None:
        """The candidate line ``line``, starting at ``s`` in the chunk."""
        data, size = chunk.data, chunk.size
        stop = data.find(b"\n", s, size)
        if chunk.has_cr:
            r = data.find(b"\r", s, stop if stop >= 0 else size)
            stop = r if r >= 0 else stop
        text = data[s : stop if stop >= 0 else size].decode("utf-8", "replace")
        raw, header = read_line(text, self.memo)
        message = raw if header is None else header.message
        catalog_can_match = False
        if catalog_hit:
            need = self.tools.matcher.needs(message)
            catalog_can_match = not (
                need is False or (need is not None and not need & chunk.present)
            )
        if not catalog_can_match:
            if not is_error_line(None if header is None else header.level, message):
                return
            # The next line, taken from the chunk when it holds all of it and no CR
            # anywhere, rather than found again by the reader, twice over.
            following = None
            if self.reader.plain and stop >= 0:
                cut = data.find(b"\n", stop + 1)
                if cut >= 0:
                    following = data[stop + 1 : cut]
            if self.region.take_alone(chunk.pos + s, line, raw, header, self.out, following):
                return
        self.region.take(chunk.pos + s, line, self.out)


class _Chunk:
    """The chunk being scanned: its bytes, the part of them to scan, where it starts in
    the file, whether it holds a CR, and the catalogs with evidence in or near it."""

    __slots__ = ("data", "has_cr", "pos", "present", "size")

    def __init__(
        self, data: bytes, size: int, pos: int, has_cr: bool, present: frozenset[str]
    ) -> None:
        self.data = data
        self.size = size
        self.pos = pos
        self.has_cr = has_cr
        self.present = present


def _candidates(
    compiled: tuple[Database, list[Pattern]], view: memoryview, hits: list[tuple[int, bool]]
) -> set[str]:
    """Scan ``view`` with a database of :meth:`Prefilter.main` or
    :meth:`Prefilter.with_evidence`: each candidate pattern's match goes to ``hits``
    (where it ends, and whether a catalog pattern fired); returns the catalogs whose
    evidence patterns fired."""
    db, table = compiled
    add = hits.append
    kinds = [p.kind != "error" for p in table if p.kind != "evidence"]
    catalogs = [p.catalog or "" for p in table[len(kinds) :]]
    count = len(kinds)
    found: set[str] = set()

    def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
        if pid < count:
            add((end, kinds[pid]))
        else:
            found.add(catalogs[pid - count])

    db.scan(view, on_match)
    return found


def _line_start(chunk: bytes, end: int, has_cr: bool) -> int:
    """Start of the line holding the match that ends at ``end``.

    A match holds no line end, except as its first or last byte: the error-word and
    level-letter patterns end with a byte that is not a letter (hyperscan has no
    lookahead), which may be the line's own end, and the level-letter pattern starts
    with the byte before the letter, which may be the previous line's end. Its end is
    then still on the line it matched, and a last byte that ends a line belongs to it.
    """
    if end and chunk[end - 1] in _LINE_ENDS:
        end -= 1
    s = chunk.rfind(b"\n", 0, end) + 1
    if has_cr:
        s = max(s, chunk.rfind(b"\r", s, end) + 1)
    return s


def _neighbourhood(pre: Prefilter, reader: ByteReader, fmt: Memo, a: int, b: int) -> set[str]:
    """Catalogs with evidence in the lines around ``a..b`` that can lend a record in it
    their evidence: from a record-starting line at least LOOKBACK_LINES before ``a``,
    to LOOKAHEAD_LINES after ``b``."""
    s, _ = reader.back(a, LOOKBACK_LINES)
    while True:
        raw, _ = reader.line(s)
        if starts_record(raw.decode("utf-8", "replace"), fmt):
            break
        p = reader.prev_start(s)
        if p is None:
            break
        s = p
        if a - s > MAX_WALK_BYTES:
            return set(pre.needed)
    found = pre.evidence_in(reader.read(s, a))
    # The lines after: a block that holds at least LOOKAHEAD_LINES line feeds (or the
    # rest of the input) holds them all, and scanning more than them can only find
    # more evidence, which adds candidates and never drops one. Walking them one by
    # one would cost far more.
    after = reader.read(b, b + AHEAD_BYTES)
    if b + len(after) >= reader.end or after.count(b"\n") >= LOOKAHEAD_LINES:
        found |= pre.evidence_in(after)
        return found
    e = b
    for _ in range(LOOKAHEAD_LINES):
        if e >= reader.end:
            break
        _, e = reader.line(e)
    found |= pre.evidence_in(reader.read(b, e))
    return found
