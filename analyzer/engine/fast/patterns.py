"""The fast engine's prefilter: byte patterns that every matching line must contain.

The patterns are derived from the reference engine's own definitions, so they cannot
drift from it: the code keys and separator characters of :mod:`analyzer.engine.codes`,
the catalog's code values and context rules, the literal signatures as
:func:`analyzer.engine.signatures.literal_regex` builds them, and the context evidence
regexes of the catalog. Each pattern is a *superset* of what it stands for: it may
fire on lines the reference engine then rejects, never miss one it accepts.

How looseness keeps them sound, rule by rule (case, boundaries and the evidence
pieces: :mod:`.transpile`):

* **Code values.** A number counts only after a key, so a code pattern is
  ``key separator* sign? digits``. Each catalog value gets a pattern ``0*value\\b``
  labelled with the catalogs whose evidence the value needs (``None`` when some entry
  needs none); any other number gets a generic pattern labelled with the catalogs of
  the catch-all rows, and any line with a non-ASCII digit (``２``, ``٣``) is a
  candidate.
* **Separators** are any run of the separator characters and the word ``is``: never a
  line end, so ``secret\\n11`` is no candidate.
* **Regexes** that cannot be translated are never guessed at: evidence is then
  assumed present, and a signature regex keeps the fast engine from running.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from analyzer.catalog.loader import Catalog
from analyzer.engine import codes
from analyzer.engine.fast.transpile import (
    NONASCII_DIGIT,
    byte_escape,
    char,
    literal,
    translate,
    translate_pieces,
)
from analyzer.model import is_catch_all

# -- the code and signature patterns ------------------------------------------------------------


def key_alternation() -> str:
    """Every code key as one alternation.

    Word boundaries halve hyperscan's speed, so only the bare ``code`` key has one (it
    keeps ``RespCode:200`` out, the commonest line of a hilog); a boundary only ever
    removes lines, so leaving the others out is safe.
    """
    latin = "|".join(
        (r"\b" if k == "code" else "") + key_regex(k)
        for k in (*codes.STRONG_KEYS, *codes.WEAK_KEYS)
    )
    cjk = "|".join(literal(k) for k in codes.CJK_KEYS)
    return f"(?:{latin}|{cjk})"


def key_regex(key: str) -> str:
    """A key regex of codes.py (letters, ``(?:...)``, ``?``, ``[ _-]``) made fold-proof."""
    out: list[str] = []
    depth = 0
    for ch in key:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        out.append(char(ch) if depth == 0 and ch.isalpha() else ch)
    return "".join(out)


def separator() -> str:
    """Any run of separator characters and separator words (never a line end)."""
    ascii_chars = "".join(c for c in codes.SEP_CHARS if c.isascii())
    cls = "".join(byte_escape(c.encode()) for c in ascii_chars)
    others = [byte_escape(c.encode()) for c in codes.SEP_CHARS if not c.isascii()]
    words = [literal(w) for w in codes.SEP_WORDS]
    return "(?:" + "|".join([f"[{cls}]", *others, *words]) + ")*"


def _number(values: Iterable[int]) -> str:
    """Numbers whose integer value is one of ``values`` (signs, leading zeros)."""
    positive = sorted({v for v in values if v > 0})
    negative = sorted({-v for v in values if v < 0})
    parts: list[str] = []
    if positive:
        parts.append(r"\+?0*(?:" + "|".join(map(str, positive)) + ")")
    if negative:
        parts.append("-0*(?:" + "|".join(map(str, negative)) + ")")
    if 0 in set(values):
        parts.append(r"[-+]?0+")
    return "(?:" + "|".join(parts) + r")\b"


def signature_words(text: str) -> list[str]:
    """The words of a literal signature, as :func:`literal_regex` splits them."""
    body = text.strip()
    if body.endswith((".", "。")):
        body = body[:-1].rstrip()
    return body.split()


_SPACE_RUN: Final = r"(?:[\t\x0b\x0c ]|[\xc2\xe1-\xe3][\x80-\xbf]{1,2})+"
"""One or more of ``regex``'s white space but line ends, loosely: the non-ASCII ones all
start with one of these UTF-8 lead bytes (tested)."""


def literal_signature_pattern(text: str) -> str:
    """The prefilter pattern of a literal signature: its words, any spaces between."""
    return _SPACE_RUN.join(literal(word) for word in signature_words(text))


# -- the pattern set -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pattern:
    """One hyperscan pattern of the prefilter."""

    expression: bytes
    """The pattern, for hyperscan (caseless, byte oriented)."""
    kind: str
    """``code``, ``signature``, ``evidence`` or ``escape`` (JSON lines with escapes)."""
    requires: frozenset[str] | None
    """For code patterns: the catalogs, one of whose evidence a match needs; None when
    a line it fires on is always a candidate."""
    catalog: str | None = None
    """For evidence patterns: the catalog it is evidence for."""
    keyed: bool = False
    """A code after a key (:func:`build`): such patterns differ only in their numbers,
    and :func:`merge_keyed` makes one of those that run together."""
    values: frozenset[int] | None = None
    """For a keyed pattern: the numbers it looks for, or None for any number."""


@dataclass(frozen=True, slots=True)
class PatternSet:
    """Every prefilter pattern of a catalog, and what could not be translated."""

    patterns: tuple[Pattern, ...]
    """Candidate and evidence patterns; a pattern's id is its index."""
    always_present: frozenset[str]
    """Catalogs whose evidence could not be translated: assumed present everywhere."""
    untranslatable: tuple[str, ...]
    """Hand-written signature regexes that could not be translated (the fast engine
    then cannot guarantee the reference's answer and is not used)."""

    def candidates(self) -> list[tuple[int, Pattern]]:
        """(id, pattern) of the patterns that make a line a candidate."""
        return [(i, p) for i, p in enumerate(self.patterns) if p.kind != "evidence"]

    def evidence(self) -> list[tuple[int, Pattern]]:
        """(id, pattern) of the evidence patterns."""
        return [(i, p) for i, p in enumerate(self.patterns) if p.kind == "evidence"]


