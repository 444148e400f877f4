"""The data model shared by every stage: catalog entries, log records, matches, the
unknown errors and the report.

Everything here is a frozen dataclass, so a value seen by one stage cannot be
changed behind the back of another; stages communicate only through these types.
The model is the bottom layer: it imports nothing else of the package.
"""

from __future__ import annotations

from analyzer.model.catalog import (
    CATCH_ALL_CODES,
    CatalogContext,
    CatalogEntry,
    EntryId,
    Requires,
    Severity,
    Signature,
    SignatureKind,
    SourceRef,
    is_catch_all,
)
from analyzer.model.matches import ContextLine, Match, MatchedBy, RegexFailure, Sample
from analyzer.model.occurrences import Occurrences
from analyzer.model.records import LEVEL_OF_VALUE, Fields, Header, Level, LogRecord
from analyzer.model.report import Finding, InputSummary, Report, SkippedInput
from analyzer.model.unknown import (
    ErrorRecord,
    Occurrence,
    TemplateKey,
    Unmatched,
    UnmatchedGroup,
    template_key,
)

__all__ = [
    "CATCH_ALL_CODES",
    "LEVEL_OF_VALUE",
    "CatalogContext",
    "CatalogEntry",
    "ContextLine",
    "EntryId",
    "ErrorRecord",
    "Fields",
    "Finding",
    "Header",
    "InputSummary",
    "Level",
    "LogRecord",
    "Match",
    "MatchedBy",
    "Occurrence",
    "Occurrences",
    "RegexFailure",
    "Report",
    "Requires",
    "Sample",
    "Severity",
    "Signature",
    "SignatureKind",
    "SkippedInput",
    "SourceRef",
    "TemplateKey",
    "Unmatched",
    "UnmatchedGroup",
    "is_catch_all",
    "template_key",
]
