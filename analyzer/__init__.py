"""Log diagnostics analyzer: finds vendor error codes in device logs and explains them.

The public API is :mod:`analyzer.api`, whose names are available here too
(``analyzer.analyze``, ``analyzer.render``, ...); they are imported on first use, so
importing a part of the package (as worker processes do) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from analyzer.api import (
        ENV_VAR,
        Analysis,
        AnalyzerError,
        Catalog,
        CatalogEntry,
        CatalogError,
        Finding,
        Header,
        InputError,
        Level,
        LogFormat,
        RenderOptions,
        Report,
        ReportFormat,
        ScanOptions,
        Severity,
        analyze,
        analyze_stream,
        compare,
        describe,
        engines,
        explain,
        export_catalog,
        import_documents,
        lint_catalogs,
        load_catalog,
        log_formats,
        regenerate_catalogs,
        register_log_format,
        register_report_format,
        render,
        report_data,
        report_format_for,
        report_formats,
        write,
    )

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
    "__version__",
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


def __getattr__(name: str) -> Any:
    if name in __all__:
        from analyzer import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
