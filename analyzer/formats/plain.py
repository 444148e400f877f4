"""Plain text logs that start with an ISO-8601 timestamp, usually followed by a level.

Server-side and SDK file logs, and most logging libraries' defaults::

    2024-06-14T09:20:11.042Z [ERROR] push register failed, errCode=10008
    2024-06-14 09:20:11,042 ERROR [TPush] push register failed, errCode=10008
    [2024-06-14 09:20:11] [WARN] token refresh took 5021 ms
    2024-06-14 09:20:11.042 [main] INFO  c.e.push.Client - connected
    2024-06-14 09:20:11,042 - push.client - ERROR - register failed

The timestamp (``T`` or space, optional ``.``/``,`` fraction, optional ``Z`` or offset,
optionally in ``[...]``) makes the line a header line; the level word (``[ERROR]``,
``ERROR``, ``<warn>``, ``ERROR:``) and the tag (``[tag]`` after the level, or a
``logger - `` name) are read when present. Lines without a timestamp continue the
previous record (Python tracebacks, multi-line messages).
"""

from __future__ import annotations

import re

from analyzer.formats._common import to_int
from analyzer.formats.interface import Header, LogFormat
from analyzer.model import Level

_WORDS = (
    "TRACE|VERBOSE|DEBUG|DBG|INFO|INF|NOTICE|WARNING|WARN|WRN|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC"
)
_LEVELS = rf"(?i:{_WORDS})"
"""Level words in any case: only inside ``[...]``/``<...>`` or in ``name - LEVEL - ``."""
_UPPER_LEVELS = rf"(?:{_WORDS})"
"""Bare level words must be upper case, so ``Error connecting`` keeps its first word."""

_TIME = re.compile(
    r"[ \t]{0,8}(?P<open>\[)?"
    r"(?P<time>\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z| ?[+-]\d\d:?\d\d)?)"
    r"(?(open)\])(?:[ \t]{1,8}(?:[|-][ \t]{1,8})?|[ \t]{0,8}[|][ \t]{0,8}|\Z)",
    re.ASCII,
)
_LEVEL = re.compile(
    r"(?:\[(?P<thread>[^\]]{0,80})\][ \t]{1,8})?"
    rf"(?:[\[<][ \t]?(?P<blevel>{_LEVELS})[ \t]?[\]>]|(?P<level>{_UPPER_LEVELS}))"
    r"(?=[ \t:|-]|\Z):?[ \t]{0,8}(?:[|-][ \t]{1,8})?",
    re.ASCII,
)
_TAG = re.compile(
    r"\[(?P<tag>[^\]]{1,100})\]:?[ \t]{0,8}|(?P<logger>[\w.$:]{1,100})[ \t]{1,4}-[ \t]{1,4}",
    re.ASCII,
)
_NAME_LEVEL = re.compile(
    rf"(?P<logger>[\w.$:]{{1,100}})[ \t]{{1,4}}-[ \t]{{1,4}}"
    rf"(?P<level>{_LEVELS})[ \t]{{1,4}}-[ \t]{{1,4}}",
    re.ASCII,
)


class PlainTextFormat(LogFormat):
    """ISO-timestamped text lines with optional ``[LEVEL]`` and ``[tag]`` markers."""

    name: str = "plain"
    title: str = "Plain text with ISO timestamps ([2024-06-14 09:20:11] [ERROR] msg)"
    example: str = "2024-06-14T09:20:11.042Z [ERROR] push register failed, errCode=10008"
    aliases: tuple[str, ...] = ("iso",)
    specificity: int = 20
    levels_in_plain_sight = True

    def parse_line(self, line: str) -> Header | None:
        """Read a line that starts with an ISO timestamp."""
        m = _TIME.match(line)
        if m is None:
            return None
        time = m["time"]
        pos = m.end()
        lm = _LEVEL.match(line, pos)
        if lm is not None:
            pos = lm.end()
            tid = to_int(lm["thread"]) if lm["thread"] and lm["thread"].isdigit() else None
            tag = None
            tm = _TAG.match(line, pos)
            if tm is not None:
                tag = (tm["tag"] or tm["logger"]).strip() or None
                pos = tm.end()
            return Header(
                message=line[pos:],
                time=time,
                level=Level.parse(lm["blevel"] or lm["level"]),
                tid=tid,
                tag=tag,
            )
        nm = _NAME_LEVEL.match(line, pos)
        if nm is not None:
            return Header(
                message=line[nm.end() :],
                time=time,
                level=Level.parse(nm["level"]),
                tag=nm["logger"],
            )
        return Header(message=line[pos:], time=time)
