"""The command line: ``analyze`` (the scan) and ``analyzer`` (the toolbox).

This layer only parses options, calls the library, and maps errors to exit codes:

* 0: success, nothing at or above ``--fail-on``;
* 1: findings at or above ``--fail-on`` (``analyze``), or lint errors / drift;
* 2: usage or input error: a one-line message naming the file (and line).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from analyzer import __version__
from analyzer.catalog.loader import ENV_VAR, Catalog, load_catalog
from analyzer.catalog.writing import export_json
from analyzer.errors import AnalyzerError
from analyzer.model import Finding, Report, Severity
from analyzer.pipeline import ScanOptions, compare
from analyzer.pipeline import analyze as analyze_logs
from analyzer.reports import progress
from analyzer.reports import registry as report_registry
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.progress import DEFAULT_THRESHOLD_MB

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _fatal(message: str) -> NoReturn:
    """Print one line to stderr and exit 2: the contract for every user error."""
    click.echo(f"{_prog()}: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _prog() -> str:
    return Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "analyzer"


def catalog_options(func: F) -> F:
    """``--catalog`` and ``--no-builtin``, shared by every command that reads the catalog."""
    func = click.option(
        "--catalog",
        "catalogs",
        multiple=True,
        type=click.Path(path_type=Path),
        help=f"Extra catalog file or directory (repeatable; also ${ENV_VAR}). "
        "Later entries override earlier ones by id.",
    )(func)
    func = click.option(
        "--no-builtin",
        is_flag=True,
        help="Do not load the bundled catalog (only --catalog and $" + ENV_VAR + ").",
    )(func)
    return func


def _load(catalogs: Sequence[Path], no_builtin: bool) -> Catalog:
    catalog = load_catalog(catalogs, builtin=not no_builtin)
    for override in catalog.overrides:
        click.echo(f"note: {override}", err=True)
    return catalog


def _guarded(main: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line and exit 2; never show a traceback.

    An exception that is not an ``AnalyzerError`` is a bug; it still gets one line
    (and the traceback only with ``ANALYZER_DEBUG=1``).
    """

    @functools.wraps(main)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return main(*args, **kwargs)
        except AnalyzerError as exc:
            _fatal(str(exc))
        except KeyboardInterrupt:
            click.echo(f"{_prog()}: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `analyze x.log | head`: the reader left; that is not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("ANALYZER_DEBUG"):
                traceback.print_exc()
            _fatal(
                f"internal error ({type(exc).__name__}: {exc}); set ANALYZER_DEBUG=1 for details"
            )

    return wrapper


# --- the scan -----------------------------------------------------------------------------------

_FAIL_LEVELS = {"info": Severity.INFO, "warning": Severity.WARNING, "error": Severity.ERROR}

PIPE_WIDTH = 100
"""Columns of the text format when it is not going to a terminal (files, pipes)."""


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("logs", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "report_format",
    type=click.Choice(report_registry.names()),
    default=None,
    help="Report format (default: from -o's extension: .txt .md .json .html .xml; else text).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to FILE instead of stdout.",
)
@click.option("--log-format", help="Force the log format instead of detecting it.")
@click.option("--include-info", is_flag=True, help="Also show info findings (success codes).")
@click.option("--top", type=click.IntRange(min=1), help="Show at most N findings.")
@click.option(
    "--context",
    type=click.IntRange(min=0, max=100),
    default=2,
    show_default=True,
    help="Lines of context before and after each sample occurrence.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Sample occurrences per finding in human formats (JSON lists every occurrence).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["never", "info", "warning", "error"]),
    default="never",
    show_default=True,
    help="Exit 1 when a shown finding is at or above this severity (JUnit: failing test "
    "cases from this severity; from error with never).",
)
@click.option(
    "--no-redact",
    is_flag=True,
    help="Keep secrets in the report. By default keys, tokens, passwords, e-mail "
    "addresses, phone numbers, IMEIs and serial numbers in log text are masked.",
)
@click.option(
    "--progress-threshold",
    type=click.FloatRange(min=0),
    default=DEFAULT_THRESHOLD_MB,
    show_default=True,
    metavar="MB",
    help="Show a progress bar when the inputs exceed this size (only on a terminal, "
    "never with $CI set).",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "fast", "plain"]),
    default="auto",
    show_default=True,
    help="Scan engine: plain (the reference), fast (hyperscan prefilter; an error where "
    "it cannot run) or auto (fast where it can run). Both give the same report.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for large inputs with the fast engine [default: one per core]. "
    "Standard input and compressed inputs are first written to a temporary file.",
)
@click.option(
    "--baseline",
    multiple=True,
    metavar="GOOD_LOG",
    help="A log of a good run (file or directory; repeatable). Every finding and unmatched "
    "group says how often the baseline shows it, and what it never shows is listed first "
    "as new.",
)
@click.option(
    "--only-new",
    is_flag=True,
    help="With --baseline: show only what the baseline never shows (--fail-on then "
    "judges only new findings).",
)
@click.option(
    "--groups",
    "max_groups",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Unmatched-error groups shown in human formats (JSON lists every group).",
)
@catalog_options
@click.version_option(__version__, prog_name="analyze")
@_guarded
def analyze(
    logs: tuple[str, ...],
    report_format: str | None,
    output: Path | None,
    log_format: str | None,
    include_info: bool,
    top: int | None,
    context: int,
    samples: int,
    fail_on: str,
    no_redact: bool,
    progress_threshold: float,
    engine: str,
    jobs: int | None,
    baseline: tuple[str, ...],
    only_new: bool,
    max_groups: int,
    catalogs: tuple[Path, ...],
    no_builtin: bool,
) -> None:
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
    if only_new and not baseline:
        _fatal("--only-new needs --baseline GOOD_LOG: without a baseline nothing is new")
    fmt = _report_format(report_format, output)
    catalog_in_force = _load(catalogs, no_builtin)
    scan = ScanOptions(
        log_format=log_format,
        context=context,
        samples=samples,
        redact=not no_redact,
        engine=engine,
        jobs=jobs,
    )
    with _progress(logs, progress_threshold) as on_bytes:
        analysis = analyze_logs(
            logs, catalog_in_force, scan, stdin=sys.stdin.buffer, on_bytes=on_bytes
        )
    if baseline:
        analysis = compare(analysis, baseline, catalog_in_force, scan)
    terminal = output is None and sys.stdout.isatty()
    options = RenderOptions(
        include_info=include_info,
        top=top,
        samples=samples,
        color=terminal and _color_allowed(),
        width=shutil.get_terminal_size((PIPE_WIDTH, 24)).columns if terminal else PIPE_WIDTH,
        fail_on=_FAIL_LEVELS.get(fail_on),
        only_new=only_new,
        max_groups=max_groups,
    )
    if output is not None:
        try:
            with output.open("w", encoding="utf-8") as handle:
                fmt.write(analysis.report, options, handle)
        except OSError as exc:
            _fatal(f"{output}: cannot write the report: {exc.strerror or exc}")
    else:
        fmt.write(analysis.report, options, _Echo())
    shown = options.findings(analysis.report)
    click.echo(_summary_line(analysis.report, shown, output, redact=not no_redact), err=True)
    for error in analysis.errors:
        click.echo(f"analyze: error: {error}", err=True)
    if analysis.errors:
        sys.exit(EXIT_ERROR)
    threshold = _FAIL_LEVELS.get(fail_on)
    if threshold is not None and any(f.entry.severity >= threshold for f in shown):
        sys.exit(EXIT_FINDINGS)


