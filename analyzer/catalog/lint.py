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
from analyzer.catalog.store import iter_catalog_files, read_catalog_file
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
            problems.extend(
                LintProblem(str(path), p.line, LintLevel.ERROR, p.message)
                for p in catalog_file.problems
            )
            for located in catalog_file.entries:
                entry = located.entry
                here = f"{located.path}:{located.line}"
                if entry.id in seen:
                    problems.append(
                        LintProblem(
                            located.path,
                            located.line,
                            LintLevel.ERROR,
                            f"duplicate id {entry.id!r} (first defined at {seen[entry.id]})",
                        )
                    )
                else:
                    seen[entry.id] = here
                for signature in entry.signatures:
                    if signature.regex:
                        problems.extend(
                            _regex_problems(
                                signature.pattern,
                                f"{entry.id}: signature",
                                located.path,
                                located.line,
                            )
                        )
                if not entry.procedure:
                    problems.append(
                        LintProblem(
                            located.path,
                            located.line,
                            LintLevel.WARNING,
                            f"{entry.id}: no procedure (a finding will not say what to do)",
                        )
                    )
            for patch in catalog_file.patches:
                for signature in patch.signatures:
                    if signature.regex:
                        problems.extend(
                            _regex_problems(
                                signature.pattern,
                                f"patch {patch.id}: signature",
                                patch.path,
                                patch.line,
                            )
                        )
            for context in catalog_file.contexts:
                for pattern in context.evidence:
                    problems.extend(
                        _regex_problems(
                            pattern, f"context {context.catalog}: evidence", catalog_file.path, None
                        )
                    )
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
