"""An input's data after decompression, and in UTF-8: gzip undone (detected by its
magic number, so rotated hilog files and ``gzip -c log | analyze -`` read too), limits
applied, a UTF-8 BOM removed, UTF-16 with a BOM transcoded. Faults end the data and are
recorded in the pass's :class:`~.origins.Progress`, never raised."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import itertools
from collections.abc import Generator

from analyzer.errors import InputError
from analyzer.sources.origins import (
    FAULTS,
    GZIP_MAGIC,
    ZIP_MAGICS,
    Limits,
    MemberOrigin,
    Origin,
    Prefixed,
    Progress,
    Readable,
    expanded_cap,
)


def describe(exc: BaseException) -> str:
    """One line of words for an exception, without the path (the caller adds it)."""
    if isinstance(exc, EOFError):
        return "compressed data ends early (file truncated?)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_at_least(stream: Readable, want: int, size: int) -> bytes:
    """One chunk, but at least ``want`` bytes unless the data ends (pipes return less)."""
    data = stream.read(max(want, size))
    while 0 < len(data) < want:
        more = stream.read(size)
        if not more:
            break
        data += more
    return data


def decompressed(
    name: str, origin: Origin, limits: Limits, progress: Progress
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
            data = read_at_least(raw, len(GZIP_MAGIC), limits.chunk_size)
            cap = origin.cap(limits)
            read = raw.read
            if data.startswith(GZIP_MAGIC):
                compressed = True
                unzipped = stack.enter_context(
                    gzip.GzipFile(fileobj=Prefixed(data, raw), mode="rb")
                )
                # read1 returns each piece as soon as it is decompressed; read would drop
                # the pieces it gathered when a later one fails (truncated file).
                read = unzipped.read1
                cap = cap or expanded_cap(limits)
                data = read(limits.chunk_size)
            elif isinstance(origin, MemberOrigin):
                compressed = True
            elif not origin.reopenable and data.startswith(ZIP_MAGICS):
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
    except FAULTS as exc:
        message = _fault(exc, progress.decompressed, opened=opened, compressed=compressed)
        progress.error = str(InputError(message, path=name))
        return
    progress.complete = True


def _fault(exc: BaseException, at: int, *, opened: bool, compressed: bool) -> str:
    """What went wrong, in words: opening, decompressing, or reading at byte ``at``."""
    if not opened:
        return f"cannot read: {describe(exc)}"
    if compressed:
        return f"corrupt or truncated compressed data at decompressed byte {at}: {describe(exc)}"
    return f"read failed at byte {at}: {describe(exc)}"


def as_utf8(chunks: Generator[bytes, None, None]) -> Generator[bytes, None, None]:
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
