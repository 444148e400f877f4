"""The fast engine: a hyperscan prefilter over byte chunks, the reference engine on the
few records that can match.

It gives exactly the reference engine's matches (:mod:`analyzer.engine.scanner`), in
the same order, because it runs the very same code on every record that can hold a
match, with the same evidence window. Per input:

1. **Chunks.** The text is read in chunks of :data:`CHUNK_BYTES` cut after a line end;
   lines are counted in bytes (LF, CRLF and lone CR, as :mod:`analyzer.sources`
   splits them; :func:`_count_newlines`), never split in Python.
2. **Prefilter.** Hyperscan (:mod:`analyzer.engine.prefilter`) reports candidate
   lines (a code after a key, a signature) and which catalogs have context evidence
   anywhere near: after a range's first chunk in one scan, with the candidates chosen
   by the previous chunk's catalogs (:meth:`Prefilter.with_evidence`), and again when
   the evidence found calls for candidates that guess left out. A code whose catalogs
   all need evidence, in a chunk without any (``errCode:0`` in a log without TPNS),
   is dropped right there.
   The neighbourhood of a chunk is :data:`LOOKBACK_LINES` lines before it (back to a
   line that starts a record) and :data:`LOOKAHEAD_LINES` after: every line that can
   lend a record in the chunk its evidence.
3. **The line.** A candidate line is decoded and its message's code and signature hits
   computed exactly (:meth:`Engine.needs`); a line that cannot match, or that needs
   evidence that is nowhere near, stops here. A line that only the error patterns
   fired on (for the unknown-error groups) skips that check: it cannot match.
4. **The record.** For the rest, grouping restarts at the line that starts the
   candidate's record (:func:`~analyzer.formats.grouping.starts_record` says a line
   starts a record whatever came before), and the reference engine scans the record.
   Its evidence window, the records of the :data:`~analyzer.engine.context.WINDOW_LINES`
   lines before it, is parsed from an earlier such line only when evidence is looked
   for outside the record's own text and a byte scan of those lines may hold it
   (:meth:`EvidenceWindow.defer`), so records and window equal those of a full parse.
   Nearby candidates continue the same parse.
5. **Error lines.** An error line that no catalog entry can match and that is a record
   by itself is classified for the unknown-error groups without parsing its
   neighbours; the secrets in it are counted here, in parallel, for redaction.

The input is cut into byte ranges of about :data:`TASK_BYTES` at line ends (smaller
ones at the end, so that the workers finish together), one task per range, so what a
range holds stays bounded; with ``jobs > 1`` worker processes run them. Each returns
its matches with line numbers local to its range and its line count, and the parent
renumbers and concatenates them in order.
A worker may read before its range (lookback) and after it (the end of a record);
it keeps only matches on its own lines. Streams (stdin, pipes), compressed inputs and
UTF-16 are first written out as UTF-8 to a temporary file, then scanned the same way.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import gc
import hashlib
import itertools
import multiprocessing
import os
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from analyzer import formats, sources
from analyzer.catalog.loader import Catalog
from analyzer.engine import prefilter
from analyzer.engine.context import WINDOW_LINES
from analyzer.engine.errorlines import (
    ERROR_WORDS,
    ERROR_WORDS_CJK,
    error_line,
    error_record,
    is_error_line,
)
from analyzer.engine.scanner import Engine
from analyzer.errors import AnalyzerError
from analyzer.formats.grouping import (
    MAX_RECORD_LINES,
    read_line,
    read_starts_record,
    starts_record,
)
from analyzer.formats.interface import LogFormat
from analyzer.model import ContextLine, Header, LogRecord, Match, RegexFailure
from analyzer.secrets import NECESSARY, redact
from analyzer.store.rows import MatchRow, PackedErrorRecord, pack_error_record, pack_match
from analyzer.store.spill import Batches, batch_rows
from analyzer.templates.tokens import message_tokens
from analyzer.textcap import cap

hyperscan: Any
try:
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a wheel
    hyperscan = None

CHUNK_BYTES: Final = 4 << 20
"""Bytes scanned per hyperscan call (cut after a line end)."""

TASK_BYTES: Final = 32 << 20
"""Bytes per task when an input is split across processes."""

AHEAD_PER_JOB: Final = 3
"""Tasks submitted ahead per worker: enough to keep every worker busy, few enough that
finished results waiting for the parent stay small."""

LOOKBACK_LINES: Final = 2 * (MAX_RECORD_LINES - 1) + WINDOW_LINES
"""Lines before a candidate that can lend its record evidence: its record may start
199 lines before it, and a record ending 16 lines before that may be 200 lines long."""

LOOKAHEAD_LINES: Final = MAX_RECORD_LINES - 1
"""Lines after a candidate that can still be part of its record."""

RESTART_GAP: Final = 48
"""A candidate this many lines past the current parse restarts it instead of parsing
the lines in between."""

MAX_WALK_BYTES: Final = 64 << 20
"""How far back a search for a line that starts a record may go before the chunk's
neighbourhood is taken to have every catalog's evidence (always safe)."""

_BLOCK: Final = 256 << 10
_NEWLINE: Final = ord("\n")
_LINE_ENDS: Final = b"\r\n"
_CR: Final = ord("\r")


def available() -> bool:
    """Whether the fast engine can run here (the ``hyperscan`` package is installed)."""
    return hyperscan is not None


class FastEngineError(AnalyzerError):
    """The fast engine cannot run here, or cannot give the reference's answer."""


