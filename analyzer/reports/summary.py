"""Facts every format states the same way: counts, locations, and how ranking works.

Formats differ in layout, not in what they say; computing the numbers and phrases
once here keeps the text, Markdown, HTML and JUnit reports (and the CLI's summary
line) from drifting apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from analyzer.model import Finding, Match, Report, Sample, Severity
from analyzer.reports.interface import RenderOptions

RANKING: Final = (
    "Findings are ranked by severity class (the entry's severity with the strongest log "
    "level it was seen at; success and info codes never outrank an error), then by "
    "frequency, then by earliest first occurrence, then by confidence."
)
"""How ranking works, in words, for the human formats."""


@dataclass(frozen=True)
class Summary:
    """What a rendering shows, counted."""

    shown: tuple[Finding, ...]
    """The findings shown, in rank order."""
    hidden_info: int
    """Info findings (success codes) not shown."""
    hidden_by_top: int
    """Other findings cut by ``--top``."""
    occurrences: int
    """Occurrences of the shown findings."""
    inputs: int
    """Inputs analysed."""
    lines: int
    """Physical lines read over all inputs."""
    skipped_lines: int
    """Lines read but not analysed."""
    skipped_inputs: int
    """Paths not analysed at all."""
    redactions: int
    """Secret values masked in the report's log text."""
    redacted: bool
    """Whether redaction ran (``--no-redact`` turns it off)."""
    by_severity: tuple[tuple[Severity, int], ...]
    """Shown findings per severity, worst first, only severities that occur."""


def summarize(report: Report, options: RenderOptions) -> Summary:
    """Count what ``options`` make visible of ``report``."""
    shown = tuple(options.findings(report))
    shown_ids = {id(f) for f in shown}
    hidden = [f for f in report.findings if id(f) not in shown_ids]
    hidden_info = sum(1 for f in hidden if f.entry.severity <= Severity.INFO)
    counts = {s: sum(1 for f in shown if f.entry.severity is s) for s in Severity}
    return Summary(
        shown=shown,
        hidden_info=hidden_info,
        hidden_by_top=len(hidden) - hidden_info,
        occurrences=sum(f.count for f in shown),
        inputs=len(report.inputs),
        lines=sum(i.lines for i in report.inputs),
        skipped_lines=sum(i.skipped_lines for i in report.inputs),
        skipped_inputs=len(report.skipped_inputs),
        redactions=report.redactions,
        redacted=report.redacted,
        by_severity=tuple((s, n) for s, n in sorted(counts.items(), reverse=True) if n),
    )


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def headline(summary: Summary) -> str:
    """One sentence: what was found where."""
    kinds = "".join(f"{n} {s.label}, " for s, n in summary.by_severity)
    return (
        f"{plural(len(summary.shown), 'finding')} "
        f"({kinds}{plural(summary.occurrences, 'occurrence')}) in "
        f"{plural(summary.inputs, 'input')}: {plural(summary.lines, 'line')} read, "
        f"{summary.lines - summary.skipped_lines} analysed, {summary.skipped_lines} skipped."
    )


def notes(summary: Summary) -> list[str]:
    """Short remarks on what the report leaves out or changed."""
    if summary.redacted:
        out = [f"{plural(summary.redactions, 'value')} redacted."]
    else:
        out = ["Redaction off (--no-redact): log text is shown as read."]
    if summary.hidden_info:
        out.append(
            f"{plural(summary.hidden_info, 'info finding')} (success codes) hidden; "
            "--include-info shows them."
        )
    if summary.hidden_by_top:
        out.append(f"{plural(summary.hidden_by_top, 'more finding')} not shown (--top).")
    if summary.skipped_inputs:
        out.append(f"{plural(summary.skipped_inputs, 'input')} not analysed.")
    return out


def location(report: Report, match: Match) -> str:
    """``path:line`` of an occurrence."""
    path = report.inputs[match.input].path if match.input < len(report.inputs) else "?"
    return f"{path}:{match.line}"


def seen(report: Report, match: Match) -> str:
    """``time at path:line`` (or just ``path:line`` when the log has no time)."""
    where = location(report, match)
    return f"{match.time} at {where}" if match.time else where


def tags(finding: Finding) -> list[str]:
    """Tags the finding was logged under, sorted."""
    return sorted({m.tag for m in finding.occurrences if m.tag})


def processes(finding: Finding) -> list[str]:
    """Processes the finding was logged by, sorted."""
    return sorted({m.process for m in finding.occurrences if m.process})


def level_text(finding: Finding) -> str:
    """``error, logged at E`` / ``error``: severity and the loudest log level."""
    label = finding.entry.severity.label
    return f"{label}, logged at {finding.level.letter}" if finding.level is not None else label


def samples(finding: Finding, options: RenderOptions) -> tuple[Sample, ...]:
    """The samples to show: the collected ones, else the first occurrences bare."""
    if options.samples <= 0:
        return ()
    if finding.samples:
        return finding.samples[: options.samples]
    return tuple(Sample(m) for m in finding.occurrences[: options.samples])


@dataclass(frozen=True)
class SampleLine:
    """One line of a sample excerpt."""

    line: int
    """1-based physical line number."""
    text: str
    """The line as read (not yet made visible)."""
    matched: bool
    """Whether this is the occurrence itself rather than context."""


def sample_lines(sample: Sample) -> list[SampleLine]:
    """Context before, the occurrence, context after, in line order."""
    return [
        *(SampleLine(c.line, c.text, False) for c in sample.before),
        SampleLine(sample.match.line, sample.match.text, True),
        *(SampleLine(c.line, c.text, False) for c in sample.after),
    ]
