"""What every report format implements.

Formats are pure: ``render(report, options) -> str``. Only the CLI writes files or
decides between stdout and ``--output``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Protocol

from analyzer.model import Finding, Report, Severity, UnmatchedGroup


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
    only_new: bool = False
    """``--only-new``: with a baseline, show only the findings and unmatched groups the
    baseline never shows. A rendering choice rather than a change to the report, so
    the report can say how much it hid, and ``--fail-on`` (which judges the findings
    shown) fails only on new findings. Without a baseline nothing is hidden."""
    max_groups: int = 20
    """Unmatched groups shown in human formats (the JSON report lists every group)."""

    def hides_old(self, report: Report) -> bool:
        """Whether ``--only-new`` hides anything: only when there is a baseline."""
        return self.only_new and bool(report.baseline)

    def findings(self, report: Report) -> list[Finding]:
        """The findings this rendering shows, in rank order."""
        pool = report.findings
        if self.hides_old(report):
            # ``new is None`` cannot be judged, and is kept rather than silently hidden.
            pool = tuple(f for f in pool if f.new is not False)
        shown = [f for f in pool if self.include_info or f.entry.severity > Severity.INFO]
        return shown[: self.top] if self.top is not None else shown

    def groups(self, report: Report) -> list[UnmatchedGroup]:
        """The unmatched groups this rendering lists, biggest first (before
        :attr:`max_groups`, which only human formats apply)."""
        if report.unmatched is None:
            return []
        groups = report.unmatched.groups
        if self.hides_old(report):
            return [g for g in groups if g.new is not False]
        return list(groups)


class Writable(Protocol):
    """Where a report is written: an open text file, or standard output."""

    def write(self, text: str, /) -> int:
        """Write ``text``; returns the characters written."""
        ...


class ReportFormat(ABC):
    """A named output format."""

    name: ClassVar[str]
    """The value of ``--format``."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File extensions that select this format for ``-o FILE``."""

    @abstractmethod
    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole report as text."""

    def write(self, report: Report, options: RenderOptions, out: Writable) -> None:
        """Write the report to ``out``; formats whose reports can be big (JSON, with
        every occurrence) write it in pieces instead of as one string."""
        out.write(self.render(report, options))
