"""``--format json``: the machine contract ``analyzer.report/1``.

Other tools and the tests depend on the documented field names; new fields may be
added, none may be renamed or removed. Every occurrence is listed (no sampling);
``samples`` adds the first ``--samples`` occurrences with their context lines. The
contract is written down as a JSON Schema shipped in the package
(``analyzer/reports/report.schema.json``, see :func:`schema`).

``unmatched`` lists every unmatched group (error lines no catalog entry explains),
biggest first, each with every occurrence in the shape of a finding's (``matched_by``
is ``"template"``, ``confidence`` is null: no entry was matched). The summary gives
the share of error lines they stand for; its three numbers are null when the
unknown errors were not collected. With a baseline, ``new`` (right after ``schema``)
names what the baseline never shows, and every finding and group says how often the
baseline shows it; without one, ``new`` is null. ``--only-new`` leaves out of
``findings`` and ``unmatched`` what is not new, and the summary counts what it left
out.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import Any

from analyzer.model import LEVEL_OF_VALUE, Finding, Level, Match, Report, Sample
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat, Writable
from analyzer.reports.registry import register
from analyzer.spill import Column
from analyzer.templates.unmatched import (
    Occurrence,
    PackedGroupRow,
    PackedOccurrence,
    UnmatchedGroup,
    group_occurrence,
)

SCHEMA = "analyzer.report/1"
"""The value of the report's ``schema`` field."""

SCHEMA_FILE = "report.schema.json"
"""The JSON Schema of the report, next to this module."""


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every JSON report validates against."""
    text = resources.files("analyzer.reports").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def occurrence(match: Match) -> dict[str, Any]:
    """One matching line."""
    return {
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


def occurrence_text(match: Match, level: int) -> str:
    """:func:`occurrence` as the report's text, ``level`` deep, without the dict (see
    :func:`unmatched_occurrence_text`)."""
    lvl = match.level
    values = (
        int.__repr__(match.input),
        int.__repr__(match.line),
        _string_or_null(match.time),
        "null" if lvl is None else _LETTERS[lvl],
        _string_or_null(match.tag),
        _encode_string(match.text),
        _encode_string(match.matched_by.value),
        _scalar(match.confidence),
        _encode_string(match.reason),
        int.__repr__(match.record_line),
        _string_or_null(match.process),
        "null" if match.pid is None else int.__repr__(match.pid),
        _scalars_text(match.candidates, level + 1),
    )
    return _object_text(_frame(_OCCURRENCE_KEYS, level), values)


_OCCURRENCE_KEYS = (
    "input",
    "line",
    "time",
    "level",
    "tag",
    "text",
    "matched_by",
    "confidence",
    "reason",
    "record_line",
    "process",
    "pid",
    "candidates",
)
"""The keys of :func:`occurrence`, in order."""


def unmatched_occurrence(item: Occurrence) -> dict[str, Any]:
    """One line of an unmatched group, with the fields every finding occurrence has."""
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


def unmatched_occurrence_text(item: Occurrence, level: int) -> str:
    """:func:`unmatched_occurrence` as the report's text, ``level`` deep: the same text
    the generic writer gives (a test checks), without the dict (:func:`unmatched_row_text`
    of the occurrence packed).

    Occurrences are most of a big report's lines. Writing the JSON report of the
    generated 1 GB log (36,569 occurrences, 32,445 of them unknown errors) took about
    0.26 s through dicts and the generic writer, 0.18 s with the unknown errors
    written this way, and 0.16 s with the findings' occurrences too (best of 5)."""
    return unmatched_row_text(item.packed(), level)


def unmatched_row_text(row: PackedOccurrence | PackedGroupRow, level: int) -> str:
    """:func:`unmatched_occurrence` of the occurrence a packed occurrence or a group's
    packed row holds, as the report's text, ``level`` deep, from the row itself: the
    JSON report of the generated 1 GB log made 32,445 occurrences only to write them,
    2.65 µs each against 1.53 µs from the row."""
    a, b, c, d, e, f, g, h, end = _frame(_UNMATCHED_KEYS, level)
    index, line, time, lvl, tag, text = row[:6]
    return "".join(
        (
            a,
            int.__repr__(index),
            b,
            int.__repr__(line),
            c,
            "null" if time is None else _encode_string(time),
            d,
            _LEVEL_VALUES[lvl],
            e,
            "null" if tag is None else _encode_string(tag),
            f,
            _encode_string(text),
            g,
            '"template"',
            h,
            "null",
            end,
        )
    )