# -- the compiled prefilter ----------------------------------------------------------------------


class Prefilter:
    """A catalog's hyperscan databases and the reference engine, built once per process."""

    def __init__(self, catalog: Catalog) -> None:
        if hyperscan is None:
            raise FastEngineError(
                "the fast engine needs the hyperscan package, which is not installed "
                "(no wheel for this platform?); use --engine plain or auto"
            )
        self.catalog = catalog
        self.engine = Engine(catalog)
        self.patterns = prefilter.build(catalog)
        if self.patterns.untranslatable:
            raise FastEngineError(
                "the fast engine cannot prefilter the signature regex "
                f"{self.patterns.untranslatable[0]!r}; use --engine plain or auto"
            )
        self.all_catalogs = frozenset(catalog.contexts) | frozenset(
            e.catalog for e in catalog.entries
        )
        self.always = self.patterns.always_present
        self.candidates = [p for _, p in self.patterns.candidates()]
        self.candidates += prefilter.error_patterns(ERROR_WORDS, ERROR_WORDS_CJK)
        self.needed = frozenset(c for p in self.candidates for c in p.requires or ()) - self.always
        """Catalogs whose evidence some candidate pattern needs (and that can be looked for)."""
        self.assumed = self.all_catalogs - self.needed
        """Catalogs whose evidence the chunk scan does not look for: taken as present."""
        self._variants: dict[tuple[int, ...], tuple[Any, list[prefilter.Pattern]]] = {}
        self._with_evidence: dict[tuple[int, ...], tuple[Any, list[prefilter.Pattern]]] = {}
        every = [p for _, p in self.patterns.evidence()]
        self.secrets = SecretCount()
        self._needed_evidence = [p for p in every if p.catalog in self.needed]
        self._needed_scan = _EvidenceScan(self._needed_evidence)
        self._every_scan = _EvidenceScan(every)
        self.main(self.all_catalogs, jsonl=False)  # compile the common case up front

    def main(self, present: frozenset[str], *, jsonl: bool) -> tuple[Any, list[prefilter.Pattern]]:
        """The database of the candidate patterns that can fire where the catalogs
        ``present`` have evidence, and the pattern of each of its ids."""
        chosen = self._chosen(present) + ((-1, -2) if jsonl else ())
        if chosen not in self._variants:
            extra = {-1: prefilter.JSON_ESCAPE, -2: prefilter.JSON_LEVEL}
            table = prefilter.merge_keyed(
                [self.candidates[i] if i >= 0 else extra[i] for i in chosen]
            )
            self._variants[chosen] = (_compile(table, approximate=True), table)
        return self._variants[chosen]

    def _chosen(self, present: frozenset[str]) -> tuple[int, ...]:
        return tuple(
            i for i, p in enumerate(self.candidates) if p.requires is None or p.requires & present
        )

    def with_evidence(self, present: frozenset[str]) -> tuple[Any, list[prefilter.Pattern]]:
        """:meth:`main` (not JSON lines) with the evidence patterns of :attr:`needed`
        after the candidates, each reporting at most once: one scan of a chunk instead
        of two, when the catalogs with evidence in it are guessed right (the previous
        chunk's; :meth:`covers` says whether the guess was good enough). The evidence
        scan of a chunk took 0.30 s of CPU per GB; in the candidates' database the
        evidence costs about 0.1 s (best of 7, 64 MB of the generated log)."""
        chosen = self._chosen(present)
        if chosen not in self._with_evidence:
            _, table = self.main(present, jsonl=False)
            both = table + self._needed_evidence
            db = _compile(both, approximate=True, single_from=len(table))
            self._with_evidence[chosen] = (db, both)
        return self._with_evidence[chosen]

    def covers(self, guess: frozenset[str], present: frozenset[str]) -> bool:
        """Whether a scan for the catalogs ``guess`` fires on every candidate line of
        a scan for ``present`` (it then fires on a superset, which is checked exactly
        anyway)."""
        return set(self._chosen(present)) <= set(self._chosen(guess))

    def evidence_in(self, data: bytes | memoryview) -> set[str]:
        """The catalogs of :attr:`needed` with evidence somewhere in ``data``."""
        return self._needed_scan.catalogs(data, stop_at=len(self.needed))

    def catalogs_in(self, data: bytes) -> frozenset[str]:
        """Every catalog that may have evidence in ``data`` (a superset: the catalogs
        whose evidence has no byte pattern are always in it)."""
        return frozenset(self._every_scan.catalogs(data)) | self.always


class SecretCount:
    """How many values :func:`~analyzer.redact.redact` masks in a line, with the rules
    run only where one of their necessary patterns (:data:`~analyzer.redact.NECESSARY`)
    is found: one hyperscan call per line instead of a dozen regex searches, and most
    lines hold no secret."""

    def __init__(self) -> None:
        expressions = [x.encode() for patterns in NECESSARY.values() for x in patterns]
        self._db = _compile(
            [prefilter.Pattern(x, "secret", None) for x in expressions], single=True
        )
        self._found = False

    def _hit(self, pid: int, start: int, end: int, flags: int, context: object) -> bool:
        self._found = True
        return True  # one is enough: stop

    def may_hold(self, text: str) -> bool:
        """False only where :func:`~analyzer.redact.redact` masks nothing in ``text``."""
        if not text.isascii():
            return True
        self._found = False
        # Not contextlib.suppress: its context manager took a third of this call
        # (1.5 against 1.1 µs on an error line), which runs on every error line.
        try:  # noqa: SIM105
            self._db.scan(text.encode("ascii"), match_event_handler=self._hit)
        except hyperscan.ScanTerminated:
            pass
        return self._found

    def __call__(self, text: str) -> int:
        return redact(text)[1] if self.may_hold(text) else 0


