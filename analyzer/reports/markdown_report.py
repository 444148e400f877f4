"""``--format markdown``: the report to paste into a GitHub or GitLab issue.

Layout: with a baseline, a "New in this log" section first; then a summary table,
one section per finding with its facts, causes, procedure and a sample in a fenced
block, and last the error lines no catalog entry explains (a table of groups, the
share of error lines they stand for, and each group's samples). Further samples, the
full occurrence list and the inputs sit in ``<details>`` so a long report stays
short on screen.

Every value taken from a log goes through :mod:`analyzer.reports.markdown_safe`: log
lines in fences longer than any backtick run they hold, other log values in code
spans, catalog prose with its punctuation escaped, pipes escaped in tables. Nothing
a log line holds can open a link, inject HTML or bend a table.
"""

from __future__ import annotations

from analyzer.model import Finding, Report, UnmatchedGroup
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.markdown_safe import cell, code_span, fence, html_text, inline
from analyzer.reports.registry import register

MAX_LISTED = 200
"""Occurrences listed per finding in the collapsed "all occurrences" block."""


def _row(*cells: str) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def _details(summary: str, body: str) -> str:
    # The blank lines let GitHub and GitLab render Markdown inside the HTML block.
    return f"<details>\n<summary>{html_text(summary)}</summary>\n\n{body.rstrip()}\n\n</details>\n"


def _seen(report: Report, finding: Finding, which: str) -> str:
    match = finding.first if which == "first" else finding.last
    where = code_span(facts.location(report, match))
    return f"{code_span(match.time)} at {where}" if match.time else where


def _overview(report: Report, shown: tuple[Finding, ...], *, new: bool = False) -> str:
    extra = ("New",) if new else ()
    lines = [
        _row("#", "Severity", "Code", "Title", "Count", *extra, "First seen", "Confidence"),
        "|--:|---|---|---|--:|" + ("---|" if new else "") + "---|--:|",
    ]
    lines += [
        _row(
            str(f.rank),
            f.entry.severity.label,
            code_span(f.entry.id),
            inline(f.entry.title),
            str(f.count),
            *((_new_mark(f.new),) if new else ()),
            _seen(report, f, "first"),
            f"{f.confidence:.2f}",
        )
        for f in shown
    ]
    return "\n".join(lines) + "\n"


def _new_mark(new: bool | None) -> str:
    return "**new**" if new else "-"


def _groups_table(report: Report, groups: tuple[facts.ShownGroup, ...], *, new: bool) -> str:
    extra = ("New",) if new else ()
    lines = [
        _row("Group", "Count", "Level", *extra, "First seen", "Template"),
        "|---|--:|---|" + ("---|" if new else "") + "---|---|",
    ]
    for shown in groups:
        g = shown.group
        first = code_span(facts.location(report, g.first))
        lines.append(
            _row(
                shown.label,
                str(g.count),
                g.level.letter if g.level is not None else "-",
                *((_new_mark(g.new),) if new else ()),
                f"{code_span(g.first.time)} at {first}" if g.first.time else first,
                code_span(g.template),
            )
        )
    return "\n".join(lines) + "\n"


def _new_section(report: Report, summary: facts.Summary, options: RenderOptions) -> str:
    """What the baseline never shows, first: after a regression, that is the news."""
    parts = [f"## {facts.NEW_TITLE}\n", inline(facts.new_intro(summary)) + "\n"]
    if summary.new_findings:
        parts.append(_overview(report, summary.new_findings))
    chosen = facts.new_groups_shown(summary, options)
    if chosen:
        parts.append(_groups_table(report, chosen, new=False))
    more = facts.new_groups_more(summary, options)
    if more:
        parts.append(inline(more) + "\n")
    return "\n".join(parts)


def _group(report: Report, shown: facts.ShownGroup, options: RenderOptions) -> str:
    g = shown.group
    rows = [
        ("Template", code_span(g.template)),
        ("Count", str(g.count)),
        ("Per input", code_span(facts.per_input_text(report, g.occurrences))),
        ("Baseline", inline(facts.baseline_text(g.baseline_count, g.new))),
        ("Level", g.level.letter if g.level is not None else ""),
        ("First seen", _where(report, g.first)),
        ("Last seen", _where(report, g.last)),
        ("Key", code_span(g.key)),
    ]
    table = [_row("Field", "Value"), "|---|---|"]
    table += [_row(name, value) for name, value in rows if value]
    parts = [f"### {shown.label}\n", "\n".join(table) + "\n"]
    parts += _group_samples(report, g, options)
    return "\n".join(parts)


def _where(report: Report, item: facts.Located) -> str:
    where = code_span(facts.location(report, item))
    return f"{code_span(item.time)} at {where}" if item.time else where


def _group_samples(report: Report, group: UnmatchedGroup, options: RenderOptions) -> list[str]:
    chosen = facts.group_samples(group, options)
    if not chosen:
        return []
    lines = [f"{facts.location(report, o)}  {o.text}" for o in chosen]
    return [f"**Samples** ({len(chosen)} of {group.count} shown)\n", fence(lines)]


