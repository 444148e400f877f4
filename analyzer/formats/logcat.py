"""Android ``adb logcat -v <format>`` output, one class per ``-v`` layout.

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

The time in ``time``, ``threadtime`` and ``long`` takes the ``-v year``, ``usec``,
``nsec``, ``epoch``, ``monotonic`` and ``zone`` modifiers. Tags may contain spaces and
``|`` (Flutter plugins: ``I/| XgpushpPlugin | Flutter | Android |(11050): ...``), so in
``brief`` and ``time`` the tag is everything between ``L/`` and ``(PID):``. logcat
repeats the header on every line of a multi-line message, so Java stack traces are
joined by the grouper, not here. ``raw`` carries no header at all; it is the plain
``raw`` fallback under a logcat name and is never chosen by detection.
"""

from __future__ import annotations

import re
from typing import ClassVar

from analyzer.formats._common import LEVEL_LETTERS, PID, TID, TIME, level_from_letter, to_int
from analyzer.formats.interface import Header, LogFormat
from analyzer.formats.raw import RawFormat

_L = rf"(?P<level>[{LEVEL_LETTERS}])"
_TAG_TO_PID = rf"/(?P<tag>.{{0,200}}?)\([ \t]{{0,10}}(?P<pid>{PID})\):"
_PROCESS_TAG = re.compile(r"\(([^()]{0,200})\)\Z")


def _after(line: str, end: int) -> str:
    """The message after a header ending at ``end``: one separating space dropped."""
    return line[end + 1 :] if line[end : end + 1] == " " else line[end:]


def _tag(text: str | None) -> str | None:
    """A tag with logcat's ``%-8s`` padding removed; ``None`` when empty."""
    if text is None:
        return None
    return text.strip() or None


class LogcatBriefFormat(LogFormat):
    """``-v brief``, the default before Android 7: ``L/TAG(PID): msg``."""

    name: ClassVar[str] = "logcat-brief"
    title: ClassVar[str] = "adb logcat -v brief (L/TAG( PID): msg)"
    example: ClassVar[str] = "D/TPush   ( 4821): [XGPushManager] register push success"
    aliases: ClassVar[tuple[str, ...]] = ("brief",)
    specificity: ClassVar[int] = 60
    _re: ClassVar[re.Pattern[str]] = re.compile(_L + _TAG_TO_PID, re.ASCII)

    def parse_line(self, line: str) -> Header | None:
        """Read a brief header line."""
        m = self._re.match(line)
        if m is None:
            return None
        return Header(
            message=_after(line, m.end()),
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tag=_tag(m["tag"]),
        )


class LogcatProcessFormat(LogFormat):
    """``-v process``: ``L( PID) msg  (TAG)``, the tag at the end of the line."""

    name: ClassVar[str] = "logcat-process"
    title: ClassVar[str] = "adb logcat -v process (L( PID) msg  (TAG))"
    example: ClassVar[str] = "D( 4821) [XGPushManager] register push success  (TPush)"
    specificity: ClassVar[int] = 60
    _re: ClassVar[re.Pattern[str]] = re.compile(
        rf"{_L}\([ \t]{{0,10}}(?P<pid>{PID})\)(?: |$)", re.ASCII
    )

    def parse_line(self, line: str) -> Header | None:
        """Read a process header line; the trailing ``  (TAG)`` is optional."""
        m = self._re.match(line)
        if m is None:
            return None
        rest = line[m.end() :]
        tag = None
        if rest.endswith(")"):
            # Only the last 203 characters can hold "(tag)": no scan of a long line.
            tail_start = max(0, len(rest) - 203)
            t = _PROCESS_TAG.search(rest, tail_start)
            if t is not None and rest[max(0, t.start() - 2) : t.start()] == "  ":
                tag = _tag(t[1])
                rest = rest[: t.start() - 2]
        return Header(message=rest, level=level_from_letter(m["level"]), pid=int(m["pid"]), tag=tag)


class LogcatTagFormat(LogFormat):
    """``-v tag``: ``L/TAG: msg``."""

    name: ClassVar[str] = "logcat-tag"
    title: ClassVar[str] = "adb logcat -v tag (L/TAG: msg)"
    example: ClassVar[str] = "D/TPush   : [XGPushManager] register push success"
    specificity: ClassVar[int] = 50
    _re: ClassVar[re.Pattern[str]] = re.compile(rf"{_L}/(?P<tag>.{{0,200}}?):(?: |$)", re.ASCII)
    _brief_tail: ClassVar[re.Pattern[str]] = re.compile(r"\([ \t]{0,10}\d{1,10}\)\Z", re.ASCII)

    def parse_line(self, line: str) -> Header | None:
        """Read a tag header line; a ``brief`` line (tag ending in ``(PID)``) is not one."""
        m = self._re.match(line)
        if m is None or self._brief_tail.search(m["tag"]) is not None:
            return None
        return Header(
            message=line[m.end() :].removeprefix(" "),
            level=level_from_letter(m["level"]),
            tag=_tag(m["tag"]),
        )


