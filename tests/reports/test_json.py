"""The JSON format: the documented contract, checked against the shipped JSON Schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from analyzer.catalog.loader import load_catalog
from analyzer.model import EntryId, Level, Match, MatchedBy, Occurrence, Report
from analyzer.pipeline import ScanOptions, analyze
from analyzer.reports.interface import RenderOptions
from analyzer.reports.json_report import (
    SCHEMA,
    JsonReport,
    group_occurrence_text,
    occurrence_text,
    schema,
)
from analyzer.reports.json_text import Lazy, chunks

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.name for p in (ROOT / "samples").iterdir() if p.is_file())


def strict(node: Any) -> Any:
    """The schema with ``additionalProperties: false`` on every object.

    The shipped schema lets consumers accept fields added later; the tests use this
    strict copy so that every field the report has is documented in the schema.
    """
    node = copy.deepcopy(node)

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            if "properties" in item:
                item.setdefault("additionalProperties", False)
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(node)
    return node


VALIDATORS = [Draft202012Validator(schema()), Draft202012Validator(strict(schema()))]


def validate(document: dict[str, Any]) -> None:
    for validator in VALIDATORS:
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def render(report: Report, **options: object) -> dict[str, Any]:
    text = JsonReport().render(report, RenderOptions(**options))  # type: ignore[arg-type]
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_schema_is_valid_and_shipped_in_the_package() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["properties"]["schema"]["const"] == SCHEMA


@pytest.mark.parametrize("include_info", [False, True])
def test_hand_built_reports_validate(any_report: Report, include_info: bool) -> None:
    validate(render(any_report, include_info=include_info))


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("redact", [True, False])
def test_every_sample_report_validates(
    sample: str, redact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    analysis = analyze([f"samples/{sample}"], load_catalog([]), ScanOptions(redact=redact))
    validate(render(analysis.report, include_info=True))


def test_contract_fields_are_kept(basic_report: Report) -> None:
    document = render(basic_report)
    assert document["schema"] == "analyzer.report/1"
    finding = document["findings"][0]
    assert set(finding) >= {
        "rank", "score", "rank_reason", "id", "catalog", "code", "title", "message",
        "severity", "level", "count", "confidence", "candidates", "first_seen", "last_seen",
        "tags", "processes", "occurrences", "causes", "procedure", "source",
    }  # fmt: skip
    assert set(finding["occurrences"][0]) >= {
        "input", "line", "time", "level", "tag", "text", "matched_by", "confidence",
        "reason", "record_line", "process", "pid", "candidates",
    }  # fmt: skip


def test_added_fields(basic_report: Report) -> None:
    document = render(basic_report, samples=1)
    assert document["summary"]["redactions"] == 3
    assert document["summary"]["hidden_info"] == 1
    finding = document["findings"][0]
    assert finding["first_seen"] == {
        "input": 0,
        "line": 9,
        "time": "11-23 09:14:04.520",
        "path": "logs/a.log",
    }
    assert finding["last_seen"]["path"] == "logs/b.log"
    assert len(finding["samples"]) == 1
    sample = finding["samples"][0]
    assert [c["line"] for c in sample["before"]] == [7, 8]
    assert [c["line"] for c in sample["after"]] == [10]
    assert len(finding["occurrences"]) == 3  # every occurrence, whatever --samples says


def test_log_text_is_kept_exactly(hostile_report: Report) -> None:
    document = render(hostile_report)
    texts = [o["text"] for o in document["findings"][0]["occurrences"]]
    assert any("\x1b[2J" in t for t in texts)  # JSON escapes it; consumers get the raw line


_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)


def _group_occurrence_data(item: Occurrence) -> dict[str, object]:
    """What the contract says a group's occurrence is, spelled out by hand."""
    return {
        "input": item.input,
        "line": item.line,
        "time": item.time,
        "level": item.level.letter if item.level is not None else None,
        "tag": item.tag,
        "text": item.text,
        "matched_by": "template",
        "confidence": None,
    }


def _fields(item: Occurrence) -> tuple[object, ...]:
    return (item.input, item.line, item.time, item.level, item.tag, item.text)


@settings(max_examples=500, deadline=None)
@given(
    value=st.dictionaries(st.text(max_size=8), _SCALAR | st.lists(_SCALAR, max_size=4)),
)
def test_streamed_json_equals_the_standard_encoder(value: dict[str, object]) -> None:
    """The writer's own spelling of flat objects is exactly json.dumps(indent=2)'s."""
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert "".join(chunks(value)) == expected
    nested = {"a": Lazy(iter([value, 1])), "b": [value]}
    whole = json.dumps({"a": [value, 1], "b": [value]}, ensure_ascii=False, indent=2)
    assert "".join(chunks(nested)) == whole


