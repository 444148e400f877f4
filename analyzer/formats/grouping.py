"""Turn a stream of physical lines into :class:`~analyzer.model.LogRecord` values.

One generator, :func:`records`, streams: it holds only the record being built, which
is capped (:data:`MAX_RECORD_LINES` lines, :data:`MAX_RECORD_CHARS` characters), so
memory stays bounded whatever the file. Every input line lands in exactly one record,
in order, and a record never spans a gap in the line numbers.

Rules, in order, for each line:

1. A line the format does not read as a header (``parse_line`` is ``None``):

   * in a prefixed text format (``continuation_lines``), it continues the previous
     record when that record started with a header (hilog ``-v wrap``, logcat ``long``
     message lines, tracebacks under an ISO-timestamped line). In logcat ``long`` a
     blank line closes the entry (the blank lines stay in it);
   * otherwise it is read as a header with no fields and the whole line as message
     (an orphan line at the top of a file, a non-JSON line in a JSON-lines file).

2. A header line joins the previous record when the fields that identify a writer
   (pid, tid, tag, domain, process) are the same and its message is

   * a Java stack-trace line: ``\\tat ...``, ``    at ...``, ``Caused by:``,
     ``Suppressed:``, ``... N more`` (logcat repeats the header on every line);
   * a JS crash-block line (``Error type:``, ``Error name:``, ``Error message:``,
     ``Error code:``, ``SourceCode:``, ``Stacktrace:``) while the previous record is a
     JS crash block that has not had that key yet (a repeated key starts a new block);
     a block opens at a line starting with one of those keys, or containing
     ``Error name:`` anywhere (summaries pasted into issues);
   * after ``Stacktrace:``, an ``at ...`` frame (with or without indentation) or
     ``Cannot get SourceMap info...``; after ``SourceCode:``, an indented line.

   For formats without fields (``raw``) all lines have the same (empty) fields, so
   these rules group unprefixed stack traces and JS crash blocks too.

3. Anything else starts a new record. When a record is full, the next line starts a
   new one; a continuation line that overflows carries the previous record's fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from analyzer.formats._common import JAVA_FRAME_RE, JS_FRAME_RE, JS_KEY_RE, JS_OPENER
from analyzer.formats.interface import Header, LogFormat
from analyzer.model import LogRecord

MAX_RECORD_LINES = 200
"""Default cap on physical lines in one record."""

MAX_RECORD_CHARS = 1 << 20
"""Default cap on characters in one record (1 Mi; a single longer line is kept whole)."""

_STACKTRACE = "Stacktrace"
_SOURCECODE = "SourceCode"


def _chomp(text: str) -> str:
    """The line without its line terminator (``\\n``, ``\\r\\n`` or ``\\r``)."""
    if text.endswith("\n"):
        text = text[:-1]
    if text.endswith("\r"):
        text = text[:-1]
    return text


def read_line(line: str, fmt: LogFormat) -> tuple[str, Header | None]:
    """A physical line without its terminator, and the header ``fmt`` reads in it (a
    byte-order mark before the header is not part of it)."""
    raw = _chomp(line)
    return raw, fmt.parse_line(raw[1:] if raw.startswith("\ufeff") else raw)


class _Builder:
    """The record being built: its lines, its header fields and the JS-block state."""

    __slots__ = (
        "chars",
        "closed",
        "first",
        "header",
        "js_keys",
        "js_section",
        "messages",
        "raw",
        "started_with_header",
    )

    def __init__(self, number: int, raw: str, header: Header, *, started_with_header: bool) -> None:
        self.first = number
        self.raw = [raw]
        self.messages = [header.message]
        self.chars = len(raw)
        self.header = header
        self.started_with_header = started_with_header
        self.closed = False
        self.js_keys: set[str] = set()
        self.js_section: str | None = None
        self._track_js(header.message, opening=True)

    @property
    def next_line(self) -> int:
        """The line number a continuation of this record must have."""
        return self.first + len(self.raw)

    def is_full(self, extra_chars: int, max_lines: int, max_chars: int) -> bool:
        """Whether adding a line of ``extra_chars`` characters would pass a cap."""
        return len(self.raw) >= max_lines or self.chars + extra_chars > max_chars

    def add(self, raw: str, message: str) -> None:
        """Append one physical line."""
        self.raw.append(raw)
        self.messages.append(message)
        self.chars += len(raw)
        self._track_js(message, opening=False)

    def accepts(self, header: Header) -> bool:
        """Whether a header line belongs to this record (stack traces, JS crash blocks)."""
        if self.closed or header.key != self.header.key:
            return False
        message = header.message
        if JAVA_FRAME_RE.match(message) is not None:
            return True
        key = JS_KEY_RE.match(message)
        if key is not None:
            return bool(self.js_keys) and key[1] not in self.js_keys
        if self.js_section == _STACKTRACE:
            return JS_FRAME_RE.match(message) is not None
        if self.js_section == _SOURCECODE:
            return message[:1] in (" ", "\t")
        return False

    def _track_js(self, message: str, *, opening: bool) -> None:
        """Note the JS crash-block key a line carries, if any."""
        key = JS_KEY_RE.match(message)
        if key is not None:
            self.js_keys.add(key[1])
            self.js_section = key[1]
        elif opening and JS_OPENER in message:
            self.js_keys.add("Error name")
            self.js_section = "Error name"

    def build(self, format_name: str) -> LogRecord:
        """The finished record."""
        h = self.header
        return LogRecord(
            line=self.first,
            messages=tuple(self.messages),
            raw=tuple(self.raw),
            format=format_name,
            time=h.time,
            level=h.level,
            pid=h.pid,
            tid=h.tid,
            domain=h.domain,
            tag=h.tag,
            process=h.process,
        )


def records(
    lines: Iterable[tuple[int, str]],
    fmt: LogFormat,
    *,
    max_lines: int = MAX_RECORD_LINES,
    max_chars: int = MAX_RECORD_CHARS,
) -> Iterator[LogRecord]:
    """Group ``(line number, text)`` pairs into records of format ``fmt``, streaming.

    ``text`` may keep its line terminator; it is removed. Line numbers are normally
    consecutive; a record is closed at any gap. ``max_lines`` and ``max_chars`` cap one
    record (see the module docstring for the rules). Raises ``ValueError`` at once for a
    cap below 1; otherwise returns a lazy generator.
    """
    if max_lines < 1 or max_chars < 1:
        raise ValueError("max_lines and max_chars must be positive")
    return _records(lines, fmt, max_lines, max_chars)


def _records(
    lines: Iterable[tuple[int, str]], fmt: LogFormat, max_lines: int, max_chars: int
) -> Iterator[LogRecord]:
    """The generator behind :func:`records` (arguments already checked)."""
    name = fmt.name
    current: _Builder | None = None
    for number, text in lines:
        raw, header = read_line(text, fmt)
        if current is not None and (
            number != current.next_line or current.is_full(len(raw), max_lines, max_chars)
        ):
            yield current.build(name)
            full = number == current.next_line
            current = _carried_over(current, number, raw, header, fmt) if full else None
            if current is not None:
                continue
        if header is None:
            if current is not None and _continues(current, raw, fmt):
                continue
            header = Header(message=raw)
            started = False
        else:
            started = True
        if current is not None and current.accepts(header):
            current.add(raw, header.message)
            continue
        if current is not None:
            yield current.build(name)
        current = _Builder(number, raw, header, started_with_header=started)
    if current is not None:
        yield current.build(name)


def _carried_over(
    full: _Builder, number: int, raw: str, header: Header | None, fmt: LogFormat
) -> _Builder | None:
    """The record a continuation line starts when the record it continues is full: it
    carries that record's fields (rule 3); ``None`` when the line continues nothing."""
    if header is not None or not fmt.continuation_lines or not full.started_with_header:
        return None
    blank = not raw.strip()
    if full.closed and not blank:
        return None
    carried = _Builder(
        number, raw, dataclasses.replace(full.header, message=raw), started_with_header=True
    )
    carried.closed = full.closed or (fmt.blank_line_ends_record and blank)
    return carried