_UNMATCHED_KEYS = ("input", "line", "time", "level", "tag", "text", "matched_by", "confidence")
"""The keys of :func:`unmatched_occurrence`, in order."""


def _string_or_null(text: str | None) -> str:
    return "null" if text is None else _encode_string(text)


def _scalars_text(items: Iterable[Any], level: int) -> str:
    """A list of scalars as the value of a key ``level`` deep."""
    deeper = "\n" + " " * (INDENT * (level + 1))
    text = ",".join(deeper + _scalar(i) for i in items)
    return "[" + text + "\n" + " " * (INDENT * level) + "]" if text else "[]"


@functools.lru_cache(maxsize=1024)
def _frame(keys: tuple[str, ...], level: int) -> tuple[str, ...]:
    """The fixed text of an object with ``keys``, ``level`` deep: what goes before each
    value, then the close. Reports repeat a few key sets at a few depths hundreds of
    thousands of times; the bound is for anything else."""
    inner = "\n" + " " * (INDENT * (level + 1))
    before = [("," if i else "{") + inner + _scalar(k) + ": " for i, k in enumerate(keys)]
    return (*before, "\n" + " " * (INDENT * level) + "}")


def _object_text(frame: tuple[str, ...], values: Sequence[str]) -> str:
    """An object from its :func:`_frame` and its values, each JSON text already
    (interleaved by slice assignment: twice as fast as chaining pairs)."""
    parts = [""] * (2 * len(frame) - 1)
    parts[0::2] = frame
    parts[1::2] = values
    return "".join(parts)


def _seen(report: Report, item: facts.Located) -> dict[str, Any]:
    path = report.inputs[item.input].path if 0 <= item.input < len(report.inputs) else None
    return {"input": item.input, "line": item.line, "time": item.time, "path": path}


def _per_input(report: Report, occurrences: Iterable[facts.Located]) -> list[dict[str, Any]]:
    counts = facts.per_input(report, occurrences)
    return [
        {"input": n, "path": i.path, "count": c}
        for n, (i, c) in enumerate(zip(report.inputs, counts, strict=True))
    ]


def sample(item: Sample) -> dict[str, Any]:
    """One sample occurrence with its context lines."""
    return {
        "input": item.match.input,
        "line": item.match.line,
        "text": item.match.text,
        "before": [{"line": c.line, "text": c.text} for c in item.before],
        "after": [{"line": c.line, "text": c.text} for c in item.after],
    }


def finding(
    item: Finding, report: Report | None = None, options: RenderOptions | None = None
) -> dict[str, Any]:
    """One finding with its entry's explanation and every occurrence."""
    entry = item.entry
    report = report or Report(inputs=(), findings=())
    options = options or RenderOptions()
    tags, processes = facts.writers(item)
    return {
        "rank": item.rank,
        "score": item.score,
        "rank_reason": item.rank_reason,
        "id": entry.id,
        "catalog": entry.catalog,
        "code": entry.code,
        "title": entry.title,
        "message": entry.message,
        "severity": entry.severity.label,
        "level": item.level.letter if item.level is not None else None,
        "count": item.count,
        "per_input": _per_input(report, item.occurrences),
        "baseline_count": item.baseline_count,
        "new": item.new,
        "confidence": item.confidence,
        "candidates": list(item.candidates),
        "first_seen": _seen(report, item.first),
        "last_seen": _seen(report, item.last),
        "tags": tags,
        "processes": processes,
        "occurrences": Lazy(item.occurrences, occurrence, occurrence_text),
        "samples": [sample(s) for s in facts.samples(item, options)],
        "causes": list(entry.causes),
        "procedure": list(entry.procedure),
        "source": {
            "document": entry.source.document,
            "section": entry.source.section,
            "line": entry.source.line,
        },
    }


def group(item: UnmatchedGroup, report: Report, options: RenderOptions) -> dict[str, Any]:
    """One unmatched group with every occurrence."""
    return {
        "template": item.template,
        "key": item.key,
        "count": item.count,
        "level": item.level.letter if item.level is not None else None,
        "per_input": _per_input(report, item.occurrences),
        "baseline_count": item.baseline_count,
        "new": item.new,
        "first_seen": _seen(report, item.first),
        "last_seen": _seen(report, item.last),
        "samples": [unmatched_occurrence(o) for o in facts.group_samples(item, options)],
        "occurrences": _group_occurrences(item.occurrences),
    }


