"""Properties of every parser and of the grouper, and linear-time parsing of huge lines."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import formats
from analyzer.engine.errorlines import error_line, error_record
from analyzer.formats import grouping
from analyzer.formats.interface import Header, LogFormat
from analyzer.model import LogRecord
from analyzer.store.rows import pack_error_record
from analyzer.templates.tokens import message_tokens

ALL_FORMATS = formats.formats()

# Lines that exercise every grouping path: headers of each format, stack frames,
# JS crash keys, logcat long headers, blank lines, indented continuations.
REALISTIC = [
    "11-02 08:14:27.305  2210  2231 E C015B0/com.example.shop/NETSTACK: error code:2300028",
    "11-02 08:14:27.306  2210  2231 E C015B0/com.example.shop/NETSTACK: Error name:TypeError",
    "11-02 08:14:27.306  2210  2231 E C015B0/com.example.shop/NETSTACK: Stacktrace:",
    "11-02 08:14:27.306  2210  2231 E C015B0/com.example.shop/NETSTACK:     at f (a.ets:1:1)",
    "04-03 10:12:08.554   7310-7342     C015B0/NETSTACK     com.example.shop   E     boom",
    "E/XINGE   ( 4821): java.lang.RuntimeException: boom",
    "E/XINGE   ( 4821): \tat android.os.Looper.loop(Looper.java:193)",
    "E/XINGE   ( 4821): Caused by: java.io.IOException",
    "D( 4821) message  (TPush)",
    "D/TPush   : message",
    "D( 4821: 4830) message",
    "06-14 09:20:11.042 D/TPush   ( 4821): message",
    "06-14 09:20:11.042  4821  4830 D TPush   : message",
    "[ 06-14 09:20:11.042  4821: 4830 E/XINGE    ]",
    "06-14 09:20:11.042 4821-4830/com.example.shop D/TPush: message",
    "2024-06-14 09:20:11.042  4821-4830  TPush   com.example.shop   D  message",
    '{"level": "error", "tag": "XINGE", "msg": "register failed"}',
    "2024-05-01T10:00:00.123Z [ERROR] push register failed",
    "Error name:Error",
    "Error message:Controller not bound",
    "Error code:100004",
    "SourceCode:",
    "        x.run();",
    "Stacktrace:",
    "at anonymous (entry/src/main/ets/a.ets:1:1)",
    "\tat com.example.A.b(A.java:1)",
    "\t... 3 more",
    "",
    "   ",
    "plain text line",
]

LINES = st.lists(
    st.one_of(st.sampled_from(REALISTIC), st.text(max_size=60)),
    max_size=60,
)

NEAR_HEADERS = st.one_of(
    st.sampled_from(REALISTIC),
    st.text(max_size=60),
    st.sampled_from(REALISTIC).map(lambda line: line + " failed, errCode=-502"),
    st.sampled_from(REALISTIC).map(lambda line: line + " 连接超时"),
    st.tuples(st.sampled_from(REALISTIC), st.text(max_size=20), st.integers(0, 90)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    ),
)
"""One line: a realistic line of any layout, random text, a realistic line with an
error code or CJK text after it, or with random text spliced in anywhere."""


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=100, deadline=None)
@given(
    line=NEAR_HEADERS,
    bom=st.booleans(),
    number=st.integers(1, 10**6),
    index=st.integers(0, 3),
)
def test_error_line_is_the_error_record_of_the_line_alone(
    fmt: LogFormat, line: str, bom: bool, number: int, index: int
) -> None:
    """The fast engine packs an error line that is a record by itself with error_line,
    without building the record: the same as classifying the record the grouper makes
    of the line alone, and packing it."""
    text = ("\ufeff" if bom else "") + line
    record = next(iter(formats.records([(number, text)], fmt)))
    classified = error_record(index, record, set(), message_tokens)
    expected = None if classified is None else pack_error_record(classified)
    raw, header = grouping.read_line(text, fmt)
    assert error_line(index, number, raw, header, message_tokens) == expected


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=50, deadline=None)
@given(line=st.text())
def test_parse_line_never_raises(fmt: LogFormat, line: str) -> None:
    header = fmt.parse_line(line)
    assert header is None or isinstance(header, Header)
    if header is not None:
        assert isinstance(header.message, str)


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=100, deadline=None)
@given(line=NEAR_HEADERS, bom=st.booleans())
def test_message_is_the_message_parse_line_reads(fmt: LogFormat, line: str, bom: bool) -> None:
    """A format's message() is parse_line()'s message (or None for no header), and
    starts_record, which asks message(), agrees with the record-start check made from
    a whole parse."""
    header = fmt.parse_line(line)
    assert fmt.message(line) == (None if header is None else header.message)
    text = ("\ufeff" if bom else "") + line
    assert grouping.starts_record(text, fmt) == grouping.read_starts_record(
        *grouping.read_line(text, fmt), fmt
    )


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=30, deadline=None)
@given(line=st.sampled_from(REALISTIC), noise=st.text(max_size=20))
def test_parse_line_never_raises_near_headers(fmt: LogFormat, line: str, noise: str) -> None:
    for variant in (line + noise, noise + line, line[: len(line) // 2] + noise):
        fmt.parse_line(variant)


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=40, deadline=None)
@given(lines=LINES, max_lines=st.integers(1, 6), start=st.integers(1, 1000))
def test_records_cover_every_line_once_in_order(
    fmt: LogFormat, lines: list[str], max_lines: int, start: int
) -> None:
    numbered = list(enumerate(lines, start))
    records = list(formats.records(numbered, fmt, max_lines=max_lines))
    assert sum(len(r.raw) for r in records) == len(lines)
    expected = start
    for record in records:
        assert record.line == expected
        assert len(record.messages) == len(record.raw) >= 1
        assert 1 <= len(record.raw) <= max_lines
        assert record.format == fmt.name
        expected = record.end_line + 1
    raws = [raw for record in records for raw in record.raw]
    assert raws == [line.removesuffix("\n").removesuffix("\r") for line in lines]


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=25, deadline=None)
@given(numbers=st.lists(st.integers(1, 5), min_size=1, max_size=30), lines=LINES)
def test_records_never_span_a_gap(fmt: LogFormat, numbers: list[int], lines: list[str]) -> None:
    steps = numbers[: len(lines)]
    numbered, current = [], 0
    for step, line in zip(steps, lines, strict=False):
        current += step
        numbered.append((current, line))
    covered = [
        record.line + i for record in formats.records(numbered, fmt) for i in range(len(record.raw))
    ]
    assert covered == [number for number, _ in numbered]


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
@settings(max_examples=30, deadline=None)
@given(lines=LINES)
def test_score_is_a_share(fmt: LogFormat, lines: list[str]) -> None:
    assert 0.0 <= fmt.score(lines) <= 1.0


SIZE = 2 * 1024 * 1024
PATHOLOGICAL_PREFIXES = [
    "",
    "11-15 15:51:02.110 ",
    "11-15 15:51:02.110  1197  1197 E C01406/",
    "12-16 11:06:57.622 15206-15899 C015B0/",
    "D/",
    "D(",
    "D(  52:",
    "[ 11-25 13:36:00.610 ",
    "05-31 20:41:59.383 27622-27717/",
    "2024-01-08 14:53:47.252  3312-3312 ",
    "1700000000.123 ",
    "{",
    "[2024-05-01 10:00:00] ",
    "2024-05-01 10:00:00 ERROR ",
]
PATHOLOGICAL_BODIES = [" ", "7", "7 ", " 7", "12 ", ": ", "\t", "(", "[", "D ", "a:", '{"a":']


def _seconds(call: Callable[[], object]) -> float:
    """Wall time of ``call``; a slow first run is retried so machine load is not blamed."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
        if best < LIMIT:
            break
    return best


LIMIT = 0.5
"""Seconds allowed to parse one 2 MiB line (linear parsers take a few milliseconds)."""


def test_huge_lines_parse_in_linear_time() -> None:
    slow: list[tuple[str, str, str, float]] = []
    for prefix in PATHOLOGICAL_PREFIXES:
        for body in PATHOLOGICAL_BODIES:
            line = prefix + body * (SIZE // len(body))
            for fmt in ALL_FORMATS:
                seconds = _seconds(functools.partial(fmt.parse_line, line))
                if seconds >= LIMIT:
                    slow.append((fmt.name, prefix, body, round(seconds, 3)))
    assert slow == []


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=str)
def test_huge_lines_group_and_score_quickly(fmt: LogFormat) -> None:
    lines = [" " * SIZE, "\tat " + "7" * SIZE, "Error name:" + " 7" * (SIZE // 2), "x"]

    def group_and_score() -> list[LogRecord]:
        fmt.score(lines)
        return list(formats.records(enumerate(lines, 1), fmt))

    assert _seconds(group_and_score) < 2 * LIMIT
    assert sum(len(r.raw) for r in group_and_score()) == len(lines)