def _continues(current: _Builder, raw: str, fmt: LogFormat) -> bool:
    """Add a line that is no header line to ``current`` when it continues it (rule 1);
    whether it did."""
    if not fmt.continuation_lines or not current.started_with_header:
        return False
    blank = not raw.strip()
    if current.closed and not blank:
        return False
    current.add(raw, raw)
    if blank and fmt.blank_line_ends_record:
        current.closed = True
    return True


def starts_record(line: str, fmt: LogFormat) -> bool:
    """Whether ``line`` starts a new record whatever lines came before it.

    Such a line is a safe place to start grouping in the middle of a log: the records
    from it onwards are exactly those a parse from the first line gives (a property
    test checks this). It is a header line (or, in formats without continuation lines,
    any line) whose message no record can take in: not a Java stack-trace line, not a
    JS crash-block key or frame, not indented. ``False`` never breaks anything; it only
    makes the caller look further back.
    """
    raw = _chomp(line)
    message = fmt.message(raw[1:] if raw.startswith("\ufeff") else raw)
    return _message_starts_record(raw if message is None else message, message is not None, fmt)


def read_starts_record(raw: str, header: Header | None, fmt: LogFormat) -> bool:
    """:func:`starts_record` of a line already read with :func:`read_line`."""
    message = raw if header is None else header.message
    return _message_starts_record(message, header is not None, fmt)


def _message_starts_record(message: str, header: bool, fmt: LogFormat) -> bool:
    if not header and fmt.continuation_lines:
        return False
    return not (
        message[:1] in (" ", "\t")
        or JAVA_FRAME_RE.match(message) is not None
        or JS_KEY_RE.match(message) is not None
        or JS_FRAME_RE.match(message) is not None
    )


def line_message(line: str, fmt: LogFormat) -> str:
    """The message text :func:`records` gives a physical line, whatever record it is in.

    A header line's message is what the format leaves after the header; any other line
    is its own message. It does not depend on the lines around it.
    """
    return line_header(line, fmt)[1]


def line_header(line: str, fmt: LogFormat) -> tuple[Header | None, str]:
    """The header the format reads in a physical line (``None`` for none) and the
    line's message, as :func:`line_message` gives it."""
    raw, header = read_line(line, fmt)
    return header, raw if header is None else header.message
