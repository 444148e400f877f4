"""The rules a template miner compares tokens by, and what is derived from a template.

A line is masked (:mod:`.masking`) and split on white space; its tokens are then
compared with a template's by these rules (:mod:`.miner` explains why each one is as
it is): only a token that looks like a value may vary (:func:`looks_variable`),
tokens compare by shape (``vis=<NUM>`` is ``vis=<HEX>``), and whether one template
covers another (:func:`covers`) is what comparisons across logs and runs use, beside
the template's key (:func:`~analyzer.model.template_key`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from analyzer.templates.masking import MASK_RULES, MaskRule, mask

WILDCARD = "<*>"
"""The template token for a position where lines of one cluster differ."""

MAX_MINED_CHARS = 4096
"""Characters of a line the miner reads; the rest is ignored (bounds time and memory)."""

_MASK_CACHE = 4096
"""Recent message texts whose masked tokens a :class:`TokenCache` keeps."""

EMPTY_MESSAGE: tuple[str, ...] = ("<EMPTY>",)
"""The template of records whose message is blank (an E line with nothing after the
tag): a visible word, in the style of the masks, rather than an empty template."""

_DIGIT_RE = re.compile(r"\d")
_DIGIT_OR_MASK_RE = re.compile(r"\d|<[A-Z]{1,8}>|<\*>")
_NAME_RE = re.compile(r"\w[.$/@]\w[\w$]*[.$/@:]|[/@]")
_THROWABLE_RE = re.compile(r"(?:Exception|Error|Throwable)\W{0,3}$")
_MASK_RE = re.compile(r"<[A-Z]{1,8}>")
_KEY_RE = re.compile(r"^\W{0,3}(\w{1,64})[=:]")
_KEY_VALUE_RE = re.compile(r"^\W{0,3}\w{1,64}=(?!(?:true|false|null|none|yes|no)\W{0,3}$)\w", re.I)


def looks_variable(token: str) -> bool:
    """Whether a token may be a value rather than a word of the message.

    True for a token with a digit or a mask token; for a dotted or slashed name with at
    least two separators (``com.example.shop``, ``a/b/c``) or an ``@``, except throwable
    class names (``java.io.IOException:``); and for ``key=value`` where the value is not
    ``true``, ``false``, ``null``, ``none``, ``yes`` or ``no`` (a two-state value is part
    of the meaning: ``success=false`` is not ``success=true``). False for plain words.
    """
    if _DIGIT_OR_MASK_RE.search(token) is not None:
        return True
    if _KEY_VALUE_RE.search(token) is not None:
        return True
    if _NAME_RE.search(token) is None:
        return False
    return _THROWABLE_RE.search(token) is None


def may_join(mine: str, theirs: str) -> bool:
    """Whether two different tokens at one position may be one variable.

    One must look like a value (:func:`looks_variable`), and two ``key=value`` (or
    ``key:value``) tokens must have the same key: ``phoneId=<NUM>`` and ``retVal=true``
    are different fields, so different messages.
    """
    if not (looks_variable(mine) or looks_variable(theirs)):
        return False
    key_mine = _KEY_RE.match(mine)
    key_theirs = _KEY_RE.match(theirs)
    if key_mine is None or key_theirs is None:
        return True
    return key_mine[1] == key_theirs[1]


def shape(token: str) -> str:
    """A token with every mask token as ``<*>``: ``vis=<NUM>`` and ``vis=<HEX>`` agree.

    One field is often printed in two ways (a hash code that happens to have no hex
    letter is a ``<NUM>``), so routing and comparison go by shape.
    """
    return _MASK_RE.sub(WILDCARD, token) if "<" in token else token


def fits(mine: str, theirs: str) -> bool:
    """Whether a line's token counts as the same as a template's token in similarity."""
    if mine in (theirs, WILDCARD) or shape(mine) == shape(theirs):
        return True
    return fits_key(mine, theirs)


def fits_key(mine: str, theirs: str) -> bool:
    """Whether ``mine`` is ``key=<*>`` and ``theirs`` has that key."""
    if not mine.endswith(WILDCARD):
        return False
    key = _KEY_RE.match(mine)
    if key is None or len(key[0]) + len(WILDCARD) != len(mine):
        return False
    return theirs.startswith(key[0])


def generalize(mine: str, theirs: str) -> str:
    """The template token for two different tokens at one position.

    Their common shape when they differ only in masks (``vis=<*>``), the common key
    when both are ``key=value`` with one key (``state=<*>``), else ``<*>``.
    """
    common = shape(mine)
    if common == shape(theirs):
        return common
    key_mine = _KEY_RE.match(mine)
    key_theirs = _KEY_RE.match(theirs)
    if key_mine is not None and key_theirs is not None and key_mine[0] == key_theirs[0]:
        return key_mine[0] + WILDCARD
    return WILDCARD


@functools.lru_cache(maxsize=1 << 16)
def route_key(token: str) -> str:
    """The key a token routes by: its shape, or ``<*>`` when it may be a value.

    A token whose only variable parts are masks (``uid=<NUM>,``) is the same on every
    line of its message, so it routes by its shape; raw digits and names route as
    ``<*>``, and ``key=word`` as ``key=<*>``: tokens that may join route together.
    Remembered for recent tokens: the first tokens of a message (the ones routed by)
    are mostly its fixed words, the same on every line of it.
    """
    key = shape(token)
    bare = key.replace(WILDCARD, "")
    if _DIGIT_RE.search(bare) is not None:
        return WILDCARD
    if _NAME_RE.search(bare) is not None and _THROWABLE_RE.search(bare) is None:
        return WILDCARD
    if _KEY_VALUE_RE.search(bare) is not None:
        field = _KEY_RE.match(bare)
        return WILDCARD if field is None else field[0] + WILDCARD
    return key


def covers(general: str, specific: str) -> bool:
    """Whether every line of template ``specific`` also fits template ``general``.

    Token by token: equal, or ``general`` has ``<*>`` there, or the two differ only in
    mask tokens where ``general`` has ``<*>`` (``vis=<*>`` covers ``vis=<NUM>``). For
    comparing with a baseline whose groups saw more (or fewer) variants of a message.
    """
    mine = general.split()
    theirs = specific.split()
    if len(mine) != len(theirs):
        return False
    for g, s in zip(mine, theirs, strict=True):
        if g != s and g != WILDCARD and shape(s) != g and not fits_key(g, s):
            return False
    return True


def masked_tokens(text: str, rules: Sequence[MaskRule] = MASK_RULES) -> tuple[str, ...]:
    """The tokens a miner with ``rules`` sees of a message: its first
    :data:`MAX_MINED_CHARS` characters, masked, split on white space."""
    return tuple(mask(text[:MAX_MINED_CHARS], rules).split())


class TokenCache:
    """:func:`masked_tokens` with ``rules``, remembered for recent message texts.

    Masking runs a dozen regexes over a line; error logs repeat their messages (the same
    failure, retried), so the result is kept for recent exact texts, at most
    :data:`_MASK_CACHE` of them (all are forgotten when it is full).
    """

    def __init__(self, rules: Sequence[MaskRule] = MASK_RULES) -> None:
        self.rules = tuple(rules)
        self._masked: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        key = text[:MAX_MINED_CHARS]
        cached = self._masked.get(key)
        if cached is None:
            if len(self._masked) >= _MASK_CACHE:
                self._masked.clear()
            cached = self._masked[key] = masked_tokens(key, self.rules)
        return cached


_MESSAGE_TOKENS = TokenCache()


def message_tokens(text: str) -> tuple[str, ...]:
    """The template tokens of an error message with the default rules, remembered for
    recent messages; :data:`EMPTY_MESSAGE` for a blank one. The tokenizer the engines
    are given (a module-level function, so worker processes find it by name)."""
    return _MESSAGE_TOKENS(text) or EMPTY_MESSAGE