class _EvidenceScan:
    """Which catalogs have evidence in some bytes: one hyperscan database of evidence
    patterns, each reporting at most once per scan."""

    def __init__(self, patterns: Sequence[prefilter.Pattern]) -> None:
        self._names = [p.catalog or "" for p in patterns]
        self._db = _compile(patterns, single=True) if patterns else None

    def catalogs(self, data: bytes | memoryview, stop_at: int | None = None) -> set[str]:
        """The catalogs found in ``data``; the scan stops once ``stop_at`` were found."""
        found: set[str] = set()
        if self._db is None or not data:
            return found
        names = self._names

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> bool:
            found.add(names[pid])
            return len(found) == stop_at  # all that are wanted were found: stop

        with contextlib.suppress(hyperscan.ScanTerminated):
            self._db.scan(data, match_event_handler=on_match)
        return found


def _compile(
    patterns: Sequence[prefilter.Pattern],
    *,
    single: bool = False,
    approximate: bool = False,
    single_from: int | None = None,
) -> Any:
    """A hyperscan block-mode database, loaded from the on-disk cache when it has one.

    ``approximate`` compiles in hyperscan's prefilter mode: it may report matches the
    patterns do not have, never misses one, and scans faster (the candidate patterns:
    14% alone, 7% in place). For candidates only: every line it reports is checked
    exactly, so an extra report costs a check and changes nothing.

    Compiling takes a few tenths of a second; a serialized database loads in
    milliseconds, so repeated runs (and the bench) start fast. Any cache problem just
    means compiling.

    ``single`` makes every pattern report at most once per scan; ``single_from`` only
    the patterns from that index on.
    """
    assert hyperscan is not None
    flag = hyperscan.HS_FLAG_CASELESS | (hyperscan.HS_FLAG_SINGLEMATCH if single else 0)
    flag |= hyperscan.HS_FLAG_PREFILTER if approximate else 0
    flags = [
        flag
        | (hyperscan.HS_FLAG_SINGLEMATCH if single_from is not None and i >= single_from else 0)
        for i in range(len(patterns))
    ]
    expressions = [p.expression for p in patterns]
    digest = hashlib.sha256(
        repr((getattr(hyperscan, "__version__", ""), flags, expressions)).encode()
    ).hexdigest()[:32]
    directory = _cache_dir()
    cached = directory / f"{digest}.hsdb" if directory is not None else None
    if cached is not None:
        try:
            db = hyperscan.loadb(cached.read_bytes(), hyperscan.HS_MODE_BLOCK)
            db.scratch = hyperscan.Scratch(db)
            return db
        except Exception:  # noqa: S110 - no cache, stale or damaged: compile
            pass
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        db.compile(
            expressions=expressions,
            ids=list(range(len(patterns))),
            elements=len(patterns),
            flags=flags,
        )
    except hyperscan.error as exc:  # pragma: no cover - the transpiler's output compiles
        raise FastEngineError(f"the fast engine's prefilter does not compile: {exc}") from None
    if cached is not None:
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(hyperscan.dumpb(db))
            os.replace(temporary, cached)
    return db