class _Echo:
    """Standard output as a writable stream, through ``click.echo`` (which copes with
    terminals and pipes that cannot encode every character)."""

    def write(self, text: str) -> int:
        click.echo(text, nl=False)
        return len(text)


def _report_format(name: str | None, output: Path | None) -> ReportFormat:
    """``--format``, else the format ``-o``'s extension names, else text."""
    if name is not None:
        return report_registry.get(name)
    by_extension = report_registry.for_path(output) if output is not None else None
    return by_extension or report_registry.get("text")


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
    report: Report, shown: Sequence[Finding], output: Path | None, *, redact: bool
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


# --- the toolbox ------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="analyzer")
def toolbox() -> None:
    """The analyzer's toolbox: manage the error-code catalog and explain codes.

    The scan itself is the `analyze` command: `analyze device.log`.
    """


@toolbox.group()
def catalog() -> None:
    """Import, list, show, lint and export the error-code catalog.

    Example: analyzer catalog list
    """


@catalog.command("import")
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the catalog here (default: stdout).",
)
@click.option("--name", help="Catalog name (default: derived from the document's file name).")
@_guarded
def catalog_import(documents: tuple[Path, ...], output: Path | None, name: str | None) -> None:
    """Import vendor error-code documents (markdown) into a catalog file.

    Handles OpenHarmony-style heading sections (`## 2100002 Title` with
    Error Message / Cause / Procedure parts, English or Chinese) and TPNS-style
    tables (`| Error Code | Description |`, one catalog per table heading).

    Example: analyzer catalog import docs/errorcode-net-vpn.md -o patterns/net-vpn.yaml
    """
    from analyzer.catalog.build import build_catalog_file  # slow to import; analyze never needs it

    text = build_catalog_file(list(documents), output, name)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@catalog.command("regenerate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Only compare; exit 1 if any file would change.")
