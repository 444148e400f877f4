"""Command-line inputs to physical lines: files, directories, ``.gz``, ``.zip`` members, stdin.

This is the first stage of the pipeline and knows nothing about log formats: it finds
the inputs, decides which of them are text, undoes compression and encodings, and
splits lines. Everything downstream sees ``(line number, text)`` pairs numbered like the
physical file, so every finding can be traced back to the exact line a person would open.

Reading streams large binary chunks and splits them with ``bytes`` methods, so memory
stays flat however large a file or a single line is, and the cost stays linear. Faults
never escape as tracebacks: a path that cannot be opened becomes an ``InputError`` in
``Expansion.errors``, and a fault while reading ends that input's lines and is recorded
in its ``InputStats`` (``complete`` false, a one-line ``error``), so the CLI can analyse
the other inputs and still exit 2.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import errno
import gzip
import io
import itertools
import lzma
import os
import stat
import struct
import sys
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Final, Protocol, cast

from analyzer.errors import InputError
from analyzer.model import SkippedInput

__all__ = [
    "CHUNK_SIZE",
    "MAX_EXPANDED_BYTES",
    "MAX_ZIP_RATIO",
    "SNIFF_SIZE",
    "STDIN_NAME",
    "Expansion",
    "InputStats",
    "Limits",
    "LogInput",
    "SkippedInput",
    "expand",
    "read_error",
    "split_lines",
]

STDIN_NAME: Final = "-"
"""Display name of standard input: what the user typed, so messages echo the command line."""

CHUNK_SIZE: Final = 1 << 20
"""Bytes per read: large enough that per-chunk Python overhead vanishes, small enough
that memory stays flat."""

MAX_EXPANDED_BYTES: Final = 8 << 30
"""Default cap on the decompressed size of one compressed input (decompression bombs)."""

MAX_ZIP_RATIO: Final = 200
"""Default cap on how many times its compressed size a zip member may expand to.

Device logs compress about 5 to 30 times; a member far beyond that is a bomb, not a log.
"""

SNIFF_SIZE: Final = 8192
"""Bytes looked at to tell text from binary (git looks at 8000)."""

_RATIO_GRACE: Final = 1 << 20
"""Members may always expand to this size: tiny, very repetitive logs are not bombs."""

_GZIP_MAGIC: Final = b"\x1f\x8b"
_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06")
_BOMS: Final = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL: Final = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
"""Bytes that text hardly ever holds (tab, newlines, form feed and ESC are allowed).

NUL is counted on its own: text logs do carry stray NULs, binaries carry the rest too.
"""
_MAX_CONTROL_SHARE: Final = 0.05
"""Random or compressed data has about 10% of ``_CONTROL`` bytes, text well under 1%."""
_MAX_NUL_SHARE: Final = 0.3
"""Above this share of NULs (after trailing padding) a sample is a binary format or
UTF-16 without a BOM, which cannot be told apart cheaply."""

_FAULTS: Final = (
    OSError,
    EOFError,
    ValueError,  # UnicodeError, and zipfile on some corrupt offsets
    zlib.error,
    lzma.LZMAError,
    zipfile.BadZipFile,
    NotImplementedError,  # zipfile: a compression method it cannot read
    struct.error,  # zipfile: some malformed headers
)
"""Everything that reading a damaged, vanished or hostile input can raise."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How far reading may go, so that a hostile archive cannot exhaust the machine."""

    max_expanded_bytes: int = MAX_EXPANDED_BYTES
    """Decompressed bytes after which a compressed input is stopped (plain files are not
    capped: their size on disk is already what reading costs)."""
    max_zip_ratio: float = MAX_ZIP_RATIO
    """Expansion over its compressed size after which a zip member is stopped (members
    may always reach 1 MiB)."""
    chunk_size: int = CHUNK_SIZE
    """Bytes per read; tests make it tiny to put chunk boundaries everywhere."""

    def __post_init__(self) -> None:
        # A zero chunk would read as an immediate end of file: silent data loss.
        if self.chunk_size < 1 or self.max_expanded_bytes < 1 or self.max_zip_ratio <= 0:
            raise ValueError(f"limits must be positive: {self}")


