"""``--format text``: the report for a person at a terminal, laid out by rich.

Every piece of log text goes into a ``rich.text.Text`` object, never through rich's
markup parser, so ``[bold]`` in a log line is printed as written; and it passes
through :func:`~analyzer.reports.visible.visible` first, so an escape sequence in a
log line is shown (``␛[2J``) instead of clearing the screen. Colour is decided by the
caller (``RenderOptions.color``: a terminal without ``NO_COLOR``); without it the
output is plain text, wrapped at ``RenderOptions.width``, and byte-for-byte
deterministic, which the golden tests rely on.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from analyzer.model import Finding, Report, Severity, UnmatchedGroup
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.registry import register
from analyzer.reports.visible import one_line, visible

SEVERITY_STYLE = {
    Severity.FATAL: "bold red",
    Severity.ERROR: "red",
    Severity.WARNING: "yellow",
    Severity.INFO: "dim",
}
"""How each severity is coloured."""


def _log(text: str, style: str = "") -> Text:
    """Text from a log or a catalog file: control characters shown, markup never read.

    Catalog files are input too (a colleague's catalog, a vendor document), so titles,
    messages and steps get the same treatment as log lines.
    """
    return Text(visible(text), style=style)


def _severity(severity: Severity) -> Text:
    return Text(severity.label.upper(), style=SEVERITY_STYLE[severity])


def renderables(report: Report, options: RenderOptions) -> list[RenderableType]:
    """The report as rich renderables, for printing to any console (or an SVG)."""
    summary = facts.summarize(report, options)
    parts: list[RenderableType] = [
        Text("Log analysis report", style="bold"),
        Text(facts.headline(summary)),
        *(Text(note, style="dim") for note in facts.notes(summary)),
    ]
    if summary.baseline:
        parts += _new_section(summary, options)
    parts += [Text(), _inputs(report)]
    if summary.shown:
        parts += [Text(), _overview(report, summary.shown, new=bool(summary.baseline))]
    else:
        parts += [Text(), Text("No findings.", style="bold green")]
    for finding in summary.shown:
        parts += [Text(), _finding(report, finding, options)]
    if summary.unmatched is not None:
        parts += _unmatched_section(report, summary, options)
    parts += [Text(), Text(facts.RANKING, style="dim")]
    return parts


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)


def _new_section(summary: facts.Summary, options: RenderOptions) -> list[RenderableType]:
    """What the baseline never shows, first: after a regression, that is the news."""
    parts: list[RenderableType] = [
        Text(),
        Text(facts.NEW_TITLE, style="bold"),
        _log(facts.new_intro(summary)),
    ]
    if summary.new_findings:
        table = _table()
        table.add_column("#", justify="right")
        table.add_column("Severity")
        table.add_column("Code", no_wrap=True, overflow="fold")
        table.add_column("Title", overflow="fold")
        table.add_column("Count", justify="right")
        for f in summary.new_findings:
            table.add_row(
                Text(str(f.rank)),
                _severity(f.entry.severity),
                _log(f.entry.id),
                _log(one_line(f.entry.title)),
                Text(str(f.count)),
            )
        parts += [Text(), table]
    chosen = facts.new_groups_shown(summary, options)
    if chosen:
        parts += [Text(), _groups_table(chosen, new=False)]
    more = facts.new_groups_more(summary, options)
    if more:
        parts.append(Text(more, style="dim"))
    return parts


def _groups_table(groups: Sequence[facts.ShownGroup], *, new: bool) -> RenderableType:
    table = _table()
    table.add_column("Group", no_wrap=True)
    table.add_column("Count", justify="right")
    table.add_column("Level")
    if new:
        table.add_column("New")
    table.add_column("Template", overflow="fold")
    for shown in groups:
        group = shown.group
        row = [
            Text(shown.label),
            Text(str(group.count)),
            Text(group.level.letter if group.level is not None else "-"),
        ]
        if new:
            row.append(Text(_new_mark(group.new)))
        table.add_row(*row, _log(group.template))
    return table


def _new_mark(new: bool | None) -> str:
    return "new" if new else "-"


def _unmatched_section(
    report: Report, summary: facts.Summary, options: RenderOptions
) -> list[RenderableType]:
    """The error lines the catalog does not explain, after the findings it does."""
    assert summary.unmatched is not None  # checked by the caller
    parts: list[RenderableType] = [
        Text(),
        Text(facts.UNMATCHED_TITLE, style="bold"),
        Text(facts.share_text(summary.unmatched)),
        Text(facts.UNMATCHED_ABOUT, style="dim"),
    ]
    shown = facts.shown_groups(summary, options)
    if shown:
        parts += [Text(), _groups_table(shown, new=bool(summary.baseline))]
    elif summary.unmatched.groups:
        parts.append(Text("No unmatched group shown."))
    parts += [Text(note, style="dim") for note in facts.groups_notes(summary, options)]
    for item in shown:
        parts += [Text(), _group(report, item, options)]
    return parts


def _group(report: Report, shown: facts.ShownGroup, options: RenderOptions) -> RenderableType:
    group = shown.group
    heading = Text.assemble((f"{shown.label} ", "bold"), _log(group.template, "bold"))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(overflow="fold")
    rows: list[tuple[str, Text]] = [
        ("Count", Text(str(group.count))),
        ("Per input", _log(facts.per_input_text(report, group.occurrences))),
        ("Baseline", Text(facts.baseline_text(group.baseline_count, group.new))),
        ("Level", Text(group.level.letter if group.level is not None else "")),
        ("First seen", _log(facts.seen(report, group.first))),
        ("Last seen", _log(facts.seen(report, group.last))),
        ("Key", Text(group.key)),
    ]
    for name, value in rows:
        if value.plain:
            fields.add_row(name, value)
    body: list[RenderableType] = [fields, *_group_samples(report, group, options)]
    return Group(Rule(heading, align="left", style="dim"), Padding(Group(*body), (0, 0, 0, 2)))


def _group_samples(
    report: Report, group: UnmatchedGroup, options: RenderOptions
) -> list[RenderableType]:
    chosen = facts.group_samples(group, options)
    if not chosen:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(overflow="fold")
    for item in chosen:
        grid.add_row(_log(facts.location(report, item)), _log(item.text))
    title = f"Samples ({len(chosen)} of {group.count})"
    return [Text(), Text(title, style="bold underline"), grid]


def _inputs(report: Report) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
    table.add_column("Input", overflow="fold")
    table.add_column("Format")
    table.add_column("Lines", justify="right")
    table.add_column("Status", overflow="fold")
    for item in report.inputs:
        status = "complete" if item.complete else "incomplete"
        if item.error:
            status += f": {item.error}"
        table.add_row(
            _log(item.path),
            _log(f"{item.format} ({item.format_confidence:.2f})"),
            Text(str(item.lines)),
            _log(status, "" if item.complete else "red"),
        )
    for skipped in report.skipped_inputs:
        table.add_row(_log(skipped.path), Text("-"), Text("-"), _log(f"skipped: {skipped.reason}"))
    return table


def _overview(report: Report, shown: Sequence[Finding], *, new: bool) -> RenderableType:
    table = _table()
    table.add_column("#", justify="right")
    table.add_column("Severity")
    table.add_column("Code", no_wrap=True, overflow="fold")
    table.add_column("Title", overflow="fold")
    table.add_column("Count", justify="right")
    if new:
        table.add_column("New")
    table.add_column("First seen", no_wrap=True, overflow="fold")
    for finding in shown:
        row = [
            Text(str(finding.rank)),
            _severity(finding.entry.severity),
            _log(finding.entry.id),
            _log(one_line(finding.entry.title)),
            Text(str(finding.count)),
        ]
        if new:
            row.append(Text(_new_mark(finding.new)))
        table.add_row(*row, _log(facts.location(report, finding.first)))
    return table


def _finding(report: Report, finding: Finding, options: RenderOptions) -> RenderableType:
    entry = finding.entry
    heading = Text.assemble(
        (f"#{finding.rank} ", "bold"),
        _severity(entry.severity),
        " ",
        _log(entry.id, "bold"),
        " ",
        _log(one_line(entry.title), "bold"),
    )
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(overflow="fold")
    tags, processes = facts.writers(finding)
    rows: list[tuple[str, Text]] = [
        ("Code", _log(f"{entry.code} ({entry.catalog})")),
        ("Severity", Text(facts.level_text(finding))),
        ("Message", _log(one_line(entry.message))),
        ("Count", Text(str(finding.count))),
        ("Per input", _log(facts.per_input_text(report, finding.occurrences))),
        ("Baseline", Text(facts.baseline_text(finding.baseline_count, finding.new))),
        ("First seen", _log(facts.seen(report, finding.first))),
        ("Last seen", _log(facts.seen(report, finding.last))),
        ("Tags", _log(", ".join(tags) or "-")),
        ("Processes", _log(", ".join(processes) or "-")),
        ("Confidence", Text(f"{finding.confidence:.2f}")),
        ("Ranked", _log(f"{finding.rank_reason} (score {finding.score:.2f})")),
    ]
    if finding.candidates:
        rows.append(("Could also be", _log(", ".join(finding.candidates))))
    for name, value in rows:
        if value.plain:
            fields.add_row(name, value)
    body: list[RenderableType] = [fields]
    body += _steps("Possible causes", entry.causes, numbered=False)
    body += _steps("Procedure", entry.procedure, numbered=True)
    body += _samples(report, finding, options)
    return Group(Rule(heading, align="left", style="dim"), Padding(Group(*body), (0, 0, 0, 2)))


def _steps(title: str, items: tuple[str, ...], *, numbered: bool) -> list[RenderableType]:
    if not items:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    for number, item in enumerate(items, start=1):
        grid.add_row(f"{number}." if numbered else "-", _log(one_line(item)))
    return [Text(), Text(title, style="bold underline"), grid]


def _samples(report: Report, finding: Finding, options: RenderOptions) -> list[RenderableType]:
    chosen = facts.samples(finding, options)
    if not chosen:
        return []
    out: list[RenderableType] = [
        Text(),
        Text(f"Samples ({len(chosen)} of {finding.count})", style="bold underline"),
    ]
    for sample in chosen:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for line in facts.sample_lines(sample):
            grid.add_row(
                Text(">" if line.matched else " ", style="bold"),
                Text(str(line.line)),
                _log(line.text, "bold" if line.matched else ""),
            )
        out += [_log(facts.location(report, sample.match), "cyan"), grid]
    return out


def render_with(console: Console, report: Report, options: RenderOptions) -> None:
    """Print the report on ``console`` (e.g. one that records, to export SVG)."""
    for part in renderables(report, options):
        console.print(part)


class TextReport(ReportFormat):
    """Human-readable text for a terminal."""

    name = "text"
    extensions = (".txt", ".text")

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report at ``options.width`` columns, coloured only with ``options.color``."""
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=options.width,
            force_terminal=options.color,
            force_jupyter=False,
            force_interactive=False,
            color_system="standard" if options.color else None,
            no_color=not options.color,
            legacy_windows=False,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
            tab_size=4,
        )
        render_with(console, report, options)
        text = buffer.getvalue()
        if options.color:
            return text
        # rich pads table cells to the full width; plain text files do not want that.
        return "".join(line.rstrip() + "\n" for line in text.splitlines())


register(TextReport())
