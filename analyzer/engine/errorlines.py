"""Which records are error records, and what the unknown-error groups need of them.

An **error record** is a record at level E or F, or a record at any other level (or
none) whose message holds an error word (:data:`ERROR_WORDS`: ``error``, ``failed``,
``timeout``, ``异常`` ...) or a non-zero error code after a key that names one
(``errorCode=2203004``, ``ret_code: 10030``: :func:`has_error_code`). Words are
matched case-insensitively and whole, where a camel-case hump before the word is an
edge but a letter after it is not: the word must end a name. ``IOException``,
``onConnectFailed`` and ``ERROR`` match; ``terror``, ``errorless``, and field names
such as ``errorReason: 0`` or ``failCount=0`` do not.

An error record is **explained** when the catalog matched any of its physical lines.
The engines classify each record where they parse it (:func:`error_record`, or
:func:`error_line` for a line that is a record by itself) and hand the result to the
unknown-error collector (:mod:`analyzer.templates.collector`) as an
:class:`~analyzer.model.ErrorRecord`. A record is templated by its first non-blank
message line, whose masked tokens the caller's tokenizer makes here, where the record
is classified: in the fast engine's workers, in parallel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

from analyzer.engine.codes import CJK_KEYS, STRONG_KEYS, find_codes
from analyzer.model import ErrorRecord, Header, Level, LogRecord, Occurrence
from analyzer.store.rows import PackedErrorRecord, pack_error_line
from analyzer.textcap import cap

Tokenize = Callable[[str], tuple[str, ...]]
"""The template tokens of an error message (masked, split; never empty): the
unknown-error collector's tokenizer, which the engines run where they classify."""

ERROR_WORDS: tuple[str, ...] = (
    "error",
    "exception",
    "failure",
    "failed",
    "failing",
    "fail",
    "fatal",
    "crashed",
    "crash",
    "timeout",
    "timed out",
    "refused",
    "denied",
    "aborted",
    "abort",
    "panicked",
    "panic",
)
"""Words that make a record at a quiet level an error record (a plural ``s`` is allowed)."""

ERROR_WORDS_CJK: tuple[str, ...] = ("错误", "失败", "异常", "超时", "崩溃")
"""The same for Chinese messages, matched anywhere (Chinese has no spaces between words)."""

ERROR_LEVELS: frozenset[Level] = frozenset({Level.ERROR, Level.FATAL})
"""Levels at which every record is an error record."""


def _error_words_re(words: tuple[str, ...], cjk: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words, any case, where a camel-case hump (``onError``) is also a word edge."""
    any_case = "|".join(re.escape(w).replace(r"\ ", "[ _-]?") for w in words)
    title = "|".join(re.escape(w[0].upper() + w[1:]).replace(r"\ ", "[ _-]?") for w in words)
    cjk_words = "|".join(re.escape(w) for w in cjk)
    return re.compile(
        rf"(?:(?<![A-Za-z])(?i:{any_case})|(?<=[A-Za-z])(?:{title}))(?:e?s)?(?![A-Za-z])"
        rf"|{cjk_words}",
        re.ASCII,  # ASCII case folding only, as the fast engine's byte prefilter does
    )


ERROR_WORDS_RE = _error_words_re(ERROR_WORDS, ERROR_WORDS_CJK)
"""Finds an error word in a message (see the module docstring for the edges)."""


_CANDIDATES = [w.split()[0].lower() for w in ERROR_WORDS] + list(ERROR_WORDS_CJK)
STEMS: tuple[str, ...] = tuple(
    dict.fromkeys(w for w in _CANDIDATES if not any(o != w and o in w for o in _CANDIDATES))
)
"""What every error word starts with, in lower case: a cheap test before the regex (most
lines hold none of them, and ``in`` is much faster than the regex's lookarounds)."""


def has_error_word(text: str) -> bool:
    """Whether ``text`` holds one of :data:`ERROR_WORDS` (or :data:`ERROR_WORDS_CJK`)."""
    lowered = text.lower()
    if not any(stem in lowered for stem in STEMS):
        return False
    return ERROR_WORDS_RE.search(text) is not None


_ERROR_CODE_HINTS = ("code", "business", *CJK_KEYS)
"""Something every key of :data:`_ERROR_CODE_KEY` holds: a cheap test before the regex."""

_ERROR_CODE_KEY = re.compile("(?:" + "|".join((*STRONG_KEYS, *CJK_KEYS)) + ")", re.IGNORECASE)


def has_error_code(text: str) -> bool:
    """Whether ``text`` gives a non-zero error code after a key that names one outright
    (``errorCode=2203004``, ``ret_code: 10030``, ``错误码：-1``; not ``errCode:0``, and
    not the generic ``code``/``ret``/``result`` keys, which log plenty of non-errors)."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _ERROR_CODE_HINTS):
        return False
    return any(
        hit.value != 0 and _ERROR_CODE_KEY.fullmatch(hit.key) is not None
        for hit in find_codes(text)
    )


def is_error_line(level: Level | None, message: str) -> bool:
    """Whether one physical line (its header's level, or ``None``, and its message) makes
    its record an error record: level E/F, an error word or a non-zero error code."""
    return level in ERROR_LEVELS or has_error_word(message) or has_error_code(message)


def is_error_record(record: LogRecord) -> bool:
    """Whether a record is an error record: level E/F, or an error word or a non-zero
    error code in any line of its message."""
    if record.level in ERROR_LEVELS:
        return True
    return any(has_error_word(m) or has_error_code(m) for m in record.messages)


def error_record(
    input_index: int,
    record: LogRecord,
    matched_lines: Container[int],
    tokenize: Tokenize,
) -> ErrorRecord | None:
    """``record`` classified for the collector, or ``None`` when it is no error record.

    ``matched_lines`` holds (at least) the 1-based physical lines of this input that the
    catalog matched; only the record's own lines are looked up.
    """
    if not is_error_record(record):
        return None
    lines = len(record.raw)
    if any(n in matched_lines for n in range(record.line, record.line + lines)):
        return ErrorRecord(record.line, lines, (), None)
    index = _first_nonblank(record.messages)
    message = record.messages[index] if record.messages else ""
    raw = record.raw[index] if index < len(record.raw) else message
    occurrence = Occurrence(
        input=input_index,
        line=record.line + index,
        time=record.time,
        level=record.level,
        tag=record.tag,
        text=cap(raw),
    )
    return ErrorRecord(record.line, lines, tokenize(message), occurrence)


def error_line(
    input_index: int, number: int, raw: str, header: Header | None, tokenize: Tokenize
) -> PackedErrorRecord | None:
    """:func:`error_record` of the record one line makes by itself, packed, from the
    line as :func:`~analyzer.formats.grouping.read_line` reads it (``raw``, ``header``),
    without building the record: the fast engine classifies most error lines this way.
    ``None`` when it is no error line."""
    if header is None:
        message, time, level, tag = raw, None, None, None
    else:
        message, time, level, tag = header.message, header.time, header.level, header.tag
    if not is_error_line(level, message):
        return None
    return pack_error_line(input_index, number, time, level, tag, cap(raw), tokenize(message))


def _first_nonblank(messages: tuple[str, ...]) -> int:
    """Index of the first message line with text (0 when all are blank)."""
    for index, message in enumerate(messages):
        if message.strip():
            return index
    return 0
