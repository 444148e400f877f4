"""What every report format implements.

Formats are pure: ``render(report, options) -> str``. Only the CLI writes files or
decides between stdout and ``--output``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from analyzer.model import Finding, Report, Severity
from analyzer.triage import visible


@dataclass(frozen=True)
class RenderOptions:
    """Choices that apply to every format."""

    include_info: bool = False
    """Show info findings (success codes), hidden by default."""
    top: int | None = None
    """Show at most this many findings."""
    samples: int = 5
    """Sample lines per finding in human formats (JSON always lists every occurrence)."""
    color: bool = False
    """Terminal colour (text format only)."""
    width: int = 100
    """Columns the text format wraps at (the terminal's width on a terminal)."""
    fail_on: Severity | None = None
    """The ``--fail-on`` threshold; ``None`` for ``never``. The JUnit format marks
    findings at or above it as failures (``never``: error and above)."""

    def findings(self, report: Report) -> list[Finding]:
        """The findings this rendering shows, in rank order."""
        return visible(report.findings, include_info=self.include_info, top=self.top)


class ReportFormat(ABC):
    """A named output format."""

    name: ClassVar[str]
    """The value of ``--format``."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File extensions that select this format for ``-o FILE``."""

    @abstractmethod
    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole report as text."""