@dataclass(frozen=True, slots=True)
class InputStats:
    """What reading one input amounted to, so a report can say how much was looked at."""

    name: str
    """Display path of the input."""
    lines: int
    """Physical lines yielded (exact once iteration ended or was closed; during a pass it
    trails by less than one chunk of lines)."""
    bytes: int
    """Bytes read from disk or the stream: the compressed size for ``.gz`` and zip members."""
    decompressed_bytes: int
    """Bytes after decompression (equal to ``bytes`` for plain inputs), before decoding."""
    complete: bool
    """The input was read to its end. False before reading, after a fault, after a limit
    stopped it, and when the consumer stopped early."""
    error: str | None
    """One-line message naming the input when a fault or limit stopped reading."""


@dataclass(slots=True)
class _Progress:
    """Mutable counters of one reading pass; ``InputStats`` is its frozen snapshot."""

    raw_bytes: int = 0
    decompressed: int = 0
    lines: int = 0
    complete: bool = False
    error: str | None = None


class _Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class _Cap:
    """A decompressed-size limit and the words that explain it when it is hit."""

    bytes: int
    why: str


class _Counting:
    """Counts the raw bytes read from a file or stream; optionally stops at a size.

    The size stop is how a file that grows while it is read still ends: it is read up
    to the size it had when it was opened.
    """

    def __init__(
        self, stream: BinaryIO, progress: _Progress, limit: int | None, partial: bool = False
    ) -> None:
        self._stream = stream
        self._progress = progress
        self._left = limit
        # read1 returns what a pipe has now instead of waiting for a full chunk, which
        # keeps `hilog | analyze -` responsive; archives need read's exact lengths.
        self._read = getattr(stream, "read1", stream.read) if partial else stream.read

    def read(self, n: int = -1, /) -> bytes:
        if self._left is not None:
            if self._left <= 0:
                return b""
            n = self._left if n < 0 else min(n, self._left)
        data: bytes = self._read(n) or b""
        self._progress.raw_bytes += len(data)
        if self._left is not None:
            self._left -= len(data)
        return data

    def seek(self, offset: int, whence: int = 0, /) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()

    def seekable(self) -> bool:
        return self._stream.seekable()


class _Prefixed:
    """A stream whose first bytes were already read to look at the magic number."""

    def __init__(self, prefix: bytes, stream: _Readable) -> None:
        self._prefix = prefix
        self._stream = stream

    def read(self, n: int = -1, /) -> bytes:
        if not self._prefix:
            return self._stream.read(n)
        if n < 0:
            data, self._prefix = self._prefix + self._stream.read(), b""
            return data
        data, self._prefix = self._prefix[:n], self._prefix[n:]
        return data

    def seek(self, offset: int, /) -> int:
        raise io.UnsupportedOperation("seek")


class _CrcChecked:
    """Checks a zip member's CRC after its last byte rather than inside the last read.

    zipfile raises inside the read that reaches the end and drops that read's data, so
    a member with one flipped byte would lose up to a chunk of lines that read fine.
    """

    def __init__(self, member: zipfile.ZipExtFile, expected: int) -> None:
        self._member = member
        self._expected = expected
        self._crc = 0

    def read(self, n: int = -1, /) -> bytes:
        # read1: an error in a later internal read would drop the data of earlier ones.
        data = self._member.read1(n)
        if data:
            self._crc = zlib.crc32(data, self._crc)
        elif self._crc != self._expected:
            raise zipfile.BadZipFile("bad CRC-32 (damaged member data)")
        return data


class _Origin:
    """Where an input's bytes come from; subclasses know how to open them."""

    reopenable = True
    """Whether every pass can open the data anew (stdin and pipes cannot)."""

    def open(self, stack: contextlib.ExitStack, progress: _Progress) -> _Readable:
        raise NotImplementedError

    def cap(self, limits: Limits) -> _Cap | None:
        """The decompressed-size limit that applies even to data that is not gzip."""
        return None


class _File(_Origin):
    def __init__(self, path: str) -> None:
        self.path = path

    def open(self, stack: contextlib.ExitStack, progress: _Progress) -> _Readable:
        f = stack.enter_context(open(self.path, "rb"))  # noqa: SIM115 (closed by stack)
        st = os.fstat(f.fileno())
        # /proc and sysfs files say size 0 yet have content: read those to their end.
        size = st.st_size if stat.S_ISREG(st.st_mode) and st.st_size > 0 else None
        return _Counting(f, progress, size)


