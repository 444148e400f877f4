"""The fast engine's prefilter is a superset of what the reference engine matches.

* the hand-made tables (case folds, white space, digits) equal ``regex``'s own
  behaviour, brute-forced over every code point;
* every line on which the reference finds a code or signature hit fires a candidate
  pattern (hypothesis, on realistic and random lines);
* every text an evidence regex matches fires one of its translated pieces;
* a line that :func:`starts_record` says starts a record is a safe place to restart
  grouping: the records from it equal those of the full parse.
"""

from __future__ import annotations

import itertools
import sys
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import formats
from analyzer.catalog.loader import Catalog
from analyzer.engine import fast
from analyzer.engine.codes import find_codes
from analyzer.engine.fast import compiled, export, patterns, ranges, transpile
from analyzer.engine.matcher import _outermost
from analyzer.engine.signatures import SignatureMatcher
from analyzer.formats.grouping import line_message, starts_record

pytestmark = pytest.mark.skipif(not fast.available(), reason="hyperscan is not installed")

EVERY_CHAR = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_exotic_folds_are_complete() -> None:
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found = {c for c in regex.findall(f"(?i){letter}", EVERY_CHAR) if not c.isascii()}
        expected = {transpile.EXOTIC_FOLDS[letter]} if letter in transpile.EXOTIC_FOLDS else set()
        assert found == expected, letter


def test_unicode_spaces_are_complete() -> None:
    found = {c for c in regex.findall(r"\s", EVERY_CHAR) if c not in " \t\r\n"}
    assert found == set(transpile.UNICODE_SPACES)
    loose = regex.compile(patterns._SPACE_RUN.encode(), regex.ASCII)  # noqa: SLF001
    assert all(loose.fullmatch(c.encode()) for c in found)


def test_nonascii_digits_are_complete() -> None:
    digits = [c for c in regex.findall(r"\d", EVERY_CHAR) if not c.isascii()]
    pattern = regex.compile(f"(?:{transpile.NONASCII_DIGIT})".encode())
    assert all(pattern.fullmatch(c.encode()) for c in digits)
    found = set(regex.findall(f"(?:{transpile.NONASCII_DIGIT})".encode(), EVERY_CHAR.encode()))
    assert found == {c.encode() for c in digits}


def _fires(pre: compiled.Prefilter, line: str) -> bool:
    db, _ = pre.main(pre.all_catalogs, jsonl=False)
    hits: list[int] = []
    db.scan(line.encode("utf-8"), lambda *a: hits.append(1))
    return bool(hits)


KEYS = [
    "errCode",
    "ERROR CODE",
    "ret_code",
    "result",
    "ret",
    "code",
    "reſult",
    "错误码",
    "BusinessError",
    '"code"',
    "Code",
    "err",
    "error",
]
SEPS = ["=", ": ", " is ", "：", " 为 ", "(", ' "', "':'", " ", "", "\t=\t"]
NUMBERS = ["2100002", "-502", "0", "+0201", "10008", "２１００００２", "٣", "1008001", "9999"]
AFTER = ["", " ms", "us", ".1", ",", " OK", "-x", "%", "]", ")", " failed"]

CODE_LINES = st.builds(
    lambda a, k, s, n, b: f"{a}{k}{s}{n}{b}",
    st.sampled_from(["", "x ", "[tag] ", "resp", "HTTP ", "exit "]),
    st.sampled_from(KEYS),
    st.sampled_from(SEPS),
    st.sampled_from(NUMBERS),
    st.sampled_from(AFTER),
)


@settings(max_examples=300, deadline=None)
@given(line=st.one_of(CODE_LINES, st.text(max_size=40)))
def test_every_code_hit_fires(line: str, catalog: Catalog) -> None:
    pre = fast.prefilter_for(catalog)
    if list(find_codes(line)):
        assert _fires(pre, line), line


