"""Log formats: one module per format, a registry with detection, and record grouping.

Typical use::

    from analyzer import formats

    fmt = formats.get(name) if name else formats.get(formats.detect(first_lines).format_name)
    for record in formats.records(numbered_lines, fmt):
        ...

Add a format by writing a module with a :class:`LogFormat` subclass and registering an
instance in :mod:`analyzer.formats.registry`.
"""

from __future__ import annotations

from analyzer.formats.grouping import MAX_RECORD_CHARS, MAX_RECORD_LINES, records
from analyzer.formats.interface import RAW_SCORE, Detection, FormatError, Header, LogFormat
from analyzer.formats.registry import detect, formats, get, names, register

__all__ = [
    "MAX_RECORD_CHARS",
    "MAX_RECORD_LINES",
    "RAW_SCORE",
    "Detection",
    "FormatError",
    "Header",
    "LogFormat",
    "detect",
    "formats",
    "get",
    "names",
    "records",
    "register",
]
