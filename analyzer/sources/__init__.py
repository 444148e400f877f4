"""Command-line inputs to physical lines: files, directories, ``.gz``, ``.zip`` members, stdin.

This is the first stage of the pipeline and knows nothing about log formats: it finds
the inputs, decides which of them are text, undoes compression and encodings, and
splits lines. Everything downstream sees ``(line number, text)`` pairs numbered like the
physical file, so every finding can be traced back to the exact line a person would open.

Reading streams large binary chunks and splits them with ``bytes`` methods, so memory
stays flat however large a file or a single line is, and the cost stays linear. Faults
never escape as tracebacks: a path that cannot be opened becomes an ``InputError`` in
``Expansion.errors``, and a fault while reading ends that input's lines and is recorded
in its ``InputStats`` (``complete`` false, a one-line ``error``), so the CLI can analyse
the other inputs and still exit 2.

The stages of reading, one module each: :mod:`.discovery` (paths to inputs),
:mod:`.origins` (where bytes come from, and the limits), :mod:`.decoding`
(decompression and encodings), :mod:`.lines` (line ends) and :mod:`.inputs` (one
input, read in passes).
"""

from __future__ import annotations

from analyzer.model import SkippedInput
from analyzer.sources.discovery import SNIFF_SIZE, STDIN_NAME, Expansion, expand, read_error
from analyzer.sources.inputs import LogInput
from analyzer.sources.lines import split_lines
from analyzer.sources.origins import (
    CHUNK_SIZE,
    MAX_EXPANDED_BYTES,
    MAX_ZIP_RATIO,
    InputStats,
    Limits,
)

__all__ = [
    "CHUNK_SIZE",
    "MAX_EXPANDED_BYTES",
    "MAX_ZIP_RATIO",
    "SNIFF_SIZE",
    "STDIN_NAME",
    "Expansion",
    "InputStats",
    "Limits",
    "LogInput",
    "SkippedInput",
    "expand",
    "read_error",
    "split_lines",
]