@settings(max_examples=300, deadline=None)
@given(
    input_index=st.integers(min_value=0, max_value=10**6),
    line=st.integers(min_value=1, max_value=10**12),
    time=st.none() | st.text(max_size=30),
    level=st.none() | st.sampled_from(list(Level)),
    tag=st.none() | st.text(max_size=20),
    text=st.text(max_size=200),
    depth=st.integers(min_value=0, max_value=6),
)
def test_a_group_occurrence_is_written_as_the_contract_says(
    input_index: int,
    line: int,
    time: str | None,
    level: Level | None,
    tag: str | None,
    text: str,
    depth: int,
) -> None:
    """A group's occurrence is json.dumps(indent=2) of its data, at any depth, and a
    list of them is json.dumps(indent=2) of the list."""
    item = Occurrence(input_index, line, time, level, tag, text)
    data = _group_occurrence_data(item)
    assert group_occurrence_text(_fields(item), depth) == "".join(chunks(data, depth))
    listed = {"o": Lazy([_fields(item)] * 2, group_occurrence_text)}
    expected = json.dumps({"o": [data, data]}, ensure_ascii=False, indent=2)
    assert "".join(chunks(listed)) == expected


@settings(max_examples=300, deadline=None)
@given(
    numbers=st.tuples(*[st.integers(min_value=0, max_value=10**9)] * 3),
    texts=st.tuples(*[st.text(max_size=40)] * 3),
    optional=st.tuples(*[st.none() | st.text(max_size=20)] * 3),
    pid=st.none() | st.integers(min_value=0, max_value=2**31),
    level=st.none() | st.sampled_from(list(Level)),
    matched_by=st.sampled_from(list(MatchedBy)),
    confidence=st.floats(min_value=0, max_value=1) | st.sampled_from([0.0, 1.0, 0.5]),
    candidates=st.lists(st.text(max_size=12), max_size=3),
    depth=st.integers(min_value=0, max_value=6),
)
def test_a_finding_occurrence_is_written_as_the_contract_says(
    numbers: tuple[int, int, int],
    texts: tuple[str, str, str],
    optional: tuple[str | None, str | None, str | None],
    pid: int | None,
    level: Level | None,
    matched_by: MatchedBy,
    confidence: float,
    candidates: list[str],
    depth: int,
) -> None:
    """A finding's occurrence is json.dumps(indent=2) of its data, at any depth."""
    entry, text, reason = texts
    time, tag, process = optional
    match = Match(
        entry=EntryId(entry),
        candidates=tuple(EntryId(c) for c in candidates),
        input=numbers[0],
        line=numbers[1],
        record_line=numbers[2],
        text=text,
        matched_by=matched_by,
        confidence=confidence,
        reason=reason,
        time=time,
        level=level,
        tag=tag,
        process=process,
        pid=pid,
    )
    data = {
        "input": match.input,
        "line": match.line,
        "time": match.time,
        "level": match.level.letter if match.level is not None else None,
        "tag": match.tag,
        "text": match.text,
        "matched_by": match.matched_by.value,
        "confidence": match.confidence,
        "reason": match.reason,
        "record_line": match.record_line,
        "process": match.process,
        "pid": match.pid,
        "candidates": list(match.candidates),
    }
    assert occurrence_text(match, depth) == "".join(chunks(data, depth))


@pytest.mark.parametrize("count", [0, 1, 2, 255, 256, 257, 513])
def test_a_rendered_array_of_any_length_is_what_the_generic_writer_gives(count: int) -> None:
    """Rendered items go out joined in pieces of 256; the pieces' seams and the empty
    array must read as json.dumps writes them."""
    items = [Occurrence(0, n + 1, None, Level.ERROR, "tag", f"line {n}") for n in range(count)]
    tree = {"groups": Lazy([{"o": Lazy(map(_fields, items), group_occurrence_text)}])}
    data = {"groups": [{"o": [_group_occurrence_data(item) for item in items]}]}
    assert "".join(chunks(tree)) == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_collected_group_is_written_from_its_rows_as_from_its_items() -> None:
    """The JSON of a collector's group (rows, redacted or not) is the JSON of the same
    group with its occurrences as a tuple of items."""
    from dataclasses import replace

    from analyzer.model import Report
    from analyzer.redact import _Redactor
    from analyzer.reports.interface import RenderOptions
    from analyzer.reports.json_report import group
    from analyzer.templates.collector import UnmatchedCollector

    collector = UnmatchedCollector()
    texts = ["E/net: failed", "E/net: failed token=sk_live_51Habcdefghijklmnopqrstu", "E/net: x"]
    for line, text in enumerate(texts * 3, start=1):
        counted = None if "token" in text else 0
        collector.feed_packed((line, 1, ("failed",), (0, line, None, 4, "net", text), counted))
    (collected,) = collector.result().groups
    report, options = Report(inputs=(), findings=()), RenderOptions()
    redactor = _Redactor(None)
    redacted = redactor.group(collected)
    for each in (collected, redacted):
        listed = replace(each, occurrences=tuple(each.occurrences))
        assert "".join(chunks(group(each, report, options))) == "".join(
            chunks(group(listed, report, options))
        )
    assert "sk_live" not in "".join(chunks(group(redacted, report, options)))
    assert redactor.count == 3