class _Member(_Origin):
    def __init__(self, archive: str, info: zipfile.ZipInfo) -> None:
        self.archive = archive
        self.info = info

    def open(self, stack: contextlib.ExitStack, progress: _Progress) -> _Readable:
        # Each pass parses the central directory again: members stay independent inputs
        # with no shared open archive, at the price of O(members^2) for huge archives.
        f = stack.enter_context(open(self.archive, "rb"))  # noqa: SIM115 (closed by stack)
        archive = stack.enter_context(zipfile.ZipFile(_Counting(f, progress, None)))
        unchecked = copy.copy(self.info)
        del unchecked.CRC  # zipfile then leaves the check to _CrcChecked
        member = cast(zipfile.ZipExtFile, stack.enter_context(archive.open(unchecked)))
        progress.raw_bytes = 0  # only the member's own compressed data counts
        return _CrcChecked(member, self.info.CRC)

    def cap(self, limits: Limits) -> _Cap:
        by_ratio = max(_RATIO_GRACE, int(limits.max_zip_ratio * self.info.compress_size))
        if by_ratio < limits.max_expanded_bytes:
            return _Cap(
                by_ratio,
                f"expands beyond {by_ratio} bytes, over {limits.max_zip_ratio:g} times its "
                f"compressed size of {self.info.compress_size} bytes; stopped as a possible "
                "zip bomb",
            )
        return _expanded_cap(limits)


class _Stream(_Origin):
    """Standard input, or a named pipe given on the command line: readable only once."""

    reopenable = False

    def __init__(self, stream: BinaryIO | None, path: str | None = None) -> None:
        self.stream = stream
        self.path = path

    def open(self, stack: contextlib.ExitStack, progress: _Progress) -> _Readable:
        stream = self.stream
        if stream is None:
            assert self.path is not None
            stream = stack.enter_context(open(self.path, "rb"))  # noqa: SIM115 (closed by stack)
        return _Counting(stream, progress, None, partial=True)


def _expanded_cap(limits: Limits) -> _Cap:
    return _Cap(
        limits.max_expanded_bytes,
        f"expands beyond the limit of {limits.max_expanded_bytes} bytes; stopped as a "
        "possible decompression bomb",
    )


def _describe(exc: BaseException) -> str:
    """One line of words for an exception, without the path (the caller adds it)."""
    if isinstance(exc, EOFError):
        return "compressed data ends early (file truncated?)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_at_least(stream: _Readable, want: int, size: int) -> bytes:
    """One chunk, but at least ``want`` bytes unless the data ends (pipes return less)."""
    data = stream.read(max(want, size))
    while 0 < len(data) < want:
        more = stream.read(size)
        if not more:
            break
        data += more
    return data


def _decompressed(
    name: str, origin: _Origin, limits: Limits, progress: _Progress
) -> Generator[bytes, None, None]:
    """The input's data after decompression, in chunks; faults end it and are recorded.

    Detecting gzip by its magic number rather than by the name also reads rotated
    hilog files and ``gzip -c log | analyze -``.
    """
    compressed = False
    opened = False
    try:
        with contextlib.ExitStack() as stack:
            raw = origin.open(stack, progress)
            opened = True
            data = _read_at_least(raw, len(_GZIP_MAGIC), limits.chunk_size)
            cap = origin.cap(limits)
            read = raw.read
            if data.startswith(_GZIP_MAGIC):
                compressed = True
                unzipped = stack.enter_context(
                    gzip.GzipFile(fileobj=_Prefixed(data, raw), mode="rb")
                )
                # read1 returns each piece as soon as it is decompressed; read would drop
                # the pieces it gathered when a later one fails (truncated file).
                read = unzipped.read1
                cap = cap or _expanded_cap(limits)
                data = read(limits.chunk_size)
            elif isinstance(origin, _Member):
                compressed = True
            elif not origin.reopenable and data.startswith(_ZIP_MAGICS):
                raise InputError("a zip archive cannot be read from a stream; name the file")
            while data:
                progress.decompressed += len(data)
                if cap is not None and progress.decompressed > cap.bytes:
                    keep = len(data) - (progress.decompressed - cap.bytes)
                    progress.decompressed = cap.bytes
                    if keep > 0:
                        yield data[:keep]
                    progress.error = str(InputError(cap.why, path=name))
                    return
                yield data
                data = read(limits.chunk_size)
    except InputError as exc:
        exc.path = name
        progress.error = str(exc)
        return
    except _FAULTS as exc:
        if not opened:
            message = f"cannot read: {_describe(exc)}"
        elif compressed:
            message = (
                f"corrupt or truncated compressed data at decompressed byte "
                f"{progress.decompressed}: {_describe(exc)}"
            )
        else:
            message = f"read failed at byte {progress.decompressed}: {_describe(exc)}"
        progress.error = str(InputError(message, path=name))
        return
    progress.complete = True


