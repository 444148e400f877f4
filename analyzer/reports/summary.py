"""Facts every format states the same way: counts, locations, and how ranking works.

Formats differ in layout, not in what they say; computing the numbers and phrases
once here keeps the text, Markdown, HTML and JUnit reports (and the CLI's summary
line) from drifting apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from analyzer.model import (
    Finding,
    Occurrence,
    Report,
    Sample,
    Severity,
    Unmatched,
    UnmatchedGroup,
)
from analyzer.model.occurrences import counts
from analyzer.reports.interface import RenderOptions

RANKING: Final = (
    "Findings are ranked by severity class (the entry's severity with the strongest log "
    "level it was seen at; success and info codes never outrank an error), then by "
    "frequency, then by earliest first occurrence, then by confidence."
)
"""How ranking works, in words, for the human formats."""

UNMATCHED_TITLE: Final = "Errors no catalog entry explains"
"""The heading of the unmatched groups' section, the same in every human format."""

UNMATCHED_ABOUT: Final = (
    "Error records (level E or F, or an error word such as failed, timeout or exception) "
    "that no catalog entry matched, grouped by template: numbers, ids, addresses and "
    "times are masked, and <*> marks where the grouped lines differ."
)
"""What the unmatched section lists, in words."""

NEW_TITLE: Final = "New in this log"
"""The heading of the section that leads every format when a baseline is given."""


class Located(Protocol):
    """Anything with a place in the inputs: a finding's :class:`~analyzer.model.Match`
    or an unmatched group's :class:`~analyzer.model.Occurrence`."""

    @property
    def input(self) -> int:
        """Index of the input."""

    @property
    def line(self) -> int:
        """1-based physical line."""

    @property
    def time(self) -> str | None:
        """Time as written in the log."""


@dataclass(frozen=True)
class ShownGroup:
    """An unmatched group with its number in the report (``U1`` is the biggest).

    Numbers come from the whole report, not from what a rendering shows, so ``U3``
    is the same group with and without ``--only-new``.
    """

    number: int
    """1-based position in ``Report.unmatched.groups``."""
    group: UnmatchedGroup
    """The group."""

    @property
    def label(self) -> str:
        """``U1``, ``U2``, ...: how formats refer to the group."""
        return f"U{self.number}"


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
    regex_failures: tuple[str, ...]
    """One line per catalog regex switched off for running out of time."""
    redactions: int
    """Secret values masked in the report's log text."""
    redacted: bool
    """Whether redaction ran (``--no-redact`` turns it off)."""
    by_severity: tuple[tuple[Severity, int], ...]
    """Shown findings per severity, worst first, only severities that occur."""
    hidden_not_new: int = 0
    """Findings hidden by ``--only-new`` (the baseline shows them too)."""
    unmatched: Unmatched | None = None
    """The report's unmatched errors (``None`` when they were not collected)."""
    groups: tuple[ShownGroup, ...] = ()
    """The unmatched groups listed (after ``--only-new``; human formats show the
    first :attr:`RenderOptions.max_groups <analyzer.reports.interface.RenderOptions>`)."""
    hidden_groups_not_new: int = 0
    """Unmatched groups hidden by ``--only-new``."""
    baseline: tuple[str, ...] = ()
    """The baseline's paths; empty without a baseline."""
    only_new_ignored: bool = False
    """``--only-new`` was asked for without a baseline, so it hid nothing."""

    @property
    def new_findings(self) -> tuple[Finding, ...]:
        """The shown findings the baseline never shows."""
        return tuple(f for f in self.shown if f.new)

    @property
    def new_groups(self) -> tuple[ShownGroup, ...]:
        """The listed unmatched groups the baseline never shows."""
        return tuple(g for g in self.groups if g.group.new)


