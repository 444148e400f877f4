"""The catalogs' context rules, through the engine: which short codes count where.

Every case is a small log in a real format (lines modelled on device output, none
copied from a real log); the last line is the one under test.
"""

from __future__ import annotations

import pytest

from analyzer.catalog.loader import Catalog
from analyzer.model import Severity

from .helpers import Scan, by_line

HILOG = "11-23 09:14:05.{ms:03d}  4410  {tid} {lvl} {dom}/com.example.chat/{tag}: {msg}"


def hilog(msg: str, tag: str = "JSAPP", dom: str = "A03d00", tid: int = 4410, ms: int = 0) -> str:
    """A hilog line of the chat app."""
    return HILOG.format(ms=ms, tid=f"{tid:5d}", lvl="E", dom=dom, tag=tag, msg=msg)


WS_START = hilog(
    "[websocket_exec.cpp:169] websocket run service start", tag="NETSTACK", dom="C015b0", tid=4452
)

# --- WebSocket 200 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            [
                WS_START,
                hilog(
                    "[websocket_exec.cpp:702] connect failed, code 200",
                    "NETSTACK",
                    "C015b0",
                    4452,
                    1,
                ),
            ],
            {"net-websocket:200"},
            id="ws-source-file-in-window",
        ),
        pytest.param(
            [hilog('ws onError: {"code":200,"message":"Websocket connect failed"}')],
            {"net-websocket:200"},
            id="ws-message-on-line",
        ),
        pytest.param(
            [hilog("ws.connect failed, code: 200")],
            {"net-websocket:200"},
            id="ws-api-on-line",
        ),
        pytest.param(
            [hilog("connect wss://chat.example.com/ws failed, code: 200")],
            {"net-websocket:200"},
            id="ws-url-on-line",
        ),
        pytest.param(
            [hilog("profile loaded, result code 200")],
            set(),
            id="no-ws-evidence",
        ),
        pytest.param(
            [hilog('http response {"code":200,"data":{}}')],
            set(),
            id="json-200-no-ws-evidence",
        ),
        pytest.param(
            [WS_START, hilog("connect failed, code 200", tag="HttpRepo", ms=1)],
            set(),
            id="ws-evidence-under-another-tag",
        ),
        pytest.param(
            [
                WS_START,
                hilog(
                    "[http_exec.cpp:418] taskid=1, errCode:0, RespCode:200",
                    "NETSTACK",
                    "C015b0",
                    4452,
                    1,
                ),
            ],
            set(),
            id="RespCode-beside-ws",
        ),
        pytest.param(
            [WS_START, hilog("[http_exec.cpp:512] HTTP/1.1 200 OK", "NETSTACK", "C015b0", 4452, 1)],
            set(),
            id="status-line-beside-ws",
        ),
        pytest.param(
            [hilog("ws.connect done, status code: 200")],
            set(),
            id="status-code-with-ws-api",
        ),
        pytest.param(
            [hilog('ws message received: {"code":200,"msg":"success"}')],
            set(),
            id="success-envelope-with-ws",
        ),
    ],
)
def test_websocket_200_needs_websocket_evidence(
    scan: Scan, lines: list[str], expected: set[str]
) -> None:
    assert by_line(scan(lines, "hilog")).get(len(lines), set()) == expected


def test_websocket_long_codes_need_no_evidence(scan: Scan) -> None:
    assert by_line(scan([hilog("request failed, errCode=2302999")], "hilog")) == {
        1: {"net-websocket:2302999"}
    }


# --- TPNS ----------------------------------------------------------------------------


def brief(tag: str, msg: str, level: str = "E", pid: int = 8821) -> str:
    """A logcat ``brief`` line."""
    return f"{level}/{tag:<8}({pid:5d}): {msg}"


