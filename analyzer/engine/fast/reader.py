"""Random access to the bytes of one input: a chunk held while it is scanned, one
block cached around it, and lines found and counted in bytes (LF, CRLF and lone CR
each end one, as :mod:`analyzer.sources` splits them), never split in Python."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from typing import Final

_BLOCK: Final = 256 << 10
_NEWLINE: Final = ord("\n")
_CR: Final = ord("\r")


class ByteReader:
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
            piece = pread(self.fd, b - at, at)
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


def pread(fd: int, size: int, offset: int) -> bytes:
    """``os.pread``, or seek and read where there is none (Windows; one fd per reader)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, size)  # pragma: no cover


def count_lines(data: bytes, a: int = 0, b: int | None = None) -> int:
    """Line ends (LF, CRLF, lone CR) in ``data[a:b]``; ``a`` and ``b`` are line starts."""
    end = len(data) if b is None else b
    n = count_newlines(data, a, end)
    if b"\r" in data:
        n += data.count(b"\r", a, end) - data.count(b"\r\n", a, end)
    return n


def count_newlines(data: bytes, a: int, b: int) -> int:
    """``data.count(b"\\n", a, b)``, spelled as what deleting the line ends removes.

    CPython's ``bytes.count`` tests one byte at a time, while ``bytes.replace`` finds
    a one-byte needle with ``memchr`` and copies the runs between: several times
    faster, for a copy of at most one chunk that is freed at once. (numpy counts in
    place, but importing it puts its pages in every forked worker; see
    ``docs/performance.md``.)"""
    return (b - a) - len(data[a:b].replace(b"\n", b""))
