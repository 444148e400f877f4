"""``--format json``: the machine contract ``analyzer.report/1``.

Other tools and the tests depend on the documented field names; new fields may be
added, none may be renamed or removed. Every occurrence is listed (no sampling);
``samples`` adds the first ``--samples`` occurrences with their context lines. The
contract is written down as a JSON Schema shipped in the package
(``analyzer/reports/report.schema.json``, see :func:`schema`).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from analyzer.model import Finding, Match, Report, Sample
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat
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


def _seen(report: Report, match: Match) -> dict[str, Any]:
    path = report.inputs[match.input].path if match.input < len(report.inputs) else None
    return {"input": match.input, "line": match.line, "time": match.time, "path": path}


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
        "confidence": item.confidence,
        "candidates": list(item.candidates),
        "first_seen": _seen(report, item.first),
        "last_seen": _seen(report, item.last),
        "tags": sorted({m.tag for m in item.occurrences if m.tag}),
        "processes": sorted({m.process for m in item.occurrences if m.process}),
        "occurrences": [occurrence(m) for m in item.occurrences],
        "samples": [sample(s) for s in facts.samples(item, options)],
        "causes": list(entry.causes),
        "procedure": list(entry.procedure),
        "source": {
            "document": entry.source.document,
            "section": entry.source.section,
            "line": entry.source.line,
        },
    }


def report_dict(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The whole report as plain data."""
    summary = facts.summarize(report, options)
    return {
        "schema": SCHEMA,
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
        "summary": {
            "findings": len(summary.shown),
            "hidden_info": summary.hidden_info,
            "occurrences": summary.occurrences,
            "lines": summary.lines,
            "skipped_lines": summary.skipped_lines,
            "catalog_entries": report.catalog_entries,
            "redactions": report.redactions,
            "redacted": report.redacted,
        },
        "findings": [finding(f, report, options) for f in summary.shown],
        "unmatched": [],
    }


class JsonReport(ReportFormat):
    """Stable JSON for tools."""

    name = "json"
    extensions = (".json",)

    def render(self, report: Report, options: RenderOptions) -> str:
        """Pretty-printed JSON with non-ASCII kept readable."""
        return json.dumps(report_dict(report, options), ensure_ascii=False, indent=2) + "\n"


register(JsonReport())