def _keyed_hits(patterns: list[patterns.Pattern], lines: list[str]) -> list[bool]:
    """Whether the database of ``patterns`` (exact, not prefilter mode) fires on each
    line."""
    db = compiled.compile_patterns(patterns)
    out = []
    for line in lines:
        hits: list[int] = []
        db.scan(line.encode("utf-8"), lambda *a, h=hits: h.append(1))
        out.append(bool(hits))
    return out


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(st.one_of(CODE_LINES, st.text(max_size=40)), min_size=1, max_size=20),
    chosen=st.sets(st.integers(min_value=0, max_value=9), min_size=1),
)
def test_merged_keyed_patterns_fire_where_the_parts_do(
    lines: list[str], chosen: set[int], catalog: Catalog
) -> None:
    """Any subset of the candidate patterns fires on the same lines with its keyed code
    patterns merged into one (what :meth:`Prefilter.main` compiles)."""
    candidates = fast.prefilter_for(catalog).candidates
    keyed = [p for p in candidates if p.keyed]
    assert len(keyed) >= 2
    others = [p for p in candidates if not p.keyed][:3]
    table = [(keyed + others)[i % len(keyed + others)] for i in sorted(chosen)]
    merged = patterns.merge_keyed(table)
    assert sum(p.keyed for p in merged) == min(1, sum(p.keyed for p in table))
    assert [p for p in merged if not p.keyed] == [p for p in table if not p.keyed]
    assert _keyed_hits(merged, lines) == _keyed_hits(table, lines)


def test_merged_keyed_patterns_keep_every_number(catalog: Catalog) -> None:
    """Each catalog number, after a key, fires on the merged pattern of the keyed
    patterns without a catch-all (any number) among them."""
    keyed = [p for p in fast.prefilter_for(catalog).candidates if p.keyed]
    specific = [p for p in keyed if p.values is not None]
    merged = patterns.merge_keyed(specific)
    assert len(merged) == 1
    values = sorted({v for p in specific for v in p.values or ()})
    assert len(values) > 50
    lines = [f"errCode={v}" for v in values] + ["errCode=31415926", "code: 123456789"]
    assert _keyed_hits(merged, lines) == [True] * len(values) + [False, False]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_signature_hit_fires(data: st.DataObject, catalog: Catalog) -> None:
    pre = fast.prefilter_for(catalog)
    texts = sorted({s.pattern for e in catalog.entries for s in e.signatures})
    sig = data.draw(st.sampled_from(texts))
    space = data.draw(st.sampled_from([" ", "  ", "\u3000", "\u00a0", "\t"]))
    case = data.draw(st.sampled_from([str.lower, str.upper, str.title, str]))
    line = data.draw(st.sampled_from(["", "x ", "Code: <private>, message: "])) + case(sig).replace(
        " ", space
    )
    matcher = SignatureMatcher(catalog.entries)
    if _outermost(matcher.find(line)):
        assert _fires(pre, line), line


EVIDENCE_TEXTS = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(["", "x ", "C015b0 ", "[", "com.", '"']),
    st.sampled_from(
        [
            "TPush",
            "XINGE",
            "XGPushManager",
            "XgStat",
            "Xgpushplugin",
            "[XGRemote]",
            "XGPushConfig",
            "com.tencent.android.tpush",
            "TPNS",
            "tpns_x",
            "信鸽",
            "ret_code =",
            "websocket",
            "web_socket",
            "ws.connect",
            "wss://",
            "lws",
            "createWebSocket",
            "libwebsockets",
            "vpn",
            "NetConnManager",
            "net conn",
            "connection.register",
            "link_enhance",
            "dsched",
            "BusinessError",
            "@ohos.net",
            "ohos.permission.X",
            "ArkTS",
            "JSAPP",
        ]
    ),
    st.sampled_from(["", " ", "]", ":", "x", "\n"]),
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(EVIDENCE_TEXTS, st.text(max_size=30)))
def test_every_evidence_match_fires_a_piece(text: str, catalog: Catalog) -> None:
    for name, context in catalog.contexts.items():
        for evidence in context.evidence:
            pieces = transpile.translate_pieces(evidence)
            if pieces is None:
                assert name in patterns.build(catalog).always_present
                continue
            match = regex.search(evidence, text, regex.IGNORECASE)
            if match is None or any(c in match.group(0) for c in " \n"):
                continue  # spanning a joiner: covered by the cut, not by this check
            compiled = [regex.compile(p.encode(), regex.IGNORECASE) for p in pieces]
            assert any(p.search(text.encode()) for p in compiled), (evidence, text)


def test_untranslatable_regexes_are_refused() -> None:
    assert transpile.translate(r"\p{L}+ failed") is None
    assert transpile.translate(r"(a)\1") is None
    assert transpile.translate(r"token refresh failed \(\d+\)") is not None