def _unmatched_section(report: Report, summary: facts.Summary, options: RenderOptions) -> str:
    """The error lines the catalog does not explain, after the findings it does."""
    assert summary.unmatched is not None  # checked by the caller
    parts = [
        f"## {facts.UNMATCHED_TITLE}\n",
        inline(facts.share_text(summary.unmatched)) + "\n",
        "_" + inline(facts.UNMATCHED_ABOUT) + "_\n",
    ]
    shown = facts.shown_groups(summary, options)
    if shown:
        parts.append(_groups_table(report, shown, new=bool(summary.baseline)))
    elif summary.unmatched.groups:
        parts.append("No unmatched group shown.\n")
    notes = facts.groups_notes(summary, options)
    if notes:
        parts.append("".join(f"- {inline(note)}\n" for note in notes))
    parts += [_group(report, item, options) for item in shown]
    return "\n".join(parts)


def _inputs(report: Report) -> str:
    lines = [_row("Input", "Format", "Lines", "Status"), "|---|---|--:|---|"]
    for item in report.inputs:
        status = "complete" if item.complete else "**incomplete**"
        if item.error:
            status += " " + code_span(item.error)
        fmt = f"{item.format} ({item.format_confidence:.2f})"
        lines.append(_row(code_span(item.path), inline(fmt), str(item.lines), status))
    lines += [
        _row(code_span(s.path), "-", "-", "skipped: " + inline(s.reason))
        for s in report.skipped_inputs
    ]
    return "\n".join(lines) + "\n"


def _facts(report: Report, finding: Finding) -> str:
    entry = finding.entry
    tags, processes = facts.writers(finding)
    rows = [
        ("Entry", f"{code_span(entry.id)} (code {code_span(entry.code)}, {inline(entry.catalog)})"),
        ("Severity", inline(facts.level_text(finding))),
        ("Message", inline(entry.message)),
        ("Count", str(finding.count)),
        ("Per input", code_span(facts.per_input_text(report, finding.occurrences))),
        ("Baseline", inline(facts.baseline_text(finding.baseline_count, finding.new))),
        ("First seen", _seen(report, finding, "first")),
        ("Last seen", _seen(report, finding, "last")),
        ("Tags", ", ".join(code_span(t) for t in tags)),
        ("Processes", ", ".join(code_span(p) for p in processes)),
        ("Confidence", f"{finding.confidence:.2f}"),
        ("Ranked", inline(f"{finding.rank_reason} (score {finding.score:.2f})")),
        ("Could also be", ", ".join(code_span(c) for c in finding.candidates)),
    ]
    lines = [_row("Field", "Value"), "|---|---|"]
    lines += [_row(name, value) for name, value in rows if value]
    return "\n".join(lines) + "\n"


def _sample_block(report: Report, finding: Finding, index: int, options: RenderOptions) -> str:
    sample = facts.samples(finding, options)[index]
    numbered = facts.sample_lines(sample)
    width = max(len(str(line.line)) for line in numbered)
    body = [f"{'>' if ln.matched else ' '} {ln.line:>{width}}  {ln.text}" for ln in numbered]
    return f"{code_span(facts.location(report, sample.match))}\n\n{fence(body)}"


def _finding(report: Report, finding: Finding, options: RenderOptions) -> str:
    entry = finding.entry
    parts = [
        f"## {finding.rank}. {inline(entry.title)} ({code_span(entry.id)})\n",
        _facts(report, finding),
    ]
    if entry.causes:
        parts.append("**Possible causes**\n\n" + "".join(f"- {inline(c)}\n" for c in entry.causes))
    if entry.procedure:
        steps = "".join(f"{n}. {inline(s)}\n" for n, s in enumerate(entry.procedure, start=1))
        parts.append("**Procedure**\n\n" + steps)
    chosen = facts.samples(finding, options)
    if chosen:
        parts.append(f"**Sample** ({len(chosen)} of {finding.count} shown)\n")
        parts.append(_sample_block(report, finding, 0, options))
    if len(chosen) > 1:
        more = "\n".join(_sample_block(report, finding, i, options) for i in range(1, len(chosen)))
        parts.append(_details(f"{facts.plural(len(chosen) - 1, 'more sample')}", more))
    if finding.count > len(chosen):
        listed = finding.occurrences[:MAX_LISTED]
        lines = [f"{facts.location(report, m)}  {m.time or ''}".rstrip() for m in listed]
        if finding.count > MAX_LISTED:
            lines.append(f"... and {finding.count - MAX_LISTED} more (the JSON report lists all)")
        parts.append(_details(f"All {finding.count} occurrences", fence(lines)))
    return "\n".join(parts)


class MarkdownReport(ReportFormat):
    """Markdown for bug tickets (GitHub and GitLab flavoured)."""

    name = "markdown"
    extensions = (".md", ".markdown")

    def render(self, report: Report, options: RenderOptions) -> str:
        """ "New in this log" (with a baseline), the summary table, one section per
        finding, then the unmatched groups."""
        summary = facts.summarize(report, options)
        parts = [
            "# Log analysis report\n",
            inline(facts.headline(summary)) + "\n",
            "".join(f"- {inline(note)}\n" for note in facts.notes(summary)),
        ]
        new = bool(summary.baseline)
        if new:
            parts.append(_new_section(report, summary, options))
            parts.append("## Findings\n")
        overview = _overview(report, summary.shown, new=new)
        parts.append(overview if summary.shown else "No findings.\n")
        parts.append(_details(f"Inputs ({len(report.inputs)})", _inputs(report)))
        parts += [_finding(report, f, options) for f in summary.shown]
        if summary.unmatched is not None:
            parts.append(_unmatched_section(report, summary, options))
        parts.append(f"---\n\n_{inline(facts.RANKING)}_\n")
        return "\n".join(parts)


register(MarkdownReport())
