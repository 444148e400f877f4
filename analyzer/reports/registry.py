"""The report formats by name; a new format is one module plus one ``register`` call
(and, for a built-in one, a line in :data:`BUILTIN`)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Final

from analyzer.errors import AnalyzerError
from analyzer.reports.interface import ReportFormat

_FORMATS: dict[str, ReportFormat] = {}

BUILTIN: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "html": ("analyzer.reports.html_report", (".html", ".htm")),
    "json": ("analyzer.reports.json_report", (".json",)),
    "junit": ("analyzer.reports.junit_report", (".xml",)),
    "markdown": ("analyzer.reports.markdown_report", (".md", ".markdown")),
    "text": ("analyzer.reports.text_report", (".txt", ".text")),
}
"""Each built-in format's module and file extensions, so that a run imports only the
module of the format it writes: the terminal format pulls in rich, a noticeable part
of a run's start-up. A test holds this table to what the modules register."""


def register(fmt: ReportFormat) -> ReportFormat:
    """Add a format; a second format with the same name is a programming error."""
    if fmt.name in _FORMATS:
        raise ValueError(f"report format {fmt.name!r} registered twice")
    _FORMATS[fmt.name] = fmt
    return fmt


def _load(name: str) -> None:
    """Import the module of the built-in format ``name`` (it registers itself)."""
    if name in BUILTIN and name not in _FORMATS:
        importlib.import_module(BUILTIN[name][0])


def names() -> list[str]:
    """Every registered format name."""
    return sorted(set(_FORMATS) | set(BUILTIN))


def get(name: str) -> ReportFormat:
    """The format called ``name``."""
    _load(name)
    try:
        return _FORMATS[name]
    except KeyError:
        raise AnalyzerError(
            f"unknown report format {name!r} (choose from: {', '.join(names())})"
        ) from None


def for_path(path: Path) -> ReportFormat | None:
    """The format a file name's extension selects, if any."""
    suffix = path.suffix.lower()
    for name, (_, extensions) in BUILTIN.items():
        if suffix in extensions:
            return get(name)
    for fmt in _FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    return None
