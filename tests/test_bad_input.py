"""Bad input, one test each, through the real ``analyze`` console script.

The rules: a fault gives exit 2 and one line on stderr naming the file (and the
byte offset or line where there is one), never a traceback; whatever was read before
the fault is analysed and the report marks that input incomplete; other inputs are
still analysed. Odd but readable input (empty, UTF-16, CR line ends, NUL bytes) is
simply analysed, with every physical line counted.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

ANALYZE = shutil.which("analyze") or str(Path(sys.executable).parent / "analyze")
ERROR_LINE = (
    "11-23 09:14:04.520  4410  4410 E A03d00/com.example.weather/JSAPP: "
    "getDefaultNet failed, errCode=2100002"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ANALYZER_CATALOG"}
    return subprocess.run(
        [ANALYZE, "--format", "json", *args], capture_output=True, text=True, env=env, timeout=120
    )


def fault(result: subprocess.CompletedProcess[str], name: str) -> str:
    """Exit 2, no traceback, exactly one error line naming ``name``; returns that line."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
    assert name in errors[0]
    return errors[0]


def ok(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def good_log(tmp_path: Path) -> Path:
    path = tmp_path / "good.log"
    path.write_text(ERROR_LINE + "\n", encoding="utf-8")
    return path


def test_missing_file(tmp_path: Path) -> None:
    fault(run(str(tmp_path / "nope.log"), str(good_log(tmp_path))), "nope.log")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.log"
    path.write_text(ERROR_LINE, encoding="utf-8")
    path.chmod(0)
    fault(run(str(path)), "secret.log")


def test_directory_mixing_logs_and_binaries(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(ERROR_LINE + "\n", encoding="utf-8")
    (tmp_path / "core.bin").write_bytes(os.urandom(4096))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.log").write_text(ERROR_LINE + "\n", encoding="utf-8")
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2048))
    data = ok(run(str(tmp_path)))
    assert len(data["inputs"]) == 2
    assert len(data["skipped_inputs"]) == 2
    assert data["findings"][0]["count"] == 2


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.log"
    path.write_bytes(b"")
    data = ok(run(str(path)))
    assert data["inputs"][0]["lines"] == 0
    assert data["findings"] == []


def test_random_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(os.urandom(64 * 1024))
    result = run(str(path))
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["inputs"] == []
    assert data["skipped_inputs"][0]["path"].endswith("blob")


def test_invalid_utf8_still_counts_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.log"
    path.write_bytes(b"\xc3\x28\xff\xfe\xfd garbage\n" + ERROR_LINE.encode() + b"\n")
    data = ok(run(str(path)))
    assert data["inputs"][0]["lines"] == 2
    assert data["findings"][0]["occurrences"][0]["line"] == 2


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.log"
    bom = "\ufeff".encode(codec)
    path.write_bytes(bom + ("first line\r\n" + ERROR_LINE + "\r\n").encode(codec))
    data = ok(run(str(path)))
    assert data["inputs"][0]["lines"] == 2
    assert data["findings"][0]["occurrences"][0]["line"] == 2


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_line_endings(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "ends.log"
    path.write_bytes(("noise" + ending + "more" + ending + ERROR_LINE + ending).encode())
    data = ok(run(str(path)))
    assert data["inputs"][0]["lines"] == 3
    occurrence = data["findings"][0]["occurrences"][0]
    assert occurrence["line"] == 3
    assert "\r" not in occurrence["text"]


def test_nul_bytes_in_text(tmp_path: Path) -> None:
    path = tmp_path / "nul.log"
    path.write_bytes(b"before\x00after\n" + ERROR_LINE.encode() + b"\x00\n")
    data = ok(run(str(path)))
    assert data["inputs"][0]["lines"] == 2
    assert data["findings"][0]["count"] == 1


def test_8_mb_line(tmp_path: Path) -> None:
    path = tmp_path / "long.log"
    path.write_bytes(b"A" * (8 << 20) + b"\n" + ERROR_LINE.encode() + b"\n")
    data = ok(run(str(path)))
    assert data["inputs"][0]["lines"] == 2
    assert data["findings"][0]["occurrences"][0]["line"] == 2


def test_gzip_cut_in_half(tmp_path: Path) -> None:
    blob = gzip.compress(((ERROR_LINE + "\n") * 5000).encode())
    path = tmp_path / "cut.log.gz"
    path.write_bytes(blob[: len(blob) // 2])
    result = run(str(path), str(good_log(tmp_path)))
    line = fault(result, "cut.log.gz")
    assert "offset" in line or "byte" in line
    data = json.loads(result.stdout)
    cut = next(i for i in data["inputs"] if i["path"].endswith("cut.log.gz"))
    assert cut["complete"] is False and cut["lines"] > 0
    # Every complete line read before the cut is analysed; the last one may be cut
    # mid-line, so it may or may not still hold its code.
    assert cut["lines"] <= sum(f["count"] for f in data["findings"]) <= cut["lines"] + 1


def test_zip_bomb_hits_the_expansion_cap(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        filler = (b"A" * 1023 + b"\n") * (40 << 10)  # 40 MiB that deflates ~1000:1
        archive.writestr("logs/device.log", (ERROR_LINE + "\n").encode() + filler)
    path = tmp_path / "bomb.zip"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 2 << 20
    result = run(str(path))
    line = fault(result, "bomb.zip")
    assert "expan" in line or "ratio" in line or "cap" in line
    data = json.loads(result.stdout)
    assert data["inputs"][0]["complete"] is False
    assert data["findings"][0]["count"] == 1


def test_symlink_loop_in_a_directory(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "a.log").write_text(ERROR_LINE + "\n", encoding="utf-8")
    (logs / "loop").symlink_to(logs, target_is_directory=True)
    (logs / "self").symlink_to(logs / "self")
    data = ok(run(str(logs)))
    assert len(data["inputs"]) == 1
    assert any("loop" in s["reason"] or "link" in s["reason"] for s in data["skipped_inputs"])


def test_file_that_grows_while_read(tmp_path: Path) -> None:
    path = tmp_path / "growing.log"
    path.write_text((ERROR_LINE + "\n") * 20000, encoding="utf-8")
    stop = threading.Event()

    def grow() -> None:
        with path.open("a", encoding="utf-8") as handle:
            while not stop.is_set():
                handle.write(ERROR_LINE + "\n")
                handle.flush()
                time.sleep(0.001)

    writer = threading.Thread(target=grow, daemon=True)
    writer.start()
    try:
        data = ok(run(str(path)))
    finally:
        stop.set()
        writer.join()
    assert data["inputs"][0]["lines"] >= 20000
    assert data["findings"][0]["count"] == data["inputs"][0]["lines"]
