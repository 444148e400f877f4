"""The labelled corpus (tests/corpus): accuracy of the real pipeline, and its coverage.

The scoring rules are in ``bench/accuracy.py``'s docstring; this test runs the same
code. The corpus must keep covering every catalog entry, every log format and every
kind of hard negative the engine promises to reject.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from analyzer import formats
from analyzer.catalog.loader import Catalog

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


accuracy = _load_bench()

NEGATIVE_KINDS = {
    "digit-run",
    "timestamp-fraction",
    "id",
    "version",
    "decimal",
    "hex",
    "quantity",
    "price",
    "http-status",
    "line-end",
    "js-stack",
    "short-code-no-context",
    "other-tag-same-process",
    "generic-message-no-context",
    "foreign-key",
}
"""Kinds of hard negative (the part before ``:`` in a ``negatives`` entry)."""


@pytest.fixture(scope="module")
def result(catalog: Catalog) -> Any:
    """The corpus scored once for the whole module."""
    return accuracy.evaluate(CORPUS, catalog)


def test_overall_precision_and_recall(result: Any) -> None:
    overall = result.overall
    report = accuracy.render(result)
    assert overall.precision >= 0.99, report
    assert overall.recall >= 0.99, report


def test_every_format_is_covered_and_detected(result: Any) -> None:
    assert set(formats.names()) <= set(result.by_format)
    mismatches = [(f.label_file.log.name, f.detected) for f in result.mismatches]
    assert mismatches == []


def test_every_catalog_entry_is_labelled(catalog: Catalog) -> None:
    labelled = {
        entry
        for label_file in accuracy.load_corpus(CORPUS)
        for label in label_file.labels
        for entry in label.ids
    }
    assert {str(e.id) for e in catalog.entries} - labelled == set()
    assert labelled - {str(e.id) for e in catalog.entries} == set(), "labels name unknown ids"


def test_every_kind_of_hard_negative_is_present() -> None:
    kinds = {
        part.split(":")[0].strip()
        for label_file in accuracy.load_corpus(CORPUS)
        for text in label_file.negatives.values()
        for part in text.split(";")
    }
    assert NEGATIVE_KINDS - kinds == set()


def test_labels_point_at_lines_of_the_log() -> None:
    for label_file in accuracy.load_corpus(CORPUS):
        count = len(label_file.log.read_text(encoding="utf-8").splitlines())
        lines = [label.line for label in label_file.labels] + list(label_file.negatives)
        assert all(1 <= n <= count for n in lines), label_file.log.name
