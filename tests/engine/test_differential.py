"""Two engines, one answer: the fast engine's reports equal the reference engine's.

Every sample and corpus log, fuzzed logs (hypothesis) and generated big logs (a few MB)
are analysed with ``--engine plain`` and ``--engine fast`` (one job, and two jobs with
tiny tasks and chunks so that range and chunk boundaries fall everywhere), and the
JSON report dicts must be identical. Nothing in the report is engine-specific.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.catalog.loader import Catalog
from analyzer.engine import fast
from analyzer.engine.fast import compiled, pool, ranges
from analyzer.errors import AnalyzerError
from analyzer.pipeline import ScanOptions, analyze
from analyzer.reports.interface import RenderOptions
from analyzer.reports.json_report import report_data
from analyzer.store import spill

ROOT = Path(__file__).resolve().parents[2]
LOGS = sorted(
    [p for p in (ROOT / "samples").iterdir() if p.is_file()]
    + [p for p in (ROOT / "tests" / "corpus").iterdir() if p.suffix in (".log", ".jsonl")]
)

pytestmark = pytest.mark.skipif(not fast.available(), reason="hyperscan is not installed")


def report(paths: list[str], catalog: Catalog, **options: Any) -> dict[str, Any]:
    """The JSON report dict of one analysis (info findings included)."""
    analysis = analyze(paths, catalog, ScanOptions(**options))
    data = report_data(analysis.report, RenderOptions(include_info=True))
    data["errors"] = [str(e) for e in analysis.errors]
    return data


@pytest.fixture
def tiny_tasks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tasks of ~2 KB and chunks of ~512 bytes: boundaries everywhere."""
    monkeypatch.setattr(pool, "TASK_BYTES", 2048)
    monkeypatch.setattr(ranges, "CHUNK_BYTES", 512)
    yield


@pytest.mark.parametrize("log", LOGS, ids=lambda p: p.name)
def test_samples_and_corpus(log: Path, catalog: Catalog, tiny_tasks: None) -> None:
    plain = report([str(log)], catalog, engine="plain")
    assert report([str(log)], catalog, engine="fast", jobs=1) == plain
    assert report([str(log)], catalog, engine="fast", jobs=2) == plain