def code_requirements(catalog: Catalog) -> dict[int, frozenset[str] | None]:
    """For each catalog value: None when some entry counts without evidence, else the
    catalogs (its entries' and the catch-all rows') one of whose evidence is needed."""
    catch_all = catch_all_catalogs(catalog)
    out: dict[int, frozenset[str] | None] = {}
    for value in sorted({e.value for e in catalog.entries if e.value is not None}):
        needed: set[str] = set(catch_all) if value != 0 else set()
        free = False
        for entry in catalog.entries:
            if entry.value != value:
                continue
            if catalog.context(entry.catalog).needs_evidence(value):
                needed.add(entry.catalog)
            else:
                free = True
        out[value] = None if free else frozenset(needed)
    return out


def catch_all_catalogs(catalog: Catalog) -> frozenset[str]:
    """Catalogs with a catch-all row (``Other``): any unlisted code may mean it."""
    return frozenset(e.catalog for e in catalog.entries if is_catch_all(e))


def _keyed(values: frozenset[int] | None, need: frozenset[str] | None) -> Pattern:
    """The pattern of a code after a key: one of ``values``, or any number for None."""
    number = "[-+]?[0-9]" if values is None else _number(sorted(values))
    expression = f"{key_alternation()}{separator()}{number}"
    return Pattern(expression.encode(), "code", need, keyed=True, values=values)


