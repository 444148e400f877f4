"""One readable input, read in passes: its lines, its raw bytes, or a byte range of
its file for engines that read it themselves."""

from __future__ import annotations

import codecs
import os
import stat
from collections import deque
from collections.abc import Generator, Iterator

from analyzer.sources.decoding import as_utf8, decompressed
from analyzer.sources.lines import line_batches
from analyzer.sources.origins import GZIP_MAGIC, FileOrigin, InputStats, Limits, Origin, Progress


class LogInput:
    """One readable input; iterate ``lines()`` (or ``raw_lines()``) for its lines.

    Files and zip members are reopened on every pass, so ``peek`` costs a first chunk
    and nothing is held open between passes. Stdin and pipes can be read once: what
    ``peek`` read is kept and replayed by the one ``lines()`` pass.
    """

    __slots__ = ("_buffer", "_consumed", "_limits", "_origin", "_progress", "_shared", "name")

    def __init__(self, name: str, origin: Origin, limits: Limits) -> None:
        self.name = name
        """Display path: ``a.log``, ``dir/b.log.gz``, ``c.zip!logs/x.log`` or ``-``."""
        self._origin = origin
        self._limits = limits
        self._progress = Progress()
        self._buffer: deque[bytes] = deque()
        self._shared: Generator[bytes, None, None] | None = None
        self._consumed = False

    def __repr__(self) -> str:
        return f"LogInput({self.name!r})"

    @property
    def stats(self) -> InputStats:
        """A snapshot of the latest pass (``peek`` does not count as one)."""
        p = self._progress
        return InputStats(self.name, p.lines, p.raw_bytes, p.decompressed, p.complete, p.error)

    def raw_lines(self) -> Iterator[tuple[int, bytes]]:
        """``(1-based line number, UTF-8 bytes without the line ending)`` for every line.

        For engines that search bytes: no decoding cost, invalid UTF-8 left as is.
        """
        progress, chunks = self._start()
        n = 0
        try:
            for batch in line_batches(chunks):
                for line in batch:
                    n += 1
                    yield n, line
                progress.lines = n
        finally:
            progress.lines = n
            chunks.close()

    def lines(self) -> Iterator[tuple[int, str]]:
        """``(1-based line number, text without the line ending)`` for every line.

        Invalid UTF-8 becomes U+FFFD, so a damaged line is still a line.
        """
        progress, chunks = self._start()
        n = 0
        try:
            for batch in line_batches(chunks):
                for line in batch:
                    n += 1
                    yield n, line.decode("utf-8", "replace")
                progress.lines = n
        finally:
            progress.lines = n
            chunks.close()

    def byte_range(self) -> tuple[str, int, int] | None:
        """``(path, start, end)`` when the input's text is exactly those bytes of a regular
        file, in UTF-8; ``None`` otherwise (streams, compressed data, UTF-16, zip members).

        For engines that read (and split) the file themselves; they report what they read
        with :meth:`record_read`. ``end`` is the size now: a file that grows while it is
        read is read up to the size it had, as :meth:`lines` does.
        """
        if not isinstance(self._origin, FileOrigin):
            return None
        try:
            with open(self._origin.path, "rb") as f:
                st = os.fstat(f.fileno())
                head = f.read(4)
        except OSError:
            return None  # the reading pass reports it
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
            return None
        if head.startswith((GZIP_MAGIC, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return None
        start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        return self._origin.path, start, st.st_size

    def utf8_chunks(self) -> Iterator[bytes]:
        """One pass over the input's text as UTF-8 chunks of any size (compression undone,
        BOM removed, UTF-16 transcoded, limits applied); a fault ends it and is recorded
        in :attr:`stats` as for :meth:`lines`. The caller counts the lines and reports
        them with :meth:`record_read`.
        """
        _, chunks = self._start()
        try:
            yield from chunks
        finally:
            chunks.close()

    def record_read(self, *, lines: int, size: int | None = None, error: str | None = None) -> None:
        """Record a pass made outside :meth:`lines`: its line count, and for a
        :meth:`byte_range` read the bytes read and the fault that stopped it, if any."""
        if size is not None:
            self._progress = Progress(
                raw_bytes=size, decompressed=size, complete=error is None, error=error
            )
        self._progress.lines = lines

    def peek(self, n: int) -> list[str]:
        """The first ``n`` lines (fewer if the input is shorter), for format detection.

        Does not count as a pass: ``lines()`` afterwards still yields every line, stdin
        included. Faults are left for the ``lines()`` pass to record.
        """
        if n <= 0:
            return []
        if self._origin.reopenable:
            source = decompressed(self.name, self._origin, self._limits, Progress())
        else:
            source = self._stream_chunks(record=True)
        chunks = as_utf8(source)
        out: list[str] = []
        try:
            for batch in line_batches(chunks):
                for line in batch:
                    out.append(line.decode("utf-8", "replace"))
                    if len(out) == n:
                        return out
        finally:
            chunks.close()
        return out

    def _start(self) -> tuple[Progress, Generator[bytes, None, None]]:
        if self._origin.reopenable:
            self._progress = Progress()
            source = decompressed(self.name, self._origin, self._limits, self._progress)
        else:
            source = self._stream_chunks(record=False)
        return self._progress, as_utf8(source)

    def _stream_chunks(self, *, record: bool) -> Generator[bytes, None, None]:
        """The single read of a stream: ``record`` keeps chunks for the later replay."""
        if self._consumed:
            raise RuntimeError(f"{self.name} is a stream and has already been read")
        if self._shared is None:
            self._shared = decompressed(self.name, self._origin, self._limits, self._progress)
        if record:
            yield from self._buffer
            for chunk in self._shared:
                self._buffer.append(chunk)
                yield chunk
        else:
            self._consumed = True
            while self._buffer:
                yield self._buffer.popleft()
            yield from self._shared
