"""Regex fragments and small helpers shared by the format modules.

Every fragment uses bounded quantifiers and adjacent character classes that do not
overlap, so a header regex fails in time linear in the line's length even on an
8 MB line of spaces or digits (no catastrophic backtracking).
"""

from __future__ import annotations

import re

from analyzer.model import Level

LEVEL_LETTERS = "VDIWEFA"
"""One-letter levels printed by hilog, logcat, DevEco and Android Studio (A = assert)."""

DATE_TIME = r"(?:\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,9}"
"""``MM-DD HH:MM:SS.fff`` with 1-9 fraction digits (msec/usec/nsec), optional ``YYYY-``."""

SECONDS = r"\d{1,12}\.\d{1,9}"
"""Seconds with a fraction: ``-v epoch`` (since 1970) or ``-v monotonic`` (since boot)."""

ZONE = r"(?:[+-]\d\d:?\d\d|[A-Z]{2,5})"
"""A time zone as hilog/logcat ``-v zone`` print it: ``+0800`` or an abbreviation (``CST``)."""

TIME = rf"(?:{ZONE} )?(?:{DATE_TIME}|{SECONDS})(?: {ZONE})?"
"""Any hilog/logcat timestamp; older hilog prints the zone first, logcat after the time."""

DOMAIN = r"[A-Za-z]?[0-9A-Fa-f]{5}"
"""A hilog domain token: type letter (A, C, I, P, D, ...) plus 5 hex digits, any case."""

PID = r"\d{1,10}"
"""A decimal process or thread id."""

TID = r"0x[0-9A-Fa-f]{1,16}|\d{1,10}"
"""A thread id: decimal, or hex with ``0x`` in old logcat ``thread``/``long`` output."""

JAVA_FRAME_RE = re.compile(
    r"[ \t]{1,64}at[ \t]|[ \t]{0,64}(?:Caused by:|Suppressed:|\.\.\. \d{1,9} more)"
)
"""A Java stack-trace line: ``\\tat ...``, ``    at ...``, ``Caused by:``, ``... N more``."""

JS_KEY_RE = re.compile(
    r"[ \t]{0,64}(Error name|Error message|Error code|Error type|SourceCode|Stacktrace):"
)
"""A line of a HarmonyOS JS crash block; group 1 is the key without the colon."""

JS_FRAME_RE = re.compile(r"[ \t]{0,64}(?:at[ \t]|Cannot get SourceMap info)")
"""A line after ``Stacktrace:`` in a JS crash block (``at fn (file:line:col)``)."""

JS_OPENER = "Error name:"
"""The key that opens a JS crash block even in the middle of a line (pasted summaries)."""

_LETTER_LEVELS: dict[str, Level] = {}
for _letter in LEVEL_LETTERS:
    _parsed = Level.parse(_letter)
    if _parsed is not None:
        _LETTER_LEVELS[_letter] = _parsed


def level_from_letter(letter: str) -> Level | None:
    """The level for a one-letter level (``E``); ``None`` for anything else."""
    return _LETTER_LEVELS.get(letter)


def to_int(text: str | None) -> int | None:
    """A decimal or ``0x`` hex id as an int; ``None`` for ``None`` or unreadable text."""
    if text is None:
        return None
    try:
        if text[:2].lower() == "0x":
            return int(text, 16)
        return int(text)
    except ValueError:
        return None


def looks_like_continuation(line: str) -> bool:
    """Whether an unprefixed line has the shape of a record's continuation.

    Indented lines, Java stack frames and JS crash-block lines qualify; detection gives
    them full credit when they follow a header line.
    """
    if line[:1] in (" ", "\t"):
        return True
    return JAVA_FRAME_RE.match(line) is not None or JS_KEY_RE.match(line) is not None
