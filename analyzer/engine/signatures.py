"""Find catalog messages and quoted log records in a line, with or without a code.

Literal signatures are matched case-insensitively on word boundaries, with any run of
white space standing for one space and the final period optional (hilog and app code
often drop or add it). A cheap substring test on the signature's rarest word runs
first so that the regex only runs on lines that could match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from analyzer.errors import CatalogError
from analyzer.model import CatalogEntry, EntryId, SignatureKind

REGEX_TIMEOUT = 0.25
"""Seconds a hand-written signature regex may spend on one line before it is failed."""

_WORD = regex.compile(r"[\p{L}\p{N}_]+")


@dataclass(frozen=True, slots=True)
class SignatureHit:
    """A signature found on a line."""

    entries: tuple[EntryId, ...]
    """Every entry that has this signature (a message can be shared)."""
    pattern: str
    """The signature as written in the catalog."""
    kind: SignatureKind
    """Message, quoted record, or hand-written."""
    distinctive: bool
    """Long enough that the text alone identifies the entry without other context."""
    start: int
    """Offset in the line."""
    end: int
    """Offset just past the match."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    entries: tuple[EntryId, ...]
    pattern: str
    kind: SignatureKind
    needle: str
    matcher: regex.Pattern[str]
    distinctive: bool
    user_regex: bool


def is_distinctive(text: str) -> bool:
    """Whether a message identifies its entry by itself.

    "Internal error." or "Invalid parameter value." appear in many products' logs, so
    they count only with the catalog's context; a sentence of five words or more
    ("The number of requests exceeded the maximum allowed.") does not need it.
    """
    words = _WORD.findall(text)
    return len(words) >= 5 and len(text) >= 28


def literal_regex(text: str) -> str:
    """The regex a literal signature compiles to (also exported for ``rg``/``grep``)."""
    body = text.strip()
    optional_period = body.endswith((".", "。"))
    if optional_period:
        body = body[:-1].rstrip()
    parts = [regex.escape(p) for p in body.split()]
    core = r"\s+".join(parts)
    tail = r"[.。]?" if optional_period else ""
    lead = r"(?<![\p{L}\p{N}_])" if _WORD.match(body[:1] or " ") else ""
    end = r"(?![\p{L}\p{N}_])" if _WORD.match(body[-1:] or " ") else ""
    return f"{lead}{core}{end}{tail}"


class SignatureMatcher:
    """All signatures of a catalog, grouped so a shared message is one hit."""

    def __init__(self, entries: Sequence[CatalogEntry]) -> None:
        grouped: dict[tuple[str, bool], list[tuple[EntryId, SignatureKind]]] = {}
        written: dict[tuple[str, bool], str] = {}
        for entry in entries:
            for signature in entry.signatures:
                normal = signature.pattern if signature.regex else _normal(signature.pattern)
                key = (normal, signature.regex)
                grouped.setdefault(key, []).append((entry.id, signature.kind))
                written.setdefault(key, signature.pattern)
        compiled: list[_Compiled] = []
        for (normal, is_regex), owners in grouped.items():
            pattern = written[(normal, is_regex)]
            ids = tuple(dict.fromkeys(owner for owner, _ in owners))
            kind = _strongest(kind for _, kind in owners)
            if is_regex:
                try:
                    matcher = regex.compile(pattern, regex.IGNORECASE)
                except regex.error as exc:
                    raise CatalogError(
                        f"signature regex {pattern!r} of {ids[0]} does not compile: {exc}"
                    ) from None
                compiled.append(_Compiled(ids, pattern, kind, "", matcher, True, True))
            else:
                needle = max(_WORD.findall(pattern.lower()) or [pattern.lower()], key=len)
                matcher = regex.compile(literal_regex(pattern), regex.IGNORECASE)
                distinctive = kind is not SignatureKind.MESSAGE or is_distinctive(pattern)
                compiled.append(_Compiled(ids, pattern, kind, needle, matcher, distinctive, False))
        self._signatures = list(compiled)
        self.failed: list[tuple[str, tuple[EntryId, ...]]] = []
        """Hand-written regexes switched off for running out of time: (pattern, entries)."""

    def find(self, line: str) -> Iterator[SignatureHit]:
        """Every signature on ``line``.

        A hand-written regex that runs longer than :data:`REGEX_TIMEOUT` on the line is
        switched off (it finds nothing from then on) and listed in :attr:`failed`, so one
        hostile line neither hangs the scan nor ends it.
        """
        lower = line.lower()
        for sig in self._signatures:
            if sig.needle and sig.needle not in lower:
                continue
            try:
                match = sig.matcher.search(line, timeout=REGEX_TIMEOUT if sig.user_regex else None)
            except TimeoutError:
                self._signatures = [s for s in self._signatures if s is not sig]
                self.failed.append((sig.pattern, sig.entries))
                continue
            if match:
                yield SignatureHit(
                    sig.entries, sig.pattern, sig.kind, sig.distinctive, match.start(), match.end()
                )


def _normal(text: str) -> str:
    return " ".join(text.split()).rstrip(".。").lower()


_KIND_ORDER = (SignatureKind.MANUAL, SignatureKind.RECORD, SignatureKind.MESSAGE)


def _strongest(kinds: Iterator[SignatureKind]) -> SignatureKind:
    seen = set(kinds)
    return next(k for k in _KIND_ORDER if k in seen) if seen else SignatureKind.MANUAL
