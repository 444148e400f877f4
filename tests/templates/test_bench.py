"""``bench/templates_accuracy.py``: the grouping-accuracy metric and the script, on our own data."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_bench() -> ModuleType:
    path = ROOT / "bench" / "templates_accuracy.py"
    spec = importlib.util.spec_from_file_location("bench_templates_accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.mark.parametrize(
    ("predicted", "truth", "expected"),
    [
        ([1, 1, 2, 2], ["a", "a", "b", "b"], 1.0),
        ([1, 1, 1, 1], ["a", "a", "b", "b"], 0.0),  # merged: nobody's group is exact
        ([1, 2, 3, 3], ["a", "a", "b", "b"], 0.5),  # split a, exact b
        ([1, 1, 2, 3], ["a", "a", "a", "b"], 0.25),
        ([], [], 1.0),
    ],
)
def test_grouping_accuracy(predicted: list[int], truth: list[str], expected: float) -> None:
    assert bench.grouping_accuracy(predicted, truth) == pytest.approx(expected)


def test_grouping_accuracy_needs_one_prediction_per_line() -> None:
    with pytest.raises(ValueError):
        bench.grouping_accuracy([1], ["a", "b"])


MESSAGES = [
    ("VM Started", "E1"),
    ("VM Paused", "E2"),
    ("VM Started", "E1"),
    ("connect to 10.0.0.1:443 failed after 20ms", "E3"),
    ("connect to 10.0.0.2:80 failed after 3s", "E3"),
    ("VM Paused", "E2"),
]


def _write_sample(directory: Path, messages: list[tuple[str, str]]) -> None:
    lines = [
        f"03-17 16:13:{n:02d}.811  1702  2395 D VmHost: {text}"
        for n, (text, _) in enumerate(messages)
    ]
    (directory / bench.LOG_FILE).write_text("\n".join(lines), encoding="utf-8")
    with (directory / bench.TRUTH_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LineId", "Component", "Content", "EventId", "EventTemplate"])
        for n, (text, event) in enumerate(messages, start=1):
            writer.writerow([n, "VmHost", text, event, ""])


def test_script_measures_and_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_sample(tmp_path, MESSAGES)
    assert bench.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "6 lines, 3 events" in out
    assert "grouping accuracy 1.0000" in out


def test_script_fails_below_the_minimum(tmp_path: Path) -> None:
    # Ground truth that wants the two VM lines merged: our miner keeps them apart.
    _write_sample(tmp_path, [(text, "E9" if text.startswith("VM") else e) for text, e in MESSAGES])
    assert bench.main([str(tmp_path), "--min", "0.9"]) == 1


def test_script_rejects_misaligned_data(tmp_path: Path) -> None:
    _write_sample(tmp_path, MESSAGES)
    (tmp_path / bench.LOG_FILE).write_text("one line only", encoding="utf-8")
    assert bench.main([str(tmp_path)]) == 2
    assert bench.main([str(tmp_path / "missing")]) == 2