def test_spilled_occurrences_give_the_same_report(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every finding's and group's occurrences on disk, in batches of three rows,
    change nothing in the report (redaction included), with either engine."""
    log = tmp_path / "spill.log"
    _bench_generator().generate(log, 400_000, "hilog", 11, 20)
    paths = [str(log), *(str(p) for p in LOGS)]
    kept = report(paths, catalog, engine="plain", context=1)
    assert kept["summary"]["occurrences"] > 100 and kept["unmatched"]
    monkeypatch.setattr(spill, "MEMORY_BYTES", 0)
    monkeypatch.setattr(spill, "BATCH_ROWS", 3)
    monkeypatch.setattr(spill, "PENDING_ROWS", 5)
    assert report(paths, catalog, engine="plain", context=1) == kept
    assert report(paths, catalog, engine="fast", jobs=2, context=1) == kept


def test_all_inputs_at_once(catalog: Catalog, tiny_tasks: None) -> None:
    paths = [str(p) for p in LOGS]
    plain = report(paths, catalog, engine="plain", context=3)
    assert report(paths, catalog, engine="fast", jobs=2, context=3) == plain


def _bench_generator() -> Any:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["hilog", "logcat"])
def test_generated_big_log(kind: str, catalog: Catalog, tmp_path: Path) -> None:
    log = tmp_path / f"big-{kind}.log"
    # one event per 200 lines: many records to check, still a few seconds for plain
    _bench_generator().generate(log, 1_500_000, kind, 7, 200)
    plain = report([str(log)], catalog, engine="plain")
    assert plain["summary"]["occurrences"] > 20
    assert plain["unmatched"]  # the unknown-error groups are compared too
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "TASK_BYTES", 256 << 10)
        patch.setattr(ranges, "CHUNK_BYTES", 64 << 10)
        assert report([str(log)], catalog, engine="fast", jobs=2) == plain
    assert report([str(log)], catalog, engine="fast", jobs=1) == plain


# -- fuzzed logs ---------------------------------------------------------------------------------

HEADS = [
    "11-23 09:14:04.520  4410  4410 E A03d00/com.example.weather/JSAPP: ",
    "11-23 09:14:04.520  4410  4437 I C015b0/com.example.weather/NETSTACK: ",
    "11-23 09:14:04.520  4411  4438 E C01515/NetConnManager: ",
    "06-14 09:20:11.042  4821  4830 E TPush   : ",
    "06-14 09:20:11.042  4821  4830 D ShopApp : ",
    "E/XINGE   ( 4821): ",
    "06-14 09:20:11.042  4821  4830 F libc    : ",
    "06-14 09:20:11.042  4821  4830 A DEBUG   : ",
    "I/ShopApp ( 4821): ",
    "2024-06-14T09:20:11.042Z [ERROR] ",
    "",
    "\t",
    "    ",
]
BODIES = [
    "errCode=2100002",
    "errCode:0, RespCode:200",
    "register push failed, errCode=-502",
    "ret_code=10008, AccessKey or AccessId is wrong",
    "BusinessError 401: Permission verification failed.",
    "Code: <private>, message: Failed to connect to the service.",
    "Internal error.",
    "System internal error.",
    "Invalid parameter value.",
    "Over the max request number",
    'ws onError: {"code":200,"message":"Websocket connect failed"}',
    "code=2 items",
    "secret=2dc7",
    "errCode=",
    "错误码：2100002",
    "errCode=２１００００２",
    "error code\u3000is\u00a02302999",
    "at com.example.A.b(A.java:1)",
    "Caused by: java.io.IOException",
    "Error name:TypeError",
    "Error code:401",
    "Stacktrace:",
    "    at f (a.ets:1:1)",
    "SourceCode:",
    "reſult=20",
    "uid=10008 bytes=1008001 blk_2101007907134483259",
    "[XGPushManager] TYPE_RSP",
    "websocket_exec.cpp:466",
    '{"level":"error","tag":"TPush","msg":"errCode=10008"}',
    '{"msg":"err\\u0043ode=10115","tag":"XINGE"}',
    "\ufeffBOM errCode=2203001",
    # unknown errors: levels and error words in every spelling the collector reads
    '{"level":50,"msg":"socket closed"}',
    '{"priority":6,"msg":"handshake reset"}',
    '{"severity":" e ","msg":"quota left 3"}',
    '{"level":"W","msg":"connect timed out after 30s"}',
    "[crit] disk full on /data",
    "ERR handshake 42",
    "连接超时 id=42",
    "onConnectFailed(3)",
    "terror is not errorless",
    "java.lang.IllegalStateException: state 7",
]
ENDINGS = ["\n", "\n", "\n", "\r\n", "\r"]

LINE = st.builds(
    lambda head, body, end: (head + body + end).encode("utf-8"),
    st.sampled_from(HEADS),
    st.sampled_from(BODIES),
    st.sampled_from(ENDINGS),
)
NOISE = st.sampled_from(
    [b"\xff\xfe broken utf-8 errCode=10008\n", b"\n", b"\r\n", b"x" * 300 + b"\n"]
)
LOG = st.lists(st.one_of(LINE, LINE, LINE, NOISE), min_size=1, max_size=80).map(b"".join)
FORMATS = st.sampled_from(
    [None, "hilog", "logcat-threadtime", "raw", "jsonl", "plain", "logcat-long"]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=LOG, log_format=FORMATS, cut=st.booleans())
def test_fuzzed_logs(
    data: bytes, log_format: str | None, cut: bool, catalog: Catalog, tmp_path: Path
) -> None:
    log = tmp_path / "fuzz.log"
    log.write_bytes(data[:-1] if cut else data)  # sometimes no line end at the end
    options: dict[str, Any] = {"log_format": log_format, "context": 2}
    plain = report([str(log)], catalog, engine="plain", **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "TASK_BYTES", 700)
        patch.setattr(ranges, "CHUNK_BYTES", 256)
        assert report([str(log)], catalog, engine="fast", jobs=1, **options) == plain
        assert report([str(log)], catalog, engine="fast", jobs=2, **options) == plain


def test_compressed_and_stdin_inputs(catalog: Catalog, tmp_path: Path) -> None:
    import gzip
    import io

    source = ROOT / "samples" / "tpns-logcat.log"
    packed = tmp_path / "tpns.log.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    plain = report([str(packed)], catalog, engine="plain")
    assert report([str(packed)], catalog, engine="fast", jobs=2) == plain
    stream = io.BytesIO(source.read_bytes())
    fast_stdin = analyze(["-"], catalog, ScanOptions(engine="fast"), stdin=stream)
    plain_stdin = analyze(
        ["-"], catalog, ScanOptions(engine="plain"), stdin=io.BytesIO(source.read_bytes())
    )
    options = RenderOptions(include_info=True)
    assert report_data(fast_stdin.report, options) == report_data(plain_stdin.report, options)


def test_line_counts_are_exact(catalog: Catalog, tmp_path: Path) -> None:
    log = tmp_path / "ends.log"
    log.write_bytes(b"a\nb\r\nc\rd\n\n\r\re")
    data = report([str(log)], catalog, engine="fast", jobs=1)
    assert (
        data["inputs"][0]["lines"]
        == report([str(log)], catalog, engine="plain")["inputs"][0]["lines"]
        == 8
    )


def test_a_failing_worker_is_a_clear_error(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "big.log"
    log.write_bytes((ROOT / "samples" / "netstack-hilog.log").read_bytes() * 20)
    monkeypatch.setattr(pool, "TASK_BYTES", 1024)

    def broken(pre: Any, task: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pool, "scan_range", broken)
    with pytest.raises(AnalyzerError, match=r"big\.log: RuntimeError: disk on fire"):
        analyze([str(log)], catalog, ScanOptions(engine="fast", jobs=2))


@pytest.mark.parametrize("chunk", [64, 97, 128, 200, 333, 500])
def test_evidence_just_before_a_chunk_boundary(
    chunk: int, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code that needs TPNS context, in a chunk whose only TPNS evidence lies in the
    lines before it: the chunk's neighbourhood must supply it."""
    head = "06-14 09:20:11.042  4821  4830 E "
    lines = [head + "PushSDK : [XGPushManager] start"]
    lines += [head.replace("4821", "4822") + f"ShopApp : filler {i}" for i in range(10)]
    lines += [head + "PushSDK : register failed, errCode=10008"]
    log = tmp_path / "edge.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = report([str(log)], catalog, engine="plain")
    assert plain["summary"]["occurrences"] >= 1
    monkeypatch.setattr(ranges, "CHUNK_BYTES", chunk)
    assert report([str(log)], catalog, engine="fast", jobs=1) == plain


@pytest.mark.parametrize("width", [10, 600])
def test_evidence_in_the_lines_after_a_chunk(
    width: int, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code that needs TPNS context, whose only TPNS evidence is in its own record,
    150 continuation lines on, in a later chunk: the chunk's neighbourhood after it
    must supply it. Short lines put all of them in the block read after the chunk;
    long ones make the scan walk them line by line."""
    head = "11-02 08:14:27.305  2210  2231 "
    filler = [head + f"I C01510/ShopApp: quiet {i}" for i in range(300)]
    lines = [*filler, head + "I C01510/PushSDK: register done, code=-502"]
    lines += [f"    frame {i} " + "x" * width for i in range(150)]
    lines += ["    via [XGPushManager] retry", *filler * 8]
    log = tmp_path / "after.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = report([str(log)], catalog, engine="plain")
    assert [f["code"] for f in plain["findings"]] == ["-502"]
    monkeypatch.setattr(ranges, "CHUNK_BYTES", 4096)
    assert report([str(log)], catalog, engine="fast", jobs=1) == plain


def test_evidence_that_appears_in_a_later_chunk(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TPNS evidence first seen far into a range (150 KB in: beyond the block read after
    the first chunks), with a code only TPNS evidence makes a finding: the chunk scan
    that guessed the previous chunk's catalogs (none of TPNS) must scan again with the
    TPNS patterns, and find the code."""
    head = "06-14 09:20:11.042  4821  4830 I ShopApp : "
    lines = [head + f"filler line {i}" for i in range(3000)]
    lines += [head.replace("ShopApp", "PushSDK") + "[XGPushManager] register done, errCode=-502"]
    lines += [head + f"filler line {i}" for i in range(20)]
    log = tmp_path / "late.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = report([str(log)], catalog, engine="plain")
    assert [f["code"] for f in plain["findings"]] == ["-502"]
    rescans: list[bool] = []
    covers = compiled.Prefilter.covers

    def counted(self: compiled.Prefilter, guess: frozenset[str], present: frozenset[str]) -> bool:
        answer = covers(self, guess, present)
        rescans.append(not answer)
        return answer

    monkeypatch.setattr(compiled.Prefilter, "covers", counted)
    monkeypatch.setattr(ranges, "CHUNK_BYTES", 4096)
    assert report([str(log)], catalog, engine="fast", jobs=1) == plain
    assert any(rescans)


def test_an_error_record_across_a_task_boundary(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quiet record whose only error word is in a continuation line that lies in the
    next task: the task it starts in must still classify it, and only that task."""
    head = "06-14 09:20:11.042  4821  4830 I ShopApp : "
    lines = [head + f"filler line {i}" for i in range(30)]
    lines += [head + "java.lang.Throwable: trace", "\tat com.example.A.b(A.java:1)"]
    lines += ["Caused by: java.io.IOException: pipe closed"] + ["\tat x.Y.z(Y.java:2)"] * 3
    lines += [head + f"filler line {i}" for i in range(30)]
    log = tmp_path / "straddle.log"
    text = "\n".join(lines) + "\n"
    log.write_text(text, encoding="utf-8")
    plain = report([str(log)], catalog, engine="plain")
    assert [g["count"] for g in plain["unmatched"]] == [1]
    cause = text.index("Caused by")
    for task in range(cause - 200, cause + 120, 7):  # boundaries before and inside it
        monkeypatch.setattr(pool, "TASK_BYTES", task)
        monkeypatch.setattr(ranges, "CHUNK_BYTES", 97)
        assert report([str(log)], catalog, engine="fast", jobs=2) == plain
