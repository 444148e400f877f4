"""The prefilter's patterns as text regexes for ``rg -f`` and ``LC_ALL=C grep -E -f``:
the same work the fast engine's candidate scan does, for comparing the two on the same
log (``analyzer catalog export --format rg --with-error-lines``)."""

from __future__ import annotations

from analyzer.catalog.loader import Catalog
from analyzer.engine import codes
from analyzer.engine.errorlines import ERROR_WORDS, ERROR_WORDS_CJK
from analyzer.engine.fast.patterns import ERROR_LEVEL_LETTERS_RG, signature_words


def export_error_lines(dialect: str) -> list[str]:
    """The error-line patterns (:func:`error_patterns`) as text regexes for ``rg -f`` or
    ``LC_ALL=C grep -E -f``: what the fast engine also looks for to group the errors no
    catalog entry explains. Same words and keys; ``grep`` spells letters as classes."""
    rg = dialect == "rg"

    def caseless(text: str) -> str:
        if rg:
            return text
        return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c
                       for c in text)  # fmt: skip

    words = "|".join(caseless(w).replace(" ", "[ _-]?") for w in ERROR_WORDS)
    keys = "|".join(caseless(k.replace("(?:", "(")) for k in codes.STRONG_KEYS)
    sep = "[ \t]*[:=：]?[ \t]*"
    prefix = "(?i)" if rg else ""
    return [
        ERROR_LEVEL_LETTERS_RG if rg else "(^|[\t ])[EFA]([\t /(]|$)",
        f"{prefix}\\b({caseless('err|error|crit|critical|assert|fatal|panic')})\\b",
        f"{prefix}({words})(e?s)?([^a-zA-Z]|$)",
        "|".join(ERROR_WORDS_CJK),
        f"{prefix}({keys}|{'|'.join(codes.CJK_KEYS)}){sep}[-+]?0*[1-9]",
    ]


def export(catalog: Catalog, dialect: str) -> list[str]:
    """The candidate patterns as text regexes, one per line, for ``rg -f`` or ``grep -E -f``.

    The same keys, separators, numbers and signature words as the engine's prefilter
    (the evidence stage has no grep equivalent): codes after keys, then every literal
    and translatable regex signature. ``rg`` lines are Unicode-aware and start with
    ``(?i)``; ``grep`` lines are POSIX ERE for ``LC_ALL=C grep -E`` with letters
    spelled as ``[aA]`` classes, so no ``-i`` is needed.
    """
    if dialect not in ("rg", "grep"):
        raise ValueError(f"unknown dialect {dialect!r}")
    rg = dialect == "rg"
    return [*_code_lines(rg), *_signature_lines(catalog, rg)]


def _word(text: str, rg: bool) -> str:
    """Literal text as a regex of the dialect (letters as ``[aA]`` for grep)."""
    out = []
    for ch in text:
        if ch.isascii() and ch.isalpha():
            out.append(ch if rg else f"[{ch.lower()}{ch.upper()}]")
        elif ch.isascii() and not ch.isalnum():
            out.append("\\" + ch if ch in ".^$*+?()[]{}|\\/-" else ch)
        else:
            out.append(ch)
    return "".join(out)


def _key(text: str, rg: bool) -> str:
    """A key regex of :mod:`analyzer.engine.codes` in the dialect."""
    text = text.replace("(?:", "(")
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() and c.isascii() and not rg
                   else c for c in text)  # fmt: skip


def _code_lines(rg: bool) -> list[str]:
    """A number after a Latin key, and after a Chinese one."""
    latin = "|".join(_key(k, rg) for k in (*codes.STRONG_KEYS, *codes.WEAK_KEYS))
    cjk = "|".join(codes.CJK_KEYS)
    if rg:
        chars = "".join("\\" + c if c in "[]\\" else c for c in codes.SEP_CHARS)
    else:  # POSIX brackets: no escapes; "[" last so that no "[:" or "[=" appears
        chars = "".join(c for c in codes.SEP_CHARS if c != "[") + "["
    words = "|".join(_word(w, rg) for w in codes.SEP_WORDS)
    sep = f"([{chars}]|{words})*"
    digit = r"[-+]?\d" if rg else "[-+]?[0-9]"
    prefix = "(?i)" if rg else ""
    return [rf"{prefix}\b({latin}){sep}{digit}", f"({cjk}){sep}{digit}"]


def _signature_lines(catalog: Catalog, rg: bool) -> list[str]:
    """Every literal signature (words, any white space between), and for ``rg`` every
    regex signature as it is written."""
    space = r"\s+" if rg else "[[:space:]]+"
    prefix = "(?i)" if rg else ""
    lines: list[str] = []
    seen: set[str] = set()
    for entry in catalog.entries:
        for signature in entry.signatures:
            if signature.regex:
                if rg and signature.pattern not in seen:
                    seen.add(signature.pattern)
                    lines.append(f"(?i){signature.pattern}")
                continue
            words = signature_words(signature.pattern)
            text = space.join(_word(w, rg) for w in words)
            if words and text not in seen:
                seen.add(text)
                lines.append(f"{prefix}{text}")
    return lines