def _cache_dir() -> Path | None:
    """Where compiled prefilters are kept: ``$ANALYZER_CACHE_DIR`` (empty: no cache),
    else ``$XDG_CACHE_HOME/analyzer``, else ``~/.cache/analyzer``."""
    configured = os.environ.get("ANALYZER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "analyzer"


# -- random access to an input's bytes -----------------------------------------------------------


class _Reader:
    """Bytes ``start..end`` of a file, read with pread: the chunk being scanned, plus one
    cached block for what lies around it."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd = fd
        self.start = start
        self.end = end
        self._held_at = start
        self._held = b""
        self._held_plain = True
        self._at = start
        self._data = b""

    def read(self, a: int, b: int) -> bytes:
        """Bytes ``a..b`` (clipped to the input)."""
        a, b = max(a, self.start), min(b, self.end)
        if a >= b:
            return b""
        if self._held_at <= a and b <= self._held_at + len(self._held):
            return self._held[a - self._held_at : b - self._held_at]
        parts = []
        at = a
        while at < b:
            piece = _pread(self.fd, b - at, at)
            if not piece:
                raise OSError(f"file ends early at byte {at} (truncated while read?)")
            parts.append(piece)
            at += len(piece)
        return b"".join(parts)

    @property
    def plain(self) -> bool:
        """Whether the held bytes have no CR (every line in them ends with LF alone)."""
        return self._held_plain

    def hold(self, at: int, data: bytes) -> None:
        """Serve reads of ``at..at+len(data)`` from ``data`` (the chunk being scanned)."""
        self._held_at, self._held = at, data
        self._held_plain = b"\r" not in data

    def _around(self, a: int, b: int, *, back: bool) -> tuple[int, bytes]:
        """Bytes covering at least ``a..b``, and where they start."""
        if self._held_at <= a and b <= self._held_at + len(self._held):
            return self._held_at, self._held
        if not (self._at <= a and b <= self._at + len(self._data)):
            if back:
                lo = max(self.start, min(a, b - _BLOCK))
                self._at, self._data = lo, self.read(lo, b)
            else:
                hi = min(self.end, max(b, a + _BLOCK))
                self._at, self._data = a, self.read(a, hi)
        return self._at, self._data

    def prev_start(self, s: int) -> int | None:
        """Start of the line before the line that starts at ``s``; None at the start."""
        if s <= self.start:
            return None
        t = s - 1  # the previous line's (last) line-end byte
        if t > self.start and self._byte(t) == _NEWLINE and self._byte(t - 1) == _CR:
            t -= 1
        at, data = self._around(t - 1, t, back=True) if t > self.start else (t, b"")
        span = _BLOCK
        while True:
            q = data.rfind(b"\n", 0, t - at)
            q = max(q, data.rfind(b"\r", q + 1, t - at))
            if q >= 0:
                return at + q + 1
            if at <= self.start:
                return self.start
            lo = max(self.start, t - span)
            at, data = lo, self.read(lo, t)
            self._at, self._data = at, data
            span *= 2

    def back(self, s: int, n: int) -> tuple[int, int]:
        """The start of the line ``n`` lines before the one starting at ``s`` (or of the
        first line), and how many lines back that is."""
        went = 0
        while went < n:
            if s <= self.start:
                break
            step = self._back_in_block(s, n - went)
            if step is None:
                p = self.prev_start(s)
                if p is None:
                    break
                s, went = p, went + 1
            else:
                s, steps = step
                went += steps
        return s, went

    def _back_in_block(self, s: int, n: int) -> tuple[int, int] | None:
        """Up to ``n`` lines back from ``s`` by searching one block of bytes without a
        CR for line feeds: the held chunk when ``s`` is inside it, else the block
        before ``s``. ``None`` when not one line can be walked that way (a CR, or a
        line longer than the block): :meth:`prev_start` handles those."""
        held_at, held = self._held_at, self._held
        if self._held_plain and held_at < s <= held_at + len(held):
            at, data = held_at, held
        else:
            at = max(self.start, s - _BLOCK)
            data = self.read(at, s)
            if b"\r" in data:
                return None
        end = s - at
        went = 0
        while went < n and end > 0:
            q = data.rfind(b"\n", 0, end - 1)
            if q < 0:
                if at > self.start:
                    break  # the previous line starts before the block
                end = 0
            else:
                end = q + 1
            went += 1
        return (at + end, went) if went else None

    def _byte(self, x: int) -> int:
        at, data = self._around(x, x + 1, back=True)
        return data[x - at]

    def line(self, s: int) -> tuple[bytes, int]:
        """The line starting at ``s`` (without its end) and the start of the next one."""
        if self._held_at <= s < self._held_at + len(self._held):
            at, data = self._held_at, self._held
        elif not (self._at <= s < self._at + len(self._data)):
            at, data = self._around(s, s + 1, back=False)
        else:
            at, data = self._at, self._data
        span = _BLOCK
        while True:
            lo, hi = s - at, len(data)
            n = data.find(b"\n", lo, hi)
            r = data.find(b"\r", lo, n if n >= 0 else hi)
            cut = r if r >= 0 else n
            complete = at + hi >= self.end
            if cut >= 0 and (data[cut] != _CR or cut + 1 < hi or complete):
                nxt = cut + 1
                if data[cut] == _CR and nxt < hi and data[nxt] == _NEWLINE:
                    nxt += 1
                return data[lo:cut], at + nxt
            if cut < 0 and complete:
                return data[lo:hi], self.end
            at, data = s, self.read(s, at + hi + span)
            self._at, self._data = at, data
            span *= 2

    def lines_from(
        self, s: int, number: int, offsets: deque[tuple[int, int]]
    ) -> Iterator[tuple[int, str]]:
        """``(number, text)`` of every line from the one starting at ``s``; each line's
        number and start are appended to ``offsets``."""
        while s < self.end:
            held_at, held = self._held_at, self._held
            if self._held_plain and held_at <= s < held_at + len(held):
                at = s - held_at
                while True:  # fast path: lines inside the held chunk, no CR in it
                    cut = held.find(b"\n", at)
                    if cut < 0:
                        break
                    offsets.append((number, held_at + at))
                    yield number, held[at:cut].decode("utf-8", "replace")
                    number += 1
                    at = cut + 1
                s = held_at + at
                if s >= self.end:
                    return
            raw, nxt = self.line(s)
            offsets.append((number, s))
            yield number, raw.decode("utf-8", "replace")
            s = nxt
            number += 1


def _pread(fd: int, size: int, offset: int) -> bytes:
    """``os.pread``, or seek and read where there is none (Windows; one fd per reader)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, size)  # pragma: no cover


def _count_lines(data: bytes, a: int = 0, b: int | None = None) -> int:
    """Line ends (LF, CRLF, lone CR) in ``data[a:b]``; ``a`` and ``b`` are line starts."""
    end = len(data) if b is None else b
    n = _count_newlines(data, a, end)
    if b"\r" in data:
        n += data.count(b"\r", a, end) - data.count(b"\r\n", a, end)
    return n


def _count_newlines(data: bytes, a: int, b: int) -> int:
    """``data.count(b"\\n", a, b)``, spelled as what deleting the line ends removes.

    CPython's ``bytes.count`` tests one byte at a time, while ``bytes.replace`` finds
    a one-byte needle with ``memchr`` and copies the runs between: over the spans
    between a 4 MB chunk's candidates, 0.25 against 0.44 to 0.54 s of CPU per GB
    (CPython 3.11, best of 5), for a copy of at most one chunk that is freed at once.
    numpy counted faster still in place, with no difference end to end, and importing
    it put 16 MiB in every process: the workers are forked, so the sum of the tree's
    RSS carried it three times."""
    return (b - a) - len(data[a:b].replace(b"\n", b""))


