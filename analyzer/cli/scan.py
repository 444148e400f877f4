"""``analyze LOG...``: the scan, its options, and what it prints and exits with."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from analyzer import __version__, api
from analyzer.cli import progress
from analyzer.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    catalog_options,
    fatal,
    guarded,
    load,
    packed,
)

FAIL_LEVELS = {
    "info": api.Severity.INFO,
    "warning": api.Severity.WARNING,
    "error": api.Severity.ERROR,
}
"""``--fail-on``'s values and the severities they stand for (``never``: none)."""

PIPE_WIDTH = 100
"""Columns of the text format when it is not going to a terminal (files, pipes)."""


@dataclass(frozen=True)
class ScanArgs:
    """Everything ``analyze`` was given, one field per argument or option."""

    logs: tuple[str, ...]
    report_format: str | None
    output: Path | None
    log_format: str | None
    include_info: bool
    top: int | None
    context: int
    samples: int
    fail_on: str
    no_redact: bool
    progress_threshold: float
    engine: str
    jobs: int | None
    baseline: tuple[str, ...]
    only_new: bool
    max_groups: int
    catalogs: tuple[Path, ...]
    no_builtin: bool

    def scan_options(self) -> api.ScanOptions:
        """What the arguments ask the scan to do."""
        return api.ScanOptions(
            log_format=self.log_format,
            context=self.context,
            samples=self.samples,
            redact=not self.no_redact,
            engine=self.engine,
            jobs=self.jobs,
        )

    def render_options(self) -> api.RenderOptions:
        """What the arguments ask the report to show, and how wide and coloured."""
        terminal = self.output is None and sys.stdout.isatty()
        return api.RenderOptions(
            include_info=self.include_info,
            top=self.top,
            samples=self.samples,
            color=terminal and _color_allowed(),
            width=shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if terminal else PIPE_WIDTH,
            fail_on=FAIL_LEVELS.get(self.fail_on),
            only_new=self.only_new,
            max_groups=self.max_groups,
        )


def _options(func: Callable[..., object]) -> Callable[..., object]:
    """The scan's options, in the order ``--help`` lists them."""
    for option in reversed(
        [
            click.argument("logs", nargs=-1, required=True),
            click.option(
                "-f",
                "--format",
                "report_format",
                type=click.Choice(api.report_formats()),
                default=None,
                help="Report format (default: from -o's extension: .txt .md .json .html .xml; "
                "else text).",
            ),
            click.option(
                "-o",
                "--output",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Write the report to FILE instead of stdout.",
            ),
            click.option("--log-format", help="Force the log format instead of detecting it."),
            click.option(
                "--include-info", is_flag=True, help="Also show info findings (success codes)."
            ),
            click.option("--top", type=click.IntRange(min=1), help="Show at most N findings."),
            click.option(
                "--context",
                type=click.IntRange(min=0, max=100),
                default=2,
                show_default=True,
                help="Lines of context before and after each sample occurrence.",
            ),
            click.option(
                "--samples",
                type=click.IntRange(min=0),
                default=5,
                show_default=True,
                help="Sample occurrences per finding in human formats (JSON lists every "
                "occurrence).",
            ),
            click.option(
                "--fail-on",
                type=click.Choice(["never", "info", "warning", "error"]),
                default="never",
                show_default=True,
                help="Exit 1 when a shown finding is at or above this severity (JUnit: failing "
                "test cases from this severity; from error with never).",
            ),
            click.option(
                "--no-redact",
                is_flag=True,
                help="Keep secrets in the report. By default keys, tokens, passwords, e-mail "
                "addresses, phone numbers, IMEIs and serial numbers in log text are masked.",
            ),
            click.option(
                "--progress-threshold",
                type=click.FloatRange(min=0),
                default=progress.DEFAULT_THRESHOLD_MB,
                show_default=True,
                metavar="MB",
                help="Show a progress bar when the inputs exceed this size (only on a "
                "terminal, never with $CI set).",
            ),
            click.option(
                "--engine",
                type=click.Choice(list(api.engines())),
                default="auto",
                show_default=True,
                help="Scan engine: plain (the reference), fast (hyperscan prefilter; an error "
                "where it cannot run) or auto (fast where it can run). Both give the same "
                "report.",
            ),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                default=None,
                help="Worker processes for large inputs with the fast engine [default: one per "
                "core]. Standard input and compressed inputs are first written to a "
                "temporary file.",
            ),
            click.option(
                "--baseline",
                multiple=True,
                metavar="GOOD_LOG",
                help="A log of a good run (file or directory; repeatable). Every finding and "
                "unmatched group says how often the baseline shows it, and what it never "
                "shows is listed first as new.",
            ),
            click.option(
                "--only-new",
                is_flag=True,
                help="With --baseline: show only what the baseline never shows (--fail-on then "
                "judges only new findings).",
            ),
            click.option(
                "--groups",
                "max_groups",
                type=click.IntRange(min=0),
                default=20,
                show_default=True,
                help="Unmatched-error groups shown in human formats (JSON lists every group).",
            ),
        ]
    ):
        func = option(func)
    return func


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@_options
@catalog_options
@click.version_option(__version__, prog_name="analyze")
@guarded
@packed(ScanArgs)
def analyze(args: ScanArgs) -> None:
    """Find catalog error codes in device logs and explain them.

    LOGS are files, directories (walked recursively), .gz or .zip files, or - for
    standard input. The report goes to stdout (or -o FILE) in the text format unless
    --format or -o's extension says otherwise (also in a pipe); a one-line summary
    goes to stderr. Text is coloured only on a terminal, and never with NO_COLOR set.
    Secrets in log text are redacted unless --no-redact. After the findings, error
    lines that no catalog entry explains are grouped by template; --baseline GOOD_LOG
    marks what a good run also shows, and --only-new hides it. Exit codes: 0 ok,
    1 findings at or above --fail-on, 2 usage or input error (also a catalog regex
    that ran out of time and was switched off).

    Example: analyze device.log -o report.md --fail-on error

    Example: analyze failing.log --baseline good.log --only-new
    """
    if args.only_new and not args.baseline:
        fatal("--only-new needs --baseline GOOD_LOG: without a baseline nothing is new")
    fmt = _report_format(args.report_format, args.output)
    catalog = load(args.catalogs, args.no_builtin)
    scan = args.scan_options()
    with _progress(args.logs, args.progress_threshold) as on_bytes:
        analysis = api.analyze(args.logs, catalog, scan, stdin=sys.stdin.buffer, on_bytes=on_bytes)
    if args.baseline:
        analysis = api.compare(analysis, args.baseline, catalog, scan)
    options = args.render_options()
    _write(analysis.report, fmt, options, args.output)
    shown = options.findings(analysis.report)
    click.echo(_summary_line(analysis.report, shown, args.output, redact=scan.redact), err=True)
    for error in analysis.errors:
        click.echo(f"analyze: error: {error}", err=True)
    if analysis.errors:
        sys.exit(EXIT_ERROR)
    if options.fail_on is not None and any(f.entry.severity >= options.fail_on for f in shown):
        sys.exit(EXIT_FINDINGS)


