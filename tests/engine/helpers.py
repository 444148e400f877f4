"""Small helpers shared by the engine tests (fixtures live in ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from analyzer.model import Level, LogRecord, Match

Scan = Callable[[Sequence[str], str], list[Match]]
"""The ``scan`` fixture: parse lines (line 1 first) with a named format, return matches."""


def by_line(matches: Sequence[Match]) -> dict[int, set[str]]:
    """Entry ids found per physical line."""
    found: dict[int, set[str]] = {}
    for match in matches:
        found.setdefault(match.line, set()).add(str(match.entry))
    return found


def record(
    line: int,
    *messages: str,
    level: Level | None = Level.ERROR,
    tag: str | None = "NETSTACK",
    time: str | None = "06-14 09:20:11.042",
) -> LogRecord:
    """A record as a prefixed format would make it (raw = header + message)."""
    prefix = f"{time} 4821 4830 {level.letter if level else '-'} {tag}: "
    return LogRecord(
        line=line,
        messages=messages,
        raw=tuple(prefix + m for m in messages),
        format="test",
        time=time,
        level=level,
        tag=tag,
    )
