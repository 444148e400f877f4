"""``find_codes``: numbers used as error codes, and every kind of number that is not one.

Each case is a message as a format leaves it (header removed), modelled on real
hilog, logcat and SDK output; none is copied from a real log.
"""

from __future__ import annotations

import pytest

from analyzer.engine.codes import find_codes


def codes(line: str) -> list[tuple[str, int]]:
    """(key, value) of every hit, in order."""
    return [(hit.key, hit.value) for hit in find_codes(line)]


POSITIVES = [
    pytest.param("getDefaultNet failed, errCode=2100002", [("errCode", 2100002)], id="errCode="),
    pytest.param("OnRegisterFailed errCode: -502 errMsg: x", [("errCode", -502)], id="negative"),
    pytest.param(
        "[http_exec.cpp:512] error code:2300028", [("error code", 2300028)], id="error-code"
    ),
    pytest.param(
        "destroy vpn, errorCode=2203004 (Invalid", [("errorCode", 2203004)], id="errorCode"
    ),
    pytest.param("register failed, ret_code=10008, wrong", [("ret_code", 10008)], id="ret_code"),
    pytest.param('{"ret_code":1008003,"err_msg":"x"}', [("ret_code", 1008003)], id="json-ret_code"),
    pytest.param('ws onError: {"code":200,"message":"x"}', [("code", 200)], id="json-code"),
    pytest.param("err: {“code”:2302998}", [("code", 2302998)], id="typographic-quotes"),
    pytest.param(
        "register failed: BusinessError 2101008: x", [("BusinessError", 2101008)], id="be"
    ),
    pytest.param("BusinessError(401)", [("BusinessError", 401)], id="be-paren"),
    pytest.param("Error code:401", [("Error code", 401)], id="js-crash-key"),
    pytest.param("Failed. Code: 2101022, message: x", [("Code", 2101022)], id="Code:"),
    pytest.param("handshake error, code 200", [("code", 200)], id="code-space"),
    pytest.param("[CODE: -63]", [("CODE", -63)], id="bracketed"),
    pytest.param("load content end, ret=0", [("ret", 0)], id="ret"),
    pytest.param("unknown failure err: -1 msg", [("err", -1)], id="err"),
    pytest.param("setUp result: 2203001", [("result", 2203001)], id="result"),
    pytest.param("the call failed with error 401", [("error", 401)], id="error"),
    pytest.param("code is 2302999, message is x", [("code", 2302999)], id="is"),
    pytest.param("onFail 里 errCode 是 10002，msg", [("errCode", 10002)], id="cjk-is"),
    pytest.param("注册失败，错误码：10004,错误信息：x", [("错误码", 10004)], id="cjk-key"),
    pytest.param("返回错误码2100002", [("错误码", 2100002)], id="cjk-key-glued"),
    pytest.param("错误码为-1", [("错误码", -1)], id="cjk-key-wei"),
    pytest.param("errCode：2100002，msg", [("errCode", 2100002)], id="fullwidth-colon"),
    pytest.param("requestNetwork: ERROR_CODE=2101022", [("ERROR_CODE", 2101022)], id="upper"),
    pytest.param("enableWifi failed, err.code=203", [("code", 203)], id="property"),
    pytest.param("a errCode=2, b retCode=-1", [("errCode", 2), ("retCode", -1)], id="two"),
    pytest.param("errCode=2100002.", [("errCode", 2100002)], id="sentence-end"),
    pytest.param("code[2100001]", [("code", 2100001)], id="bracket"),
    pytest.param("on close errCode: 2302999", [("errCode", 2302999)], id="foreign-word-strong-key"),
    pytest.param("bus stop code: 2", [("code", 2)], id="foreign-word-inside-a-word"),
    pytest.param("ws close failed, code: 200, reason:", [("code", 200)], id="reason-empty"),
]


@pytest.mark.parametrize(("line", "expected"), POSITIVES)
def test_code_positions(line: str, expected: list[tuple[str, int]]) -> None:
    assert codes(line) == expected


