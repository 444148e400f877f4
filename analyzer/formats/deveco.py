"""hilog as copied from DevEco Studio's "Log > HiLog" panel.

``time  PID-TID  XDDDDD/[process/]tag  process  L  message``, for example::

    04-03 10:12:08.554   7310-7342   C015B0/NETSTACK     com.example.shop   E   error code:2300028

The panel pads its columns with spaces, and truncates long tag and bundle names with a
middle ellipsis (``C015B0/com.exa…shop/NETSTACK com.examp…e.shop``). Copies pasted into
forums often have the padding collapsed to single spaces; both read the same here,
because the domain/tag column and the process column contain no spaces. The process
column may be non-ASCII (``应用包名``) or, for some system lines, missing.
"""

from __future__ import annotations

import re

from analyzer.formats._common import DATE_TIME, DOMAIN, LEVEL_LETTERS, PID, level_from_letter
from analyzer.formats.interface import Header, LogFormat

_LINE = re.compile(
    rf"(?P<time>{DATE_TIME})[ \t]{{1,16}}(?P<pid>{PID})-(?P<tid>{PID})[ \t]{{1,40}}"
    rf"(?P<domain>{DOMAIN})/(?P<column>[^ \t]{{0,300}})[ \t]{{1,80}}"
    rf"(?:(?P<process>[^ \t]{{1,300}})[ \t]{{1,80}})?"
    rf"(?P<level>[{LEVEL_LETTERS}])(?:[ \t]|$)",
    re.ASCII,
)


class DevEcoFormat(LogFormat):
    """DevEco Studio HiLog panel copies, padded or collapsed."""

    name: str = "deveco"
    title: str = "DevEco Studio HiLog panel copy (time PID-TID domain/tag process L msg)"
    example: str = (
        "04-03 10:12:08.554   7310-7342     C015B0/NETSTACK                 "
        "com.example.shop      E     [http_exec.cpp:512] error code:2300028"
    )
    specificity: int = 100
    levels_in_plain_sight = True

    def parse_line(self, line: str) -> Header | None:
        """Read a DevEco HiLog row; ``None`` when the line is not one."""
        m = _LINE.match(line)
        if m is None:
            return None
        column_process, slash, tag = m["column"].rpartition("/")
        process = m["process"] or (column_process if slash else None)
        return Header(
            message=line[m.end() :].lstrip(" "),
            time=m["time"],
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tid=int(m["tid"]),
            domain=m["domain"],
            tag=tag or None,
            process=process or None,
        )