@_guarded
def catalog_regenerate(paths: tuple[Path, ...], check: bool) -> None:
    """Rebuild generated catalog files from the documents they record as sources.

    Without PATHS, rebuilds the bundled catalog directory.

    Example: analyzer catalog regenerate --check patterns/
    """
    from analyzer.catalog.build import regenerate  # slow to import; analyze never needs it
    from analyzer.catalog.loader import builtin_dir

    results = regenerate(list(paths) or [builtin_dir()])
    drifted = [path for path, _, changed in results if changed]
    if check:
        for path in drifted:
            click.echo(f"{path}: differs from what its sources generate", err=True)
        click.echo(f"{len(results)} generated catalogs checked, {len(drifted)} drifted", err=True)
        sys.exit(EXIT_FINDINGS if drifted else EXIT_OK)
    for path, text, changed in results:
        if changed:
            path.write_text(text, encoding="utf-8")
            click.echo(f"rewrote {path}", err=True)
    click.echo(f"{len(results)} generated catalogs, {len(drifted)} rewritten", err=True)


@catalog.command("list")
@catalog_options
@click.option("--name", "only", multiple=True, help="Only these catalogs (repeatable).")
@_guarded
def catalog_list(catalogs: tuple[Path, ...], no_builtin: bool, only: tuple[str, ...]) -> None:
    """List catalog entries as a table: id, code, severity, title.

    Example: analyzer catalog list --name tpns-client
    """
    from analyzer.catalog import describe  # slow to import; analyze never needs it

    entries = _load(catalogs, no_builtin).entries
    if only:
        entries = tuple(e for e in entries if e.catalog in only)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(describe.list_table(entries, color=color), nl=False)