def _group_occurrences(occurrences: Sequence[Occurrence]) -> Lazy:
    """A group's occurrences, written from the collector's packed rows when they are
    a column of them (:func:`unmatched_row_text`), else from the items."""
    rows = (
        occurrences.rows_decoded_by(group_occurrence) if isinstance(occurrences, Column) else None
    )
    if rows is None:
        return Lazy(occurrences, unmatched_occurrence, unmatched_occurrence_text)
    return Lazy(rows, _unmatched_row, unmatched_row_text)


def _unmatched_row(row: PackedGroupRow) -> dict[str, Any]:
    return unmatched_occurrence(group_occurrence(row))


def _new(summary: facts.Summary) -> dict[str, Any] | None:
    if not summary.baseline:
        return None
    return {
        "findings": [f.entry.id for f in summary.new_findings],
        "unmatched": [g.group.key for g in summary.new_groups],
    }


def _summary(report: Report, summary: facts.Summary) -> dict[str, Any]:
    unmatched = summary.unmatched
    return {
        "findings": len(summary.shown),
        "hidden_info": summary.hidden_info,
        "hidden_not_new": summary.hidden_not_new,
        "occurrences": summary.occurrences,
        "lines": summary.lines,
        "skipped_lines": summary.skipped_lines,
        "catalog_entries": report.catalog_entries,
        "redactions": report.redactions,
        "redacted": report.redacted,
        "error_lines_total": unmatched.error_lines_total if unmatched else None,
        "error_lines_unmatched": unmatched.error_lines_unmatched if unmatched else None,
        "unexplained_share": unmatched.unexplained_share if unmatched else None,
        "unmatched_groups": len(summary.groups),
        "hidden_unmatched_not_new": summary.hidden_groups_not_new,
        "evicted_groups": unmatched.evicted_groups if unmatched else 0,
        "evicted_records": unmatched.evicted_records if unmatched else 0,
        "baseline": list(summary.baseline),
    }


def report_dict(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The whole report as plain data (every list built: for tests and small reports;
    :class:`JsonReport` streams :func:`report_tree` instead)."""
    built: dict[str, Any] = materialize(report_tree(report, options))
    return built


def report_tree(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The report as data whose big lists (findings, groups, and the occurrences of
    each) are :class:`Lazy`: made one item at a time while they are written."""
    summary = facts.summarize(report, options)
    return {
        "schema": SCHEMA,
        "new": _new(summary),
        "inputs": [
            {
                "path": i.path,
                "format": i.format,
                "format_confidence": i.format_confidence,
                "lines": i.lines,
                "skipped_lines": i.skipped_lines,
                "bytes": i.bytes,
                "complete": i.complete,
                "error": i.error,
            }
            for i in report.inputs
        ],
        "skipped_inputs": [{"path": s.path, "reason": s.reason} for s in report.skipped_inputs],
        "regex_failures": [
            {"pattern": f.pattern, "owner": f.owner, "where": f.where, "input": f.input}
            for f in report.regex_failures
        ],
        "summary": _summary(report, summary),
        "findings": Lazy(finding(f, report, options) for f in summary.shown),
        "unmatched": Lazy(group(g.group, report, options) for g in summary.groups),
    }


class Lazy:
    """A JSON array whose items are made as it is written, so a report with millions
    of occurrences never holds them all as dicts (or as one string).

    ``convert`` makes each item JSON data (items are data already without it);
    ``render`` writes an item as the text :func:`chunks` would give its converted
    data, given its depth, for items common enough to be worth writing directly."""

    __slots__ = ("convert", "items", "render")

    def __init__(
        self,
        items: Iterable[Any],
        convert: Callable[[Any], Any] | None = None,
        render: Callable[[Any, int], str] | None = None,
    ) -> None:
        self.items = items
        self.convert = convert
        self.render = render


def materialize(value: Any) -> Any:
    """``value`` with every :class:`Lazy` (at any depth) made into a list."""
    if isinstance(value, Lazy):
        convert = value.convert
        return [materialize(item if convert is None else convert(item)) for item in value.items]
    if isinstance(value, dict):
        return {key: materialize(item) for key, item in value.items()}
    return value


def _has_lazy(value: Any) -> bool:
    if isinstance(value, Lazy):
        return True
    if isinstance(value, dict):
        return any(_has_lazy(item) for item in value.values())
    return False


def chunks(value: Any, level: int = 0) -> Iterator[str]:
    """The text ``json.dumps(materialize(value), ensure_ascii=False, indent=2)`` gives,
    in pieces. Indented JSON is compositional (a value nested ``level`` deep is its own
    dump with every line break followed by ``level`` indents), so each value without a
    :class:`Lazy` inside is dumped by the C encoder in one call."""
    flat = _flat(value, level) if isinstance(value, dict) else None
    if flat is not None:
        yield flat
        return
    if not _has_lazy(value):
        text = json.dumps(value, ensure_ascii=False, indent=INDENT)
        yield text.replace("\n", "\n" + " " * (INDENT * level)) if level else text
        return
    pad = "\n" + " " * (INDENT * (level + 1))
    if isinstance(value, dict):
        opened = "{"
        for key, item in value.items():
            yield opened + pad + json.dumps(key, ensure_ascii=False) + ": "
            opened = ","
            yield from chunks(item, level + 1)
        yield "{}" if opened == "{" else "\n" + " " * (INDENT * level) + "}"
        return
    convert, render = value.convert, value.render
    if render is not None:
        yield from _rendered(value.items, render, level)
        return
    opened = "["
    for item in value.items:
        yield opened + pad
        yield from chunks(item if convert is None else convert(item), level + 1)
        opened = ","
    yield "[]" if opened == "[" else "\n" + " " * (INDENT * level) + "]"


def _rendered(items: Iterable[Any], render: Callable[[Any, int], str], level: int) -> Iterator[str]:
    """A :class:`Lazy` array whose items ``render`` writes, ``level`` deep, as pieces of
    :data:`_ITEMS_PER_PIECE` items: one string per item went through every generator
    around this one and the writer's loop, which took a third of the time of writing
    an occurrence."""
    pad = "\n" + " " * (INDENT * (level + 1))
    parts = ["[" + pad]
    between = "," + pad
    deeper = level + 1
    count = 0
    for item in items:
        if count:
            parts.append(between)
        parts.append(render(item, deeper))
        count += 1
        if count % _ITEMS_PER_PIECE == 0:
            yield "".join(parts)
            parts.clear()
    if not count:
        yield "[]"
        return
    parts.append("\n" + " " * (INDENT * level) + "]")
    yield "".join(parts)


_ITEMS_PER_PIECE = 256
"""Rendered array items joined into one piece of the report's text."""


INDENT = 2
"""Spaces per level of the pretty-printed report."""

_SCALARS = (str, int, float, bool, type(None))


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        encoded: str = _encode_string(value)
        return encoded
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)  # floats, with json's spelling of nan and infinity