def _as_utf8(chunks: Generator[bytes, None, None]) -> Generator[bytes, None, None]:
    """Chunks in UTF-8: a UTF-8 BOM removed, UTF-16 with a BOM transcoded.

    Downstream then deals with one encoding only, and ``raw_lines`` can promise UTF-8
    (invalid bytes stay as they are for ``lines`` to replace).
    """
    try:
        head = b""
        for chunk in chunks:
            head += chunk
            if len(head) >= len(codecs.BOM_UTF8):
                break
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            le = head.startswith(codecs.BOM_UTF16_LE)
            decoder = codecs.getincrementaldecoder("utf-16-le" if le else "utf-16-be")("replace")
            for chunk in itertools.chain([head[2:]], chunks):
                text = decoder.decode(chunk)
                if text:
                    yield text.encode()
            text = decoder.decode(b"", final=True)
            if text:
                yield text.encode()
            return
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8) :]
        if head:
            yield head
        yield from chunks
    finally:
        chunks.close()


def _line_batches(chunks: Iterable[bytes]) -> Iterator[list[bytes]]:
    """Complete lines, one list per chunk; LF, CRLF and lone CR each end one line.

    Lines longer than a chunk are collected as parts and joined once, so an 8 MB line
    costs what it weighs. A chunk ending in CR keeps the CR back until the next chunk
    shows whether an LF follows.
    """
    parts: list[bytes] = []
    cr = False
    for piece in chunks:
        chunk = b"\r" + piece if cr else piece
        cr = chunk.endswith(b"\r")
        if cr:
            chunk = chunk[:-1]
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = chunk.split(b"\n")
        if len(lines) == 1:
            if chunk:
                parts.append(chunk)
            continue
        if parts:
            parts.append(lines[0])
            lines[0] = b"".join(parts)
            parts = []
        tail = lines.pop()
        if tail:
            parts.append(tail)
        yield lines
    if cr or parts:
        yield [b"".join(parts)]


