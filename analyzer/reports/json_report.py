"""``--format json``: the machine contract ``analyzer.report/1``.

Other tools and the tests depend on the documented field names; new fields may be
added, none may be renamed or removed. Every occurrence is listed (no sampling).
"""

from __future__ import annotations

import json
from typing import Any

from analyzer.model import Finding, Match, Report
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.registry import register

SCHEMA = "analyzer.report/1"


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


def _seen(match: Match) -> dict[str, Any]:
    return {"input": match.input, "line": match.line, "time": match.time}


def finding(item: Finding) -> dict[str, Any]:
    """One finding with its entry's explanation and every occurrence."""
    entry = item.entry
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
        "first_seen": _seen(item.first),
        "last_seen": _seen(item.last),
        "tags": sorted({m.tag for m in item.occurrences if m.tag}),
        "processes": sorted({m.process for m in item.occurrences if m.process}),
        "occurrences": [occurrence(m) for m in item.occurrences],
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
    shown = options.findings(report)
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
            "findings": len(shown),
            "hidden_info": sum(
                1 for f in report.findings if f not in shown and f.entry.severity.label == "info"
            ),
            "occurrences": sum(f.count for f in shown),
            "lines": sum(i.lines for i in report.inputs),
            "skipped_lines": sum(i.skipped_lines for i in report.inputs),
            "catalog_entries": report.catalog_entries,
        },
        "findings": [finding(f) for f in shown],
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
