"""The public Python API: everything the command line does, as typed functions.

``import analyzer`` gives these names (see ``docs/api.md`` for examples)::

    import analyzer

    catalog = analyzer.load_catalog()
    analysis = analyzer.analyze(["device.log"], catalog)
    print(analyzer.render(analysis.report, "markdown"))
    data = analyzer.report_data(analysis.report)   # plain, picklable, JSON-ready

A :class:`~analyzer.model.Report` is made of frozen dataclasses; its occurrences are
read from a packed store while the process that made it lives, and a pickled report
carries them as tuples, so it can be sent to another process. Scanning is safe from
several threads at once (each call its own scan); from a thread other than the main
one, or in a daemonic process, the fast engine scans in that thread rather than in
worker processes.

The command line (:mod:`analyzer.cli`) is a thin layer over this module.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from analyzer.catalog.loader import ENV_VAR, Catalog, builtin_dir
from analyzer.catalog.loader import load_catalog as _load_catalog
from analyzer.errors import AnalyzerError, CatalogError, InputError
from analyzer.formats.interface import LogFormat
from analyzer.model import CatalogEntry, Finding, Header, Level, Report, Severity
from analyzer.pipeline import Analysis, ScanOptions
from analyzer.pipeline import analyze as _analyze
from analyzer.pipeline import compare as _compare
from analyzer.reports import registry as _reports
from analyzer.reports.interface import RenderOptions, ReportFormat, Writable

if TYPE_CHECKING:
    from analyzer.catalog.lint import LintProblem

__all__ = [
    "ENV_VAR",
    "Analysis",
    "AnalyzerError",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "Finding",
    "Header",
    "InputError",
    "Level",
    "LogFormat",
    "RenderOptions",
    "Report",
    "ReportFormat",
    "ScanOptions",
    "Severity",
    "analyze",
    "analyze_stream",
    "compare",
    "describe",
    "engines",
    "explain",
    "export_catalog",
    "import_documents",
    "lint_catalogs",
    "load_catalog",
    "log_formats",
    "regenerate_catalogs",
    "register_log_format",
    "register_report_format",
    "render",
    "report_data",
    "report_format_for",
    "report_formats",
    "write",
]


# -- the catalog ---------------------------------------------------------------------------------


def load_catalog(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    env: Mapping[str, str] | None = None,
) -> Catalog:
    """The catalog in force: the bundled one (unless ``builtin`` is false), then the
    paths in ``$ANALYZER_CATALOG`` (from ``env``, by default the process's), then
    ``paths`` (files, or directories of ``*.yaml``), later entries replacing earlier
    ones by id (:attr:`Catalog.overrides` lists them). Raises :class:`CatalogError`
    naming ``file:line``."""
    return _load_catalog([Path(p) for p in paths], builtin=builtin, env=env)


def explain(catalog: Catalog, query: str) -> list[CatalogEntry]:
    """The entries a code, an entry id or a piece of message text names (an ambiguous
    code gives every candidate)."""
    return catalog.lookup(query) or catalog.search(query)


def describe(
    entries: Sequence[CatalogEntry], style: str = "explain", *, query: str = "", color: bool = False
) -> str:
    """Entries as text for a person: ``explain`` (title, message, causes, procedure;
    ``query`` is what was asked for), ``table`` (id, code, severity, title; colour on a
    terminal) or ``yaml`` (catalog-file form)."""
    from analyzer.catalog import describe as text

    if style == "table":
        return text.list_table(entries, color=color)
    if style == "yaml":
        return text.show_yaml(entries)
    if style == "explain":
        return text.explain(entries, query)
    raise ValueError(f"unknown style {style!r} (explain, table, yaml)")


def export_catalog(catalog: Catalog, fmt: str = "json", *, error_lines: bool = False) -> str:
    """The catalog as ``json`` (``{"entries": [...]}``, a stable contract), or the fast
    engine's prefilter as one regex per line for ``rg`` or ``grep`` (with
    ``error_lines``, also the patterns of the error lines the unknown-error groups
    come from)."""
    if fmt == "json":
        from analyzer.catalog.writing import export_json

        return export_json(catalog.entries)
    from analyzer.engine.fast.export import export, export_error_lines

    lines = export(catalog, fmt)
    if error_lines:
        lines += export_error_lines(fmt)
    return "".join(line + "\n" for line in lines)


def import_documents(
    documents: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None = None,
    name: str | None = None,
) -> str:
    """The catalog file (YAML) that vendor documents (markdown) make; its sources are
    recorded relative to ``output``, where it is meant to be written."""
    from analyzer.catalog.build import build_catalog_file

    target = Path(output) if output is not None else None
    return build_catalog_file([Path(d) for d in documents], target, name)


def regenerate_catalogs(
    paths: Sequence[str | os.PathLike[str]] = (),
) -> list[tuple[Path, str, bool]]:
    """Each generated catalog file under ``paths`` (by default the bundled catalog)
    rebuilt from its recorded sources: ``(file, new text, changed)``."""
    from analyzer.catalog.build import regenerate

    return regenerate([Path(p) for p in paths] or [builtin_dir()])


def lint_catalogs(paths: Sequence[str | os.PathLike[str]] = ()) -> list[LintProblem]:
    """Every problem in catalog files (by default the bundled catalog), each with
    ``file:line``."""
    from analyzer.catalog.lint import lint_paths

    return lint_paths([Path(p) for p in paths] or [builtin_dir()])


# -- analysis ------------------------------------------------------------------------------------


def analyze(
    paths: Sequence[str | os.PathLike[str]],
    catalog: Catalog | None = None,
    options: ScanOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    on_input: Callable[[str], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Analysis:
    """Analyse logs (files, directories, ``.gz``, ``.zip``, or ``-`` for ``stdin``)
    into one report. ``catalog`` defaults to :func:`load_catalog`'s.

    Faults in single inputs do not raise: the report covers everything readable, and
    :attr:`Analysis.errors` says what was not (the command line exits 2 for them).
    ``on_input`` is called with each input's name as it starts, ``on_bytes`` now and
    then with the bytes read so far."""
    return _analyze(
        [os.fspath(p) for p in paths],
        catalog if catalog is not None else load_catalog(),
        options,
        stdin=stdin,
        on_input=on_input,
        on_bytes=on_bytes,
    )


def analyze_stream(
    stream: BinaryIO, catalog: Catalog | None = None, options: ScanOptions | None = None
) -> Analysis:
    """Analyse a stream of log bytes (a pipe, a socket's file, ``sys.stdin.buffer``),
    read to its end; the input is named ``-``."""
    return analyze(["-"], catalog, options, stdin=stream)


def compare(
    analysis: Analysis,
    baseline: Sequence[str | os.PathLike[str]],
    catalog: Catalog | None = None,
    options: ScanOptions | None = None,
) -> Analysis:
    """``analysis`` compared with the logs of a good run: every finding and unmatched
    group says how often the baseline shows it, and whether it is new. Use the
    options ``analysis`` was made with."""
    return _compare(
        analysis,
        [os.fspath(p) for p in baseline],
        catalog if catalog is not None else load_catalog(),
        options,
    )


def engines() -> tuple[str, ...]:
    """The values :attr:`ScanOptions.engine` takes."""
    from analyzer.engine.registry import names

    return names()


def log_formats() -> tuple[str, ...]:
    """The log formats :attr:`ScanOptions.log_format` takes (detected when ``None``)."""
    from analyzer import formats

    return formats.names()


def register_log_format(fmt: LogFormat) -> LogFormat:
    """Make a log format available by name (:attr:`ScanOptions.log_format`) and to
    detection; its name and aliases must be new (``ValueError`` otherwise)."""
    from analyzer import formats

    return formats.register(fmt)


# -- reports -------------------------------------------------------------------------------------


def register_report_format(fmt: ReportFormat) -> ReportFormat:
    """Make a report format available by name (:func:`render`); its name must be new
    (``ValueError`` otherwise)."""
    return _reports.register(fmt)


def report_formats() -> list[str]:
    """The report formats :func:`render` takes."""
    return _reports.names()


def report_format_for(path: str | os.PathLike[str]) -> str | None:
    """The report format a file name's extension selects (``.md``: ``markdown``)."""
    found = _reports.for_path(Path(path))
    return found.name if found is not None else None


def render(report: Report, fmt: str = "text", options: RenderOptions | None = None) -> str:
    """The report as text in the format ``fmt`` (:func:`report_formats`)."""
    return _reports.get(fmt).render(report, options or RenderOptions())


def write(
    report: Report, out: Writable, fmt: str = "text", options: RenderOptions | None = None
) -> None:
    """:func:`render` into ``out`` piece by piece: a big JSON report is never held
    whole."""
    _reports.get(fmt).write(report, options or RenderOptions(), out)


def report_data(report: Report, options: RenderOptions | None = None) -> dict[str, Any]:
    """The report as plain data, exactly as the JSON report (``analyzer.report/1``)
    has it: dicts, lists, strings, numbers, booleans and ``None``, picklable and ready
    for ``json.dumps``."""
    from analyzer.reports.json_report import report_data as data

    return data(report, options)
