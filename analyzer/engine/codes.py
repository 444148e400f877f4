"""Find numbers that a log line uses *as error codes*.

A bare number is never a code: logs are full of numbers (timestamps, pids, sizes,
block ids) and the catalog's codes collide with all of them. A number counts only
right after a key that introduces an error code (``errCode=-502``, ``Code: 2100002``,
``{"code":200}``, ``BusinessError 401``), and only when it ends there: not followed by
more digits, a unit (``2100002us``), a decimal or version part (``2.1``) or hex
letters (``2dc7``). Keys that introduce other numbers (``RespCode``, ``statusCode``,
``HTTP status code``, ``exit code``, ``verification code``) are rejected.

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
    r"err(?:or)?[ _-]?no",
    r"errno",
    r"business[ _-]?error",
    r"错误码",
    r"返回码",
    r"错误代码",
)
_WEAK_KEYS = (r"code", r"ret", r"result", r"err", r"error")

_KEY_RE = "|".join(f"(?:{k})" for k in (*_STRONG_KEYS, *_WEAK_KEYS))

# quote? spaces? (one of : = ： is) spaces? quote/paren?  -- never a line end.
_SEP = r"""["'“”’]?[ \t]*(?:[:=：][ \t]*|[ \t]+is[ \t]+|[ \t]+|(?=[(\[]))["'“”‘(\[]?[ \t]*"""

CODE_PATTERN = regex.compile(
    rf"""
    (?<![\p{{L}}\p{{N}}_])                 # the key starts a word: not 'RespCode', 'requestCode'
    (?P<key>{_KEY_RE})
    (?![\p{{L}}\p{{N}}_])                  # and ends one: not 'codec', 'errors'
    {_SEP}
    (?P<num>[-+]?\d{{1,12}})
    (?![\d_\p{{L}}]|\.\d|,\d{{3}}\b|-\d)   # number ends: no unit, decimal, hex, thousands, range
    """,
    regex.IGNORECASE | regex.VERBOSE,
)

# Words that, right before a "code" key, make it some other kind of code.
_FOREIGN_PREFIX = regex.compile(
    r"""(?:http|https|status|resp|response|exit|signal|key|country|area|zip|postal|post|
    verification|verify|auth|sms|invite|qr|bar|hash|char|op|event|product|promo|coupon|
    discount|color|colour|language|lang|region|currency|activation|pin|otp|access|
    source|byte|op)[ \t_-]*["']?$""",
    regex.IGNORECASE | regex.VERBOSE,
)
_HTTP_STATUS_NEAR = regex.compile(r"HTTP/\d(?:\.\d)?\s*$", regex.IGNORECASE)


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


_STRONG = regex.compile("^(?:" + "|".join(_STRONG_KEYS) + ")$", regex.IGNORECASE)


def find_codes(line: str) -> Iterator[CodeHit]:
    """Every number on ``line`` that is used as an error code, in order."""
    for match in CODE_PATTERN.finditer(line):
        key = match.group("key")
        before = line[max(0, match.start() - 24) : match.start()]
        if _FOREIGN_PREFIX.search(before) or _HTTP_STATUS_NEAR.search(before):
            continue
        text = match.group("num")
        yield CodeHit(
            value=int(text),
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
