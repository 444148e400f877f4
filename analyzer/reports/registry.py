"""The report formats by name; a new format is one module plus one ``register`` call."""

from __future__ import annotations

from pathlib import Path

from analyzer.errors import AnalyzerError
from analyzer.reports.interface import ReportFormat

_FORMATS: dict[str, ReportFormat] = {}


def register(fmt: ReportFormat) -> ReportFormat:
    """Add a format; a second format with the same name is a programming error."""
    if fmt.name in _FORMATS:
        raise ValueError(f"report format {fmt.name!r} registered twice")
    _FORMATS[fmt.name] = fmt
    return fmt


def _load_builtin() -> None:
    # Imported for their register() side effect, in one place.
    from analyzer.reports import (  # noqa: F401
        html_report,
        json_report,
        junit_report,
        markdown_report,
        text_report,
    )


def names() -> list[str]:
    """Every registered format name."""
    _load_builtin()
    return sorted(_FORMATS)


def get(name: str) -> ReportFormat:
    """The format called ``name``."""
    _load_builtin()
    try:
        return _FORMATS[name]
    except KeyError:
        raise AnalyzerError(
            f"unknown report format {name!r} (choose from: {', '.join(sorted(_FORMATS))})"
        ) from None


def for_path(path: Path) -> ReportFormat | None:
    """The format a file name's extension selects, if any."""
    _load_builtin()
    suffix = path.suffix.lower()
    for fmt in _FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    return None
