"""The progress bar: only on a terminal, never in CI, only for large inputs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from analyzer.catalog.loader import load_catalog
from analyzer.cli import progress
from analyzer.pipeline import ScanOptions, analyze


@pytest.mark.parametrize(
    ("size", "tty", "environ", "shown"),
    [
        (100_000_000, True, {}, True),
        (100_000_000, False, {}, False),  # a pipe or a file
        (100_000_000, True, {"CI": "true"}, False),  # CI logs
        (10_000_000, True, {}, False),  # small: done before a bar would help
        (100_000_000, True, {"CI": ""}, True),  # CI set but empty counts as unset
    ],
)
def test_when_the_bar_is_shown(size: int, tty: bool, environ: dict[str, str], shown: bool) -> None:
    assert progress.wanted(size, 50e6, tty=tty, environ=environ) is shown


def test_input_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_bytes(b"x" * 100)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.log").write_bytes(b"x" * 50)
    assert progress.input_bytes([str(tmp_path)]) == 150
    assert progress.input_bytes([str(tmp_path / "a.log"), "-", str(tmp_path / "gone")]) == 100


def test_bar_draws_on_a_terminal() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80)
    with progress.bar(1000, console) as advance:
        advance(500)
        advance(1000)
    assert buffer.getvalue()  # drew something (and cleared it: transient)


def test_pipeline_reports_bytes_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analyzer.engine.plain.PROGRESS_EVERY", 10)
    log = tmp_path / "big.log"
    line = "11-23 09:14:04.520  4410  4410 I A03d00/com.example.app/JSAPP: nothing to see\n"
    log.write_text(line * 100, encoding="utf-8")
    seen: list[int] = []
    analyze([str(log)], load_catalog([]), ScanOptions(), on_bytes=seen.append)
    assert seen and seen == sorted(seen)
    assert seen[-1] == log.stat().st_size
