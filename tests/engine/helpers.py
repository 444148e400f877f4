"""Small helpers shared by the engine tests (fixtures live in ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from analyzer.model import Match

Scan = Callable[[Sequence[str], str], list[Match]]
"""The ``scan`` fixture: parse lines (line 1 first) with a named format, return matches."""


def by_line(matches: Sequence[Match]) -> dict[int, set[str]]:
    """Entry ids found per physical line."""
    found: dict[int, set[str]] = {}
    for match in matches:
        found.setdefault(match.line, set()).add(str(match.entry))
    return found
