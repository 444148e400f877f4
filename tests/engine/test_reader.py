"""The fast engine's random access to an input's lines (``fast.reader.ByteReader``).

Walking back over lines is done by searching blocks of bytes for line feeds where it
can, and line by line (``ByteReader.prev_start``) where a CR or a long line gets in
the way. Both must give the line starts that :mod:`analyzer.sources` splits a
text into: LF, CRLF and lone CR all end a line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.engine.fast import pool
from analyzer.engine.fast import reader as fast_reader
from analyzer.engine.fast.ranges import Task

PIECES = st.lists(
    st.sampled_from(["a", "bb", "x" * 40, "\n", "\r\n", "\r", "\n\n", " "]), max_size=60
)


def line_starts(data: bytes, start: int) -> list[int]:
    """Every line start at or after ``start``, split as the sources module splits."""
    starts = [start]
    i = start
    while i < len(data):
        if data[i : i + 2] == b"\r\n":
            i += 2
        elif data[i] in b"\r\n":
            i += 1
        else:
            i += 1
            continue
        if i < len(data):
            starts.append(i)
    return starts


@settings(max_examples=300, deadline=None)
@given(
    pieces=PIECES,
    lead=st.integers(0, 5),
    block=st.sampled_from([4, 16, 256 << 10]),
    hold=st.booleans(),
    n=st.integers(0, 30),
    data=st.data(),
)
def test_back_walks_the_same_lines_as_a_full_split(
    tmp_path_factory: pytest.TempPathFactory,
    pieces: list[str],
    lead: int,
    block: int,
    hold: bool,
    n: int,
    data: st.DataObject,
) -> None:
    text = ("z" * lead + "\n" if lead else "") + "".join(pieces)
    raw = text.encode()
    start = len("z" * lead + "\n") if lead else 0  # the input starts after a prefix
    starts = line_starts(raw, start)
    index = data.draw(st.integers(0, len(starts) - 1))
    path = Path(tmp_path_factory.mktemp("reader")) / "log"
    path.write_bytes(raw)
    fd = os.open(path, os.O_RDONLY)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(fast_reader, "_BLOCK", block)
            reader = fast_reader.ByteReader(fd, start, len(raw))
            if hold:
                reader.hold(start, raw[start:])
            found = reader.back(starts[index], n)
    finally:
        os.close(fd)
    went = min(n, index)
    assert found == (starts[index - went], went)


@settings(max_examples=300, deadline=None)
@given(PIECES, st.data())
def test_line_counts_between_line_starts_are_exact(pieces: list[str], data: st.DataObject) -> None:
    """Counting the line ends between two line starts (the chunk scan's ``count_lines``
    and its LF-only ``count_newlines``) gives what splitting gives."""
    text = "".join(pieces).encode()
    starts = [*line_starts(text, 0), len(text)]
    a = data.draw(st.sampled_from(starts))
    b = data.draw(st.sampled_from([s for s in starts if s >= a]))
    expected = sum(1 for s in line_starts(text, 0) if a < s <= b and s < len(text))
    expected += b == len(text) and len(text) > a and text[-1:] in (b"\n", b"\r")
    assert fast_reader.count_lines(text, a, b) == expected
    if b"\r" not in text:
        assert fast_reader.count_newlines(text, a, b) == text.count(b"\n", a, b) == expected


def test_tasks_tile_the_input_and_shrink_at_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "TASK_BYTES", 8192)
    lines = [f"line {n} " + "x" * (n % 50) + "\n" for n in range(4000)]
    data = "".join(lines).encode()
    path = tmp_path / "big.log"
    path.write_bytes(data)
    size = len(data)
    tasks = pool.split(Task(str(path), 0, size, 0, size, "plain", 0, "big.log"))
    assert tasks[0].a == 0 and tasks[-1].b == len(data)
    assert all(one.b == two.a for one, two in zip(tasks, tasks[1:], strict=False))
    assert all(data[task.b - 1 : task.b] == b"\n" for task in tasks)
    sizes = [task.b - task.a for task in tasks]
    # Full-size tasks first (cut at a line end after TASK_BYTES), then smaller ones,
    # none below an eighth of TASK_BYTES but the last.
    assert sizes[0] >= 8192
    assert min(sizes[:-1]) >= 8192 // 8
    assert sizes[-2] < 8192 // 2
    # Never growing, give or take the line each cut goes on to (at most 60 bytes).
    assert all(later <= earlier + 60 for earlier, later in zip(sizes, sizes[1:-1], strict=False))
