"""What counts as a secret in log text, and how it is masked: the redaction rules.

Reports get attached to bug tickets, so they must not carry the credentials, push
tokens and phone numbers that device logs are full of. This module is pure text: the
fast engine counts secrets with it where it finds lines (in parallel), and
:mod:`analyzer.redact` masks a report with it. The rules are data, in the
manner of Drain3's masking: an ordered table (:data:`RULE_TABLE`) of a name, cheap
substring hints, a regex and, for ``key=value`` rules, the keys that count. A rule
replaces its regex's ``value`` group (or the whole match) with ``<redacted:name>``,
so ``accessId=<redacted:secret>`` still says what was there. Each rule runs over the
text left by the rules before it, and every replaced value counts once. Specific
rules (a URL's password, ``accessKey=...``) come before generic ones (any long hex
run), so a value is replaced by the rule that names it best.

What the rules must never touch is just as important: the error codes the report is
about (``errCode=-502``, ``Code: 2100002``, ``"ret_code":1008003``), timestamps and
process ids. That is why there is no rule for "any long number": the only bare-number
rules are Chinese mobile numbers (exactly 11 digits, ``1[3-9]...``), ``+`` numbers
(E.164) and IMEIs (exactly 15 digits), all bounded so they cannot bite into a longer
or shorter digit run. The tests prove codes, times and pids survive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

MARK: Final = "<redacted:{}>"
"""What a masked value becomes; ``<...>`` like hilog's own ``<private>`` mask."""

# Keys whose values are secrets. Prefixes are allowed (``xgAccessKey``, ``x-auth-token``,
# ``mPushToken``, ``cfg.accessId``) because SDKs decorate these names freely.
_SECRET_WORDS = (
    r"(?:access[_-]?id|access[_-]?key|secret[_-]?key|secret|api[_-]?key|app[_-]?key"
    r"|app[_-]?secret|private[_-]?key|push[_-]?key|auth[_-]?key|token|password|passwd|pwd"
    r"|credentials?|signature|ticket)"
)
_SECRET_KEYS = r"[\w.-]*?" + _SECRET_WORDS
# Keys whose values identify a device or person. Exact names only, after an optional
# dotted namespace (``ro.serialno``, ``device.imei``): ``sn`` as a suffix would hit ``json:``.
_DEVICE_WORDS = (
    r"(?:serial(?:[_-]?no|[_-]?number)?|sn|imei\d?|meid|imsi|iccid|udid|oaid|aaid|idfa"
    r"|android[_-]?id|device[_-]?id|mac[_-]?address)"
)
_DEVICE_KEYS = r"(?:[\w-]*\.)*" + _DEVICE_WORDS


@dataclass(frozen=True, slots=True)
class Rule:
    """One masking rule: a regex whose ``value`` group (or whole match) is the secret."""

    name: str
    """Short name, shown in the mark (``<redacted:email>``)."""
    pattern: re.Pattern[str]
    """What to find; a ``value`` group keeps the rest (``accessId=``) readable."""
    replacement: str
    """What the value becomes."""
    hints: tuple[str, ...] = ()
    """Lower-case strings of which a line must hold one for the rule to run at all: a
    substring test is far cheaper than a regex search, and most lines hold no secret."""
    key: re.Pattern[str] | None = None
    """For key/value rules: the ``key`` group must match this in full (``accessId``)."""
    when: Callable[[str], bool] | None = None
    """Extra test on the value, for a rule whose regex alone would over-match (long
    paths look a little like base64)."""
    gated: bool = False
    """Whether the rule can only match where :data:`GATE` does: one search of the gate
    then stands for the searches of every gated rule on the (many) lines that hold no
    long run of digits or token characters."""


def _looks_random(text: str) -> bool:
    """A long run that mixes letters and digits like a token, not like a path or a word.

    Tokens change between letters and digits all the time; paths hardly ever do, and
    identifiers have no digits at all.
    """
    if not any(c.isdigit() for c in text) or not any(c.isalpha() for c in text):
        return False
    if "/" not in text:
        return True
    changes = sum(1 for a, b in zip(text, text[1:], strict=False) if a.isdigit() != b.isdigit())
    return changes >= 8


