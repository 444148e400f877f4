"""Redaction: every kind of secret is masked, and error codes, times and pids survive."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.engine import fast
from analyzer.engine.fast import compiled
from analyzer.model import ContextLine, Report
from analyzer.redact import redact_report
from analyzer.secrets import RULES, redact

from .conftest import entry, finding, match, sample, summary

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SECRETS = Path(__file__).resolve().parent / "secrets"


@pytest.mark.parametrize(
    ("text", "secret", "rule"),
    [
        ("[XGPushConfig] accessId=1500012345, channel=huawei", "1500012345", "secret"),
        ("XG_ACCESS_ID = 1500012345", "1500012345", "secret"),
        ("AccessKey: A1B2C3D4E5F6 errCode=-502", "A1B2C3D4E5F6", "secret"),
        ('{"accessKey":"A1B2C3D4E5F6","ret_code":1008003}', "A1B2C3D4E5F6", "secret"),
        ("secretKey=abcdef123 Code: 2100002", "abcdef123", "secret"),
        ("app_secret: 'x y z'", "x y z", "secret"),
        ("password=hunter2 errCode=2302998", "hunter2", "secret"),
        ("X-Api-Key: apiKeyValue4242", "apiKeyValue4242", "secret"),
        ('{\\"token\\":\\"s3cr3tValue\\"}', "s3cr3tValue", "secret"),
        ("register push success with token : 0fdbffdc49c295abf48", "0fdbffdc49c295abf48", "secret"),
        (
            "device token 0fdbffdc49c295abf48bbc320ab3b742dfb5 ok",
            "0fdbffdc49c295abf48bbc3",
            "token",
        ),
        (
            "hms token 0866350031234567300004711700CN01 ok",
            "0866350031234567300004711700CN01",
            "token",
        ),
        (
            "fcm ZGV2aWNlLXRva2VuLTEyMzQ1Njc4OTAtYWJjZGVmZ2hpams= ok",
            "ZGV2aWNlLXRva2VuLTEy",
            "token",
        ),
        ("GET https://bob:hunter2@api.example.com/x", "hunter2", "credentials"),
        ("GET /push?token=abc123&access_token=def456", "def456", "secret"),
        ("GET /push?key=k3y&sig=s1g", "s1g", "query"),
        ("Authorization: Bearer abc.def.ghi", "abc.def.ghi", "auth"),
        ("authorization=Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "auth"),
        ("retry with bearer abcdefgh12345", "abcdefgh12345", "bearer"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJzdWIiOiIxIn0", "jwt"),
        ("Cookie: sid=abc123; theme=dark, errCode=2100002", "sid=abc123", "cookie"),
        ("mail zhang.wei+push@example.com.cn now", "zhang.wei+push@example.com.cn", "email"),
        ("call 13812345678 now", "13812345678", "phone"),
        ("call 138-1234-5678 now", "138-1234-5678", "phone"),
        ("call +86 139 8765 4321 now", "139 8765 4321", "phone"),
        ("call +14155552671 now", "+14155552671", "phone"),
        ("imei=860123456789012", "860123456789012", "device-id"),
        ("raw 356938035643809 seen", "356938035643809", "imei"),
        ("serial=R58M12ABCDE", "R58M12ABCDE", "device-id"),
        ("SN:PX7K3L9Q2", "PX7K3L9Q2", "device-id"),
        ("ro.serialno = ZX1G22", "ZX1G22", "device-id"),
    ],
)
def test_secret_is_masked(text: str, secret: str, rule: str) -> None:
    assert secret in text  # the case plants what it claims to
    masked, count = redact(text)
    assert secret not in masked
    assert f"<redacted:{rule}>" in masked
    assert count >= 1


@pytest.mark.parametrize(
    "text",
    [
        "E/TPush   ( 8821): [XGPushManager] register push failed, errCode=-502, msg=get guid",
        "register net callback failed, Code: 2101022, message: The number of requests",
        '{"ret_code":1008003,"err_msg":"Authentication failed."}',
        '{"ret_code":10010005,"err_msg":"push target not exist"}',
        "11-23 09:14:02.101  4410  4437 I C015b0/com.example.weather/NETSTACK: errCode:0",
        "2026-11-23T10:02:11.120Z 2026-11-23T09:14:06.2302999Z +0800 +08:00",
        "ret_code=10008, AccessKey or AccessId is wrong",
        "destroy vpn, errorCode=2203004 (Invalid socket file descriptor.)",
        "cache block blk_2101007907134483259 evicted, version 2.100002.1",
        "epoch 1700000000000 1700000000.123 monotonic 12345.678901",
        "D/ShopApp ( 8821): cart total price=10008 cents, uid=10008, pid=10101",
        "at uploadPhoto (entry/src/main/ets/pages/Index.ets:88:7)",
        "/data/storage/el2/base/haps/entry/files/cache/images/thumbnails/2024",
        "java.lang.Object@6d06d69c BusinessError 201 code +2100002 +10010005",
    ],
)
def test_codes_times_and_pids_survive(text: str) -> None:
    assert redact(text) == (text, 0)


_KEEP = re.compile(
    r"(?i)(?:errCode|Code|ret_code|errorCode|BusinessError)\W{1,3}-?\d+"  # codes
    r"|\d\d-\d\d \d\d:\d\d:\d\d\.\d+|\d{4}-\d\d-\d\dT[\d:.]+Z"  # times
    r"|\(\s*\d+\)| \d+-\d+ |  \d+  \d+ "  # pids and tids
)


@pytest.mark.parametrize(
    "path", sorted(p for p in SAMPLES.iterdir() if p.is_file()), ids=lambda p: p.name
)
def test_sample_codes_times_and_pids_survive(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        masked, _ = redact(line)
        for kept in _KEEP.findall(line):
            assert kept in masked, (line, kept)


_KEYS = st.sampled_from(
    ["errCode=", "errCode:", "Code: ", '"ret_code":', "ret_code=", "errorCode=", "code ", "err: "]
)


@given(key=_KEYS, value=st.integers(min_value=-99_999_999, max_value=99_999_999))
def test_any_code_survives(key: str, value: int) -> None:
    text = f"11-23 09:14:03.004  4410  4410 E A03d00/app/JSAPP: failed, {key}{value}"
    assert redact(text) == (text, 0)


@given(st.text(max_size=200))
def test_idempotent(text: str) -> None:
    once, _ = redact(text)
    assert redact(once) == (once, 0)


_UNGATED = tuple(replace(rule, gated=False) for rule in RULES)
_TOKENISH = st.text(
    alphabet=st.sampled_from("0123456789abcdefXYZ+/_-= .:\n1"), min_size=0, max_size=120
)


@pytest.mark.parametrize(
    "path",
    sorted(p for p in [*SAMPLES.iterdir(), *SECRETS.iterdir()] if p.suffix == ".log"),
    ids=lambda p: p.name,
)
def test_the_gate_skips_only_rules_that_cannot_match_samples(path: Path) -> None:
    assert any(rule.gated for rule in RULES)
    for line in path.read_text(encoding="utf-8").splitlines():
        assert redact(line) == redact(line, _UNGATED), line


@given(st.one_of(st.text(max_size=200), _TOKENISH))
def test_the_gate_skips_only_rules_that_cannot_match(text: str) -> None:
    assert redact(text) == redact(text, _UNGATED)


def test_rules_are_data() -> None:
    assert RULES
    assert all(rule.name and rule.pattern.pattern and rule.replacement for rule in RULES)


def test_redact_report_masks_every_log_text() -> None:
    item = entry("-502", catalog="tpns-client")
    secret = "accessId=1500012345"
    m = match(item, 5, f"errCode=-502 {secret}")
    m = replace(m, reason=f"errCode=-502 used as an error code (context: '{secret}')")
    s = sample(m, [f"before {secret}"], [f"after {secret}"])
    report = Report(
        inputs=(summary("a.log", 9),), findings=(finding(1, item, [m], [s]),), redactions=0
    )
    done = redact_report(report)
    texts = [
        done.findings[0].occurrences[0].text,
        done.findings[0].occurrences[0].reason,
        done.findings[0].samples[0].match.text,
        *(c.text for c in done.findings[0].samples[0].before),
        *(c.text for c in done.findings[0].samples[0].after),
    ]
    assert all("1500012345" not in t for t in texts)
    assert all("errCode=-502" in t for t in texts[:3])
    # Three distinct lines (the occurrence shared by the sample counts once).
    assert done.redactions == 3
    assert done.findings[0].samples[0].before == (
        ContextLine(4, "before accessId=<redacted:secret>"),
    )
    # Nothing else changed, and the input report is untouched (frozen values).
    assert done.findings[0].entry == item
    assert report.findings[0].occurrences[0].text.endswith(secret)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_report_says_when_redaction_is_off(fmt: str) -> None:
    """With --no-redact nothing is masked, and the report says so instead of "0 redacted"."""
    from analyzer.reports import registry
    from analyzer.reports.interface import RenderOptions

    item = entry("2100002")
    m = match(item, 5, "errCode=2100002 token=0123456789abcdef0123456789abcdef")
    report = Report(inputs=(summary("a.log", 9),), findings=(finding(1, item, [m], [sample(m)]),))
    text = registry.get(fmt).render(report, RenderOptions())
    assert "Redaction off" in text
    assert "values redacted" not in text
    redacted = registry.get(fmt).render(redact_report(report), RenderOptions())
    assert "Redaction off" not in redacted


def test_redact_report_masks_unmatched_groups() -> None:
    """Templates, occurrences, samples, first and last of unknown errors are log text too."""
    from analyzer.model import Unmatched, template_key

    from .conftest import group, occurrence

    secret = "password=hunter2hunter2"
    lines = [occurrence(n, f"login failed {secret} try {n}") for n in (3, 4)]
    unmatched = Unmatched((group(f"login failed {secret} try <NUM>", lines),), 2, 2)
    report = Report(inputs=(summary("a.log", 9),), findings=(), unmatched=unmatched)
    done = redact_report(report)
    assert done.unmatched is not None
    (masked,) = done.unmatched.groups
    texts = [
        masked.template,
        masked.first.text,
        masked.last.text,
        *(o.text for o in masked.samples),
        *(o.text for o in masked.occurrences),
    ]
    assert all("hunter2" not in t for t in texts)
    assert masked.template == "login failed password=<redacted:secret> try <NUM>"
    assert masked.key == template_key(masked.template)  # no hash of the secret is kept
    assert (masked.count, done.unmatched.error_lines_total) == (2, 2)
    # Two distinct lines (samples, first and last are the same lines); the template's
    # value is theirs, so it is not counted again.
    assert done.redactions == 2
    assert redact_report(done).unmatched == done.unmatched  # idempotent


def test_a_line_shared_by_a_finding_and_a_group_counts_once() -> None:
    from analyzer.model import Unmatched

    from .conftest import group, occurrence

    item = entry("2100002")
    text = "before token=0123456789abcdef0123456789abcdef"
    m = match(item, 5, "errCode=2100002")
    unknown = occurrence(4, text)
    report = Report(
        inputs=(summary("a.log", 9),),
        findings=(finding(1, item, [m], [sample(m, [text])]),),
        unmatched=Unmatched((group("before token=<HEX>", [unknown]),), 2, 1),
    )
    assert redact_report(report).redactions == 1


@pytest.mark.parametrize(
    "text",
    [".accessId=1500012345", "cfg.accessKey=abcdefabcdef12", "x.device.imei=490154203237518"],
)
def test_dotted_key_names_are_masked(text: str) -> None:
    """Found by fuzzing: a key after a dot (``cfg.accessId``) kept its secret."""
    masked, count = redact(text)
    assert count == 1
    assert text.split("=")[1] not in masked


# -- the fast engine's secret count: hyperscan finds a rule's necessary pattern first --

_FRAGMENTS = st.sampled_from(
    [
        *("accessId", "xgAccessKey", "secret", "token", "pwd", "ticket", "sn", "imei2"),
        *("ro.serialno", "android_id", "Authorization", "Cookie", "bearer", "eyJ", "?key"),
        *("&sig", "://", "user:pw", "@", "a@b.cn", ".com", "+", "+86", "1", "13", "138"),
        *("0", "1234", "5678", "123456789012345", "0fdbffdc49c295abf48bbc320ab3b742"),
        *("A1b2", "/", "a/1/b/2/c/3/d/4", "QUJD", "==", "=", ":", " ", "\t", '"', "'"),
        *("\\", ",", ";", "-", "_", ".", "<", ">", "é", "\u212a", "x"),
    ]
)
_SECRETISH = st.lists(_FRAGMENTS, max_size=24).map("".join)


def _secret_count() -> compiled.SecretCount:
    if not fast.available():
        pytest.skip("hyperscan is not installed")
    return compiled.SecretCount()


@pytest.mark.parametrize(
    "path",
    sorted(p for p in [*SAMPLES.iterdir(), *SECRETS.iterdir()] if p.suffix == ".log"),
    ids=lambda p: p.name,
)
def test_the_secret_count_equals_redaction_on_samples(path: Path) -> None:
    count = _secret_count()
    for line in path.read_text(encoding="utf-8").splitlines():
        assert count(line) == redact(line)[1], line


def test_the_secret_count_skips_lines_without_a_necessary_pattern() -> None:
    count = _secret_count()
    assert not count.may_hold("11-23 09:14:03.004  4410  4410 E A03d00/app/JSAPP: failed, id=42")
    assert not count.may_hold("image decode failed for /data/storage/el2/base/cache/67868.jpg")
    assert count.may_hold("accessId=1500012345")
    assert count.may_hold("caf\u00e9 failed")  # not ASCII: always given to the rules
    # Most lines of a sample log hold no secret and are not given to the rules.
    lines = (SAMPLES / "tpns-logcat.log").read_text(encoding="utf-8").splitlines()
    assert sum(map(count.may_hold, lines)) < len(lines) // 2


@given(st.one_of(_SECRETISH, st.text(max_size=200), _TOKENISH))
def test_the_secret_count_equals_redaction(text: str) -> None:
    assert _secret_count()(text) == redact(text)[1]


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        ((0, 0, 0), 0),  # every line counted clean: the rows are not read back
        ((0, 1, 0), 1),  # counted where classified
        ((0, None, 0), 1),  # not counted: the rules run on the line
    ],
)
def test_a_group_is_read_back_for_redaction_only_where_a_line_may_hold_a_secret(
    secrets: tuple[int | None, ...], expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analyzer.redact import _Redactor
    from analyzer.store.spill import RowStore
    from analyzer.templates.collector import UnmatchedCollector

    collector = UnmatchedCollector()
    for line, counted in enumerate(secrets, start=1):
        text = "E/net: login failed password=hunter2" if counted != 0 else "E/net: failed"
        occurrence = (0, line, None, 4, "net", text)
        collector.feed_packed((line, 1, ("login", "failed"), occurrence, counted))
    (group,) = collector.result().groups
    read = RowStore._load

    def guarded(store: RowStore, batch: Any) -> Any:
        assert expected, "rows read back although every line was counted clean"
        return read(store, batch)

    monkeypatch.setattr(RowStore, "_load", guarded)
    redactor = _Redactor(None)
    redactor.occurrences(group.occurrences, group.secrets)
    assert redactor.count == expected