HILOG = "11-23 09:14:04.520  4410  4410 E A03d00/com.example.weather/JSAPP: "
GROUPING_LINES = st.lists(
    st.sampled_from(
        [
            HILOG + "errCode=2100002",
            HILOG + "\tat A.b(A.java:1)",
            HILOG + "Error name:E",
            HILOG + "Error code:401",
            HILOG + "Stacktrace:",
            HILOG + "    at f (a:1:1)",
            HILOG + "SourceCode:",
            HILOG + "  x.run();",
            "  wrapped continuation",
            "",
            "E/XINGE   ( 4821): Caused by: x",
            "E/XINGE   ( 4821): boom",
            "plain text",
            "Error message:Controller",
            "\tat com.A.b(A.java:1)",
            "[ 06-14 09:20:11.042  4821: 4830 E/XINGE    ]",
            '{"level":"error","msg":"x"}',
        ]
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(
    lines=GROUPING_LINES,
    name=st.sampled_from(["hilog", "raw", "logcat-brief", "jsonl", "logcat-long", "plain"]),
)
def test_starts_record_is_a_safe_restart(lines: list[str], name: str) -> None:
    fmt = formats.get(name)
    full = list(formats.records(enumerate(lines, 1), fmt, max_lines=5))
    for start, line in enumerate(lines, 1):
        if not starts_record(line, fmt):
            continue
        tail = list(formats.records(enumerate(lines[start - 1 :], start), fmt, max_lines=5))
        assert tail == [r for r in full if r.line >= start]
        assert any(r.line == start for r in full)


@given(line=st.sampled_from(REALISTIC := [HILOG + "x", "plain", "\ufeffE/XINGE   ( 4821): y"]))
def test_line_message_is_what_records_give(line: str) -> None:
    for fmt in formats.formats():
        record = next(iter(formats.records([(1, line)], fmt)))
        assert line_message(line, fmt) == record.messages[0]


def test_export_patterns_compile(catalog: Catalog) -> None:
    for dialect in ("rg", "grep"):
        lines = export.export(catalog, dialect)
        assert len(lines) >= 2 + 20
        if dialect == "rg":
            for line in lines:
                regex.compile(line)


# -- error lines (unknown-error groups) ----------------------------------------------------------

ERROR_HEADS = [
    "11-23 09:14:04.520  4410  4410 {L} A03d00/com.example.weather/JSAPP: ",
    "06-14 09:20:11.042  4821  4830 {L} TPush   : ",
    "{L}/XINGE   ( 4821): ",
    "04-03 10:12:08.554   7310-7342     C015B0/NETSTACK          com.example.shop      {L}     ",
    "04-03 10:12:08.554\t7310-7342\tC015B0/NETSTACK\tcom.example.shop\t{L}\t",
    "2024-06-14 09:20:11.042  4821-4830  TPush                   com.example.shop     {L}  ",
    "2024-06-14 09:20:11.042  4821-4830  TPush                   com.example.shop     {L}",
    "04-03 10:12:08.554   7310-7342     C015B0/NETSTACK          com.example.shop      {L}",
    "06-14 09:20:11.042 4821-4830/com.example.shop {L}/TPush: ",
    "[ 06-14 09:20:11.042  4821: 4830 {L}/TPush    ]",
    "06-14 09:20:11.042 {L}/TPush   ( 4821): ",
    "{L}( 4821: 4830) ",
    "{L}( 4821) ",
    "{L}/TPush   : ",
    "2024-06-14T09:20:11.042Z [{W}] ",
    "2024-06-14T09:20:11.042Z {W} ",
    '{{"level": "{W}", "msg": "',
    '{{"level": {N}, "msg": "',
    '{{"priority": {N}, "msg": "',
    '{{"severity": "{L}", "msg": "',
    "",
]
LEVEL_WORDS = ["error", "ERROR", "Err", "crit", "CRITICAL", "fatal", "assert", "panic", "warn"]
ERROR_TEXTS = [
    "IOException: x", "onConnectFailed(3)", "connect TIMED OUT", "timed-out", "timeouts",
    "errors=3", "errorReason: 0", "terror", "crashes", "Refused.", "访问失败", "ok", "fail",
    "FAILED", "abortedX", "x_error", "PANICKED!", "deniedly", "errorCode=2203004",
    "ret_code: 10030", "errCode:0", "错误码：-1", "result_code 7", "BusinessError 401",
    "ERROR CODE is 0007", "retCode=-0", '{"code":200}',
]  # fmt: skip
ERROR_LINES = st.builds(
    lambda head, level, word, number, text: head.format(L=level, W=word, N=number) + text,
    st.sampled_from(ERROR_HEADS),
    st.sampled_from(["V", "D", "I", "W", "E", "F", "A", "e", "f"]),
    st.sampled_from(LEVEL_WORDS),
    st.sampled_from(["3", "4", "5", "6", "7", "50", "60", "30"]),
    st.sampled_from(ERROR_TEXTS),
)


@settings(max_examples=500, deadline=None)
@given(
    line=st.one_of(ERROR_LINES, st.text(max_size=40)),
    name=st.sampled_from(formats.names()),
)
def test_every_error_line_fires(line: str, name: str, catalog: Catalog) -> None:
    """Every line that can make its record an error record is a candidate of the fast
    engine's prefilter (JSON lines with their extra patterns), in every log format:
    the level-letter pattern spells out where each layout prints its level."""
    from analyzer.engine.errorlines import is_error_line
    from analyzer.formats.grouping import line_header

    pre = fast.prefilter_for(catalog)
    fmt = formats.get(name)
    header, message = line_header(line, fmt)
    if not is_error_line(None if header is None else header.level, message):
        return
    _assert_fires(pre, name, line)


def _assert_fires(pre: compiled.Prefilter, name: str, line: str) -> None:
    """The prefilter fires on ``line`` alone and, between other lines with each kind of
    line end, on the line itself."""
    db, _ = pre.main(pre.all_catalogs, jsonl=name == "jsonl")
    hits: list[int] = []
    db.scan(line.encode("utf-8"), lambda *a: hits.append(1))
    assert hits, (name, line)
    if any(c in line for c in "\r\n"):
        return
    for end in ("\n", "\r\n", "\r"):
        before = f"06-14 09:20:11.042 x{end}".encode()
        chunk = before + f"{line}{end}next line{end}".encode()
        ends: list[int] = []
        db.scan(chunk, lambda _id, _a, e, *_, out=ends: out.append(e))
        starts = {ranges._line_start(chunk, e, "\r" in end) for e in ends}
        assert len(before) in starts, (name, line, end)


@pytest.mark.parametrize("name", formats.names())
def test_every_error_level_fires_in_every_layout(name: str, catalog: Catalog) -> None:
    """Each layout's error levels, with a message that holds nothing else an error
    pattern looks for: only the level patterns can find these lines."""
    from analyzer.engine.errorlines import is_error_line
    from analyzer.formats.grouping import line_header

    pre = fast.prefilter_for(catalog)
    fmt = formats.get(name)
    checked = 0
    levels = [("E", "error", "5"), ("F", "fatal", "6"), ("A", "assert", "7"), ("E", "ERROR", "50")]
    for head, (level, word, number), text in itertools.product(
        ERROR_HEADS, levels, ["ok", 'ok"}', ""]
    ):
        line = head.format(L=level, W=word, N=number) + text
        header, message = line_header(line, fmt)
        if header is None or not is_error_line(header.level, message):
            continue
        _assert_fires(pre, name, line)
        checked += 1
    if name not in ("raw", "logcat-raw"):
        assert checked, f"no head of ERROR_HEADS has an error level in {name}"


@pytest.mark.parametrize("tool", ["rg", "grep"])
def test_exported_error_line_patterns_find_every_error_line(tool: str, tmp_path: Any) -> None:
    """``catalog export --with-error-lines`` gives rg and grep the lines the engine
    looks at for unknown errors (the bench compares like with like)."""
    import shutil
    import subprocess

    from analyzer.engine.errorlines import is_error_line
    from analyzer.formats.grouping import line_header

    program = shutil.which(tool)
    if program is None:
        pytest.skip(f"{tool} is not installed")
    fmt = formats.get("logcat-threadtime")
    lines = []
    for text in ERROR_TEXTS:
        for level in "IEW":
            line = ERROR_HEADS[1].format(L=level) + text
            header, message = line_header(line, fmt)
            if is_error_line(None if header is None else header.level, message):
                lines.append(line)
    assert len(lines) > 20
    log = tmp_path / "errors.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    patterns = tmp_path / "patterns"
    patterns.write_text("\n".join(export.export_error_lines(tool)) + "\n", encoding="utf-8")
    command = [program, "-c", "-f", str(patterns), str(log)]
    if tool == "grep":
        command.insert(1, "-E")
    env = {"LC_ALL": "C"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.stdout.strip() == str(len(lines)), result.stderr