# A quoted value (may hold spaces; JSON-in-JSON quotes are ``\"``) or a run up to the
# next delimiter. Marks start with ``<``, which no unquoted value holds: idempotence.
_VALUE = (
    r"""(?P<q>\\?["'])?"""
    r"""(?P<value>(?(q)[^"'\\\n]+|[^\s,;&"'<>(){}\[\]\\]+))"""
)
_SEP = r"""\\?["']?[ \t]*[:=][ \t]*"""
# Any word followed by a separator; the rule's ``key`` pattern then decides. Scanning
# words once is much faster than trying every key name at every position.
_KEY_VALUE = rf"(?<![\w.-])(?P<key>[\w.-]{{2,64}}){_SEP}{_VALUE}"
_DIGITS = tuple("0123456789")

RULE_TABLE: Final[tuple[tuple[str, tuple[str, ...], str, str | None], ...]] = (
    # user:password@ in any URL.
    ("credentials", ("://",), r"(?<=://)(?P<value>[^\s/:@<]+:[^\s/@]+)(?=@)", None),
    # Authorization headers keep their scheme, so a reader still sees which kind it was.
    (
        "auth",
        ("authorization",),
        rf"(?i)\b(?:proxy-)?authorization{_SEP}[\"']?"
        r"(?:(?:bearer|basic|digest|token|negotiate|hmac[\w-]*)[ \t]+)?+"
        r"(?P<value>[^\s,;\"'<]+)",
        None,
    ),
    # Cookie headers: the whole list of name=value pairs.
    (
        "cookie",
        ("cookie",),
        rf"(?i)\b(?:set-)?cookie{_SEP}[\"']?"
        r"(?P<value>[^\s=;,\"'<]+(?:=[^\s;,\"']*)?(?:;[ \t]*[^\s=;,\"']+=[^\s;,\"']*)*)",
        None,
    ),
    # key=value, key: value, "key":"value" for secret keys (AccessId, secretKey, token).
    (
        "secret",
        ("access", "secret", "key", "token", "pass", "pwd", "credential", "signature", "ticket"),
        _KEY_VALUE,
        _SECRET_KEYS,
    ),
    # Serial numbers, IMEIs and other device ids given by name.
    (
        "device-id",
        ("serial", "sn", "imei", "meid", "imsi", "iccid", "udid", "aid", "idfa", "android")
        + ("device", "mac"),
        _KEY_VALUE,
        _DEVICE_KEYS,
    ),
    # Short query parameters that carry keys or signatures (?key=..., &sig=...).
    ("query", ("?", "&"), r"(?i)[?&](?:key|sig|sign|auth)=(?P<value>[^&#\s\"'<>]+)", None),
    # A bearer token outside an Authorization header.
    ("bearer", ("bearer",), r"(?i)\bbearer[ \t]+(?P<value>[A-Za-z0-9._~+/=-]{8,})", None),
    # JSON Web Tokens.
    ("jwt", ("eyj",), r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*", None),
    (
        "email",
        ("@",),
        r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
        None,
    ),
    # International numbers: + and 9-16 digits (shorter ones could be codes).
    ("phone", ("+",), r"(?<![\w+])\+[1-9]\d{0,2}(?:[ -]?\d){8,13}(?![\d.])", None),
    # Chinese mobile numbers: exactly 11 digits, not part of a longer number or a decimal.
    ("phone", _DIGITS, r"(?<![\w.+-])1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\w|\.\d)", None),
    # IMEI: exactly 15 digits on their own.
    ("imei", _DIGITS, r"(?<![\w.+-])\d{15}(?!\w|\.\d)", None),
    # Device and push tokens: long hex runs...
    ("token", (), r"(?<![\w+/=-])[0-9A-Fa-f]{32,}(?![\w+/=-])", None),
    # ...and long base64 / base64url runs that look random.
    ("token", (), r"(?<![\w+/=.-])(?P<value>[A-Za-z0-9+/_-]{32,}={0,2})(?![\w+/=.-])", None),
)
"""``(name, hints, regex, key regex)`` in the order they run; marks are ``<redacted:name>``."""

_CHECKS: Final[dict[str, Callable[[str], bool]]] = {"token": _looks_random}

GATE: Final = re.compile(r"[A-Za-z0-9+/_-]{32}|\d{4}[ -]?\d{4}")
"""Found in every match of a gated rule: a Chinese mobile number ends in four digits,
an optional space or dash and four digits; an IMEI holds eight digits in a row; both
kinds of token are runs of 32 or more of ``[A-Za-z0-9+/_-]``. Timestamps, pids and
error codes hold none, so most lines skip all four rules for one search."""

_GATED: Final = frozenset({("phone", _DIGITS), ("imei", _DIGITS), ("token", ())})
"""``(name, hints)`` of the rules :data:`GATE` stands for (the ``+`` phone rule is
not one of them: its digits may be split by spaces)."""

_SEP_START = r"""\\?["']?[ \t]*[:=]"""

NECESSARY: Final[dict[str, tuple[str, ...]]] = {
    "credentials": (r"://[^\s/:@<]+:[^\s/@]+@",),
    "auth": ("authorization",),
    "cookie": ("cookie",),
    "secret": (_SECRET_WORDS + _SEP_START,),
    "device-id": (_DEVICE_WORDS.replace(r"\d", "[0-9]") + _SEP_START,),
    "query": (r"[?&](?:key|sig|sign|auth)=",),
    "bearer": (r"bearer[ \t]+[A-Za-z0-9._~+/=-]{8}",),
    "jwt": ("eyj",),
    "email": (r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2}",),
    "phone": (r"\+[1-9]", r"1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}"),
    "imei": ("[0-9]{15}",),
    "token": (
        "[0-9A-Fa-f]{32}",
        "[A-Za-z0-9+_-]{32}",
        "[0-9][A-Za-z+/_-]+[0-9]+[A-Za-z+/_-]+[0-9]+[A-Za-z+/_-]+[0-9]",
    ),
}
"""For each rule name, patterns of which one is found (caseless) in any ASCII text the
rule masks something in: what the rule's regex, keys and checks need, in plain regex
that a multi-pattern matcher (hyperscan, in the fast engine) runs over a line at once.
Where none is found in a line, :func:`redact` masks nothing in it: the first rule that
changes a text matches that text as it was. A secret ``token`` without ``/`` is a run
of 32 of ``[A-Za-z0-9+_-]``; one with ``/`` changes between digits and other
characters at least eight times (:func:`_looks_random`), so it holds four groups of
digits. Only for ASCII text: ``\\d``, ``\\w`` and case folding reach beyond ASCII
in the rules' regexes, so other text is always given to :func:`redact`. A test holds
the rules to these patterns."""

RULES: Final[tuple[Rule, ...]] = tuple(
    Rule(
        name=name,
        pattern=re.compile(source),
        replacement=MARK.format(name),
        hints=hints,
        key=re.compile(key, re.IGNORECASE) if key is not None else None,
        when=_CHECKS.get(name) if "value" in source else None,
        gated=(name, hints) in _GATED,
    )
    for name, hints, source, key in RULE_TABLE
)
"""The compiled masking rules, in the order they run."""


def redact(text: str, rules: tuple[Rule, ...] = RULES) -> tuple[str, int]:
    """``text`` with every secret replaced, and how many were replaced.

    Pure and idempotent: redacting the result again replaces nothing.
    """
    total = 0
    lowered = text.lower()
    gate: bool | None = None  # whether GATE is in ``text``, once asked
    for rule in rules:
        if rule.hints and not any(map(lowered.__contains__, rule.hints)):
            continue
        if rule.gated:
            if gate is None:
                gate = GATE.search(text) is not None
            if not gate:
                continue
        text, count = _apply(rule, text)
        if count:
            total += count
            lowered = text.lower()
            gate = None
    return text, total


def _apply(rule: Rule, text: str) -> tuple[str, int]:
    """One rule over ``text``. A rejected match (a key that is not a secret's, a value
    that does not look like one) is skipped by its key or first character only, so a
    secret inside it (``context: 'accessId=1'``) is still found."""
    has_value = "value" in rule.pattern.groupindex
    has_key = "key" in rule.pattern.groupindex
    parts: list[str] = []
    count = done = position = 0
    while (match := rule.pattern.search(text, position)) is not None:
        value = match.group("value") if has_value else match.group(0)
        if _accepts(rule, match, value, has_key):
            start, end = match.span("value" if has_value else 0)
            parts += [text[done:start], rule.replacement]
            done = end
            position = max(end, match.start() + 1)  # never loop on an empty match
            count += 1
        else:
            position = match.end("key") if has_key else match.start() + 1
    parts.append(text[done:])
    return "".join(parts), count


def _accepts(rule: Rule, match: re.Match[str], value: str | None, has_key: bool) -> bool:
    if value is None or "<redacted:" in value:
        return False  # nothing, or masked already: redacting twice changes nothing
    if has_key and rule.key is not None and not rule.key.fullmatch(match.group("key")):
        return False
    return rule.when is None or rule.when(value)