_MEMO_LINES: Final = 256
"""Lines a :class:`_Memo` remembers. A line is parsed again soon after it was parsed
(the candidate check, then its record; a restart, then its evidence window), so a
small cache gets the hits. A large one cost memory for good: 4,096 parsed headers,
made between the few objects that outlive a range, left the worker's small-object
arenas a third full and unfreeable (34 arenas, 35 MiB, after 64 ranges; 12 with 256
lines), and the worker's RSS kept that high-water mark."""


class _Memo:
    """A log format whose ``parse_line`` answers repeated lines from a small cache."""

    def __init__(self, fmt: LogFormat) -> None:
        self.fmt = fmt
        self.name = fmt.name
        self.continuation_lines = fmt.continuation_lines
        self.blank_line_ends_record = fmt.blank_line_ends_record
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


# -- one range of one input ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
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
class _Result:
    lines: int
    """Physical lines in the range."""
    matches: list[bytes]
    """Batches (:func:`~analyzer.spill.batch_rows`) of ``(packed match, byte offset of
    its line)``, with range-local line numbers (1 = the range's first line). Rows
    outside ``1..lines`` are not the range's, and are dropped when read."""
    errors: list[bytes]
    """Batches of the error records that start in the range, classified and packed
    (:meth:`ErrorRecord.packed`), with range-local lines; rows outside ``1..lines``
    are dropped when read, as for matches."""
    failures: list[RegexFailure]
    """Catalog regexes that ran out of time in this range and were switched off."""
    error: str | None = None
    """A read fault that stopped the range (its lines and matches are then partial)."""
    secret_lines: list[int] = dataclasses.field(default_factory=list)
    """Range-local lines of matches whose text holds a secret (only when the task counts
    secrets): the main process runs the rules over those lines only. Lines outside
    ``1..lines`` are dropped when read, as for matches."""
    explained_lines: int = 0
    """Lines of the range's error records that the catalog explains (sent as a count:
    the collector needs nothing else of them)."""


