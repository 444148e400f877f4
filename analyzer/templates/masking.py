"""Masking rules: the variable parts of a log message, as data.

A rule is a name, a compiled regex and the token that replaces each match. The rules
run in order over the message, each on the text the previous ones produced, so a
specific rule (a URL, a UUID, an IP address) claims its text before a generic one (a
number) can cut it into pieces. Masking is what puts
``connect to 10.0.0.7:443 failed after 1500ms (req 7f3a9c21)`` and
``connect to 10.0.0.9:80 failed after 30s (req 0be41d77)`` in one group at once: both
read ``connect to <IP> failed after <DUR> (req <HEX>)``. A double-quoted string is
masked whole (``<STR>``): quotes mark a name or a message inside the message.

What is deliberately *not* masked:

* words, however rare: ``VM Started`` and ``VM Paused`` must stay apart, so a token made
  of letters is never a variable here (the miner may still wildcard a dotted name or
  an identifier with digits when the rest of the line agrees);
* digits glued to the end of a word (``t761``, ``IPv4``, ``wlan0``, ``sha256``): they are
  names, not counts;
* Java class names (``java.io.IOException``): the exception type is the meaning of the
  line.

Every pattern uses bounded quantifiers and delimited repetitions, so masking runs in
time linear in the text's length even on a megabyte of hex digits or colons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MaskRule:
    """One kind of variable text and the token that stands for it in a template."""

    name: str
    """Stable name of the rule (``num``, ``hex``, ...), used in docs and tests."""
    pattern: re.Pattern[str]
    """What a variable of this kind looks like; every match is replaced."""
    token: str
    """The mask token written instead (``<NUM>``); it never matches any rule itself."""
    example: str = ""
    """A text the rule masks, for documentation and for the rule's own test."""
    requires: tuple[str, ...] = ()
    """Substrings of which every match holds at least one: a text with none of them is
    skipped without running the regex (most lines have no ``://``). Empty: always run."""
    screen: re.Pattern[str] | None = None
    """A regex that finds something in every text in which ``pattern`` finds a match,
    written so that it is found fast (with both cases spelled out: ``IGNORECASE`` makes
    a search slower): a text where it finds nothing is skipped. Most
    patterns open with a look-behind (a variable never starts inside a word), which
    leaves the regex engine nothing to look for, so it tries the whole pattern at each
    character; a screen opens with a character or a class, and masking a message with
    screens costs a fraction of what it costs without."""

    def apply(self, text: str) -> str:
        """``text`` with every match of the rule replaced by its token."""
        if self.requires:
            for part in self.requires:
                if part in text:
                    break
            else:
                return text
        if self.screen is not None and self.screen.search(text) is None:
            return text
        return self.pattern.sub(self.token, text)


_DIGITS = tuple("0123456789")


def _rule(
    name: str,
    token: str,
    pattern: str,
    example: str,
    flags: int = 0,
    requires: tuple[str, ...] = (),
    screen: str | None = None,
) -> MaskRule:
    # A screen spells out both cases: IGNORECASE makes the search take twice as long.
    compiled = None if screen is None else re.compile(screen)
    return MaskRule(name, re.compile(pattern, flags), token, example, requires, compiled)


_I = re.IGNORECASE

_LATER_TOKENS = ("UUID", "TIME", "MAC", "IP", "PATH", "HEX", "ID", "DUR", "NUM")
"""The tokens of the rules after ``str``, which can stand where a word stood."""
_AFTER_TOKEN = "".join(f"(?<!<{name}>)" for name in _LATER_TOKENS)

# Boundaries: a variable never starts or ends inside a word.
_B = r"(?<![\w])"
_E = r"(?![\w])"

_DUR_UNIT = r"(?:ns|us|µs|ms|s|m|min|h|d)"
_DUR_WORD = (
    r"(?:nanoseconds?|microseconds?|milliseconds?|millis|msecs?|secs?|seconds?"
    r"|mins?|minutes?|hrs?|hours?|days?)"
)

