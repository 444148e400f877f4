"""A timeline of findings over the log's span, as inline SVG for the HTML report.

One row per finding, one mark per occurrence. The x axis is time when every
occurrence has a timestamp of one kind this module can read, and the line position
(counted across inputs, in input order) otherwise.

Device logs rarely carry a year: hilog and logcat print ``MM-DD HH:MM:SS.fff``. Such
times are placed on a leap-year calendar (so ``02-29`` exists) and only compared with
each other; when a log runs over New Year (or a time-only log over midnight) the jump
back is detected per input and the later times are moved a year (a day) on.

Marks are capped per row: occurrences that fall on the same pixel column share one
mark, and a row never has more than ``MAX_MARKS`` marks, however long the log.
"""

from __future__ import annotations

import bisect
import heapq
import html
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from analyzer.model import Finding, Match, Report
from analyzer.reports.visible import visible

MAX_MARKS: Final = 400
"""Most marks drawn in one row."""

WIDTH: Final = 960
"""Width of the SVG in pixels."""

_LABEL: Final = 250
_RIGHT: Final = 56
_TOP: Final = 8
_ROW: Final = 22
_AXIS: Final = 42

_DAYS_BEFORE: Final = (0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335)
"""Days before each month in a leap year."""

_DATE_TIME = re.compile(
    r"(?:\d{4}-)?(?P<month>\d\d)-(?P<day>\d\d)[ T]"
    r"(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)(?:[.,](?P<frac>\d{1,9}))?"
)
_CLOCK = re.compile(r"(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)(?:[.,](?P<frac>\d{1,9}))?")
_SECONDS = re.compile(r"(?:\S+ )?(?P<whole>\d{1,12})\.(?P<frac>\d{1,9})(?: \S+)?")

TimeKind = Literal["date", "clock", "seconds"]
_WRAP: Final[dict[TimeKind, float]] = {"date": 366 * 86400.0, "clock": 86400.0}


