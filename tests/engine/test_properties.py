"""Properties of code extraction and of the engine on arbitrary input (hypothesis)."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.engine.codes import find_codes
from analyzer.engine.matcher import Matcher
from analyzer.model import Level, LogRecord

_DIGIT = regex.compile(r"\p{N}")
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

# Text made of the pieces codes are made of, so that hypothesis finds the edges
# (keys glued to digit runs, signs, units, separators, line breaks) quickly.
PIECES = st.sampled_from(
    [
        "errCode",
        "error code",
        "code",
        "ret",
        "ret_code",
        "result",
        "err",
        "BusinessError",
        "错误码",
        "是",
        '"code"',
        "“code”",
        ":",
        "=",
        "：",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\u2028",
        "-",
        "+",
        ".",
        ",",
        "/",
        "_",
        "(",
        "[",
        '"',
        "0",
        "2",
        "200",
        "2100002",
        "10008",
        "٣",
        "２",
        "²",
        "0x",
        "us",
        " ms",
        "%",
        "¥",
        "$",
        "OK",
        " is ",
        "secret",
        "blk_",
        "HTTP/1.1 ",
        "status ",
        "RespCode",
        "errno",
        "<private>",
        "Internal error.",
    ]
)
TEXT = st.one_of(st.text(max_size=80), st.lists(PIECES, max_size=24).map("".join))


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_find_codes_never_raises(text: str) -> None:
    for hit in find_codes(text):
        assert isinstance(hit.value, int)
        assert 0 <= hit.start < hit.end <= len(text)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_a_code_is_never_part_of_a_longer_digit_run(text: str) -> None:
    for hit in find_codes(text):
        assert text[hit.end - len(hit.text) : hit.end] == hit.text
        start = hit.end - len(hit.text.lstrip("+-"))
        assert start == 0 or not _DIGIT.match(text[start - 1])
        assert hit.end == len(text) or not _DIGIT.match(text[hit.end])


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_a_code_never_crosses_a_line_end(text: str) -> None:
    for hit in find_codes(text):
        assert not any(ch in _LINE_BREAKS for ch in text[hit.start : hit.end])


@settings(max_examples=200, deadline=None)
@given(before=TEXT, after=TEXT)
def test_find_codes_is_line_local(before: str, after: str) -> None:
    # What a line yields does not depend on the lines around it.
    line = "E/TPush ( 1): errCode=-502"
    alone = [(h.value, h.key) for h in find_codes(line)]
    chunk = f"{before}\n{line}\n{after}"
    offset = len(before) + 1
    inside = [
        (h.value, h.key)
        for h in find_codes(chunk)
        if offset <= h.start and h.end <= offset + len(line)
    ]
    assert inside == alone


FIELD = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["TPush", "NETSTACK", "JSAPP"]))


@st.composite
def records(draw: st.DrawFn) -> list[LogRecord]:
    """A run of records with consecutive line numbers and arbitrary fields and text."""
    out: list[LogRecord] = []
    line = draw(st.integers(1, 50))
    for _ in range(draw(st.integers(0, 8))):
        messages = tuple(draw(st.lists(TEXT, min_size=1, max_size=4)))
        out.append(
            LogRecord(
                line=line,
                messages=messages,
                raw=messages,
                format=draw(st.sampled_from(["hilog", "logcat-brief", "raw", "jsonl"])),
                time=draw(st.one_of(st.none(), st.text(max_size=10))),
                level=draw(st.one_of(st.none(), st.sampled_from(list(Level)))),
                pid=draw(st.one_of(st.none(), st.integers(0, 70000))),
                tid=draw(st.one_of(st.none(), st.integers(0, 70000))),
                domain=draw(st.one_of(st.none(), st.sampled_from(["C015B0", "A03d00"]), FIELD)),
                tag=draw(FIELD),
                process=draw(FIELD),
            )
        )
        line += len(messages) + draw(st.integers(0, 20))
    return out


@settings(max_examples=150, deadline=None)
@given(batch=records())
def test_matcher_never_raises_on_arbitrary_records(
    matcher: Matcher, batch: list[LogRecord]
) -> None:
    for match in matcher.scan(batch):
        record = next(r for r in batch if r.line <= match.line <= r.end_line)
        assert match.text == record.raw[match.line - record.line]
        assert match.entry in match.candidates
        assert 0.0 < match.confidence <= 1.0
        assert match.reason
