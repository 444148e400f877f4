"""Errors that the command line turns into a one-line message and exit code 2.

Every error that a user can cause (bad file, bad catalog, bad option value) is an
``AnalyzerError``; anything else escaping to the CLI is a bug and is reported as one.
"""

from __future__ import annotations


class AnalyzerError(Exception):
    """A user-facing failure that names the file (and line) it is about."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        """What went wrong, in words, without the location."""
        self.path = path
        """The file the error is about, if any."""
        self.line = line
        """1-based line in ``path``, if known."""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class CatalogError(AnalyzerError):
    """A catalog file or vendor document that cannot be read as one."""


class InputError(AnalyzerError):
    """A log input that cannot be read."""