def summarize(report: Report, options: RenderOptions) -> Summary:
    """Count what ``options`` make visible of ``report``."""
    shown = tuple(options.findings(report))
    shown_ids = {id(f) for f in shown}
    hidden = [f for f in report.findings if id(f) not in shown_ids]
    hidden_info = sum(
        1 for f in hidden if not options.include_info and f.entry.severity <= Severity.INFO
    )
    hidden_not_new = sum(
        1
        for f in hidden
        if options.hides_old(report)
        and f.new is False
        and (options.include_info or f.entry.severity > Severity.INFO)
    )
    counts = {s: sum(1 for f in shown if f.entry.severity is s) for s in Severity}
    listed = {id(g) for g in options.groups(report)}
    every_group = report.unmatched.groups if report.unmatched is not None else ()
    groups = tuple(ShownGroup(n, g) for n, g in enumerate(every_group, start=1) if id(g) in listed)
    return Summary(
        shown=shown,
        hidden_info=hidden_info,
        hidden_by_top=len(hidden) - hidden_info - hidden_not_new,
        hidden_not_new=hidden_not_new,
        unmatched=report.unmatched,
        groups=groups,
        hidden_groups_not_new=len(every_group) - len(groups),
        baseline=report.baseline,
        only_new_ignored=options.only_new and not report.baseline,
        occurrences=sum(f.count for f in shown),
        inputs=len(report.inputs),
        lines=sum(i.lines for i in report.inputs),
        skipped_lines=sum(i.skipped_lines for i in report.inputs),
        skipped_inputs=len(report.skipped_inputs),
        regex_failures=tuple(
            f.describe(report.inputs[f.input].path if f.input < len(report.inputs) else "?")
            for f in report.regex_failures
        ),
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
    out.extend(f"Incomplete: {failure}." for failure in summary.regex_failures)
    if summary.hidden_not_new or summary.hidden_groups_not_new:
        hidden = [
            plural(summary.hidden_not_new, "finding"),
            plural(summary.hidden_groups_not_new, "unmatched group"),
        ]
        out.append(f"{' and '.join(hidden)} also seen in the baseline hidden (--only-new).")
    if summary.only_new_ignored:
        out.append("--only-new hides nothing without --baseline.")
    return out


def location(report: Report, item: Located) -> str:
    """``path:line`` of an occurrence."""
    path = report.inputs[item.input].path if 0 <= item.input < len(report.inputs) else "?"
    return f"{path}:{item.line}"


def seen(report: Report, item: Located) -> str:
    """``time at path:line`` (or just ``path:line`` when the log has no time)."""
    where = location(report, item)
    return f"{item.time} at {where}" if item.time else where


def per_input(report: Report, occurrences: Sequence[Located]) -> list[int]:
    """Occurrences in each input, in input order (zeros included)."""
    found = [0] * len(report.inputs)
    for index, count in counts(occurrences, "input").items():
        if 0 <= index < len(found):
            found[index] += count
    return found


def per_input_text(report: Report, occurrences: Sequence[Located]) -> str:
    """``a.log: 2, b.log: 0`` when there are several inputs; empty for one input.

    With one input the count says it all; with several, where a finding happens (and
    where it does not) is often the clue.
    """
    if len(report.inputs) < 2:
        return ""
    counts = per_input(report, occurrences)
    return ", ".join(f"{i.path}: {n}" for i, n in zip(report.inputs, counts, strict=True))


def baseline_text(count: int | None, new: bool | None) -> str:
    """How a finding or group compares with the baseline; empty without a baseline."""
    if new is None:
        return ""
    if new:
        return "new: not in the baseline"
    return f"not new: {plural(count or 0, 'time')} in the baseline"


def share_text(unmatched: Unmatched) -> str:
    """The share of error lines the catalog leaves unexplained, with the numbers."""
    if unmatched.error_lines_total == 0:
        return "No error lines found (level E or F, or an error word)."
    if unmatched.error_lines_unmatched == 0:
        return f"The catalog explains all {plural(unmatched.error_lines_total, 'error line')}."
    return (
        f"Unexplained by the catalog: {unmatched.error_lines_unmatched} of "
        f"{plural(unmatched.error_lines_total, 'error line')} "
        f"({unmatched.unexplained_share:.1%}), in {plural(len(unmatched.groups), 'group')}."
    )


def groups_notes(summary: Summary, options: RenderOptions) -> list[str]:
    """Remarks under the unmatched section: groups cut or dropped (:func:`notes` says
    what ``--only-new`` hid)."""
    out = []
    more = len(summary.groups) - shown_groups_count(summary, options)
    if more > 0:
        out.append(f"{plural(more, 'more group')} not shown (the JSON report lists all).")
    unmatched = summary.unmatched
    if unmatched is not None and unmatched.evicted_groups:
        out.append(
            f"{plural(unmatched.evicted_groups, 'rare group')} "
            f"({plural(unmatched.evicted_records, 'record')}) dropped to bound memory."
        )
    return out


def shown_groups_count(summary: Summary, options: RenderOptions) -> int:
    """How many of ``summary.groups`` a human format shows."""
    return min(len(summary.groups), max(options.max_groups, 0))


def shown_groups(summary: Summary, options: RenderOptions) -> tuple[ShownGroup, ...]:
    """The unmatched groups a human format shows (the first ``max_groups``)."""
    return summary.groups[: shown_groups_count(summary, options)]


def new_groups_shown(summary: Summary, options: RenderOptions) -> tuple[ShownGroup, ...]:
    """The new groups the "New in this log" section of a human format lists."""
    return summary.new_groups[: max(options.max_groups, 0)]


def new_groups_more(summary: Summary, options: RenderOptions) -> str:
    """What the "New in this log" section says of the new groups it leaves out."""
    more = len(summary.new_groups) - len(new_groups_shown(summary, options))
    if more <= 0:
        return ""
    return f"{plural(more, 'more new group')} not shown (the JSON report lists all)."


def group_samples(group: UnmatchedGroup, options: RenderOptions) -> tuple[Occurrence, ...]:
    """The occurrences of a group to show: the collected samples, else the first ones."""
    if options.samples <= 0:
        return ()
    return tuple((group.samples or group.occurrences)[: options.samples])


def new_intro(summary: Summary) -> str:
    """The first sentence of the "New in this log" section."""
    against = ", ".join(summary.baseline)
    kinds = [plural(len(summary.new_findings), "finding")]
    if summary.unmatched is not None:
        kinds.append(plural(len(summary.new_groups), "unmatched group"))
    if not summary.new_findings and not summary.new_groups:
        return (
            f"Compared with the baseline ({against}): nothing is new. Every finding and "
            "unmatched group shown also occurs in the baseline."
        )
    return f"Compared with the baseline ({against}): {' and '.join(kinds)} are new."


def writers(finding: Finding) -> tuple[list[str], list[str]]:
    """The tags the finding was logged under and the processes that logged it, each
    sorted (counted as the matches were stored, when they come from a scan)."""
    tags = counts(finding.occurrences, "tag")
    processes = counts(finding.occurrences, "process")
    return sorted(t for t in tags if t), sorted(p for p in processes if p)


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