REGISTER = brief("TPush", "[XGPushManager] registerPush context:com.example.shop", "D")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            [brief("TPush", "register push failed, errCode=-502")],
            {"tpns-client:-502"},
            id="TPush-tag",
        ),
        pytest.param(
            [brief("XINGE", "OnRegisterFailed errCode: 2 errMsg: alias too short")],
            {"tpns-client:2"},
            id="XINGE-tag",
        ),
        pytest.param(
            [brief("XgStat", "report failed, errCode:-1")], {"tpns-client:-1"}, id="XgStat-tag"
        ),
        pytest.param(
            [brief("MyPush", "[XGPushManager] errCode:20")], {"tpns-client:20"}, id="XG-class"
        ),
        pytest.param(
            [brief("| XgpushpPlugin | Flutter | Android |", "onFail errCode=10004", "I")],
            {"tpns-client:10004"},
            id="flutter-plugin-tag",
        ),
        pytest.param(
            [REGISTER, brief("TPush", "onFail errCode:10002")],
            {"tpns-client:10002"},
            id="TPush-in-window",
        ),
        pytest.param([brief("ShopApp", "checkout failed, code=2")], set(), id="no-tpns-context"),
        pytest.param(
            [REGISTER, brief("ShopApp", "checkout failed, code=2")],
            set(),
            id="app-tag-beside-TPush",
        ),
        pytest.param(
            [REGISTER, brief("ShopApp", "payment sdk returned ret=-1")],
            set(),
            id="app-ret-beside-TPush",
        ),
        pytest.param(
            [REGISTER, brief("| JPUSH | Flutter | Android |", "setAlias result code=2", "D")],
            set(),
            id="other-push-sdk-beside-TPush",
        ),
        pytest.param(
            [brief("TPush", "[MqttChannel] socket connect failed errno=111")],
            set(),
            id="errno-in-TPush",
        ),
    ],
)
def test_tpns_codes_need_tpns_context(scan: Scan, lines: list[str], expected: set[str]) -> None:
    assert by_line(scan(lines, "logcat-brief")).get(len(lines), set()) == expected


def test_tpns_tag_is_evidence_in_any_process(scan: Scan) -> None:
    # The record's own tag is evidence by itself; the window plays no part.
    lines = [REGISTER, brief("TPush", "onFail errCode:10002", pid=9000)]
    assert by_line(scan(lines, "logcat-brief")) == {2: {"tpns-client:10002"}}


def test_tagless_format_uses_the_thread(scan: Scan) -> None:
    lines = [
        "D( 4821: 4830) [XGPushManager] registerPush context:com.example.music",
        "E( 4821: 4830) errCode:10107 receive timeout",
        "I( 4821: 4821) player prepared, code=2",
    ]
    assert by_line(scan(lines, "logcat-thread")) == {2: {"tpns-client:10107"}}


def test_push_api_response_is_tpns_context(scan: Scan) -> None:
    line = '{"level":"error","logger":"push","msg":"resp","response":{"ret_code":1008003}}'
    assert by_line(scan([line], "jsonl")) == {1: {"tpns-server:1008003"}}


def test_unlisted_code_after_explicit_key_in_tpns_context_is_other(scan: Scan) -> None:
    lines = [brief("TPush", "register failed, errCode=-130"), brief("TPush", "errCode=401")]
    assert by_line(scan(lines, "logcat-brief")) == {
        1: {"tpns-client:Other"},
        2: {"tpns-client:Other"},
    }


def test_unlisted_code_after_a_weak_key_is_nothing(scan: Scan) -> None:
    assert scan([brief("TPush", "upload log failed, code=404")], "logcat-brief") == []