class LogcatThreadFormat(LogFormat):
    """``-v thread``: ``L( PID: TID) msg`` (old Android printed the TID in hex)."""

    name: ClassVar[str] = "logcat-thread"
    title: ClassVar[str] = "adb logcat -v thread (L( PID: TID) msg)"
    example: ClassVar[str] = "D( 4821: 4830) [XGPushManager] register push success"
    specificity: ClassVar[int] = 60
    _re: ClassVar[re.Pattern[str]] = re.compile(
        rf"{_L}\([ \t]{{0,10}}(?P<pid>{PID}):[ \t]{{0,10}}(?P<tid>{TID})\)", re.ASCII
    )

    def parse_line(self, line: str) -> Header | None:
        """Read a thread header line."""
        m = self._re.match(line)
        if m is None:
            return None
        return Header(
            message=_after(line, m.end()),
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tid=to_int(m["tid"]),
        )


class LogcatRawFormat(RawFormat):
    """``-v raw``: the message only. Same as the ``raw`` fallback; forced by name only."""

    name: ClassVar[str] = "logcat-raw"
    title: ClassVar[str] = "adb logcat -v raw (message only; same as raw, never auto-detected)"
    example: ClassVar[str] = "[XGPushManager] register push success"
    aliases: ClassVar[tuple[str, ...]] = ()
    detectable: ClassVar[bool] = False


class LogcatTimeFormat(LogFormat):
    """``-v time``: ``MM-DD HH:MM:SS.mmm L/TAG(PID): msg``."""

    name: ClassVar[str] = "logcat-time"
    title: ClassVar[str] = "adb logcat -v time (MM-DD HH:MM:SS.mmm L/TAG( PID): msg)"
    example: ClassVar[str] = (
        "06-14 09:20:11.042 D/TPush   ( 4821): [XGPushManager] register push success"
    )
    specificity: ClassVar[int] = 60
    _re: ClassVar[re.Pattern[str]] = re.compile(
        rf"[ \t]{{0,24}}(?P<time>{TIME})[ \t]{{1,8}}{_L}{_TAG_TO_PID}", re.ASCII
    )

    def parse_line(self, line: str) -> Header | None:
        """Read a time header line."""
        m = self._re.match(line)
        if m is None:
            return None
        return Header(
            message=_after(line, m.end()),
            time=m["time"],
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tag=_tag(m["tag"]),
        )


class LogcatThreadtimeFormat(LogFormat):
    """``-v threadtime``, the default since Android 7: ``time PID TID L TAG: msg``."""

    name: ClassVar[str] = "logcat-threadtime"
    title: ClassVar[str] = "adb logcat -v threadtime (MM-DD HH:MM:SS.mmm PID TID L TAG: msg)"
    example: ClassVar[str] = (
        "06-14 09:20:11.042  4821  4830 D TPush   : [XGPushManager] register push success"
    )
    aliases: ClassVar[tuple[str, ...]] = ("logcat", "threadtime")
    specificity: ClassVar[int] = 60
    _re: ClassVar[re.Pattern[str]] = re.compile(
        rf"[ \t]{{0,24}}(?P<time>{TIME})[ \t]{{1,16}}(?P<pid>{PID})[ \t]{{1,16}}(?P<tid>{PID})"
        rf"[ \t]{{1,8}}{_L}[ \t](?P<tag>.{{0,200}}?):(?: |$)",
        re.ASCII,
    )

    def parse_line(self, line: str) -> Header | None:
        """Read a threadtime header line; the tag may contain spaces."""
        m = self._re.match(line)
        if m is None:
            return None
        return Header(
            message=line[m.end() :],
            time=m["time"],
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tid=int(m["tid"]),
            tag=_tag(m["tag"]),
        )


class LogcatLongFormat(LogFormat):
    """``-v long``: a ``[ time PID:TID L/TAG ]`` header line, message lines, a blank line."""

    name: ClassVar[str] = "logcat-long"
    title: ClassVar[str] = "adb logcat -v long ([ time PID:TID L/TAG ] then message lines)"
    example: ClassVar[str] = "[ 06-14 09:20:11.042  4821: 4830 D/TPush    ]"
    specificity: ClassVar[int] = 70
    blank_line_ends_record: ClassVar[bool] = True
    _re: ClassVar[re.Pattern[str]] = re.compile(
        rf"\[[ \t]{{1,8}}(?P<time>{TIME})[ \t]{{1,16}}(?P<pid>{PID}):[ \t]{{0,10}}(?P<tid>{TID})"
        rf"[ \t]{{1,8}}{_L}/(?P<tag>[^\]]{{0,200}})\][ \t]{{0,8}}\Z",
        re.ASCII,
    )

    def parse_line(self, line: str) -> Header | None:
        """Read a long header line; its message is empty (the text follows on next lines)."""
        m = self._re.match(line)
        if m is None:
            return None
        return Header(
            message="",
            time=m["time"],
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tid=to_int(m["tid"]),
            tag=_tag(m["tag"]),
        )
