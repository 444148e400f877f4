"""Format detection over small realistic samples, forcing by name, and the registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analyzer import formats
from analyzer.errors import AnalyzerError
from analyzer.formats.interface import RAW_SCORE, Header, LogFormat

EXPECTED_NAMES = {
    "hilog",
    "deveco",
    "logcat-brief",
    "logcat-process",
    "logcat-tag",
    "logcat-thread",
    "logcat-raw",
    "logcat-time",
    "logcat-threadtime",
    "logcat-long",
    "android-studio-legacy",
    "android-studio",
    "jsonl",
    "plain",
    "raw",
}
"""Every registered format; adding one must add it here, to SAMPLES and to the parse cases."""

SAMPLES: dict[str, list[str]] = {
    "hilog": [
        "11-02 08:14:27.301  2210  2210 I A03d00/com.example.shop/JSAPP: push init start",
        "11-02 08:14:27.305  2210  2231 I C015B0/com.example.shop/NETSTACK: [http_exec.cpp:88] "
        "request start",
        "11-02 08:14:27.309  2210  2231 D C015B0/com.example.shop/NETSTACK: [http_exec.cpp:90] "
        "url=https://push.example.com/register",
        "11-02 08:14:28.310  2210  2231 E C015B0/com.example.shop/NETSTACK: [http_exec.cpp:512] "
        "error code:2300028",
        "11-02 08:14:28.311  2210  2210 W C03f00/com.example.shop/ArkCompiler: [ecmascript] "
        "response body:",
        '    {"code": 2300028,',
        '     "msg": "timeout"}',
        "11-02 08:14:28.320  2210  2210 E A03d00/com.example.shop/JSAPP: register failed",
        "11-02 08:14:28.321  1288  1302 I C01406/render_service/OHOS::RS: frame drop 3",
        "11-02 08:14:28.330  2210  2210 F C01317/com.example.shop/AppKit: exit",
    ],
    "deveco": [
        "04-03 10:12:08.550   7310-7310     A03d00/JSAPP                    com.example.shop"
        "      I     init push",
        "04-03 10:12:08.554   7310-7342     C015B0/NETSTACK                 com.example.shop"
        "      E     [http_exec.cpp:512] error code:2300028",
        "04-03 10:12:08.555   7310-7342     C015B0/NETSTACK                 com.example.shop"
        "      D     [http_exec.cpp:513] curl result 28",
        "04-03 10:12:08.556   7310-7310     C03f00/ArkCompiler              com.example.shop"
        "      W     [ecmascript] set label failed",
        "04-03 10:12:08.560   7310-7310     C01317/AppKit                   com.example.shop"
        "      I     [main_thread.cpp:711] ScheduleLaunchAbility called",
        "04-03 10:12:08.561   7310-7310     C01201/EventHandler             com.example.shop"
        "      I     Create eventHandler 1_228",
        "04-03 10:12:08.570   7310-7318     C057c1/IPCWorkThread            com.example.shop"
        "      I     ThreadHandler 124: proto:0",
        "04-03 10:12:08.580   7310-7310     A03d00/JSAPP                    com.example.shop"
        "      E     token is empty",
        "04-03 10:12:08.581   7310-7310     A03d00/JSAPP                    com.example.shop"
        "      F     fatal",
        "04-03 10:12:08.590   7310-7342     C015B0/NETSTACK                 com.example.shop"
        "      I     [http_exec.cpp:88] retry",
    ],
    "logcat-brief": [
        "D/TPush   ( 4821): [XGPushManager] url = null payload = null",
        "I/TPush   ( 4821): [XGPushManager] Action -> Register to TPNS server",
        "V/TPush   ( 4821): [XGPushConfig] isUsedOtherPush:true",
        "W/TPush   ( 4821): [OtherPushClient] updateToken Error: token is null",
        "E/XINGE   ( 4821): java.lang.RuntimeException: must run on the main thread",
        "E/XINGE   ( 4821): \tat io.flutter.embedding.engine.FlutterJNI.ensure(FlutterJNI.java:6)",
        "E/XINGE   ( 4821): \tat android.os.Looper.loop(Looper.java:193)",
        "I/| XgpushpPlugin | Flutter | Android | ( 4821): setEnableDebug",
        "D/XgStat  ( 4821): ",
        "I/TPush   ( 4821): [XGPushManager] TPNS register push success with token : 0fdb",
    ],
    "logcat-process": [
        "D( 4821) [XGPushManager] url = null  (TPush)",
        "I( 4821) [XGPushManager] Action -> Register  (TPush)",
        "W( 4821) [OtherPushClient] token is null  (TPush)",
        "E( 4821) register failed 10008  (XINGE)",
        "E( 4821) \tat android.os.Looper.loop(Looper.java:193)  (XINGE)",
        "D(   96) GC freed 13293 objects / 590664 bytes in 259ms  (dalvikvm)",
        "I(  401) Start proc com.example.shop  (ActivityManager)",
        "V( 4821) [XGPushConfig] isUsedOtherPush:true  (TPush)",
        "I( 4821) heartbeat ok  (TPush)",
        "W(  401) Slow operation: 120ms  (ActivityManager)",
    ],
    "logcat-tag": [
        "D/TPush   : [XGPushManager] url = null payload = null",
        "I/TPush   : [XGPushManager] Action -> Register to TPNS server",
        "W/TPush   : [OtherPushClient] updateToken Error: token is null",
        "E/XINGE   : register failed 10008",
        "E/XINGE   : \tat android.os.Looper.loop(Looper.java:193)",
        "D/dalvikvm: GC freed 13293 objects / 590664 bytes in 259ms",
        "I/ActivityManager: Start proc com.example.shop",
        "V/TPush   : [XGPushConfig] isUsedOtherPush:true",
        "I/TPush   : heartbeat ok",
        "W/ActivityManager: Slow operation: 120ms",
    ],
    "logcat-thread": [
        "D( 4821: 4830) [XGPushManager] url = null payload = null",
        "I( 4821: 4830) [XGPushManager] Action -> Register to TPNS server",
        "W( 4821: 4830) [OtherPushClient] token is null",
        "E( 4821: 4830) register failed 10008",
        "E( 4821: 4830) \tat android.os.Looper.loop(Looper.java:193)",
        "D(   52:0x3e) GC freed 19465 objects / 919736 bytes in 387ms",
        "I(  401:  417) Start proc com.example.shop",
        "V( 4821: 4830) [XGPushConfig] isUsedOtherPush:true",
        "I( 4821: 4821) heartbeat ok",
        "W(  401:  420) Slow operation: 120ms",
    ],
    "logcat-time": [
        "06-14 09:20:11.042 D/TPush   ( 4821): [XGPushManager] url = null",
        "06-14 09:20:11.043 I/TPush   ( 4821): [XGPushManager] Action -> Register",
        "06-14 09:20:11.050 W/TPush   ( 4821): [OtherPushClient] token is null",
        "06-14 09:20:11.051 E/XINGE   ( 4821): java.net.SocketTimeoutException: timeout",
        "06-14 09:20:11.051 E/XINGE   ( 4821): \tat java.net.Socket.read(Socket.java:151)",
        "06-14 09:20:11.051 E/XINGE   ( 4821): \t... 12 more",
        "06-14 09:20:11.060 D/dalvikvm(   96): GC freed 13293 objects",
        "06-14 09:20:11.070 I/ActivityManager(  401): Start proc com.example.shop",
        "06-14 09:20:11.080 V/TPush   ( 4821): [XGPushConfig] isUsedOtherPush:true",
        "06-14 09:20:11.090 I/TPush   ( 4821): heartbeat ok",
    ],
    "logcat-threadtime": [
        "06-14 09:20:11.042  4821  4830 D TPush   : [XGPushManager] url = null",
        "06-14 09:20:11.043  4821  4830 I TPush   : [XGPushManager] Action -> Register",
        "06-14 09:20:11.050  4821  4830 W TPush   : [OtherPushClient] token is null",
        "06-14 09:20:11.051  4821  4830 E XINGE   : java.net.SocketTimeoutException: timeout",
        "06-14 09:20:11.051  4821  4830 E XINGE   : \tat java.net.Socket.read(Socket.java:151)",
        "06-14 09:20:11.060    96    96 D dalvikvm: GC freed 13293 objects",
        "06-14 09:20:11.070   401   417 I ActivityManager: Start proc com.example.shop",
        "06-14 09:20:11.080  4821  4830 V TPush   : [XGPushConfig] isUsedOtherPush:true",
        "06-14 09:20:11.090  4821  4821 I chromium: [INFO:cookie_store.cc(12)] ok",
        "06-14 09:20:11.095   401   420 W ActivityManager: Slow operation: 120ms",
    ],
    "logcat-long": [
        "[ 06-14 09:20:11.042  4821: 4830 D/TPush    ]",
        "[XGPushManager] url = null payload = null",
        "",
        "[ 06-14 09:20:11.051  4821: 4830 E/XINGE    ]",
        "java.net.SocketTimeoutException: timeout",
        "\tat java.net.Socket.read(Socket.java:151)",
        "",
        "[ 06-14 09:20:11.060    96:0x60 W/dalvikvm ]",
        "GC freed 13293 objects",
        "",
        "[ 06-14 09:20:11.070   401:  417 I/ActivityManager ]",
        "Start proc com.example.shop",
        "",
    ],
    "android-studio-legacy": [
        "06-14 09:20:11.042 4821-4830/com.example.shop D/TPush: [XGPushManager] url = null",
        "06-14 09:20:11.043 4821-4830/com.example.shop I/TPush: [XGPushManager] Register",
        "06-14 09:20:11.050 4821-4830/com.example.shop W/XINGE: [XGOtherPush] token is null",
        "06-14 09:20:11.051 4821-4830/com.example.shop E/XINGE: java.lang.IllegalStateException",
        "        at com.tencent.android.tpush.XGPushManager.a(ProGuard:12)",
        "        at android.os.Looper.loop(Looper.java:193)",
        "06-14 09:20:11.060 96-96/? D/dalvikvm: GC freed 13293 objects",
        "06-14 09:20:11.070 401-417/system_process I/ActivityManager: Start proc 4821",
        "06-14 09:20:11.080 4821-4830/com.example.shop V/TPush: [XGPushConfig] otherPush:true",
        "06-14 09:20:11.090 4821-4821/com.example.shop I/TPush: heartbeat ok",
    ],
    "android-studio": [
        "2024-06-14 09:20:11.042  4821-4830  TPush                   com.example.shop"
        "                     D  [XGPushManager] url = null",
        "2024-06-14 09:20:11.043  4821-4830  TPush                   com.example.shop"
        "                     I  [XGPushManager] Action -> Register",
        "2024-06-14 09:20:11.050  4821-4830  XINGE                   com.example.shop"
        "                     W  [XGOtherPush] token is null",
        "2024-06-14 09:20:11.051  4821-4830  XINGE                   com.example.shop"
        "                     E  java.lang.IllegalStateException: not bound",
        "                                                                                   "
        "                  \tat android.os.Looper.loop(Looper.java:193)",
        "2024-06-14 09:20:11.060  3312-3312  DEBUG                   pid-3312"
        "                             A  #54 pc 0000000000636508  /system/lib64/libc.so",
        "2024-06-14 09:20:11.070  401-417    ActivityManager         system_process"
        "                       I  Start proc 4821:com.example.shop",
        "2024-06-14 09:20:11.080  4821-4830  TPush                   com.example.shop"
        "                     V  [XGPushConfig] isUsedOtherPush:true",
        "2024-06-14 09:20:11.090  4821-4821  TPush                   com.example.shop"
        "                     I  heartbeat ok",
        "2024-06-14 09:20:11.095  401-420    ActivityManager         system_process"
        "                       W  Slow operation: 120ms",
    ],
    "jsonl": [
        '{"time": "2024-06-14T09:20:11.042Z", "level": "debug", "tag": "TPush", "msg": "init"}',
        '{"time": "2024-06-14T09:20:11.043Z", "level": "info", "tag": "TPush", "msg": "register"}',
        '{"time": "2024-06-14T09:20:11.050Z", "level": "warn", "tag": "XINGE", "msg": "no token"}',
        '{"time": "2024-06-14T09:20:11.051Z", "level": "error", "tag": "XINGE", '
        '"msg": "register failed", "code": 10008}',
        '{"time": "2024-06-14T09:20:11.060Z", "level": "info", "tag": "net", "msg": "retry 1"}',
        "java.net.SocketTimeoutException: timeout",
        '{"time": "2024-06-14T09:20:11.070Z", "level": "info", "tag": "net", "msg": "retry 2"}',
        '{"time": "2024-06-14T09:20:11.080Z", "level": 50, "tag": "net", "msg": {"code": 28}}',
        '{"time": "2024-06-14T09:20:11.090Z", "level": "fatal", "tag": "app", "msg": "exit"}',
        '{"time": "2024-06-14T09:20:11.095Z", "level": "info", "tag": "app", "msg": "restart"}',
    ],
    "plain": [
        "2024-05-01T10:00:00.100Z [DEBUG] push client init",
        "2024-05-01T10:00:00.123Z [INFO] connecting to push.example.com",
        "2024-05-01T10:00:05.130Z [WARN] connect slow: 5007 ms",
        "2024-05-01T10:00:10.140Z [ERROR] register failed, errCode=10008",
        "Traceback (most recent call last):",
        '  File "client.py", line 88, in register',
        "TimeoutError: timed out",
        "2024-05-01T10:00:11.000Z [INFO] retrying",
        "2024-05-01T10:00:12.000Z [INFO] registered",
        "2024-05-01T10:00:13.000Z [FATAL] shutting down",
    ],
}


def test_registered_names_are_the_expected_ones() -> None:
    assert set(formats.names()) == EXPECTED_NAMES
    assert len(formats.names()) == len(EXPECTED_NAMES)


def test_every_detectable_format_has_a_sample() -> None:
    detectable = {f.name for f in formats.formats() if f.detectable and f.name != "raw"}
    assert set(SAMPLES) == detectable


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_detects_as_its_format(name: str) -> None:
    detection = formats.detect(SAMPLES[name])
    assert detection.format_name == name
    assert detection.confidence >= 0.8
    assert detection.confidence == round(formats.get(name).score(SAMPLES[name]), 6)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_groups_when_forced(name: str) -> None:
    records = list(formats.records(enumerate(SAMPLES[name], 1), formats.get(name)))
    assert {r.format for r in records} == {name}
    with_level = [r for r in records if r.level is not None]
    assert len(with_level) >= 0.8 * len(records)


@pytest.mark.parametrize(
    "fmt", [f for f in formats.formats() if f.detectable and f.name != "raw"], ids=str
)
def test_example_line_alone_detects_as_its_format(fmt: LogFormat) -> None:
    assert formats.detect([fmt.example]).format_name == fmt.name


def test_prose_falls_back_to_raw() -> None:
    prose = [
        "升级 SDK 之后注册一直失败，日志如下：",
        "",
        "register failed, errCode=10008, 有人遇到过吗？",
        "Thanks in advance!",
    ]
    detection = formats.detect(prose)
    assert detection.format_name == "raw"
    assert detection.confidence == RAW_SCORE
    assert 0 < detection.confidence < 0.8


def test_empty_sample_is_raw() -> None:
    detection = formats.detect([])
    assert detection.format_name == "raw"


def test_hilog_beats_threadtime_on_a_tie() -> None:
    threadtime = formats.get("logcat-threadtime").score(SAMPLES["hilog"])
    assert threadtime == formats.get("hilog").score(SAMPLES["hilog"])  # a tie
    detection = formats.detect(SAMPLES["hilog"])
    assert detection.format_name == "hilog"
    assert detection.confidence == round(threadtime, 6)


def test_deveco_with_year_beats_android_studio() -> None:
    lines = [
        "2025-05-20 18:02:31.904  20311-20355  A03d00/JSAPP  com.demo.push  D  hello",
        "2025-05-20 18:02:31.905  20311-20355  C015B0/NETSTACK  com.demo.push  E  code:28",
    ]
    assert formats.detect(lines).format_name == "deveco"


def test_detection_reads_a_bounded_prefix() -> None:
    def endless() -> Iterator[str]:
        while True:
            yield "06-14 09:20:11.042 D/TPush   ( 4821): [XGPushManager] heartbeat"

    detection = formats.detect(endless())
    assert detection.format_name == "logcat-time"


def test_junk_first_line_still_detects() -> None:
    lines = [
        " [XGOtherPush] other push token is : null  other push type: xiaomi",
        *SAMPLES["android-studio-legacy"][:3],
    ]
    detection = formats.detect(lines)
    assert detection.format_name == "android-studio-legacy"
    assert 0.5 < detection.confidence < 1


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("HILOG", "hilog"),
        (" hilog-wrap ", "hilog"),
        ("logcat", "logcat-threadtime"),
        ("brief", "logcat-brief"),
        ("studio", "android-studio"),
        ("json", "jsonl"),
        ("text", "raw"),
    ],
)
def test_get_by_name_or_alias(alias: str, name: str) -> None:
    assert formats.get(alias).name == name


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(AnalyzerError) as info:
        formats.get("syslog")
    message = str(info.value)
    assert "syslog" in message
    for name in formats.names():
        assert name in message
    assert isinstance(info.value, formats.FormatError)


def test_register_rejects_a_taken_name() -> None:
    class Clash(LogFormat):
        name = "hilog"
        title = "clash"
        example = "x"

        def parse_line(self, line: str) -> Header | None:
            return None

    with pytest.raises(ValueError, match="already registered"):
        formats.register(Clash())
    assert formats.get("hilog").name == "hilog"