def parse_time(text: str | None) -> tuple[TimeKind, float] | None:
    """``(kind, seconds)`` for a log timestamp, or ``None`` when it cannot be read.

    Seconds are only comparable between times of the same kind: ``date`` times
    count from January 1st of a leap year, ``clock`` times from midnight, and
    ``seconds`` times (``-v epoch``, ``-v monotonic``) are taken as they are.
    """
    if not text:
        return None
    found = _DATE_TIME.search(text)
    if found is not None:
        month, day = int(found["month"]), int(found["day"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        days = _DAYS_BEFORE[month - 1] + day - 1
        return "date", days * 86400.0 + _clock_seconds(found)
    found = _SECONDS.fullmatch(text.strip())
    if found is not None:
        return "seconds", float(f"{found['whole']}.{found['frac']}")
    found = _CLOCK.search(text)
    if found is not None:
        return "clock", _clock_seconds(found)
    return None


def _clock_seconds(found: re.Match[str]) -> float:
    h, m, s = int(found["h"]), int(found["m"]), int(found["s"])
    fraction = float("0." + found["frac"]) if found["frac"] else 0.0
    return h * 3600.0 + m * 60.0 + s + fraction


@dataclass(frozen=True)
class Axis:
    """How positions map onto the x axis."""

    kind: Literal["time", "line"]
    """Time (seconds) or line position."""
    start: float
    """Smallest position."""
    end: float
    """Largest position (greater than ``start``)."""
    start_label: str
    """What the left end says (a time as written, or ``line 1``)."""
    end_label: str
    """What the right end says."""
    boundaries: tuple[tuple[float, str], ...] = ()
    """Where each later input starts on a line axis, with its path."""


Position = Callable[[Match], float]
"""Where an occurrence sits on the axis."""


def _in_order(findings: Sequence[Finding]) -> Iterator[Match]:
    """Every occurrence of ``findings`` in input and line order, merged as they are
    read (each finding's occurrences are in that order already), so a finding of a
    million lines is never held at once."""
    return heapq.merge(*(f.occurrences for f in findings), key=lambda m: (m.input, m.line))


def _line_axis(report: Report, findings: Sequence[Finding]) -> tuple[Axis, Position]:
    offsets: list[int] = []
    total = 0
    for item in report.inputs:
        offsets.append(total)
        total += item.lines

    def position(m: Match) -> float:
        return float((offsets[m.input] if m.input < len(offsets) else 0) + m.line)

    end = max([float(total), *(position(f.last) for f in findings if f.occurrences), 2.0])
    boundaries = tuple(
        (float(offset), item.path)
        for offset, item in zip(offsets[1:], report.inputs[1:], strict=True)
    )
    return Axis("line", 1.0, end, "line 1", f"line {int(end)}", boundaries), position


def _time_axis(findings: Sequence[Finding]) -> tuple[Axis, Position] | None:
    """A time axis when every occurrence has a time of one kind, else ``None``.

    One pass in log order finds where each input's times jump back a year (a day)
    and keeps only those lines (few), so each occurrence's position is its time plus
    the jumps before its line, found again when its mark is drawn."""
    kind: TimeKind | None = None
    jumps: dict[int, list[tuple[int, float]]] = {}
    previous: dict[int, float] = {}
    first: tuple[float, str] | None = None
    last: tuple[float, str] | None = None
    for m in _in_order(findings):
        parsed = parse_time(m.time)
        if parsed is None or (kind is not None and parsed[0] != kind):
            return None
        kind = parsed[0]
        wrap = _WRAP.get(kind)
        marks = jumps.setdefault(m.input, [])
        t = parsed[1] + (marks[-1][1] if marks else 0.0)
        if wrap is not None and m.input in previous and t < previous[m.input] - wrap / 2:
            marks.append((m.line, (marks[-1][1] if marks else 0.0) + wrap))
            t += wrap
        previous[m.input] = t
        if first is None or t < first[0]:
            first = (t, m.time or "")
        if last is None or t > last[0]:
            last = (t, m.time or "")
    if first is None or last is None or last[0] <= first[0]:
        return None

    def position(m: Match) -> float:
        parsed = parse_time(m.time)
        assert parsed is not None  # every occurrence was read above
        marks = jumps.get(m.input, [])
        at = bisect.bisect_right(marks, (m.line, math.inf))
        return parsed[1] + (marks[at - 1][1] if at else 0.0)

    return Axis("time", first[0], last[0], first[1], last[1]), position


def axis_for(report: Report, findings: Sequence[Finding]) -> tuple[Axis, Position]:
    """The axis for these findings, and where each occurrence sits on it."""
    return _time_axis(findings) or _line_axis(report, findings)


def duration(seconds: float) -> str:
    """A short relative time: ``+1.5 s``, ``+2 min 5 s``, ``+3 h 20 min``, ``+2 d 4 h``."""
    if seconds < 60:
        return f"+{seconds:.1f} s" if seconds < 10 else f"+{seconds:.0f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"+{minutes} min {secs} s" if secs else f"+{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"+{hours} h {minutes} min" if minutes else f"+{hours} h"
    days, hours = divmod(hours, 24)
    return f"+{days} d {hours} h" if hours else f"+{days} d"


def _e(text: str) -> str:
    """Log or catalog text as SVG/HTML text: controls shown, markup escaped."""
    return html.escape(visible(text), quote=True)


def svg(report: Report, findings: Sequence[Finding]) -> str:
    """The timeline as an ``<svg>`` element (empty string when there is nothing to draw)."""
    if not findings:
        return ""
    axis, position = axis_for(report, findings)
    x0, x1 = _LABEL, WIDTH - _RIGHT
    span = axis.end - axis.start

    def x_of(value: float) -> float:
        return x0 + (value - axis.start) / span * (x1 - x0)

    height = _TOP + _ROW * len(findings) + _AXIS
    bottom = _TOP + _ROW * len(findings)
    what = "time" if axis.kind == "time" else "line position"
    out = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Occurrences of each finding over {what}">'
    ]
    for row, finding in enumerate(findings):
        y = _TOP + row * _ROW
        severity = finding.entry.severity.label
        out.append(f'<g class="row sev-{severity}" data-id="{_e(finding.entry.id)}">')
        if row % 2:
            out.append(f'<rect class="stripe" x="0" y="{y}" width="{WIDTH}" height="{_ROW}"/>')
        label = f"#{finding.rank} {finding.entry.id}"
        if len(label) > 34:
            label = label[:33] + "\u2026"
        out.append(
            f'<text class="label" x="6" y="{y + 15}">{_e(label)}'
            f"<title>{_e(finding.entry.title)}</title></text>"
        )
        out.extend(_marks(report, finding, position, x_of, y))
        out.append(f'<text class="count" x="{x1 + 8}" y="{y + 15}">{finding.count}\u00d7</text>')
        out.append("</g>")
    out.extend(_axis(axis, x_of, bottom))
    out.append("</svg>")
    return "\n".join(out)


def _marks(
    report: Report,
    finding: Finding,
    position: Position,
    x_of: Callable[[float], float],
    y: int,
) -> list[str]:
    # Per pixel column, its first occurrence and how many fall there: a row costs
    # memory per column, never per occurrence.
    columns: dict[int, tuple[Match, int]] = {}
    for m in finding.occurrences:
        x = round(x_of(position(m)))
        seen = columns.get(x)
        columns[x] = (m, 1) if seen is None else (seen[0], seen[1] + 1)
    keys = sorted(columns)
    if len(keys) > MAX_MARKS:
        step = len(keys) / MAX_MARKS
        keys = [keys[int(i * step)] for i in range(MAX_MARKS)]
    out = []
    for x in keys:
        first, here = columns[x]
        where = (
            f"{report.inputs[first.input].path}:{first.line}" if report.inputs else str(first.line)
        )
        tip = f"{first.time} at {where}" if first.time else where
        if here > 1:
            tip += f" (+{here - 1} more here)"
        out.append(
            f'<rect class="mark" x="{x - 1.5:.1f}" y="{y + 4}" width="3" height="{_ROW - 8}">'
            f"<title>{_e(tip)}</title></rect>"
        )
    return out


def _axis(axis: Axis, x_of: Callable[[float], float], bottom: int) -> list[str]:
    x0, x1 = x_of(axis.start), x_of(axis.end)
    out = [
        f'<g class="axis"><line x1="{x0:.1f}" y1="{bottom + 4}" x2="{x1:.1f}" y2="{bottom + 4}"/>'
    ]
    for boundary, path in axis.boundaries:
        bx = x_of(boundary)
        out.append(
            f'<line class="boundary" x1="{bx:.1f}" y1="0" x2="{bx:.1f}" y2="{bottom + 4}"/>'
            f'<text class="boundary-label" x="{bx + 3:.1f}" y="{bottom + 34}">{_e(path)}</text>'
        )
    for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
        value = axis.start + fraction * (axis.end - axis.start)
        tx = x_of(value)
        if fraction == 0.0:
            text, anchor = axis.start_label, "start"
        elif fraction == 1.0:
            text, anchor = axis.end_label, "end"
        else:
            anchor = "middle"
            text = duration(value - axis.start) if axis.kind == "time" else f"line {round(value)}"
        out.append(
            f'<line x1="{tx:.1f}" y1="{bottom + 4}" x2="{tx:.1f}" y2="{bottom + 9}"/>'
            f'<text x="{tx:.1f}" y="{bottom + 22}" text-anchor="{anchor}">{_e(text)}</text>'
        )
    out.append("</g>")
    return out