class _Region:
    """The records around candidates, parsed from safe restart points."""

    def __init__(
        self,
        pre: Prefilter,
        reader: _Reader,
        fmt: _Memo,
        input_index: int,
        *,
        jsonl: bool,
        count_secrets: bool = False,
    ) -> None:
        self.pre = pre
        self.jsonl = jsonl
        self.count_secrets = count_secrets
        self.reader = reader
        self.fmt = fmt
        self.input_index = input_index
        self.records: Iterator[Any] | None = None
        self.window = pre.engine.new_window()
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
        return starts_record(raw.decode("utf-8", "replace"), self.fmt)  # type: ignore[arg-type]

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
            self.records = iter(formats.records(lines, self.fmt))  # type: ignore[arg-type]
            self.window = self.pre.engine.new_window()
            history = _History(self, start, first)
            self.window.defer(history.records, history.may_hold)
        for record in self.records:
            self.window.push(record)
            if record.end_line >= number:
                self.done_until = record.end_line
                found = self.pre.engine.scan_record(record, self.input_index, self.window)
                return record, [(m, self._offset(m.line)) for m in found]
        return None

    def take_alone(
        self,
        s: int,
        number: int,
        raw: str,
        header: Header | None,
        out: _Found,
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
        packed = error_line(self.input_index, number, raw, header, message_tokens)
        if packed is not None:
            out.errors.append(self._counted(packed))
        self.alone = number
        return True

    def take(self, s: int, number: int, out: _Found) -> None:
        """Scan the record holding line ``number`` (at ``s``) unless it was scanned: its
        matches go to ``out``, and so does its classification when it is an error
        record."""
        scanned = self.scan(s, number)
        if scanned is None:
            return
        record, found = scanned
        out.extend(found)
        classified = error_record(
            self.input_index, record, {m.line for m, _ in found}, message_tokens
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
        line, lines, tokens, occurrence, _ = packed
        if not self.count_secrets or occurrence is None:
            return packed
        return (line, lines, tokens, occurrence, self.pre.secrets(occurrence[5]))

    def _offset(self, number: int) -> int:
        first = self.offsets[0][0]
        return self.offsets[number - first][1]


class _History:
    """The evidence window of the record a region restarted at (the line ``number``, at
    ``s``): the records of the :data:`~analyzer.engine.context.WINDOW_LINES` lines
    before it, parsed only when asked for, and a byte scan of those lines that says
    cheaply whether they may hold a catalog's evidence. Where those lines begin (a
    line that starts a record, far enough back) is found once, for both."""

    def __init__(self, region: _Region, s: int, number: int) -> None:
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
        return iter(formats.records(before, region.fmt))  # type: ignore[arg-type]

    def may_hold(self, catalog: str) -> bool:
        """Whether :meth:`records` may hold evidence of ``catalog``. JSON lines are
        decoded before evidence is looked for, so their bytes prove nothing."""
        region = self._region
        if region.jsonl:
            return True
        if self._catalogs is None:
            start, _ = self._start()
            self._catalogs = region.pre.catalogs_in(region.reader.read(start, self._s))
        return catalog in self._catalogs


def _scan_range(pre: Prefilter, task: _Task) -> _Result:
    fmt = formats.get(task.fmt)
    memo = _Memo(fmt)
    jsonl = fmt.escaped_text
    out = _Found(pre.secrets if task.count_secrets else None)
    fd = os.open(task.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        reader = _Reader(fd, task.start, task.end)
        region = _Region(
            pre, reader, memo, task.input_index, jsonl=jsonl, count_secrets=task.count_secrets
        )
        pos, number = task.a, 1
        explained = 0
        try:
            while pos < task.b:
                chunk = reader.read(pos, min(task.b, pos + CHUNK_BYTES))
                size = len(chunk)
                if pos + size < task.b:
                    size = chunk.rfind(b"\n") + 1
                    while size == 0 and pos + len(chunk) < task.b:  # a line longer than a chunk
                        chunk += reader.read(pos + len(chunk), min(task.b, pos + 2 * len(chunk)))
                        size = chunk.rfind(b"\n") + 1
                    size = size or len(chunk)
                reader.hold(pos, chunk)  # all of it: the bytes after the cut are data too
                number += _scan_chunk(
                    pre, reader, region, memo, chunk, size, pos, number, jsonl, out
                )
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
            return _Result(
                number - 1,
                out.matches.seal(),
                out.errors.seal(),
                pre.engine.take_failures(task.input_index),
                sources.read_error(task.name, pos, exc),
                out.secret_lines,
                explained,
            )
        if task.b == task.end and task.b > task.a:
            last_byte = reader.read(task.b - 1, task.b)
            if last_byte not in (b"\n", b"\r"):
                lines += 1  # a last line without a line end
        return _Result(
            lines,
            out.matches.seal(),
            out.errors.seal(),
            pre.engine.take_failures(task.input_index),
            secret_lines=out.secret_lines,
            explained_lines=region.explained_lines,
        )
    finally:
        os.close(fd)


class _Found:
    """What a range found, packed as it is found (:class:`~analyzer.spill.Batches`):
    its matches, its classified error records (:meth:`ErrorRecord.packed`), and the
    lines of the matches whose text holds a secret, when secrets are counted (with
    ``secrets``)."""

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


def _scan_chunk(
    pre: Prefilter,
    reader: _Reader,
    region: _Region,
    fmt: _Memo,
    chunk: bytes,
    size: int,
    pos: int,
    number: int,
    jsonl: bool,
    out: _Found,
) -> int:
    """Scan ``chunk[:size]`` (``number`` is its first line's); returns its line count."""
    view = memoryview(chunk)[:size]
    hits: list[tuple[int, bool]] = []
    if jsonl:
        present = frozenset(pre.all_catalogs)  # fields are JSON-decoded: no byte evidence
        _candidates(pre.main(present, jsonl=True), view, hits)
    elif region.present is None:
        found = pre.evidence_in(view)
        if not pre.needed <= found:
            found |= _neighbourhood(pre, reader, fmt, pos, pos + size)
        present = frozenset(found) | pre.always | pre.assumed
        _candidates(pre.main(present, jsonl=False), view, hits)
    else:
        # One scan for the candidates and the evidence, guessing that the catalogs
        # with evidence are the previous chunk's; a wrong guess that misses
        # candidates (new evidence) costs a second scan of the candidates.
        found = _candidates(pre.with_evidence(region.present), view, hits)
        if not pre.needed <= found:
            found |= _neighbourhood(pre, reader, fmt, pos, pos + size)
        present = frozenset(found) | pre.always | pre.assumed
        if not pre.covers(region.present, present):
            hits.clear()
            _candidates(pre.main(present, jsonl=False), view, hits)
    region.present = present
    plain = reader.plain
    has_cr = not plain and chunk.find(b"\r", 0, size) >= 0
    # Each candidate line, and whether a code, signature or escape pattern fired on it:
    # a line only error patterns fired on cannot match the catalog (the prefilter fires
    # on every line the engine can match), so it skips the exact check.
    starts: dict[int, bool] = {}
    for end, catalog_hit in hits:
        s = _line_start(chunk, end, has_cr)
        starts[s] = catalog_hit or starts.get(s, False)
    at, line = 0, number
    for s in sorted(starts):
        line += _count_lines(chunk, at, s) if has_cr else _count_newlines(chunk, at, s)
        at = s
        if line <= region.done_until:
            continue
        stop = chunk.find(b"\n", s, size)
        if has_cr:
            r = chunk.find(b"\r", s, stop if stop >= 0 else size)
            stop = r if r >= 0 else stop
        text = chunk[s : stop if stop >= 0 else size].decode("utf-8", "replace")
        raw, header = read_line(text, fmt)  # type: ignore[arg-type]
        message = raw if header is None else header.message
        if starts[s]:
            need = pre.engine.needs(message)
            catalog_can_match = not (need is False or (need is not None and not need & present))
        else:
            catalog_can_match = False
        level = None if header is None else header.level
        if not catalog_can_match:
            if not is_error_line(level, message):
                continue
            # The next line, taken from the chunk when it holds all of it and no CR
            # anywhere, rather than found again by the reader, twice over.
            following = None
            if plain and stop >= 0:
                cut = chunk.find(b"\n", stop + 1)
                if cut >= 0:
                    following = chunk[stop + 1 : cut]
            if region.take_alone(pos + s, line, raw, header, out, following):
                continue
        region.take(pos + s, line, out)
    line += _count_lines(chunk, at, size) if has_cr else _count_newlines(chunk, at, size)
    return line - number


def _candidates(
    compiled: tuple[Any, list[prefilter.Pattern]], view: memoryview, hits: list[tuple[int, bool]]
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

    db.scan(view, match_event_handler=on_match)
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


def _neighbourhood(pre: Prefilter, reader: _Reader, fmt: _Memo, a: int, b: int) -> set[str]:
    """Catalogs with evidence in the lines around ``a..b`` that can lend a record in it
    their evidence: from a record-starting line at least LOOKBACK_LINES before ``a``,
    to LOOKAHEAD_LINES after ``b``."""
    s, _ = reader.back(a, LOOKBACK_LINES)
    while True:
        raw, _ = reader.line(s)
        if starts_record(raw.decode("utf-8", "replace"), fmt):  # type: ignore[arg-type]
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
    # one took most of this function's time (some 4% of a worker's).
    after = reader.read(b, b + _AHEAD_BYTES)
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


_AHEAD_BYTES: Final = 64 << 10
"""Bytes read after a chunk for its neighbourhood: some 500 lines of a typical log."""


# -- processes -----------------------------------------------------------------------------------

_STATE: dict[int, Prefilter] = {}
"""The prefilter of each catalog (by id) in this process; workers inherit it by fork."""


def prefilter_for(catalog: Catalog) -> Prefilter:
    """The process-wide prefilter of ``catalog`` (built on first use)."""
    key = id(catalog)
    if key not in _STATE:
        _STATE.clear()
        _STATE[key] = Prefilter(catalog)
    return _STATE[key]


_WORKER: list[Prefilter] = []


def _init_worker(catalog: Catalog) -> None:
    gc.set_threshold(*PYTHON_GC)  # the parent may have raised them for itself
    _die_with_parent()
    _WORKER[:] = [prefilter_for(catalog)]


PYTHON_GC: Final = (700, 10, 10)
"""Python's own thresholds for the cyclic garbage collector, which the workers keep:
their objects live for a line or a range."""


def _die_with_parent() -> None:
    """On Linux, have the kernel stop this worker when the analysis process dies (killed
    by a timeout, say), so no orphan keeps scanning."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _run_task(task: _Task) -> _Result:
    try:
        return _scan_range(_WORKER[0], task)
    except AnalyzerError:
        raise
    except Exception as exc:
        raise AnalyzerError(f"{type(exc).__name__}: {exc}") from None


class Workers:
    """A pool of worker processes shared by every input of one analysis."""

    def __init__(self, catalog: Catalog, jobs: int, *, in_process: bool = False) -> None:
        self.catalog = catalog
        self.jobs = jobs
        self.in_process = in_process
        """Run the tasks one after another in this process: the same splitting and
        joining without processes (the fuzz tests put range boundaries everywhere with
        it, thousands of times, cheaply)."""
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def pool(self) -> concurrent.futures.ProcessPoolExecutor:
        """The pool, started on first use ('fork' where available)."""
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            prefilter_for(self.catalog)  # built once, inherited by forked workers
            # Keep the collector off what the workers inherit: a collection in a worker
            # writes to every tracked object's header, which copies the page (fork is
            # copy-on-write), so each worker would end up with a private copy of the
            # catalog, the compiled patterns and everything else the parent holds.
            gc.freeze()
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.catalog,),
            )
        return self._pool

    def close(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


@dataclass(frozen=True, slots=True)
class InputScan:
    """What the fast engine found in one input, besides its matches (which went to
    ``on_match`` as they came)."""

    lines: int
    """Physical lines read."""
    error: str | None
    """The read fault that stopped the input early, if any."""
    failures: list[RegexFailure]
    """Catalog regexes that ran out of time on this input and were switched off."""
    secret_lines: list[int] = dataclasses.field(default_factory=list)
    """Lines of matches whose text holds a secret (with ``count_secrets``; every other
    matched line was checked and holds none)."""


def scan_file(
    path: str,
    start: int,
    end: int,
    fmt: LogFormat,
    catalog: Catalog,
    input_index: int,
    name: str,
    workers: Workers | None,
    on_match: Callable[[MatchRow, int, int], object],
    on_bytes: Callable[[int], None] | None = None,
    on_error_record: Callable[[PackedErrorRecord, int], object] | None = None,
    *,
    on_explained: Callable[[int], object] | None = None,
    count_secrets: bool = False,
) -> InputScan:
    """Scan bytes ``start..end`` of the file at ``path`` (UTF-8 text).

    Matches and error records are handed over in line order as each range's result
    comes in, so they are never all held at once. Each match goes to ``on_match`` as
    :meth:`Match.packed <analyzer.model.Match.packed>` gives it, with what to add to
    its line numbers (they are local to their range) and the byte offset of its
    line; each error record goes to ``on_error_record``, with what to add to its."""
    # Ranges even with one job: what a range holds until it is taken (its matches and
    # error records) then stays bounded however big the input is.
    tasks = _split(path, start, end, fmt.name, input_index, name)
    if count_secrets:
        tasks = [dataclasses.replace(task, count_secrets=True) for task in tasks]
    if workers is None or len(tasks) == 1 or workers.in_process:
        results: Iterator[_Result] = _in_process(prefilter_for(catalog), tasks)
    else:
        results = _ordered(workers.pool(), tasks, AHEAD_PER_JOB * workers.jobs, name)
    failures: list[RegexFailure] = []
    secret_lines: list[int] = []
    lines = 0
    error = None
    for task, result in zip(tasks, results, strict=False):
        size = result.lines
        secret_lines.extend(line + lines for line in result.secret_lines if 1 <= line <= size)
        for row, offset in batch_rows(result.matches):
            if 1 <= row[3] <= size:
                on_match(row, lines, offset)
        if on_error_record is not None:
            for classified in batch_rows(result.errors):
                if 1 <= classified[0] <= size:
                    on_error_record(classified, lines)
        if on_explained is not None and result.explained_lines:
            on_explained(result.explained_lines)
        failures.extend(result.failures)
        lines += result.lines
        if on_bytes is not None:
            on_bytes(task.b - start)
        if result.error is not None:
            error = result.error
            break
    return InputScan(lines, error, failures, secret_lines)


def _in_process(pre: Prefilter, tasks: list[_Task]) -> Iterator[_Result]:
    """The tasks' results, scanned in this process as a worker scans them: with
    Python's thresholds for the garbage collector (:data:`PYTHON_GC`). A range's scan
    leaves cyclic garbage behind; under the analysis process's raised thresholds
    (:data:`analyzer.cli.ONE_RUN_GC`) it piled up, and ``--jobs 1`` on the generated
    1 GB log peaked at 89 MiB instead of 56 to 60."""
    for task in tasks:
        thresholds = gc.get_threshold()
        gc.set_threshold(*PYTHON_GC)
        try:
            result = _scan_range(pre, task)
        finally:
            gc.set_threshold(*thresholds)
        yield result


def _ordered(
    pool: concurrent.futures.ProcessPoolExecutor, tasks: list[_Task], ahead: int, name: str
) -> Iterator[_Result]:
    """The tasks' results in task order, with at most ``ahead`` tasks submitted and not
    yet taken: a finished result waits in this process until it is taken, so a window
    keeps memory flat when the workers outrun the parent."""
    pending: deque[concurrent.futures.Future[_Result]] = deque()
    queue = iter(tasks)
    try:
        while True:
            while len(pending) < ahead:
                task = next(queue, None)
                if task is None:
                    break
                pending.append(pool.submit(_run_task, task))
            if not pending:
                return
            future = pending.popleft()
            try:
                yield future.result()
            except AnalyzerError as exc:
                raise AnalyzerError(f"{name}: {exc}") from None
            except concurrent.futures.process.BrokenProcessPool:
                raise AnalyzerError(
                    f"{name}: a worker process of the fast engine died (out of memory or "
                    "killed?); no partial report is made"
                ) from None
    finally:
        for future in pending:
            future.cancel()


def _task_bytes(remaining: int) -> int:
    """The size of the next task when ``remaining`` bytes are left to cut: the last
    tasks shrink, down to an eighth of :data:`TASK_BYTES`, so that the workers run out
    of work at about the same time. With equal tasks of 32 MB, one worker went on
    alone for up to a task's time (0.13 s of 2.3 on the generated 1 GB log) after
    the other had finished."""
    return min(TASK_BYTES, max(TASK_BYTES // 8, remaining // 4, 1))


def _split(path: str, start: int, end: int, fmt: str, index: int, name: str) -> list[_Task]:
    """Tasks of about :data:`TASK_BYTES` over ``start..end`` (smaller ones at the end:
    :func:`_task_bytes`), each cut right after a line end."""
    if end - start <= TASK_BYTES:
        return [_Task(path, start, end, start, end, fmt, index, name)]
    cuts = [start]
    with open(path, "rb") as f:
        at = start + TASK_BYTES
        while at < end:
            f.seek(at)
            block = f.read(1 << 16)
            while block and b"\n" not in block:
                more = f.read(1 << 16)
                if not more:
                    break
                block += more
            nl = block.find(b"\n")
            if nl < 0:
                break
            cut = at + nl + 1
            if cut >= end:
                break
            cuts.append(cut)
            at = cut + _task_bytes(end - cut)
    cuts.append(end)
    return [
        _Task(path, start, end, a, b, fmt, index, name)
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


# -- inputs that are not plain files -------------------------------------------------------------


def spool(log_input: sources.LogInput) -> tempfile._TemporaryFileWrapper[bytes]:
    """Write an input's text as UTF-8 to a temporary file (deleted when closed)."""
    spooled = tempfile.NamedTemporaryFile(prefix="analyzer-", suffix=".log")  # noqa: SIM115
    try:
        for chunk in log_input.utf8_chunks():
            spooled.write(chunk)
        spooled.flush()
    except BaseException:
        spooled.close()
        raise
    return spooled


def context_lines(
    path: str, start: int, end: int, offset: int, number: int, context: int
) -> tuple[tuple[ContextLine, ...], tuple[ContextLine, ...]]:
    """Up to ``context`` lines before and after the line ``number`` that starts at
    ``offset``, as the reference's excerpt collector keeps them."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        reader = _Reader(fd, start, end)
        before: list[ContextLine] = []
        s = offset
        for k in range(1, context + 1):
            p = reader.prev_start(s)
            if p is None:
                break
            s = p
            raw, _ = reader.line(s)
            before.append(ContextLine(number - k, cap(raw.decode("utf-8", "replace"))))
        after: list[ContextLine] = []
        _, s = reader.line(offset)
        for k in range(1, context + 1):
            if s >= end:
                break
            raw, s = reader.line(s)
            after.append(ContextLine(number + k, cap(raw.decode("utf-8", "replace"))))
    finally:
        os.close(fd)
    return tuple(reversed(before)), tuple(after)


def default_jobs() -> int:
    """The number of cores this process may use."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return max(1, os.cpu_count() or 1)
