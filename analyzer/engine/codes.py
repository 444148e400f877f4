"""Find numbers that a log line uses *as error codes*.

A bare number is never a code: logs are full of numbers (timestamps, pids, sizes,
block ids) and the catalog's codes collide with all of them. A number counts only
right after a key that introduces an error code (``errCode=-502``, ``Code: 2100002``,
``{"code":200}``, ``BusinessError 401``, ``错误码：2100002``), and only when it ends
there: not followed by more digits, a unit (``2100002us``, ``20 ms``, ``200%``), a
decimal, version, ratio or time part (``2.1``, ``1/3``, ``10:30``), a hyphenated
token (``2100001-ok``) or hex letters (``2dc7``). An HTTP-shaped number (100-599)
followed by a reason phrase or a success word (``code: 200 OK``,
``code=200, message=OK``, ``{"code":200,"msg":"success"}``) is an HTTP status or an
app's success envelope whatever the key says. "is" between key and number counts as
a separator, in English or Chinese (``errCode is 2``, ``errCode 是 10002``,
``错误码为-1``).

Keys that introduce other numbers are rejected: an HTTP word in front of any key
(``status code``, ``HTTP response code``, ``HTTP error code``) or an ``HTTP/1.1``
right before it; a word in front that makes the bare ``code`` some other kind of code
(``exit code``, ``verification code``, ``order code``, ``close code``). ``errno``
is not a key: it introduces the C library's error number (``ENOENT`` = 2,
``ECONNREFUSED`` = 111), a different code space from the catalogs' API codes, and
its small values would otherwise read as TPNS codes.

Latin keys must be whole words (``RespCode``, ``requestCode``, ``codec`` and
``secret`` contain no key). Chinese keys need no word boundary and no separator
(``返回错误码2100002``): Chinese text is not split into words by spaces.

The separator between key and number never crosses a line end: in chunked scanning a
key at the end of one line must not capture a number on the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

# Keys, most specific first. ``strong`` keys name an error code outright; ``weak`` ones
# (ret, result, err, code) are common enough to need a little more trust elsewhere.
_STRONG_KEYS = (
    r"err(?:or)?[ _-]?code",
    r"errcode",
    r"ret(?:urn)?[ _-]?code",
    r"retcode",
    r"result[ _-]?code",
    r"business[ _-]?error",
)
_CJK_KEYS = (r"错误码", r"返回码", r"错误代码")
_WEAK_KEYS = (r"code", r"ret", r"result", r"err", r"error")
STRONG_KEYS, CJK_KEYS, WEAK_KEYS = _STRONG_KEYS, _CJK_KEYS, _WEAK_KEYS
"""The keys as data: the fast engine's prefilter (:mod:`analyzer.engine.prefilter`) is
built from these, so the two cannot drift apart."""

_LATIN_KEY_RE = "|".join(f"(?:{k})" for k in (*_STRONG_KEYS, *_WEAK_KEYS))
_CJK_KEY_RE = "|".join(f"(?:{k})" for k in _CJK_KEYS)

# quote? spaces? (one of : = ： is 是 为) spaces? quote/paren?  -- never a line end.
_SEP = (
    r"""["'“”’]?[ \t]*(?:[:=：][ \t]*|[ \t]+is[ \t]+|[ \t]*[是为][ \t]*|[ \t]+|(?=[(\[]))"""
    r"""["'“”‘(\[]?[ \t]*"""
)
SEP_CHARS = " \t\"'“”’‘([:=：是为"
"""Every character a separator may consist of (besides the word ``is``); a test checks
that ``_SEP`` and ``_CJK_SEP`` use no other. Never a line end."""
SEP_WORDS = ("is",)
"""Words that may stand between key and number."""
# After a Chinese key the separator is optional (``错误码2100002``).
_CJK_SEP = r"""["'“”’]?[ \t]*(?:[:=：][ \t]*|[ \t]*[是为][ \t]*|[ \t]+)?["'“”‘(\[]?[ \t]*"""

# Units that make the number a quantity when they follow it, with or without a space.
_UNITS = r"""(?:ns|us|µs|μs|ms|s|sec|secs|seconds?|min|mins|minutes?|h|hours?|b|bytes?|kb|mb|gb|
    kib|mib|gib|bps|kbps|mbps|items?|times|px|dp|fps|hz|khz|mhz)"""

# An HTTP-shaped status (100-599) followed by an HTTP reason phrase or a success word,
# right after it or as the next ``message``/``msg`` field, is an HTTP status or an
# application's "200 success" envelope, not an error code, whatever key introduced it:
# ``code: 200 OK``, ``code=200, message=OK``, ``{"code":200,"msg":"success"}``.
_HTTP_STATUS_RANGE = range(100, 600)
_REASON_AFTER = regex.compile(
    r"""[ \t]*[,;&]?[ \t]*
    (?:["']?(?:message|msg|reason(?:[ _]?phrase)?|status[ _]?text)["']?[ \t]*[:=：][ \t]*)?
    ["']?
    (?:OK|Created|Accepted|No[ \t]Content|Partial[ \t]Content|Moved[ \t]Permanently|Found|
    See[ \t]Other|Not[ \t]Modified|Bad[ \t]Request|Unauthorized|Forbidden|Not[ \t]Found|
    Method[ \t]Not[ \t]Allowed|Request[ \t]Timeout|Conflict|Too[ \t]Many[ \t]Requests|
    Internal[ \t]Server[ \t]Error|Bad[ \t]Gateway|Service[ \t]Unavailable|
    Gateway[ \t]Timeout|Switching[ \t]Protocols|success|successful|succeeded|成功)
    (?![\p{L}\p{N}_])""",
    regex.IGNORECASE | regex.VERBOSE,
)