def _flat(value: dict[str, Any], level: int) -> str | None:
    """``value`` indented as ``json.dumps(..., indent=2)`` does, ``level`` deep, when it
    holds only scalars and lists of scalars, else ``None``.

    ``json.dumps`` with an indent runs the pure-Python encoder; this spells such an
    object out several times faster (a test checks that the text is the same): exact
    types first, the text around the values made once per key set and depth
    (:func:`_frame`).
    """
    if not value:
        return "{}"
    values = []
    for item in value.values():
        kind = type(item)
        if kind is str:
            values.append(_encode_string(item))
        elif kind is int:
            values.append(int.__repr__(item))
        elif item is None:
            values.append("null")
        elif isinstance(item, _SCALARS):
            values.append(_scalar(item))
        elif kind is list and all(isinstance(i, _SCALARS) for i in item):
            values.append(_scalars_text(item, level + 1))
        else:
            return None
    return _object_text(_frame(tuple(value), level), values)


_encode_string: Any = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)
"""A string as JSON with non-ASCII kept (``ensure_ascii=False``), in C where it can."""

_LETTERS = {level: _encode_string(level.letter) for level in Level}
"""Each level's letter as a JSON string."""

_LEVEL_VALUES = tuple("null" if lvl is None else _LETTERS[lvl] for lvl in LEVEL_OF_VALUE)
"""Each packed level value's JSON text."""


class JsonReport(ReportFormat):
    """Stable JSON for tools."""

    name = "json"
    extensions = (".json",)

    def render(self, report: Report, options: RenderOptions) -> str:
        """Pretty-printed JSON with non-ASCII kept readable."""
        return "".join(chunks(report_tree(report, options))) + "\n"

    def write(self, report: Report, options: RenderOptions, out: Writable) -> None:
        """The same text as :meth:`render`, written piece by piece: memory stays flat
        however many occurrences the report lists."""
        pending: list[str] = []
        size = 0
        for piece in chunks(report_tree(report, options)):
            pending.append(piece)
            size += len(piece)
            if size >= 1 << 16:
                out.write("".join(pending))
                pending.clear()
                size = 0
        pending.append("\n")
        out.write("".join(pending))


register(JsonReport())