MASK_RULES: tuple[MaskRule, ...] = (
    _rule(
        "url",
        "<URL>",
        r"\b[a-z][a-z0-9+.\-]{0,15}://[^\s\"'<>()\[\]{}|\\^`]{1,2048}",
        "https://api.example.com/v1/push?token=abc",
        _I,
        ("://",),
    ),
    _rule(
        "email",
        "<EMAIL>",
        _B + r"[\w.+\-]{1,64}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}\.[a-z]{2,24}" + _E,
        "alice.smith@example.com",
        _I,
        ("@",),
    ),
    _rule(
        "str",
        "<STR>",
        # A double-quoted string that is not a key ("code": ...): a name or a message
        # quoted inside the line. Not right after a word, nor after a token a later
        # rule writes in place of one (0"0" is <NUM>"<NUM>", and stays so when masked
        # again).
        r'(?<![\w"\\])' + _AFTER_TOKEN + r'"[^"\n]{1,256}"(?![ \t]{0,4}:)',
        '"View Lock"',
        0,
        ('"',),
    ),
    _rule(
        "uuid",
        "<UUID>",
        _B + r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" + _E,
        "123e4567-e89b-12d3-a456-426614174000",
        _I,
        ("-",),
        r"[0-9a-fA-F]{8}-",
    ),
    _rule(
        "time",
        "<TIME>",
        _B
        + r"(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
        + r"|\d{1,2}:\d{2}:\d{2})(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?"
        + _E,
        "2024-06-14T09:20:11.042Z",
        0,
        _DIGITS,
        r"\d(?:[-/]\d|:\d\d:\d)",
    ),
    _rule(
        "mac",
        "<MAC>",
        _B + r"[0-9a-f]{2}(?:[:\-][0-9a-f]{2}){5}" + _E,
        "3c:5a:b4:01:9e:ff",
        _I,
        (":", "-"),
        r"[:\-][0-9a-fA-F]{2}[:\-][0-9a-fA-F]{2}",
    ),
    _rule(
        "ipv4",
        "<IP>",
        r"\b(?<!\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d{1,5})?(?![\w.])",
        "192.168.1.20:8080",
        0,
        (".",),
        r"\d\.\d{1,3}\.\d{1,3}\.\d",
    ),
    _rule(
        "ipv6",
        "<IP>",
        # The full 8-group form, or a compressed form with "::" and a digit (so that
        # C++ "a::b" is not an address).
        r"(?<![\w:.])(?=[0-9a-f]{1,4}:|::)(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
        r"|(?=[0-9a-f:]{0,39}\d)(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::"
        r"(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?)(?![\w:.])",
        "fe80::1ff:fe23:4567:890a",
        _I,
        (":",),
        r"::|:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}:",
    ),
    _rule(
        "path",
        "<PATH>",
        # Two or more /segments: a lone "/x" is too often prose ("read/write").
        r"(?<![\w./:\-])(?:[~.]|\.\.)?/[\w.@+\-~$]{1,255}(?:/[\w.@+\-~$]{1,255}){1,63}/?",
        "/data/app/com.example.shop-1/base.apk",
        0,
        ("/",),
        r"/[\w.@+\-~$]{1,255}/[\w.@+\-~$]",
    ),
    _rule(
        "winpath",
        "<PATH>",
        r"\b[a-z]:\\(?:[\w.@+\-~$ ]{1,255}\\){0,64}[\w.@+\-~$]{1,255}",
        "C:\\Users\\dev\\app.log",
        _I,
        (":\\",),
    ),
    _rule(
        "hex",
        "<HEX>",
        # 0x-prefixed; or a bare run of hex digits holding a letter and either a digit
        # (5+ long: hash codes such as 9f4ef63) or 8+ long (ffffffff), so never a plain
        # word like "added" or "deadbeef"'s shorter cousins.
        _B
        + r"(?:0x[0-9a-f]{1,64}"
        + r"|(?=[0-9a-f]{0,63}[a-f])(?:(?=[0-9a-f]{0,63}\d)[0-9a-f]{5,64}|[0-9a-f]{8,64}))"
        + _E,
        "0x7f3a9c21",
        _I,
        (),
        # Five hex digits in a row, not all decimal: the run matched holds a letter.
        r"0[xX][0-9a-fA-F]|[0-9a-fA-F]{5}(?<![0-9]{5})",
    ),
    _rule(
        "id",
        "<ID>",
        # A long token mixing letters and digits (tokens, device ids, keys).
        _B + r"(?=[\w\-]{0,127}\d)(?=[\w\-]{0,127}[A-Za-z])[\w\-]{16,128}" + _E,
        "AKIAIOSFODNN7EXAMPLE",
        0,
        _DIGITS,
        r"[\w\-]{16}",
    ),
    _rule(
        "dur",
        "<DUR>",
        r"(?<![\w.])[-+]?\d{1,15}(?:\.\d{1,15})?(?:"
        + _DUR_UNIT
        + r"(?:\d{1,15}(?:\.\d{1,15})?"
        + _DUR_UNIT
        + r"){0,5}(?![\w])| ?"
        + _DUR_WORD
        + r"\b)",
        "1500ms",
        0,
        _DIGITS,
        # After its number, a duration's unit or word: n, u, µ, m, s, h or d.
        r"\d(?:[nuµμmshd]| [nmshd])",
    ),
    _rule(
        "num",
        "<NUM>",
        # Not after a letter or digit (t761, IPv4, wlan0 are names); a sign counts.
        r"(?<![A-Za-z0-9.])[-+]?\d{1,64}(?:\.\d{1,64}){0,8}",
        "-42",
        0,
        _DIGITS,
    ),
)
"""The default rules, in the order they run."""

MASK_TOKENS: frozenset[str] = frozenset(rule.token for rule in MASK_RULES)
"""Every token the default rules write."""


def mask(text: str, rules: Sequence[MaskRule] = MASK_RULES) -> str:
    """``text`` with every variable part replaced by its rule's token, rules in order."""
    for rule in rules:
        text = rule.apply(text)
    return text