CODE_PATTERN = regex.compile(
    rf"""
    (?:
        (?<![\p{{L}}\p{{N}}_])             # a Latin key starts a word: not 'RespCode'
        (?P<key>{_LATIN_KEY_RE})
        (?![\p{{L}}\p{{N}}_])              # and ends one: not 'codec', 'errors'
        {_SEP}
    |
        (?P<key>{_CJK_KEY_RE}){_CJK_SEP}
    )
    (?P<num>[-+]?\d{{1,12}})
    (?!
        [\p{{N}}_\p{{L}}]                  # more digits, hex letters, a glued unit
        |\.\d|,\d{{3}}\b                     # decimal, version, IP, thousands
        |-[\p{{L}}\p{{N}}]                  # range, date, slug ('2100001-ok')
        |[/:]\d                            # ratio, time, file:line:col
        |[ \t]*%                           # a percentage
        |[ \t]+{_UNITS}(?![\p{{L}}\p{{N}}_])  # a quantity with a spaced unit: '20 ms'
    )
    """,
    regex.IGNORECASE | regex.VERBOSE,
)

# Words that, right before any key, make the number an HTTP status
# (``HTTP error code 404``, ``response code 200``, ``status code: 200``).
_HTTP_PREFIX = regex.compile(
    r"""(?<![\p{L}\p{N}_])(?:http|https|status|resp|response)[ \t_-]*["']?$""",
    regex.IGNORECASE,
)
_HTTP_STATUS_NEAR = regex.compile(r"HTTP/\d(?:\.\d)?\s*$", regex.IGNORECASE)
# Words that, right before the bare key ``code``, make it some other kind of code. An
# explicit error-code key (``close errCode=2302999``) keeps its meaning after them.
_FOREIGN_PREFIX = regex.compile(
    r"""(?<![\p{L}\p{N}_])
    (?:exit|signal|key|keyboard|country|area|zip|postal|post|verification|verify|auth|
    authorization|sms|invite|qr|bar|hash|char|op|event|product|promo|coupon|discount|color|
    colour|language|lang|region|currency|activation|pin|otp|access|source|byte|order|item|
    sku|ticket|room|gift|redeem|share|referral|close)
    [ \t_-]*["']?$""",
    regex.IGNORECASE | regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class CodeHit:
    """A number used as an error code on a line."""

    value: int
    """The code's integer value."""
    text: str
    """The number as written (``-502``, ``0201``)."""
    key: str
    """The key that introduced it (``errCode``)."""
    strong: bool
    """Whether the key names an error code outright (``errCode``) or is generic (``ret``)."""
    start: int
    """Offset of the key in the line."""
    end: int
    """Offset just past the number."""


_STRONG = regex.compile("^(?:" + "|".join((*_STRONG_KEYS, *_CJK_KEYS)) + ")$", regex.IGNORECASE)


def find_codes(line: str) -> Iterator[CodeHit]:
    """Every number on ``line`` that is used as an error code, in order.

    Never raises and never looks past a line end: ``line`` may be a chunk of several
    lines and each hit stays within one of them. The matcher and the unknown-error
    test both ask about the same message, one right after the other, so the answers
    for the last few lines are kept (hits are immutable).
    """
    hits = _recent.get(line)
    if hits is None:
        if len(_recent) >= _RECENT_LINES:
            _recent.clear()
        hits = _recent[line] = tuple(_find_codes(line))
    return iter(hits)


_RECENT_LINES = 64
_recent: dict[str, tuple[CodeHit, ...]] = {}


def _find_codes(line: str) -> Iterator[CodeHit]:
    for match in CODE_PATTERN.finditer(line):
        key = match.group("key")
        before = line[max(0, match.start() - 24) : match.start()]
        if _HTTP_PREFIX.search(before) or _HTTP_STATUS_NEAR.search(before):
            continue
        if key.lower() == "code" and _FOREIGN_PREFIX.search(before):
            continue
        text = match.group("num")
        value = int(text)
        if value in _HTTP_STATUS_RANGE and _REASON_AFTER.match(line, match.end()):
            continue
        yield CodeHit(
            value=value,
            text=text,
            key=key,
            strong=bool(_STRONG.match(key)) or _is_json_key(line, match.start(), key),
            start=match.start(),
            end=match.end(),
        )


def _is_json_key(line: str, start: int, key: str) -> bool:
    """``"code":200`` is as explicit as a key gets, even though ``code`` is generic."""
    end = start + len(key)
    return start > 0 and line[start - 1] in "\"'“" and end < len(line) and line[end] in "\"'”"
