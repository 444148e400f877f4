"""Android ``adb logcat -v <format>`` output: one table of the ``-v`` layouts.

The layouts (AOSP ``liblog/logprint.cpp``; tags are padded to 8 with ``%-8s``, pids
right-aligned in width 5)::

    brief       D/TPush   ( 4821): [XGPushManager] register push success
    process     D( 4821) [XGPushManager] register push success  (TPush)
    tag         D/TPush   : [XGPushManager] register push success
    thread      D( 4821: 4830) [XGPushManager] register push success     (old: D(  52:0x3e))
    raw         [XGPushManager] register push success
    time        06-14 09:20:11.042 D/TPush   ( 4821): [XGPushManager] register push success
    threadtime  06-14 09:20:11.042  4821  4830 D TPush   : [XGPushManager] register push success
    long        [ 06-14 09:20:11.042  4821: 4830 D/TPush    ]
                [XGPushManager] register push success
                (blank line)

Each layout is a row of :data:`LAYOUTS`: its header regex and how the fields and the
message come out of a match; :class:`LogcatFormat` reads any row. The time in
``time``, ``threadtime`` and ``long`` takes the ``-v year``, ``usec``, ``nsec``,
``epoch``, ``monotonic`` and ``zone`` modifiers. Tags may contain spaces and ``|``
(Flutter plugins: ``I/| XgpushpPlugin | Flutter | Android |(11050): ...``), so in
``brief`` and ``time`` the tag is everything between ``L/`` and ``(PID):``. logcat
repeats the header on every line of a multi-line message, so Java stack traces are
joined by the grouper, not here. ``raw`` carries no header at all; it is the plain
``raw`` fallback under a logcat name and is never chosen by detection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from analyzer.formats._common import LEVEL_LETTERS, PID, TID, TIME, level_from_letter, to_int
from analyzer.formats.interface import Header, LogFormat
from analyzer.formats.raw import RawFormat

_L = rf"(?P<level>[{LEVEL_LETTERS}])"
_TAG_TO_PID = rf"/(?P<tag>.{{0,200}}?)\([ \t]{{0,10}}(?P<pid>{PID})\):"
_PROCESS_TAG = re.compile(r"\(([^()]{0,200})\)\Z")
_BRIEF_TAIL = re.compile(r"\([ \t]{0,10}\d{1,10}\)\Z", re.ASCII)


def _after(line: str, end: int) -> str:
    """The message after a header ending at ``end``: one separating space dropped."""
    return line[end + 1 :] if line[end : end + 1] == " " else line[end:]


def _tag(text: str | None) -> str | None:
    """A tag with logcat's ``%-8s`` padding removed; ``None`` when empty."""
    if text is None:
        return None
    return text.strip() or None


def _brief(m: re.Match[str], line: str) -> Header | None:
    return Header(
        message=_after(line, m.end()), level=level_from_letter(m["level"]),
        pid=int(m["pid"]), tag=_tag(m["tag"]),
    )  # fmt: skip


def _process(m: re.Match[str], line: str) -> Header | None:
    """The trailing ``  (TAG)`` is optional; only the last 203 characters can hold it,
    so a long line is not scanned for it."""
    rest = line[m.end() :]
    tag = None
    if rest.endswith(")"):
        t = _PROCESS_TAG.search(rest, max(0, len(rest) - 203))
        if t is not None and rest[max(0, t.start() - 2) : t.start()] == "  ":
            tag = _tag(t[1])
            rest = rest[: t.start() - 2]
    return Header(message=rest, level=level_from_letter(m["level"]), pid=int(m["pid"]), tag=tag)


def _tag_only(m: re.Match[str], line: str) -> Header | None:
    """A ``brief`` line (tag ending in ``(PID)``) is not a ``tag`` line."""
    if _BRIEF_TAIL.search(m["tag"]) is not None:
        return None
    return Header(
        message=line[m.end() :].removeprefix(" "), level=level_from_letter(m["level"]),
        tag=_tag(m["tag"]),
    )  # fmt: skip


def _thread(m: re.Match[str], line: str) -> Header | None:
    return Header(
        message=_after(line, m.end()), level=level_from_letter(m["level"]),
        pid=int(m["pid"]), tid=to_int(m["tid"]),
    )  # fmt: skip


def _time(m: re.Match[str], line: str) -> Header | None:
    return Header(
        message=_after(line, m.end()), time=m["time"], level=level_from_letter(m["level"]),
        pid=int(m["pid"]), tag=_tag(m["tag"]),
    )  # fmt: skip


def _threadtime(m: re.Match[str], line: str) -> Header | None:
    return Header(
        message=line[m.end() :], time=m["time"], level=level_from_letter(m["level"]),
        pid=int(m["pid"]), tid=int(m["tid"]), tag=_tag(m["tag"]),
    )  # fmt: skip