def test_success_code_reads_as_success(scan: Scan, catalog: Catalog) -> None:
    (match,) = scan([brief("TPush", "register push success, ret=0", "I")], "logcat-brief")
    assert str(match.entry) == "tpns-client:0"
    assert "success" in match.reason and "error code" not in match.reason
    entry = catalog.get("tpns-client:0")
    assert entry is not None and entry.severity is Severity.INFO


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "[XGPushManager] register failed, ret_code=10008, AccessKey or AccessId is wrong",
            "tpns-client:10008#2",
        ),
        (
            "[XGPushManager] errCode:10008, ContentProvider not found, check AndroidManifest",
            "tpns-client:10008",
        ),
        (
            "[TpnsChannel] create linkage failed, handler is null, errCode:10110",
            "tpns-client:10110",
        ),
        ("[XGPushManager] errCode:10110, signature authentication error", "tpns-client:10110#2"),
    ],
)
def test_repeated_tpns_code_picked_by_its_words(scan: Scan, line: str, expected: str) -> None:
    (match,) = scan([brief("TPush", line)], "logcat-brief")
    assert str(match.entry) == expected
    assert match.candidates == (match.entry,)
    assert "picked it over 1 other" in match.reason


def test_repeated_tpns_code_without_words_lists_candidates(scan: Scan) -> None:
    (match,) = scan([brief("TPush", "[XGPushManager] onFail errCode:10008", "W")], "logcat-brief")
    assert set(map(str, match.candidates)) == {"tpns-client:10008", "tpns-client:10008#2"}
    assert match.confidence <= 0.5
    assert "context did not decide" in match.reason


# --- universal codes: OpenHarmony logs only --------------------------------------------


@pytest.mark.parametrize(
    ("lines", "fmt", "expected"),
    [
        pytest.param(
            [hilog("location request failed, code: 201")],
            "hilog",
            {"universal:201"},
            id="hilog-app-domain",
        ),
        pytest.param(
            ["11-23 09:14:05.301   688  1021 E C01f2b/NetConnManager: permission denied, ret=201"],
            "hilog",
            {"universal:201"},
            id="hilog-no-process-field",
        ),
        pytest.param(
            [
                "03-12 09:31:52.701   5182-5182     A03d00/JSAPP                    "
                "com.example.shop      E     upload failed, errCode 401"
            ],
            "deveco",
            {"universal:401"},
            id="deveco",
        ),
        pytest.param(
            ["03-17 16:13:44.301 12044 12130 E ApiClient: request failed, code: 401, msg: x"],
            "logcat-threadtime",
            set(),
            id="logcat-app",
        ),
        pytest.param(
            ["E/ApiClient(12044): request failed, errCode=201"],
            "logcat-brief",
            set(),
            id="logcat-brief-app",
        ),
        pytest.param(
            ["E/ApiClient(12044): BusinessError 201"],
            "logcat-brief",
            {"universal:201"},
            id="BusinessError-is-evidence",
        ),
        pytest.param(
            ["> E A03d00/com.example.home/JSAPP: getNetCapabilities failed, code: 801"],
            "raw",
            {"universal:801"},
            id="hilog-header-pasted-in-raw",
        ),
        pytest.param(
            ["C015B0 looks like a domain but is message text, code: 401"],
            "raw",
            set(),
            id="hex-word-in-raw-message",
        ),
    ],
)
def test_universal_codes_need_an_openharmony_log(
    scan: Scan, lines: list[str], fmt: str, expected: set[str]
) -> None:
    assert by_line(scan(lines, fmt)).get(len(lines), set()) == expected


# --- module codes: long, distinctive, context only breaks ties --------------------------


@pytest.mark.parametrize(
    ("line", "fmt", "expected"),
    [
        (
            "E/ShopApp( 8821): getDefaultNet failed, errCode=2100002",
            "logcat-brief",
            "net-connection:2100002",
        ),
        (hilog("setUp VPN failed, errCode: 2203001"), "hilog", "net-vpn:2203001"),
        (hilog("linkEnhance error, code: 32390300"), "hilog", "link-enhance:32390300"),
    ],
)
def test_long_codes_count_anywhere(scan: Scan, line: str, fmt: str, expected: str) -> None:
    assert by_line(scan([line], fmt)) == {1: {expected}}