def merge_keyed(patterns: Sequence[Pattern]) -> list[Pattern]:
    """``patterns`` with the keyed code patterns among them made one, in the place of
    the first: it fires on a line where one of them does, and only there.

    The keyed patterns share their key and separator and differ in their numbers (one
    per set of catalogs whose evidence a number needs). In one database, hyperscan runs
    that shared part once per pattern, so merged they scan markedly faster. A scan only
    asks whether a candidate pattern fired on a line, never which one, so nothing else
    changes.
    """
    keyed = [p for p in patterns if p.keyed]
    if len(keyed) < 2:
        return list(patterns)
    values: frozenset[int] | None = frozenset()
    for p in keyed:
        values = None if values is None or p.values is None else values | p.values
    out: list[Pattern] = []
    for p in patterns:
        if not p.keyed:
            out.append(p)
        elif keyed:
            out.append(_keyed(values, None))
            keyed = []
    return out


def build(catalog: Catalog) -> PatternSet:
    """The prefilter of ``catalog``: codes after keys, signatures, then evidence."""
    untranslatable: list[str] = []
    always: set[str] = set()
    patterns = [
        *_code_patterns(catalog),
        *_signature_patterns(catalog, untranslatable),
        *_evidence_patterns(catalog, always),
    ]
    return PatternSet(tuple(patterns), frozenset(always), tuple(untranslatable))


def _code_patterns(catalog: Catalog) -> list[Pattern]:
    """A keyed pattern per set of catalogs whose evidence some values need, one for any
    number where a catch-all row may take it, and non-ASCII digits."""
    patterns: list[Pattern] = []
    by_need: dict[frozenset[str] | None, list[int]] = {}
    for value, need in code_requirements(catalog).items():
        by_need.setdefault(need, []).append(value)
    for need, values in sorted(by_need.items(), key=lambda item: sorted(item[0] or ())):
        patterns.append(_keyed(frozenset(values), need))
    catch_all = catch_all_catalogs(catalog)
    if catch_all:
        patterns.append(_keyed(None, catch_all))
    # A code written in non-ASCII digits ("２１００００２"): such digits are rare enough
    # that any line holding one is a candidate, key or no key.
    patterns.append(Pattern(f"(?:{NONASCII_DIGIT})".encode(), "code", None))
    return patterns


def _signature_patterns(catalog: Catalog, untranslatable: list[str]) -> list[Pattern]:
    """A pattern per distinct signature; the regexes that cannot be translated go to
    ``untranslatable``."""
    patterns: list[Pattern] = []
    seen: set[tuple[str, bool]] = set()
    for entry in catalog.entries:
        for signature in entry.signatures:
            if (signature.pattern, signature.regex) in seen:
                continue
            seen.add((signature.pattern, signature.regex))
            if signature.regex:
                translated = translate(signature.pattern)
                if translated is None:
                    untranslatable.append(signature.pattern)
                    continue
                patterns.append(Pattern(translated.encode(), "signature", None))
            elif signature_words(signature.pattern):
                text = literal_signature_pattern(signature.pattern)
                patterns.append(Pattern(text.encode(), "signature", None))
    return patterns


def _evidence_patterns(catalog: Catalog, always: set[str]) -> list[Pattern]:
    """The pieces of each catalog's evidence regexes; a catalog with a regex that cannot
    be translated goes to ``always`` (its evidence is taken as present everywhere)."""
    patterns: list[Pattern] = []
    for name, context in sorted(catalog.contexts.items()):
        pieces: list[str] = []
        for evidence in context.evidence:
            translated_pieces = translate_pieces(evidence)
            if translated_pieces is None:
                always.add(name)
                break
            pieces.extend(translated_pieces)
        if name not in always:
            patterns.extend(
                Pattern(piece.encode(), "evidence", None, catalog=name) for piece in pieces
            )
    return patterns


JSON_ESCAPE: Final = Pattern(rb"\\", "escape", None)
"""JSON lines: a line with an escape may decode to anything, so it is always a candidate."""


# -- error lines (the unknown-error groups) ------------------------------------------------------

_BLANK: Final = "[\\t\\n\\r ]"

