"""Flag user regexes that risk catastrophic backtracking, before they meet a real log.

Two checks, because neither is enough alone:

* **shape**: a quantified group whose body can itself repeat without bound
  (``(a+)+``, ``(\\w*)*``), or an unbounded repetition of an alternation whose branches
  can start with the same character (``(x|xy)*``). These are the classic exponential
  shapes. The pattern is parsed with the standard library's regex parser; syntax only
  the ``regex`` package knows (``\\p{L}``, possessive quantifiers) skips this check;
* **probe**: the pattern is run, with the ``regex`` package's timeout, on strings made
  of the characters it mentions repeated many times, with a character that makes the
  match fail at the end. A pattern that needs longer than the budget on a few
  kilobytes would stall on a real multi-megabyte line.

The scan itself also runs user regexes under a timeout; lint says so in advance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import regex

PROBE_TIMEOUT = 0.2
"""Seconds a pattern may take on one probe string."""
_PROBE_LENGTHS = (24, 4096)

try:  # Python 3.11+: the parser is private API; without it only the probe runs.
    import re._constants as _sre_constants  # type: ignore[import-not-found]
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Pythons
    _sre_parse = None
    _sre_constants = None


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` risks catastrophic backtracking, or ``None`` when it looks safe."""
    shape = _shape_risk(pattern)
    if shape:
        return shape
    return _probe_risk(pattern)


def _shape_risk(pattern: str) -> str | None:
    if _sre_parse is None:
        return None
    try:
        tree = _sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return None  # regex-package syntax; the probe still runs
    return _walk(list(tree), inside_unbounded=False)


def _unbounded(op: Any, args: Any) -> bool:
    if op not in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT):
        return False
    return bool(args[1] == _sre_constants.MAXREPEAT or args[1] > 64)


def _walk(items: list[tuple[Any, Any]], inside_unbounded: bool) -> str | None:
    for op, args in items:
        found = None
        if op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT):
            found = _repeat_risk(op, args, inside_unbounded)
        else:
            for inner in _inner(op, args):
                found = found or _walk(inner, inside_unbounded)
        if found:
            return found
    return None


def _repeat_risk(op: Any, args: Any, inside_unbounded: bool) -> str | None:
    """The risk of a repeat (``x*``, ``x{2,}``) and of what it repeats."""
    body = list(args[2])
    if _unbounded(op, args):
        if inside_unbounded:
            return "nested unbounded quantifiers (like (a+)+): exponential backtracking"
        if _has_overlapping_branches(body):
            return (
                "a repeated alternation whose branches can start alike (like (x|xy)*): "
                "exponential backtracking"
            )
    return _walk(body, inside_unbounded or _unbounded(op, args))


def _inner(op: Any, args: Any) -> list[list[tuple[Any, Any]]]:
    """The sequences a group, an alternation or a lookaround holds (none for others)."""
    if op == _sre_constants.SUBPATTERN:
        return [list(args[-1])]
    if op == _sre_constants.BRANCH:
        return [list(branch) for branch in args[1]]
    if op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
        return [list(args[1])]
    return []


def _has_overlapping_branches(body: list[tuple[Any, Any]]) -> bool:
    for op, args in _flatten(body):
        if op == _sre_constants.BRANCH:
            firsts = [_first_chars(list(branch)) for branch in args[1]]
            for i, left in enumerate(firsts):
                for right in firsts[i + 1 :]:
                    if left is None or right is None or left & right:
                        return True
    return False


def _flatten(items: list[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    for op, args in items:
        yield op, args
        if op == _sre_constants.SUBPATTERN:
            yield from _flatten(list(args[-1]))


def _first_chars(items: list[tuple[Any, Any]]) -> set[int] | None:
    """Characters a sequence can start with; ``None`` for "any" or "can be empty"."""
    if not items:
        return None
    op, args = items[0]
    if op == _sre_constants.LITERAL:
        return {int(args)}
    if op == _sre_constants.SUBPATTERN:
        return _first_chars(list(args[-1]))
    return None


def _probe_strings(pattern: str) -> Iterable[str]:
    letters = {c for c in pattern if c.isalnum()} | {"a", "0", " "}
    for char in sorted(letters)[:12]:
        for length in _PROBE_LENGTHS:
            yield char * length + "\x00!"


def _probe_risk(pattern: str) -> str | None:
    try:
        compiled = regex.compile(pattern, regex.IGNORECASE)
    except regex.error:
        return None  # a compile error is reported separately
    for probe in _probe_strings(pattern):
        try:
            compiled.search(probe, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            shown = repr(probe[:1]) + f"×{len(probe) - 2}"
            return (
                f"took more than {PROBE_TIMEOUT}s on a probe of {shown}: catastrophic backtracking"
            )
    return None