def _long(m: re.Match[str], line: str) -> Header | None:
    """The header line's message is empty: the text follows on the next lines."""
    return Header(
        message="", time=m["time"], level=level_from_letter(m["level"]),
        pid=int(m["pid"]), tid=to_int(m["tid"]), tag=_tag(m["tag"]),
    )  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """One ``-v`` layout: its names, its header regex, and how a match reads."""

    name: str
    """The format's name (``logcat-brief``)."""
    title: str
    """One-line description."""
    example: str
    """A representative header line."""
    aliases: tuple[str, ...]
    """Other names for it."""
    specificity: int
    """Tie-break in detection (:attr:`LogFormat.specificity`)."""
    header: re.Pattern[str]
    """The header, matched at the start of a line."""
    read: Callable[[re.Match[str], str], Header | None]
    """The fields and the message of a line whose header matched (``None``: not this
    layout's line after all)."""
    blank_line_ends_record: bool = False
    """Whether a blank line closes the entry (``long``)."""


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "logcat-long",
        "adb logcat -v long ([ time PID:TID L/TAG ] then message lines)",
        "[ 06-14 09:20:11.042  4821: 4830 D/TPush    ]",
        (),
        70,
        re.compile(
            rf"\[[ \t]{{1,8}}(?P<time>{TIME})[ \t]{{1,16}}(?P<pid>{PID}):[ \t]{{0,10}}"
            rf"(?P<tid>{TID})[ \t]{{1,8}}{_L}/(?P<tag>[^\]]{{0,200}})\][ \t]{{0,8}}\Z",
            re.ASCII,
        ),
        _long,
        blank_line_ends_record=True,
    ),
    Layout(
        "logcat-threadtime",
        "adb logcat -v threadtime (MM-DD HH:MM:SS.mmm PID TID L TAG: msg)",
        "06-14 09:20:11.042  4821  4830 D TPush   : [XGPushManager] register push success",
        ("logcat", "threadtime"),
        60,
        re.compile(
            rf"[ \t]{{0,24}}(?P<time>{TIME})[ \t]{{1,16}}(?P<pid>{PID})[ \t]{{1,16}}"
            rf"(?P<tid>{PID})[ \t]{{1,8}}{_L}[ \t](?P<tag>.{{0,200}}?):(?: |$)",
            re.ASCII,
        ),
        _threadtime,
    ),
    Layout(
        "logcat-time",
        "adb logcat -v time (MM-DD HH:MM:SS.mmm L/TAG( PID): msg)",
        "06-14 09:20:11.042 D/TPush   ( 4821): [XGPushManager] register push success",
        (),
        60,
        re.compile(rf"[ \t]{{0,24}}(?P<time>{TIME})[ \t]{{1,8}}{_L}{_TAG_TO_PID}", re.ASCII),
        _time,
    ),
    Layout(
        "logcat-brief",
        "adb logcat -v brief (L/TAG( PID): msg)",
        "D/TPush   ( 4821): [XGPushManager] register push success",
        ("brief",),
        60,
        re.compile(_L + _TAG_TO_PID, re.ASCII),
        _brief,
    ),
    Layout(
        "logcat-thread",
        "adb logcat -v thread (L( PID: TID) msg)",
        "D( 4821: 4830) [XGPushManager] register push success",
        (),
        60,
        re.compile(rf"{_L}\([ \t]{{0,10}}(?P<pid>{PID}):[ \t]{{0,10}}(?P<tid>{TID})\)", re.ASCII),
        _thread,
    ),
    Layout(
        "logcat-process",
        "adb logcat -v process (L( PID) msg  (TAG))",
        "D( 4821) [XGPushManager] register push success  (TPush)",
        (),
        60,
        re.compile(rf"{_L}\([ \t]{{0,10}}(?P<pid>{PID})\)(?: |$)", re.ASCII),
        _process,
    ),
    Layout(
        "logcat-tag",
        "adb logcat -v tag (L/TAG: msg)",
        "D/TPush   : [XGPushManager] register push success",
        (),
        50,
        re.compile(rf"{_L}/(?P<tag>.{{0,200}}?):(?: |$)", re.ASCII),
        _tag_only,
    ),
)
"""The layouts with a header, in the order they are registered (the order detection
breaks ties of equal specificity in)."""


class LogcatFormat(LogFormat):
    """One logcat layout (a row of :data:`LAYOUTS`)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.name = layout.name
        self.title = layout.title
        self.example = layout.example
        self.aliases = layout.aliases
        self.specificity = layout.specificity
        self.blank_line_ends_record = layout.blank_line_ends_record
        self.levels_in_plain_sight = True
        self._header = layout.header
        self._read = layout.read

    def parse_line(self, line: str) -> Header | None:
        """Read a header line of this layout."""
        m = self._header.match(line)
        return None if m is None else self._read(m, line)


class LogcatRawFormat(RawFormat):
    """``-v raw``: the message only. Same as the ``raw`` fallback; forced by name only."""

    name = "logcat-raw"
    title = "adb logcat -v raw (message only; same as raw, never auto-detected)"
    example = "[XGPushManager] register push success"
    aliases: tuple[str, ...] = ()
    detectable = False
