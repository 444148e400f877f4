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

Each object shape is written by one function here; :mod:`.json_text` writes them out
piece by piece. :func:`report_data` is the report as plain data, read back from that
same text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any, Final

from analyzer.model import Finding, Level, Match, Occurrence, Report, Sample, UnmatchedGroup
from analyzer.model.occurrences import values
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat, Writable
from analyzer.reports.json_text import (
    Lazy,
    chunks,
    encode_string,
    frame,
    object_text,
    scalar,
    scalars_text,
    string_or_null,
)
from analyzer.reports.registry import register

SCHEMA = "analyzer.report/1"
"""The value of the report's ``schema`` field."""

SCHEMA_FILE = "report.schema.json"
"""The JSON Schema of the report, next to this module."""


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every JSON report validates against."""
    text = resources.files("analyzer.reports").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


_LETTERS: Final = {level: encode_string(level.letter) for level in Level}
"""Each level's letter as a JSON string."""

_OCCURRENCE_KEYS: Final = (
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


def occurrence_text(match: Match, level: int) -> str:
    """One matching line, ``level`` deep."""
    lvl = match.level
    return object_text(
        frame(_OCCURRENCE_KEYS, level),
        (
            int.__repr__(match.input),
            int.__repr__(match.line),
            string_or_null(match.time),
            "null" if lvl is None else _LETTERS[lvl],
            string_or_null(match.tag),
            encode_string(match.text),
            encode_string(match.matched_by.value),
            scalar(match.confidence),
            encode_string(match.reason),
            int.__repr__(match.record_line),
            string_or_null(match.process),
            "null" if match.pid is None else int.__repr__(match.pid),
            scalars_text(match.candidates, level + 1),
        ),
    )


GROUP_OCCURRENCE_FIELDS: Final = ("input", "line", "time", "level", "tag", "text")
"""What :func:`group_occurrence_text` writes of an occurrence, in order."""


def group_occurrence_text(fields: tuple[Any, ...], level: int) -> str:
    """One line of an unmatched group, ``level`` deep, from its
    :data:`GROUP_OCCURRENCE_FIELDS`: the fields every finding occurrence has, with
    ``matched_by`` ``"template"`` and no confidence."""
    a, b, c, d, e, f, g, h, end = frame(_GROUP_OCCURRENCE_KEYS, level)
    index, line, time, lvl, tag, text = fields
    return "".join(
        (
            a,
            int.__repr__(index),
            b,
            int.__repr__(line),
            c,
            "null" if time is None else encode_string(time),
            d,
            "null" if lvl is None else _LETTERS[lvl],
            e,
            "null" if tag is None else encode_string(tag),
            f,
            encode_string(text),
            g,
            '"template"',
            h,
            "null",
            end,
        )
    )


_GROUP_OCCURRENCE_KEYS: Final = (*GROUP_OCCURRENCE_FIELDS, "matched_by", "confidence")


def _group_occurrences(items: Sequence[Occurrence]) -> Lazy:
    return Lazy(values(items, *GROUP_OCCURRENCE_FIELDS), group_occurrence_text)


def _seen(report: Report, item: facts.Located) -> dict[str, Any]:
    path = report.inputs[item.input].path if 0 <= item.input < len(report.inputs) else None
    return {"input": item.input, "line": item.line, "time": item.time, "path": path}


def _per_input(report: Report, occurrences: Sequence[facts.Located]) -> list[dict[str, Any]]:
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


def finding(item: Finding, report: Report, options: RenderOptions) -> dict[str, Any]:
    """One finding with its entry's explanation and every occurrence."""
    entry = item.entry
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
        "occurrences": Lazy(item.occurrences, occurrence_text),
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
        "samples": _group_occurrences(facts.group_samples(item, options)),
        "occurrences": _group_occurrences(item.occurrences),
    }


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


def report_tree(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The report as data whose big lists (findings, groups, and the occurrences of
    each) are :class:`~.json_text.Lazy`: made one item at a time while they are
    written."""
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


def report_data(report: Report, options: RenderOptions | None = None) -> dict[str, Any]:
    """The JSON report as plain data (dicts, lists, strings, numbers, booleans and
    ``None``): picklable, and equal to what a JSON reader makes of the report."""
    data: dict[str, Any] = json.loads(JsonReport().render(report, options or RenderOptions()))
    return data


def pieces(report: Report, options: RenderOptions) -> Iterable[str]:
    """The JSON report's text in pieces, without the final line end."""
    return chunks(report_tree(report, options))


class JsonReport(ReportFormat):
    """Stable JSON for tools."""

    name = "json"
    extensions = (".json",)

    def render(self, report: Report, options: RenderOptions) -> str:
        """Pretty-printed JSON with non-ASCII kept readable."""
        return "".join(pieces(report, options)) + "\n"

    def write(self, report: Report, options: RenderOptions, out: Writable) -> None:
        """The same text as :meth:`render`, written piece by piece: memory stays flat
        however many occurrences the report lists."""
        pending: list[str] = []
        size = 0
        for piece in pieces(report, options):
            pending.append(piece)
            size += len(piece)
            if size >= 1 << 16:
                out.write("".join(pending))
                pending.clear()
                size = 0
        pending.append("\n")
        out.write("".join(pending))


register(JsonReport())