NEGATIVES = [
    # inside a longer digit run
    pytest.param("cache block blk_2101007907134483259 evicted", id="block-id"),
    pytest.param("code: 2101007907134483259", id="thirteen-plus-digits"),
    # timestamps and their fractions
    pytest.param("scheduled at 2026-11-23T09:14:06.2302999Z", id="iso-fraction"),
    pytest.param("result 2026-11-23 09:14", id="date-after-key"),
    pytest.param("err: 10:30:00 retry", id="time-after-key"),
    # ids, versions, decimals, hex
    pytest.param("trace id 2302999 scheduled", id="bare-id"),
    pytest.param("version 2.100002.1", id="version"),
    pytest.param("code=v2.1", id="version-v"),
    pytest.param("error code 2100002.5", id="decimal"),
    pytest.param("ret 10.0.0.1", id="ip"),
    pytest.param("flags=0x2100002", id="hex-bare"),
    pytest.param("code:0x200", id="hex-after-key"),
    pytest.param("config code=2dc7 loaded", id="hex-letters"),
    pytest.param('"code":"2100001-ok"', id="slug"),
    pytest.param("code 2101008-2101022 reserved", id="range"),
    pytest.param("code = 1,234", id="thousands"),
    pytest.param("retry result:1/3", id="ratio"),
    # quantities
    pytest.param("forecast parsed in 2100002us", id="duration-bare"),
    pytest.param("code=200ms", id="duration-glued"),
    pytest.param("code=20 ms", id="duration-spaced"),
    pytest.param("code=2100002 bytes", id="bytes-spaced"),
    pytest.param("sent bytes=1008001", id="bytes-key"),
    pytest.param("RegisterNetConnCallback uid=10008", id="uid"),
    pytest.param("cart total, pid=10101", id="pid"),
    pytest.param("code=2 items", id="items"),
    pytest.param("code=200%", id="percent"),
    pytest.param("code=200²", id="superscript"),
    # prices
    pytest.param("balance ¥2100001", id="yuan"),
    pytest.param("payment result: $200.00 charged", id="dollar-after-key"),
    pytest.param("price=$200", id="dollar"),
    pytest.param("code=200元", id="cjk-unit"),
    # HTTP statuses
    pytest.param("taskid=3, RespCode:200, url:x", id="RespCode"),
    pytest.param("HTTP/1.1 200 OK", id="status-line"),
    pytest.param("login ok, status code: 200", id="status-code"),
    pytest.param("statusCode=200", id="statusCode"),
    pytest.param("http code 404", id="http-code"),
    pytest.param("HTTP response code 200", id="response-code"),
    pytest.param("HTTP error code: 401", id="http-error-code"),
    pytest.param("avatar done, code: 200 OK, 48213 bytes", id="reason-phrase"),
    pytest.param("Response{protocol=h2, code=200, message=OK, url=wss://x}", id="okhttp"),
    pytest.param('{"code":200,"msg":"success"}', id="success-envelope"),
    pytest.param("code=200&msg=ok", id="query"),
    pytest.param("upload rejected, code: 401 Unauthorized", id="unauthorized"),
    # keys that introduce other numbers
    pytest.param("Process: x, exit code 2", id="exit-code"),
    pytest.param("verification code 200201 sent", id="verification-code"),
    pytest.param("coupon code 2100001", id="coupon-code"),
    pytest.param("ws close code: 1000", id="close-code"),
    pytest.param("socket connect failed errno=111", id="errno"),
    pytest.param("requestCode=200", id="camel-prefix"),
    pytest.param("opCode=2", id="opCode"),
    pytest.param("codec=200", id="codec"),
    pytest.param("errors=2", id="errors"),
    pytest.param("weather_api_secret", id="secret"),
    # stack traces
    pytest.param("    at ret (entry/src/main/ets/net/Http.ets:2302:999)", id="js-frame-ret"),
    pytest.param("    at code (entry/src/main/ets/pages/Index.ets:200:7)", id="js-frame-code"),
    pytest.param("    at onResult (entry/src/main/ets/net/ErrorCode.ets:2100:13)", id="js-file"),
    pytest.param("\tat java.net.SocketInputStream.read(SocketInputStream.java:151)", id="java"),
    # no number at all
    pytest.param("TypeError: Cannot read property code of undefined", id="no-number"),
    pytest.param("Code: <private>, message: x", id="private"),
]


@pytest.mark.parametrize("line", NEGATIVES)
def test_not_a_code(line: str) -> None:
    assert codes(line) == []


@pytest.mark.parametrize(
    "text",
    [
        "token stored as weather_api_secret\n11-23 09:14:06.701  4410 I x",
        "errCode:\n2100002",
        "error code\r\n401",
        "ret=\n0",
        "code \u2028200",
    ],
    ids=["secret-newline", "key-newline", "key-crlf", "ret-newline", "line-separator"],
)
def test_never_crosses_a_line_end(text: str) -> None:
    assert codes(text) == []


def test_a_key_and_its_number_on_one_line_of_a_chunk() -> None:
    hits = list(find_codes("a secret\nerrCode=2100002\nb"))
    assert [(h.value, h.start, h.end) for h in hits] == [(2100002, 9, 24)]


@pytest.mark.parametrize(
    ("line", "strong"),
    [
        ("errCode=2", True),
        ("ret_code=2", True),
        ("BusinessError 401", True),
        ("错误码：2", True),
        ('{"code":2}', True),
        ("code=2", False),
        ("ret=2", False),
        ("result: 2", False),
    ],
)
def test_strong_keys(line: str, strong: bool) -> None:
    (hit,) = find_codes(line)
    assert hit.strong is strong


def test_hit_offsets_cover_key_and_number() -> None:
    line = "x errCode=-502 y"
    (hit,) = find_codes(line)
    assert line[hit.start : hit.end] == "errCode=-502"
    assert hit.text == "-502"
    assert line[hit.end - len(hit.text) : hit.end] == hit.text
