"""hilog, the OpenHarmony/HarmonyOS logger, as ``hilog`` prints it on a device or over hdc.

``MM-DD HH:MM:SS.mmm  PID  TID L XDDDDD/process/tag: message``, for example::

    11-02 08:14:27.305  2210  2231 E C015B0/com.example.shop/NETSTACK: error code:2300028

Variants read by the same parser:

* no process field (``C015b0/NETSTACK:``), used by older systems and many FAQ copies;
* ``-v usec`` / ``-v nsec`` (6 or 9 fraction digits), ``-v year`` (``2024-11-02 ...``);
* ``-v epoch`` (``1700000000.123``) and ``-v monotonic`` (``   1234.567``, right-aligned);
* ``-v zone``: a zone (``+0800`` or ``CST``) before the date (hilog) or after the time;
* domain tokens in any hex case with any type letter (``C015B0``, ``I02c01``, ``A03d00``),
  or without a type letter (very old releases print ``015b0``);
* ``-v wrap``: continuation lines without a prefix (handled by the grouper: every
  non-header line continues the previous record).

The header fields end at the first ``": "`` after the domain token: tags contain ``::``
(``OHOS::RS``) and process names contain ``:`` (``os.hiviewcare:staticSubscriber``).
The part before it is ``process/tag`` split at the LAST ``/``, or just ``tag``.
"""

from __future__ import annotations

import re

from analyzer.formats._common import DOMAIN, LEVEL_LETTERS, PID, TIME, level_from_letter
from analyzer.formats.interface import Header, LogFormat

_HEAD = re.compile(
    rf"[ \t]{{0,24}}(?P<time>{TIME})[ \t]{{1,16}}(?P<pid>{PID})[ \t]{{1,16}}(?P<tid>{PID})"
    rf"[ \t]{{1,8}}(?P<level>[{LEVEL_LETTERS}])[ \t]{{1,8}}(?P<domain>{DOMAIN})/",
    re.ASCII,
)

FIELD_SPAN = 200
"""How far after the domain the ``": "`` may be (process <= 30 bytes, tag <= 31 bytes)."""


def split_fields(line: str, start: int) -> tuple[str, str] | None:
    """Split ``process/tag: message`` starting at ``start`` into (fields, message).

    Looks for ``": "`` only within :data:`FIELD_SPAN` characters, so the cost does not
    depend on the line's length; a line ending in ``tag:`` has an empty message.
    """
    sep = line.find(": ", start, start + FIELD_SPAN)
    if sep >= 0:
        return line[start:sep], line[sep + 2 :]
    if line.endswith(":") and len(line) - start <= FIELD_SPAN:
        return line[start:-1], ""
    return None


class HilogFormat(LogFormat):
    """hilog's default layout and its ``-v`` time variants."""

    name: str = "hilog"
    title: str = "OpenHarmony/HarmonyOS hilog (MM-DD HH:MM:SS.mmm PID TID L XDDDDD/tag: msg)"
    example: str = (
        "11-02 08:14:27.305  2210  2231 E C015B0/com.example.shop/NETSTACK: "
        "[http_exec.cpp:512] error code:2300028"
    )
    aliases: tuple[str, ...] = ("hilog-wrap",)
    specificity: int = 90
    levels_in_plain_sight = True

    def message(self, line: str) -> str | None:
        """:meth:`parse_line`'s message without converting the fields, which costs most of
        a parse."""
        m = _HEAD.match(line)
        if m is None:
            return None
        split = split_fields(line, m.end())
        return None if split is None else split[1]

    def parse_line(self, line: str) -> Header | None:
        """Read a hilog header line; ``None`` when the line has no hilog prefix."""
        m = _HEAD.match(line)
        if m is None:
            return None
        split = split_fields(line, m.end())
        if split is None:
            return None
        fields, message = split
        process, slash, tag = fields.rpartition("/")
        return Header(
            message=message,
            time=m["time"],
            level=level_from_letter(m["level"]),
            pid=int(m["pid"]),
            tid=int(m["tid"]),
            domain=m["domain"],
            tag=tag.strip() or None,
            process=(process.strip() or None) if slash else None,
        )