@catalog.command("show", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@catalog_options
@_guarded
def catalog_show(query: str, catalogs: tuple[Path, ...], no_builtin: bool) -> None:
    """Show entries by id or code, in catalog-file (YAML) form.

    Example: analyzer catalog show tpns-client:10008#2   (or: analyzer catalog show -502)
    """
    from analyzer.catalog import describe  # slow to import; analyze never needs it

    found = _load(catalogs, no_builtin).lookup(query)
    if not found:
        _fatal(f"no catalog entry with id or code {query!r}")
    click.echo(describe.show_yaml(found), nl=False)


@catalog.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Warnings (e.g. no procedure) fail too.")
@_guarded
def catalog_lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Check catalog files: schema (file:line), regexes, duplicate ids, missing procedures.

    Exits 1 when there are errors (or warnings with --strict). Without PATHS,
    lints the bundled catalog.

    Example: analyzer catalog lint my-signatures.yaml
    """
    # slow to import; analyze never needs it
    from analyzer.catalog.lint import LintLevel, lint_paths
    from analyzer.catalog.loader import builtin_dir

    problems = lint_paths(list(paths) or [builtin_dir()])
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if p.level is LintLevel.ERROR)
    warnings = len(problems) - errors
    click.echo(f"{errors} errors, {warnings} warnings", err=True)
    sys.exit(EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK)


@catalog.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "rg", "grep"]),
    default="json",
    show_default=True,
    help="Export format: json (the catalog), rg or grep (the scan's prefilter patterns).",
)
@click.option(
    "--with-error-lines",
    is_flag=True,
    help="With rg or grep: also the patterns of error lines (levels, error words, "
    "non-zero error codes) that the scan looks for to group unknown errors.",
)
@catalog_options
@_guarded
def catalog_export(
    fmt: str, with_error_lines: bool, catalogs: tuple[Path, ...], no_builtin: bool
) -> None:
    """Print the catalog in force as JSON: {"entries": [...]}, a stable contract.

    Each entry has exactly: id, catalog, code, title, message, description,
    causes, procedure, severity, signatures, source. With --format rg or grep, print
    instead one regex per line equivalent to the fast engine's prefilter (codes after
    keys, then the signatures), for `rg -c -f FILE` or `LC_ALL=C grep -c -E -f FILE`.

    Example: analyzer catalog export --format json > catalog.json
    """
    loaded = _load(catalogs, no_builtin)
    if fmt == "json":
        click.echo(export_json(loaded.entries), nl=False)
        return
    from analyzer.engine.fast.export import export, export_error_lines

    for line in export(loaded, fmt):
        click.echo(line)
    if with_error_lines:
        for line in export_error_lines(fmt):
            click.echo(line)


@toolbox.command("explain", context_settings={"ignore_unknown_options": True})
@click.argument("code")
@catalog_options
@_guarded
def explain(code: str, catalogs: tuple[Path, ...], no_builtin: bool) -> None:
    """Explain an error code (or entry id, or message text) for a person.

    An ambiguous code lists every candidate entry.

    Example: analyzer explain 2100002   (negative codes work too: analyzer explain -502)
    """
    from analyzer.catalog import describe  # slow to import; analyze never needs it

    catalog_in_force = _load(catalogs, no_builtin)
    found = catalog_in_force.lookup(code) or catalog_in_force.search(code)
    if not found:
        _fatal(f"no catalog entry for {code!r} (try `analyzer catalog list`)")
    click.echo(describe.explain(found, code), nl=False)


def toolbox_main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``analyzer`` console script."""
    toolbox.main(args=list(argv) if argv is not None else None, prog_name="analyzer")


def analyze_main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``analyze`` console script."""
    gc.set_threshold(*ONE_RUN_GC)
    analyze.main(args=list(argv) if argv is not None else None, prog_name="analyze")


ONE_RUN_GC = (100_000, 10, 10)
"""The cyclic garbage collector's thresholds for the process that runs one analysis
and exits: a collection after 100,000 new container objects that outlive their use,
instead of 700. What the process keeps is mostly alive to the end (rows, clusters,
the catalog) and what it drops is freed by reference counting, so Python's default
collected 163 times and found little (480 unreachable objects before the report),
26 to 38 ms of the run on the generated 1 GB log (main process only,
``gc.callbacks``); with this, not once after the imports. The
scans of lines keep Python's default, as their objects live for a line or a range:
the workers set it back (:mod:`analyzer.engine.fast.pool`), and so does a
scan in this process (``--jobs 1``, small inputs), which otherwise peaked 30 MiB
higher on that log."""