def split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Physical lines of a byte stream given in arbitrary chunks, without line endings.

    LF, CRLF and a lone CR each end a line; a last line without an ending still counts.
    Exposed for engines that bring their own byte source.
    """
    for batch in _line_batches(chunks):
        yield from batch


class LogInput:
    """One readable input; iterate ``lines()`` (or ``raw_lines()``) for its lines.

    Files and zip members are reopened on every pass, so ``peek`` costs a first chunk
    and nothing is held open between passes. Stdin and pipes can be read once: what
    ``peek`` read is kept and replayed by the one ``lines()`` pass.
    """

    __slots__ = ("_buffer", "_consumed", "_limits", "_origin", "_progress", "_shared", "name")

    def __init__(self, name: str, origin: _Origin, limits: Limits) -> None:
        self.name = name
        """Display path: ``a.log``, ``dir/b.log.gz``, ``c.zip!logs/x.log`` or ``-``."""
        self._origin = origin
        self._limits = limits
        self._progress = _Progress()
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
            for batch in _line_batches(chunks):
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
            for batch in _line_batches(chunks):
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
        if not isinstance(self._origin, _File):
            return None
        try:
            with open(self._origin.path, "rb") as f:
                st = os.fstat(f.fileno())
                head = f.read(4)
        except OSError:
            return None  # the reading pass reports it
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
            return None
        if head.startswith((_GZIP_MAGIC, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
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
            self._progress = _Progress(
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
            source = _decompressed(self.name, self._origin, self._limits, _Progress())
        else:
            source = self._stream_chunks(record=True)
        chunks = _as_utf8(source)
        out: list[str] = []
        try:
            for batch in _line_batches(chunks):
                for line in batch:
                    out.append(line.decode("utf-8", "replace"))
                    if len(out) == n:
                        return out
        finally:
            chunks.close()
        return out

    def _start(self) -> tuple[_Progress, Generator[bytes, None, None]]:
        if self._origin.reopenable:
            self._progress = _Progress()
            source = _decompressed(self.name, self._origin, self._limits, self._progress)
        else:
            source = self._stream_chunks(record=False)
        return self._progress, _as_utf8(source)

    def _stream_chunks(self, *, record: bool) -> Generator[bytes, None, None]:
        """The single read of a stream: ``record`` keeps chunks for the later replay."""
        if self._consumed:
            raise RuntimeError(f"{self.name} is a stream and has already been read")
        if self._shared is None:
            self._shared = _decompressed(self.name, self._origin, self._limits, self._progress)
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


@dataclass(frozen=True, slots=True)
class Expansion:
    """The command-line paths resolved into inputs, in argument order (directories
    sorted)."""

    inputs: tuple[LogInput, ...]
    """Inputs to read."""
    skipped: tuple[SkippedInput, ...]
    """Paths found and deliberately left out, with the reason."""
    errors: tuple[InputError, ...]
    """Paths that could not be opened or listed; the CLI reports them and exits 2."""


def expand(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, limits: Limits | None = None
) -> Expansion:
    """Resolve command-line paths into inputs without reading more than a sniff of each.

    ``-`` is standard input (``stdin``, or ``sys.stdin.buffer`` when not given). Never
    raises for a bad path: the problem is in ``errors`` and the other paths still count.
    """
    expander = _Expander(limits or Limits(), stdin)
    for path in paths:
        expander.add(path)
    return Expansion(tuple(expander.inputs), tuple(expander.skipped), tuple(expander.errors))


def _text_head(data: bytes) -> bytes:
    """The first bytes of the decompressed data, from its first raw bytes."""
    if not data.startswith(_GZIP_MAGIC):
        return data[:SNIFF_SIZE]
    try:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(data, SNIFF_SIZE)
    except zlib.error:
        return b""  # treated as text: the reading pass reports the damage with its offset


def _binary_reason(head: bytes) -> str | None:
    """Why ``head`` is not text, or None when it is.

    Judged by content, not by name: logs come as ``.txt``, ``.1``, ``.log.bak`` or with
    no extension at all.
    """
    if head.startswith(_BOMS):
        return None
    body = head.rstrip(b"\x00")  # NUL padding left by a crash does not make a log binary
    if not body:
        return "binary data (only NUL bytes)" if head else None
    control = len(body) - len(body.translate(None, _CONTROL))
    nul = body.count(0)
    if control > _MAX_CONTROL_SHARE * len(body) or nul > _MAX_NUL_SHARE * len(body):
        return f"binary data ({control + nul} control or NUL bytes in the first {len(head)})"
    return None


class _Expander:
    """Accumulates inputs, skips and errors while the paths are resolved."""

    def __init__(self, limits: Limits, stdin: BinaryIO | None) -> None:
        self.limits = limits
        self.stdin = stdin
        self.inputs: list[LogInput] = []
        self.skipped: list[SkippedInput] = []
        self.errors: list[InputError] = []
        self.seen_files: dict[tuple[int, int], str] = {}
        self.seen_dirs: dict[tuple[int, int], str] = {}
        self.stdin_used = False

    def add(self, path: str) -> None:
        if path == STDIN_NAME:
            if self.stdin_used:
                self.errors.append(InputError("standard input given more than once", path))
                return
            self.stdin_used = True
            stream = self.stdin
            if stream is None:
                if sys.stdin is None:
                    self.errors.append(InputError("standard input is closed", path))
                    return
                stream = sys.stdin.buffer
            self.inputs.append(LogInput(STDIN_NAME, _Stream(stream), self.limits))
            return
        try:
            st = os.stat(path)
        except OSError as exc:
            self.errors.append(InputError(_open_error(exc), path))
            return
        if stat.S_ISDIR(st.st_mode):
            self.require_some(path, "directory", lambda: self.walk(path, st))
        elif stat.S_ISREG(st.st_mode):
            self.add_file(path, path, st, explicit=True)
        else:
            # A named pipe such as bash's <(hilog): sniffing it would eat its data.
            self.inputs.append(LogInput(path, _Stream(None, path), self.limits))

    def require_some(self, display: str, what: str, add: Callable[[], None]) -> None:
        """Runs ``add``, and records an error when it found nothing to read: a directory
        or archive that the user named and that holds no log is a mistake worth exit 2."""
        inputs, skipped, errors = len(self.inputs), len(self.skipped), len(self.errors)
        add()
        if len(self.inputs) == inputs and len(self.errors) == errors:
            found = len(self.skipped) - skipped
            self.errors.append(
                InputError(f"no readable log files in {what} ({found} skipped)", display)
            )

    def walk(self, root: str, root_st: os.stat_result) -> None:
        """Depth first in name order; directories are tracked by (device, inode) so a
        symbolic link loop ends instead of recursing forever."""
        root_key = (root_st.st_dev, root_st.st_ino)
        self.seen_dirs[root_key] = root
        stack = [(root_key, iter(self.listdir(root)))]
        while stack:
            entry = next(stack[-1][1], None)
            if entry is None:
                stack.pop()
                continue
            display = entry.path
            try:
                st = entry.stat()
            except FileNotFoundError:
                self.skipped.append(SkippedInput(display, "broken symbolic link"))
                continue
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    self.skipped.append(SkippedInput(display, "symbolic link loop"))
                else:
                    self.errors.append(InputError(_open_error(exc), display))
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if any(key == k for k, _ in stack):
                    target = self.seen_dirs[key]
                    self.skipped.append(
                        SkippedInput(display, f"symbolic link loop (back to {target})")
                    )
                elif key in self.seen_dirs:
                    self.skipped.append(
                        SkippedInput(display, f"same directory as {self.seen_dirs[key]}")
                    )
                else:
                    self.seen_dirs[key] = display
                    stack.append((key, iter(self.listdir(display))))
            elif stat.S_ISREG(st.st_mode):
                self.add_file(display, entry.path, st, explicit=False)
            else:
                self.skipped.append(SkippedInput(display, "not a regular file"))

    def listdir(self, path: str) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(path) as entries:
                return sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            self.errors.append(InputError(f"cannot list directory: {_open_error(exc)}", path))
            return []

    def add_file(self, display: str, path: str, st: os.stat_result, *, explicit: bool) -> None:
        key = (st.st_dev, st.st_ino)
        if key in self.seen_files:
            self.skipped.append(SkippedInput(display, f"same file as {self.seen_files[key]}"))
            return
        self.seen_files[key] = display
        try:
            with open(path, "rb") as f:
                data = f.read(SNIFF_SIZE)
        except OSError as exc:
            self.errors.append(InputError(_open_error(exc), display))
            return
        is_zip = data.startswith(_ZIP_MAGICS)
        if explicit and (is_zip or display.lower().endswith(".zip")):
            self.require_some(display, "archive", lambda: self.add_archive(display, path))
            return
        if display.lower().endswith(".zip"):
            self.add_archive(display, path)
            return
        if is_zip:
            # .hap, .apk, .jar: packages are not logs, even though they are zip files
            self.skipped.append(SkippedInput(display, "zip-based package, not a .zip archive"))
            return
        reason = _binary_reason(_text_head(data))
        if reason is not None:
            self.skipped.append(SkippedInput(display, reason))
            return
        self.inputs.append(LogInput(display, _File(path), self.limits))

    def add_archive(self, display: str, path: str) -> None:
        """Every text member becomes an input of its own, named ``archive!member``."""
        try:
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if not info.is_dir():
                        self.add_member(f"{display}!{info.filename}", path, archive, info)
        except _FAULTS as exc:
            self.errors.append(InputError(f"not a readable zip archive: {_describe(exc)}", display))

    def add_member(
        self, display: str, path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo
    ) -> None:
        if info.flag_bits & 0x1:
            self.errors.append(InputError("encrypted zip member (password needed)", display))
            return
        try:
            with archive.open(info) as member:
                data = member.read(SNIFF_SIZE)
        except (NotImplementedError, RuntimeError) as exc:
            self.errors.append(InputError(f"cannot read zip member: {_describe(exc)}", display))
            return
        except _FAULTS:
            data = b""  # damaged data: the reading pass reports it with its offset
        if data.startswith(_ZIP_MAGICS):
            self.skipped.append(SkippedInput(display, "nested zip archive (not expanded)"))
            return
        reason = _binary_reason(_text_head(data))
        if reason is not None:
            self.skipped.append(SkippedInput(display, reason))
            return
        self.inputs.append(LogInput(display, _Member(path, info), self.limits))


def read_error(name: str, at: int, exc: BaseException) -> str:
    """The one-line message for a fault at byte ``at`` of a plain input."""
    return str(InputError(f"read failed at byte {at}: {_describe(exc)}", path=name))


def _open_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return _describe(exc)