def _write(report: api.Report, fmt: str, options: api.RenderOptions, output: Path | None) -> None:
    """The report to ``output``, or to standard output."""
    if output is None:
        api.write(report, _Echo(), fmt, options)
        return
    try:
        with output.open("w", encoding="utf-8") as handle:
            api.write(report, handle, fmt, options)
    except OSError as exc:
        fatal(f"{output}: cannot write the report: {exc.strerror or exc}")


class _Echo:
    """Standard output as a writable stream, through ``click.echo`` (which copes with
    terminals and pipes that cannot encode every character)."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False)
        return len(text)


def _report_format(name: str | None, output: Path | None) -> str:
    """``--format``, else the format ``-o``'s extension names, else text."""
    if name is not None:
        return name
    by_extension = api.report_format_for(output) if output is not None else None
    return by_extension or "text"


def _color_allowed() -> bool:
    """Colour on a terminal unless ``NO_COLOR`` is set (https://no-color.org) or TERM=dumb."""
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


@contextlib.contextmanager
def _progress(logs: Sequence[str], threshold_mb: float) -> Iterator[Callable[[int], None] | None]:
    """A progress bar's callback for large inputs on a terminal; ``None`` otherwise."""
    tty = sys.stderr.isatty()
    if not tty or os.environ.get("CI"):
        yield None  # not even the size is looked at
        return
    total = progress.input_bytes(logs)
    if not progress.wanted(total, threshold_mb * 1e6, tty=tty, environ=os.environ):
        yield None
        return
    with progress.bar(total) as on_bytes:
        yield on_bytes


def _summary_line(
    report: api.Report, shown: Sequence[api.Finding], output: Path | None, *, redact: bool
) -> str:
    lines = sum(i.lines for i in report.inputs)
    skipped = sum(i.skipped_lines for i in report.inputs)
    where = f"; report written to {output}" if output is not None else ""
    extra = (
        f", {_count(len(report.skipped_inputs), 'input')} skipped" if report.skipped_inputs else ""
    )
    masked = f"{_count(report.redactions, 'value')} redacted" if redact else "redaction off"
    occurrences = _count(sum(f.count for f in shown), "occurrence")
    return (
        f"analyze: {_count(len(shown), 'finding')} ({occurrences}) in "
        f"{_count(len(report.inputs), 'input')}, {_count(lines, 'line')} ({skipped} skipped)"
        f"{extra}; {masked}{where}"
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