ERROR_LEVEL_LETTERS: Final = (
    "(?-i:" + "|".join(f"{_BLANK}{letter}[\\t\\n\\r /(]" for letter in "EFA") + ")",
    "(?-i:^[EFA])",
    f"(?-i:{_BLANK}[EFA]$)",
)
"""A one-letter level E, F or A (assert) where hilog, logcat, DevEco and Android Studio
print one: at the start of a line or after a blank, and before a blank, ``/``, ``(``
or the end of the line (every layout's header regex puts it there; a test checks each
layout). Spelled with ``\\b`` on both sides, hyperscan has no literal to look for and
the pattern becomes a good part of the candidate scan; split this way, into literal
alternatives and two anchored patterns, it costs next to nothing. A chunk starts at a
line start and ends after a line end, so the anchored patterns rarely fire."""

ERROR_LEVEL_LETTERS_RG: Final = "(?-i)(?:^|[\\t ])[EFA](?:[\\t /(]|$)"
"""The same for ``rg`` and ``grep``, which read line by line (the line ends are theirs)."""

ERROR_LEVEL_WORDS: Final = "\\b(?:err|error|crit|critical|assert|fatal|panic)\\b"
"""A level word that :meth:`~analyzer.model.Level.parse` reads as E or F (``ERROR``,
``ERR``, ``CRITICAL``, ``Fatal`` ...), any case, as a whole word: a level field holds
nothing else (``errCode`` and ``errorReason`` are no levels)."""

JSON_LEVEL: Final = Pattern(
    rb'"(?:level|severity|lvl|loglevel|priority|levelname)"[ \t]*:[ \t]*-?[0-9]'
    rb'|"[^"a-z0-9\r\n]*[efa][^"a-z0-9\r\n]*"',
    "error",
    None,
)
"""JSON lines: a numeric level (``"level": 50``, ``"priority": 6``) or a one-letter
level string in any case, with any padding (``"level": " e"``). Keys written with
escapes are candidates anyway (:data:`JSON_ESCAPE`)."""


def error_patterns(words: Sequence[str], anywhere: Sequence[str]) -> list[Pattern]:
    """Patterns that fire on every line that can make its record an error record
    (:func:`analyzer.engine.errorlines.is_error_line`): an error level in any format's
    spelling, or an error word. ``words`` (lower case, a space standing for an optional
    space, ``_`` or ``-``) are matched caseless, so with ASCII case folding only, as the
    error-word regex does, and must end a name: a plural ``s``/``es`` and then no ASCII
    letter. The start of the word is not checked (``terror`` fires; the line is then
    rejected in Python). ``anywhere`` (the Chinese words) match anywhere. A non-zero
    number after a strong code key (:func:`~analyzer.engine.errorlines.has_error_code`)
    fires too."""

    def spelled(word: str) -> str:
        out = []
        for ch in word:
            if ch == " ":
                out.append("[ _-]?")
            elif ch.isascii() and ch.isalnum():
                out.append(ch)
            else:
                out.append(byte_escape(ch.encode()))
        return "".join(out)

    whole = "|".join(spelled(word) for word in words)
    cjk = "|".join(byte_escape(word.encode()) for word in anywhere)
    keys = "|".join(
        [key_regex(k) for k in codes.STRONG_KEYS] + [literal(k) for k in codes.CJK_KEYS]
    )
    return [
        *(Pattern(x.encode(), "error", None) for x in ERROR_LEVEL_LETTERS),
        Pattern(ERROR_LEVEL_WORDS.encode(), "error", None),
        Pattern(f"(?:{whole})(?:e?s)?(?:[^a-z]|$)".encode(), "error", None),
        Pattern(f"(?:{cjk})".encode(), "error", None),
        # a non-zero code after a key that names an error code (non-ASCII digits make
        # any line a candidate already)
        Pattern(f"(?:{keys}){separator()}[-+]?0*[1-9]".encode(), "error", None),
    ]
