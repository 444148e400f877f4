"""Physical lines from chunks of bytes: LF, CRLF and a lone CR each end a line, and
a last line without an ending still counts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def line_batches(chunks: Iterable[bytes]) -> Iterator[list[bytes]]:
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
    for batch in line_batches(chunks):
        yield from batch
