"""``analyzer catalog lint``: everything wrong with catalog files, each with file:line.

Lint reads leniently (every problem is collected, not just the first) and adds the
checks that a loader cannot make alone: ids repeated across files, regexes that do
not compile, and entries that leave a reader without a procedure.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

from analyzer.catalog.redos import backtracking_risk
from analyzer.catalog.store import (
    CatalogFile,
    LocatedEntry,
    iter_catalog_files,
    read_catalog_file,
)
from analyzer.errors import CatalogError


class LintLevel(enum.StrEnum):
    """``error`` fails lint (exit 1); ``warning`` only does with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class LintProblem:
    """One problem at one place."""

    path: str
    """The catalog file."""
    line: int | None
    """1-based line, when the problem has one."""
    level: LintLevel
    """How serious it is."""
    message: str
    """What is wrong."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level.value}: {self.message}"


def lint_paths(paths: Iterable[Path]) -> list[LintProblem]:
    """Lint catalog files and directories together (duplicates are checked across all)."""
    problems: list[LintProblem] = []
    seen: dict[str, str] = {}
    for root in paths:
        if not root.exists():
            problems.append(
                LintProblem(str(root), None, LintLevel.ERROR, "no such file or directory")
            )
            continue
        for path in iter_catalog_files(root):
            try:
                catalog_file = read_catalog_file(path, collect=True)
            except CatalogError as exc:
                problems.append(LintProblem(str(path), exc.line, LintLevel.ERROR, exc.message))
                continue
            problems.extend(_file_problems(catalog_file, seen))
    return problems


def _file_problems(catalog_file: CatalogFile, seen: dict[str, str]) -> list[LintProblem]:
    """What is wrong in one catalog file read leniently; ``seen`` holds where each id
    was first defined, across files."""
    problems = [
        LintProblem(catalog_file.path, p.line, LintLevel.ERROR, p.message)
        for p in catalog_file.problems
    ]
    for located in catalog_file.entries:
        problems.extend(_entry_problems(located, seen))
    for patch in catalog_file.patches:
        for signature in patch.signatures:
            if signature.regex:
                what = f"patch {patch.id}: signature"
                problems.extend(_regex_problems(signature.pattern, what, patch.path, patch.line))
    for context in catalog_file.contexts:
        for pattern in context.evidence:
            what = f"context {context.catalog}: evidence"
            problems.extend(_regex_problems(pattern, what, catalog_file.path, None))
    return problems


def _entry_problems(located: LocatedEntry, seen: dict[str, str]) -> list[LintProblem]:
    """A repeated id, signature regexes that do not compile or backtrack, no procedure."""
    entry, path, line = located.entry, located.path, located.line
    problems: list[LintProblem] = []
    if entry.id in seen:
        message = f"duplicate id {entry.id!r} (first defined at {seen[entry.id]})"
        problems.append(LintProblem(path, line, LintLevel.ERROR, message))
    else:
        seen[entry.id] = f"{path}:{line}"
    for signature in entry.signatures:
        if signature.regex:
            what = f"{entry.id}: signature"
            problems.extend(_regex_problems(signature.pattern, what, path, line))
    if not entry.procedure:
        message = f"{entry.id}: no procedure (a finding will not say what to do)"
        problems.append(LintProblem(path, line, LintLevel.WARNING, message))
    return problems


def _regex_problems(pattern: str, what: str, path: str, line: int | None) -> list[LintProblem]:
    """A regex that does not compile is an error; one that risks catastrophic
    backtracking is an error when a probe proved it slow, a warning on its shape alone."""
    error = regex_error(pattern)
    if error:
        message = f"{what} regex {pattern!r} does not compile: {error}"
        return [LintProblem(path, line, LintLevel.ERROR, message)]
    risk = backtracking_risk(pattern)
    if risk is None:
        return []
    level = LintLevel.ERROR if risk.startswith("took more than") else LintLevel.WARNING
    return [LintProblem(path, line, level, f"{what} regex {pattern!r}: {risk}")]


def regex_error(pattern: str) -> str | None:
    """Why a signature regex does not compile, or ``None`` when it does."""
    try:
        regex.compile(pattern)
    except regex.error as exc:
        return str(exc)
    return None
