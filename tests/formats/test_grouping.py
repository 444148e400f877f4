"""Grouping physical lines into records: stack traces, JS crash blocks, long, wrap, caps."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from analyzer import formats
from analyzer.model import Level, LogRecord


def group(lines: list[str], name: str, **caps: int) -> list[LogRecord]:
    """Records of ``lines`` (numbered from 1) read as format ``name``."""
    return list(formats.records(enumerate(lines, 1), formats.get(name), **caps))


def spans(records: list[LogRecord]) -> list[tuple[int, int]]:
    """(first line, last line) of each record."""
    return [(r.line, r.end_line) for r in records]


def hl(time: str, level: str, tag: str, message: str, tid: int = 2231) -> str:
    """A hilog line of the made-up ``com.example.shop`` process."""
    return f"11-02 08:14:{time}  2210 {tid:5d} {level} C01317/com.example.shop/{tag}: {message}"


def test_java_stack_trace_in_logcat_brief() -> None:
    lines = [
        "W/TPush   ( 4821): [XGPushManager] heartbeat",
        "E/XINGE   ( 4821): [XGPushManager] OperateRunnable",
        "E/XINGE   ( 4821): java.lang.IllegalStateException: must run on the main thread",
        "E/XINGE   ( 4821): \tat io.flutter.embedding.engine.FlutterJNI.ensure(FlutterJNI.java:6)",
        "E/XINGE   ( 4821): \tat android.os.Looper.loop(Looper.java:193)",
        "E/XINGE   ( 4821): Caused by: java.lang.RuntimeException: boom",
        "E/XINGE   ( 4821):     at com.example.shop.Push.bind(Push.java:12)",
        "E/XINGE   ( 4821): \t... 12 more",
        "E/XINGE   ( 5000): \tat another.process.Frame(Other.java:1)",
        "I/TPush   ( 4821): [XGPushManager] done",
    ]
    records = group(lines, "logcat-brief")
    assert spans(records) == [(1, 1), (2, 2), (3, 8), (9, 9), (10, 10)]
    trace = records[2]
    assert trace.tag == "XINGE" and trace.pid == 4821 and trace.level is Level.ERROR
    assert trace.messages[0] == "java.lang.IllegalStateException: must run on the main thread"
    assert trace.messages[1].startswith("\tat io.flutter")
    assert trace.raw == tuple(lines[2:8])
    assert "Caused by: java.lang.RuntimeException: boom" in trace.message


def test_stack_frames_of_another_tag_do_not_join() -> None:
    lines = [
        "06-14 09:20:11.051  4821  4830 E XINGE   : java.net.SocketTimeoutException: timeout",
        "06-14 09:20:11.051  4821  4830 E XgStat  : \tat java.net.Socket.read(Socket.java:151)",
        "06-14 09:20:11.051  4821  4831 E XINGE   : \tat java.net.Socket.read(Socket.java:151)",
        "06-14 09:20:11.051  4821  4830 E XINGE   : \tat java.net.Socket.read(Socket.java:151)",
    ]
    assert spans(group(lines, "logcat-threadtime")) == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_js_crash_block_with_prefix() -> None:
    lines = [
        hl("27.301", "E", "AppKit", "com.example.shop is about to exit due to RuntimeError"),
        hl("27.301", "E", "AppKit", "Error type:TypeError"),
        hl("27.301", "E", "AppKit", "Error name:TypeError"),
        hl("27.301", "E", "AppKit", "Error message:Cannot read property 'code' of undefined"),
        hl("27.301", "E", "AppKit", "Error code:401"),
        hl("27.301", "E", "AppKit", "Stacktrace:"),
        hl("27.301", "E", "AppKit", "    at onRegister (entry/src/main/ets/push/Push.ets:42:13)"),
        hl("27.301", "E", "AppKit", "at anonymous (entry/src/main/ets/pages/Index.ets:18:5)"),
        hl("27.302", "W", "AppKit", "[MAINTHD2063]hisysevent write result=0"),
        hl("27.303", "E", "AppKit", "Error name:RangeError"),
        hl("27.303", "E", "AppKit", "Error message:index out of range"),
    ]
    records = group(lines, "hilog")
    assert spans(records) == [(1, 1), (2, 8), (9, 9), (10, 11)]
    block = records[1]
    assert block.messages[0] == "Error type:TypeError"
    assert block.messages[3] == "Error code:401"
    assert block.tag == "AppKit" and block.process == "com.example.shop"


def test_js_crash_block_unprefixed_in_pasted_text() -> None:
    lines = [
        "（2）稳定性：Js Crash：Error name:Error",
        "Error message:Controller not bound to component.",
        "Error code:100004",
        "Stacktrace:",
        "Cannot get SourceMap info, dump raw stack:",
        "at anonymous (entry|@example/refresh|1.0.2|src/main/ets/Refresh.js:120:1)（Mate 60）",
        "请问怎么解决？",
    ]
    assert formats.detect(lines).format_name == "raw"
    records = group(lines, "raw")
    assert spans(records) == [(1, 6), (7, 7)]
    assert records[0].messages[2] == "Error code:100004"
    assert records[0].tag is None and records[0].pid is None


def test_js_crash_block_unprefixed_after_a_prefixed_line() -> None:
    lines = [
        hl("27.301", "E", "JsApp", "Error name:TypeError"),
        "Error message:undefined is not callable",
        "SourceCode:",
        "        this.client.bind();",
        "                    ^",
        "Stacktrace:",
        "    at bind (entry/src/main/ets/push/Push.ets:7:21)",
        hl("27.302", "I", "JsApp", "next"),
    ]
    records = group(lines, "hilog")
    assert spans(records) == [(1, 7), (8, 8)]
    assert records[0].messages[1] == "Error message:undefined is not callable"


def test_source_code_snippet_joins_in_raw_text() -> None:
    lines = [
        "Error name:TypeError",
        "Error message:x is undefined",
        "SourceCode:",
        "        x.run();",
        "        ^",
        "Stacktrace:",
        "at main (entry/src/main/ets/a.ets:3:9)",
        "unrelated",
    ]
    assert spans(group(lines, "raw")) == [(1, 7), (8, 8)]


def test_java_stack_trace_unprefixed_in_raw_text() -> None:
    lines = [
        "崩溃日志：",
        "java.lang.NullPointerException: token",
        "\tat com.tencent.android.tpush.XGPushManager.a(ProGuard:2463)",
        "\tat android.os.Handler.handleCallback(Handler.java:873)",
        "谢谢",
    ]
    assert spans(group(lines, "raw")) == [(1, 1), (2, 4), (5, 5)]


def test_unprefixed_stack_trace_groups_without_a_header() -> None:
    trace = [
        "java.lang.IllegalStateException: not bound",
        "\tat com.example.shop.Push.bind(Push.java:12)",
        "\t... 3 more",
    ]
    hilog_lines = [*trace, hl("27.305", "I", "NETSTACK", "next")]
    assert spans(group(hilog_lines, "hilog")) == [(1, 3), (4, 4)]
    json_lines = ['{"level": "error", "msg": "bind failed", "pid": 7}', *trace]
    assert spans(group(json_lines, "jsonl")) == [(1, 1), (2, 4)]


def test_logcat_long_entries_end_at_blank_lines() -> None:
    lines = [
        "[ 06-14 09:20:11.042  4821: 4830 E/XINGE    ]",
        "register failed",
        "errCode=10008",
        "",
        "[ 06-14 09:20:11.050  4821: 4830 I/TPush    ]",
        "retry scheduled",
        "",
        "",
        "stray text after the entries",
    ]
    records = group(lines, "logcat-long")
    assert spans(records) == [(1, 4), (5, 8), (9, 9)]
    first = records[0]
    assert first.messages == ("", "register failed", "errCode=10008", "")
    assert first.tag == "XINGE" and first.pid == 4821 and first.tid == 4830
    assert first.time == "06-14 09:20:11.042" and first.level is Level.ERROR
    assert records[2].tag is None and records[2].messages == ("stray text after the entries",)


def test_hilog_wrap_continuation_lines() -> None:
    lines = [
        "preface pasted before the log",
        "another preface line",
        hl("27.305", "I", "NETSTACK", "response body:"),
        '{"code": 2300028,',
        ' "msg": "timeout"}',
        "",
        hl("27.306", "I", "NETSTACK", "next"),
    ]
    records = group(lines, "hilog")
    assert spans(records) == [(1, 1), (2, 2), (3, 6), (7, 7)]
    assert records[0].tag is None and records[0].messages == ("preface pasted before the log",)
    assert records[2].messages == ("response body:", '{"code": 2300028,', ' "msg": "timeout"}', "")
    assert records[2].tag == "NETSTACK"


def test_json_lines_non_json_line_is_its_own_record() -> None:
    lines = [
        '{"level": "error", "tag": "XINGE", "msg": "register failed"}',
        "plain line in the middle",
        '{"level": "info", "msg": "ok"}',
    ]
    records = group(lines, "jsonl")
    assert spans(records) == [(1, 1), (2, 2), (3, 3)]
    assert records[1].messages == ("plain line in the middle",) and records[1].level is None


def test_record_line_cap_splits_and_keeps_fields() -> None:
    head = "E/XINGE   ( 4821): java.lang.StackOverflowError: stack size 8MB"
    frame = "E/XINGE   ( 4821): \tat com.example.shop.Loop.again(Loop.java:7)"
    lines = [head] + [frame] * 449
    records = group(lines, "logcat-brief")
    assert [len(r.raw) for r in records] == [200, 200, 50]
    assert all(r.tag == "XINGE" and r.pid == 4821 for r in records)
    assert records[1].line == 201


def test_continuation_overflow_carries_fields() -> None:
    lines = [hl("27.305", "W", "NETSTACK", "body:")] + [f"chunk {i}" for i in range(5)]
    records = group(lines, "hilog", max_lines=3)
    assert spans(records) == [(1, 3), (4, 6)]
    assert records[1].tag == "NETSTACK" and records[1].level is Level.WARN
    assert records[1].messages == ("chunk 2", "chunk 3", "chunk 4")


def test_record_char_cap() -> None:
    big = "x" * 400_000
    lines = [hl("27.305", "I", "NETSTACK", "dump:")] + [big] * 5
    records = group(lines, "hilog")
    assert sum(len(r.raw) for r in records) == 6
    assert all(sum(map(len, r.raw)) <= formats.MAX_RECORD_CHARS for r in records)
    assert len(records) > 1


def test_single_line_longer_than_char_cap_is_kept_whole() -> None:
    records = group(["y" * 3000, "z"], "raw", max_chars=1000)
    assert [r.raw for r in records] == [("y" * 3000,), ("z",)]


def test_gap_in_line_numbers_closes_the_record() -> None:
    numbered = [
        (1, hl("27.305", "I", "NETSTACK", "body:")),
        (2, "part 1"),
        (5, "part 2 after a gap"),
        (6, "part 3"),
    ]
    records = list(formats.records(numbered, formats.get("hilog")))
    assert spans(records) == [(1, 2), (5, 5), (6, 6)]


def test_line_terminators_and_bom_are_removed() -> None:
    lines = ["\ufeffD/TPush   ( 4821): first\r\n", "I/TPush   ( 4821): second\n"]
    records = group(lines, "logcat-brief")
    assert [r.messages for r in records] == [("first",), ("second",)]
    assert records[0].raw == ("\ufeffD/TPush   ( 4821): first",)
    assert records[0].tag == "TPush"


def test_records_stream_lazily() -> None:
    def endless() -> Iterator[tuple[int, str]]:
        for number in itertools.count(1):
            yield number, f"I/TPush   ( 4821): heartbeat {number}"

    first = list(itertools.islice(formats.records(endless(), formats.get("logcat-brief")), 3))
    assert [r.line for r in first] == [1, 2, 3]


def test_caps_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        formats.records([], formats.get("raw"), max_lines=0)
