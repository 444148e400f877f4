"""Logcat as copied from Android Studio's Logcat window.

Before 2022 (``android-studio-legacy``)::

    06-14 09:20:11.042 4821-4830/com.example.shop D/TPush: [XGPushManager] register push success

The ``/package`` part is optional (``?`` when the IDE did not know it).

Since Android Studio Dolphin (2022, ``android-studio``), columns padded with spaces::

    2024-06-14 09:20:11.042  4821-4830  TPush        com.example.shop        D  register success

Full date (or time only, an IDE option), ``PID-TID``, tag column, package/process
column, then the level letter and the message. Tags may contain spaces. When the
padding is present (runs of 2+ spaces) the columns are split on it; when a copy
collapsed it to single spaces, the level is the first standalone level letter and
the package is the last word before it (package names contain no spaces), so a tag
that contains a standalone level letter (``My A Tag``) is misread in collapsed copies.
"""

from __future__ import annotations

import re
from typing import ClassVar

from analyzer.formats._common import DATE_TIME, LEVEL_LETTERS, PID, level_from_letter
from analyzer.formats.interface import Header, LogFormat


class AndroidStudioLegacyFormat(LogFormat):
    """Android Studio (pre-2022) copies: ``time PID-TID/package L/TAG: msg``."""

    name: str = "android-studio-legacy"
    title: str = "Android Studio logcat copy, pre-2022 (time PID-TID/package L/TAG: msg)"
    example: str = (
        "06-14 09:20:11.042 4821-4830/com.example.shop D/TPush: "
        "[XGPushManager] register push success"
    )
    aliases: tuple[str, ...] = ("studio-legacy",)
    specificity: int = 80
    levels_in_plain_sight = True
    _re: ClassVar[re.Pattern[str]] = re.compile(
        rf"(?P<time>{DATE_TIME})[ \t]{{1,16}}(?P<pid>{PID})-(?P<tid>{PID})"
        rf"(?:/(?P<process>[^ \t]{{0,300}}))?[ \t]{{1,16}}(?P<level>[{LEVEL_LETTERS}])/"
        rf"(?P<tag>.{{0,200}}?):(?: |$)",
        re.ASCII,
    )

    def parse_line(self, line: str) -> Header | None:
        """Read a legacy Android Studio line."""
        m = self._re.match(line)
        if m is None:
            return None
        process = m["process"]
        return Header(
            message=line[m.end() :],
            time=m["time"],
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tid=int(m["tid"]),
            tag=m["tag"].strip() or None,
            process=process if process and process != "?" else None,
        )


_COLUMN_SPAN = 600
"""How far after ``PID-TID`` the level letter may be (tag and package columns)."""


class AndroidStudioFormat(LogFormat):
    """Android Studio (2022+) copies: ``date time PID-TID tag package L msg``."""

    name: str = "android-studio"
    title: str = "Android Studio logcat copy, 2022+ (date time PID-TID tag package L msg)"
    example: str = (
        "2024-06-14 09:20:11.042  4821-4830  TPush                   com.example.shop"
        "                     D  [XGPushManager] register push success"
    )
    aliases: tuple[str, ...] = ("studio",)
    specificity: int = 80
    levels_in_plain_sight = True
    _head: ClassVar[re.Pattern[str]] = re.compile(
        r"(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9}|\d\d:\d\d:\d\d\.\d{1,9})"
        rf"[ \t]{{1,16}}(?P<pid>{PID})-(?P<tid>{PID})[ \t]{{1,40}}",
        re.ASCII,
    )
    _padded_level: ClassVar[re.Pattern[str]] = re.compile(
        rf"[ \t]{{2,}}(?P<level>[{LEVEL_LETTERS}])(?:[ \t]+|\Z)", re.ASCII
    )
    _single_level: ClassVar[re.Pattern[str]] = re.compile(
        rf"[ \t](?P<level>[{LEVEL_LETTERS}])(?:[ \t]+|\Z)", re.ASCII
    )
    _gap: ClassVar[re.Pattern[str]] = re.compile(r"[ \t]{2,}")

    def parse_line(self, line: str) -> Header | None:
        """Read a 2022+ Android Studio line, padded or collapsed."""
        m = self._head.match(line)
        if m is None:
            return None
        start = m.end()
        head = line[start : start + _COLUMN_SPAN]
        lm = self._padded_level.search(head)
        if lm is not None:
            columns = [c for c in self._gap.split(head[: lm.start()]) if c]
            if not columns:
                return None
            if len(columns) == 1 and " " in columns[0].strip():
                # A full-width tag column leaves one space before the package.
                tag, process = columns[0].strip().rsplit(" ", 1)
            else:
                tag = columns[0]
                process = columns[1] if len(columns) > 1 else None
        else:
            lm = self._single_level.search(head)
            if lm is None:
                return None
            words = head[: lm.start()].split()
            if not words:
                return None
            tag = " ".join(words[:-1]) if len(words) > 1 else words[0]
            process = words[-1] if len(words) > 1 else None
        end = start + lm.end()
        return Header(
            message=line[end:],
            time=m["time"],
            level=level_from_letter(lm["level"]),
            pid=int(m["pid"]),
            tid=int(m["tid"]),
            tag=tag,
            process=process,
        )
