"""JSON lines: one JSON object per line, as log shippers and SDK file loggers write them.

Example::

    {"time": "2024-06-14T09:20:11.042+08:00", "level": "error", "msg": "errCode=10008"}

Fields are read from the common key names, case-insensitively, first match wins:

* time: ``time``, ``timestamp``, ``ts``, ``@timestamp``, ``date``, ``datetime``, ``asctime``
* level: ``level``, ``severity``, ``lvl``, ``loglevel``, ``priority``, ``levelname``
  (words or letters; numbers on the pino/bunyan scale 10..60, Android priorities 2..7
  under ``priority`` and syslog severities 0..7 under ``severity``)
* tag: ``tag``, ``logger``, ``module``, ``component``, ``category``, ``logger_name``
* message: ``message``, ``msg``, ``log``, ``text`` (a non-string value becomes its JSON
  text; with no message key the whole line is the message, so nothing is lost); the
  fields that are none of these follow the message as compact JSON
* pid: ``pid``, ``process_id``; tid: ``tid``, ``thread_id``, ``thread`` (integers only)
* process: ``process``, ``process_name``, ``package``, ``bundle``, ``bundle_name``, ``app``
* domain: ``domain``

A line that is not a JSON object is not a header line; unlike the text formats it does
not continue the previous record but is a record of its own (message = whole line).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from analyzer.formats.interface import Header, LogFormat
from analyzer.model import Level

_TIME_KEYS = ("time", "timestamp", "ts", "@timestamp", "date", "datetime", "asctime")
_LEVEL_KEYS = ("level", "severity", "lvl", "loglevel", "priority", "levelname")
_TAG_KEYS = ("tag", "logger", "module", "component", "category", "logger_name")
_MESSAGE_KEYS = ("message", "msg", "log", "text")
_PID_KEYS = ("pid", "process_id")
_TID_KEYS = ("tid", "thread_id", "thread")
_PROCESS_KEYS = ("process", "process_name", "package", "bundle", "bundle_name", "app")

_PINO_LEVELS = {
    10: Level.VERBOSE,
    20: Level.DEBUG,
    30: Level.INFO,
    40: Level.WARN,
    50: Level.ERROR,
    60: Level.FATAL,
}
_ANDROID_PRIORITIES = {
    2: Level.VERBOSE,
    3: Level.DEBUG,
    4: Level.INFO,
    5: Level.WARN,
    6: Level.ERROR,
    7: Level.FATAL,
}
_SYSLOG_SEVERITIES = {
    0: Level.FATAL,
    1: Level.FATAL,
    2: Level.FATAL,
    3: Level.ERROR,
    4: Level.WARN,
    5: Level.INFO,
    6: Level.INFO,
    7: Level.DEBUG,
}


def _first(fields: Mapping[str, object], keys: tuple[str, ...]) -> tuple[str, object] | None:
    """The first of ``keys`` present with a non-null value, as (key, value)."""
    for key in keys:
        value = fields.get(key)
        if value is not None:
            return key, value
    return None


def _text(value: object) -> str:
    """A string as is; any other JSON value as its compact JSON text."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _level(found: tuple[str, object] | None) -> Level | None:
    """A level from a word, a letter or a number (scale chosen by the key)."""
    if found is None:
        return None
    key, value = found
    if isinstance(value, str):
        return Level.parse(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != int(value):
        return None
    number = int(value)
    if key == "priority" and number in _ANDROID_PRIORITIES:
        return _ANDROID_PRIORITIES[number]
    if key == "severity" and number in _SYSLOG_SEVERITIES:
        return _SYSLOG_SEVERITIES[number]
    return _PINO_LEVELS.get(number)


def _int(found: tuple[str, object] | None) -> int | None:
    """An id from an integer or a string of ASCII digits."""
    if found is None:
        return None
    value = found[1]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def _str(found: tuple[str, object] | None) -> str | None:
    """A field as text; ``None`` when absent or empty."""
    if found is None:
        return None
    return _text(found[1]) or None


_FIELD_KEYS = frozenset(
    (*_TIME_KEYS, *_LEVEL_KEYS, *_TAG_KEYS, *_MESSAGE_KEYS, *_PID_KEYS, *_TID_KEYS,
     *_PROCESS_KEYS, "domain")
)  # fmt: skip


def _with_rest(decoded: Mapping[str, object], message: tuple[str, object]) -> str:
    """The message, then every other field as compact JSON.

    Error codes often sit beside the message rather than in it
    (``"msg": "push API response", "response": {"ret_code": 1008003}``); dropping the
    other fields would hide them from the engine.
    """
    text = _text(message[1])
    rest = {k: v for k, v in decoded.items() if k.lower() not in _FIELD_KEYS}
    if not rest:
        return text
    return f"{text} {json.dumps(rest, ensure_ascii=False, separators=(',', ':'))}"


class JsonLinesFormat(LogFormat):
    """One JSON object per line, common key names."""

    name: str = "jsonl"
    title: str = "JSON lines (one object per line: time/level/tag/message keys)"
    example: str = (
        '{"time": "2024-06-14T09:20:11.042+08:00", "level": "error", "tag": "TPush", '
        '"msg": "register failed, errCode=10008"}'
    )
    aliases: tuple[str, ...] = ("json", "ndjson")
    specificity: int = 40
    levels_in_plain_sight = True
    continuation_lines: bool = False
    escaped_text: bool = True

    def parse_line(self, line: str) -> Header | None:
        """Read a JSON object line; ``None`` for anything that is not one."""
        text = line.strip()
        if not (text.startswith("{") and text.endswith("}")):
            return None
        try:
            decoded = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if not isinstance(decoded, dict):
            return None
        fields = {k.lower(): v for k, v in decoded.items()}
        try:
            message = _first(fields, _MESSAGE_KEYS)
            return Header(
                message=line if message is None else _with_rest(decoded, message),
                time=_str(_first(fields, _TIME_KEYS)),
                level=_level(_first(fields, _LEVEL_KEYS)),
                pid=_int(_first(fields, _PID_KEYS)),
                tid=_int(_first(fields, _TID_KEYS)),
                domain=_str(_first(fields, ("domain",))),
                tag=_str(_first(fields, _TAG_KEYS)),
                process=_str(_first(fields, _PROCESS_KEYS)),
            )
        except (ValueError, RecursionError):
            # Re-encoding a deeply nested value can fail; keep the line whole.
            return Header(message=line)
