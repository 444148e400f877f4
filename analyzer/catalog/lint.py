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
                        error = regex_error(signature.pattern)
                        if error:
                            problems.append(
                                LintProblem(
                                    located.path,
                                    located.line,
                                    LintLevel.ERROR,
                                    f"{entry.id}: signature regex {signature.pattern!r} "
                                    f"does not compile: {error}",
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
                    error = regex_error(signature.pattern) if signature.regex else None
                    if error:
                        problems.append(
                            LintProblem(
                                patch.path,
                                patch.line,
                                LintLevel.ERROR,
                                f"patch {patch.id}: signature regex {signature.pattern!r} "
                                f"does not compile: {error}",
                            )
                        )
    return problems


def regex_error(pattern: str) -> str | None:
    """Why a signature regex does not compile, or ``None`` when it does."""
    try:
        regex.compile(pattern)
    except regex.error as exc:
        return str(exc)
    return None
