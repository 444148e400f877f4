"""Where an input's bytes come from: a file, a zip member, a stream; how far reading
may go (:class:`Limits`); and the counting wrappers every read goes through.

Files and zip members are opened anew on every pass, so nothing is held open between
passes; stdin and pipes can be read once.
"""

from __future__ import annotations

import contextlib
import copy
import io
import lzma
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Final, Protocol, cast

CHUNK_SIZE: Final = 1 << 20
"""Bytes per read: large enough that per-chunk Python overhead vanishes, small enough
that memory stays flat."""

MAX_EXPANDED_BYTES: Final = 8 << 30
"""Default cap on the decompressed size of one compressed input (decompression bombs)."""

MAX_ZIP_RATIO: Final = 200
"""Default cap on how many times its compressed size a zip member may expand to.

Device logs compress about 5 to 30 times; a member far beyond that is a bomb, not a log.
"""

RATIO_GRACE: Final = 1 << 20
"""Members may always expand to this size: tiny, very repetitive logs are not bombs."""

GZIP_MAGIC: Final = b"\x1f\x8b"
ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06")

FAULTS: Final = (
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
class Progress:
    """Mutable counters of one reading pass; ``InputStats`` is its frozen snapshot."""

    raw_bytes: int = 0
    decompressed: int = 0
    lines: int = 0
    complete: bool = False
    error: str | None = None


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Cap:
    """A decompressed-size limit and the words that explain it when it is hit."""

    bytes: int
    why: str


class Counting:
    """Counts the raw bytes read from a file or stream; optionally stops at a size.

    The size stop is how a file that grows while it is read still ends: it is read up
    to the size it had when it was opened.
    """

    def __init__(
        self, stream: BinaryIO, progress: Progress, limit: int | None, partial: bool = False
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


class Prefixed:
    """A stream whose first bytes were already read to look at the magic number."""

    def __init__(self, prefix: bytes, stream: Readable) -> None:
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


class CrcChecked:
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


class Origin:
    """Where an input's bytes come from; subclasses know how to open them."""

    reopenable = True
    """Whether every pass can open the data anew (stdin and pipes cannot)."""

    def open(self, stack: contextlib.ExitStack, progress: Progress) -> Readable:
        raise NotImplementedError

    def cap(self, limits: Limits) -> Cap | None:
        """The decompressed-size limit that applies even to data that is not gzip."""
        return None


class FileOrigin(Origin):
    def __init__(self, path: str) -> None:
        self.path = path

    def open(self, stack: contextlib.ExitStack, progress: Progress) -> Readable:
        f = stack.enter_context(open(self.path, "rb"))  # noqa: SIM115 (closed by stack)
        st = os.fstat(f.fileno())
        # /proc and sysfs files say size 0 yet have content: read those to their end.
        size = st.st_size if stat.S_ISREG(st.st_mode) and st.st_size > 0 else None
        return Counting(f, progress, size)


class MemberOrigin(Origin):
    def __init__(self, archive: str, info: zipfile.ZipInfo) -> None:
        self.archive = archive
        self.info = info

    def open(self, stack: contextlib.ExitStack, progress: Progress) -> Readable:
        # Each pass parses the central directory again: members stay independent inputs
        # with no shared open archive, at the price of O(members^2) for huge archives.
        f = stack.enter_context(open(self.archive, "rb"))  # noqa: SIM115 (closed by stack)
        archive = stack.enter_context(zipfile.ZipFile(Counting(f, progress, None)))
        unchecked = copy.copy(self.info)
        del unchecked.CRC  # zipfile then leaves the check to CrcChecked
        member = cast(zipfile.ZipExtFile, stack.enter_context(archive.open(unchecked)))
        progress.raw_bytes = 0  # only the member's own compressed data counts
        return CrcChecked(member, self.info.CRC)

    def cap(self, limits: Limits) -> Cap:
        by_ratio = max(RATIO_GRACE, int(limits.max_zip_ratio * self.info.compress_size))
        if by_ratio < limits.max_expanded_bytes:
            return Cap(
                by_ratio,
                f"expands beyond {by_ratio} bytes, over {limits.max_zip_ratio:g} times its "
                f"compressed size of {self.info.compress_size} bytes; stopped as a possible "
                "zip bomb",
            )
        return expanded_cap(limits)


class StreamOrigin(Origin):
    """Standard input, or a named pipe given on the command line: readable only once."""

    reopenable = False

    def __init__(self, stream: BinaryIO | None, path: str | None = None) -> None:
        self.stream = stream
        self.path = path

    def open(self, stack: contextlib.ExitStack, progress: Progress) -> Readable:
        stream = self.stream
        if stream is None:
            assert self.path is not None
            stream = stack.enter_context(open(self.path, "rb"))  # noqa: SIM115 (closed by stack)
        return Counting(stream, progress, None, partial=True)


def expanded_cap(limits: Limits) -> Cap:
    return Cap(
        limits.max_expanded_bytes,
        f"expands beyond the limit of {limits.max_expanded_bytes} bytes; stopped as a "
        "possible decompression bomb",
    )
