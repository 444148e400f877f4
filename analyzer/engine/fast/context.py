"""The lines around a sample, read by byte offset: the fast engine finds a match
without reading the lines next to it, so it reads them when the match becomes a
sample, as the plain engine's excerpts (:mod:`analyzer.engine.excerpts`) keep them."""

from __future__ import annotations

import os

from analyzer.engine.fast.reader import ByteReader
from analyzer.model import ContextLine
from analyzer.textcap import cap


def context_lines(
    path: str, start: int, end: int, offset: int, number: int, context: int
) -> tuple[tuple[ContextLine, ...], tuple[ContextLine, ...]]:
    """Up to ``context`` lines before and after the line ``number`` that starts at
    ``offset`` of the text in bytes ``start..end`` of ``path``."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        reader = ByteReader(fd, start, end)
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
