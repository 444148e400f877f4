"""The registry of log formats: lookup by name, and detection from a sample.

Detection rules (:func:`detect`):

1. Every detectable format scores the sample with :meth:`LogFormat.score`: roughly the
   share of non-blank lines its parser explains (header lines, plus continuation lines
   after a header; see that method). The ``raw`` fallback always scores
   :data:`~analyzer.formats.interface.RAW_SCORE` (0.1), so it wins only when nothing
   else explains at least a tenth of the sample, and something is always chosen.
2. The highest score wins. Scores equal within :data:`TIE_EPSILON` are broken by
   ``specificity`` (a more specific format wins: hilog lines also read as logcat
   ``threadtime`` lines, and ``deveco`` beats ``android-studio``), then by
   registration order.
3. The confidence is the winner's score.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from analyzer.formats.android_studio import AndroidStudioFormat, AndroidStudioLegacyFormat
from analyzer.formats.deveco import DevEcoFormat
from analyzer.formats.hilog import HilogFormat
from analyzer.formats.interface import Detection, FormatError, LogFormat
from analyzer.formats.jsonl import JsonLinesFormat
from analyzer.formats.logcat import LAYOUTS, LogcatFormat, LogcatRawFormat
from analyzer.formats.plain import PlainTextFormat
from analyzer.formats.raw import RawFormat

DETECT_MAX_LINES = 1000
"""At most this many sample lines are scored (the rest of the iterable is not read)."""

DETECT_MAX_CHARS = 4 << 20
"""Sample lines are read until they reach this many characters (at least one line)."""

TIE_EPSILON = 1e-9
"""Scores closer than this are a tie, broken by specificity."""

_FORMATS: dict[str, LogFormat] = {}
_ALIASES: dict[str, str] = {}


def register(fmt: LogFormat) -> LogFormat:
    """Add a format; its name and aliases must be new. Returns ``fmt``.

    Raises ``ValueError`` on a clash: that is a programming error, not a user error.
    """
    keys = [fmt.name, *fmt.aliases]
    for key in keys:
        if key != key.strip().lower() or not key:
            raise ValueError(f"format names are lower-case and non-empty: {key!r}")
        if key in _FORMATS or key in _ALIASES:
            raise ValueError(f"log format name {key!r} is already registered")
    _FORMATS[fmt.name] = fmt
    for alias in fmt.aliases:
        _ALIASES[alias] = fmt.name
    return fmt


def names() -> tuple[str, ...]:
    """Every registered format's name, in registration order (aliases excluded)."""
    return tuple(_FORMATS)


def formats() -> tuple[LogFormat, ...]:
    """Every registered format, in registration order."""
    return tuple(_FORMATS.values())


def get(name: str) -> LogFormat:
    """The format called ``name`` (or one of its aliases), case-insensitively.

    Raises :class:`~analyzer.formats.interface.FormatError` (an ``AnalyzerError``)
    naming the valid names when there is none.
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return _FORMATS[key]
    except KeyError:
        valid = ", ".join(names())
        raise FormatError(f"unknown log format {name!r} (valid: {valid})") from None


def detect(sample_lines: Iterable[str]) -> Detection:
    """Choose the format that best explains the first lines of a log (rules above).

    Reads at most :data:`DETECT_MAX_LINES` lines (and about :data:`DETECT_MAX_CHARS`
    characters) from ``sample_lines``. Always returns a detection; an empty or
    unrecognised sample gives ``raw``.
    """
    sample: list[str] = []
    chars = 0
    for line in itertools.islice(sample_lines, DETECT_MAX_LINES):
        sample.append(line)
        chars += len(line)
        if chars >= DETECT_MAX_CHARS:
            break
    scored = [
        (fmt.score(sample), index, fmt)
        for index, fmt in enumerate(_FORMATS.values())
        if fmt.detectable
    ]
    scores = [score for score, _, _ in scored]
    scored.sort(key=lambda item: (-_bucket(item[0], scores), -item[2].specificity, item[1]))
    best_score, _, best = scored[0]
    return Detection(format_name=best.name, confidence=round(best_score, 6))


def _bucket(score: float, scores: list[float]) -> float:
    """The largest score within :data:`TIE_EPSILON` of ``score`` (its tie group)."""
    return max(s for s in scores if abs(s - score) <= TIE_EPSILON)


def _register_builtins() -> None:
    """Register the built-in formats, most specific first (that is also the tie order)."""
    for fmt in (
        DevEcoFormat(),
        HilogFormat(),
        AndroidStudioFormat(),
        AndroidStudioLegacyFormat(),
        *(LogcatFormat(layout) for layout in LAYOUTS),
        LogcatRawFormat(),
        JsonLinesFormat(),
        PlainTextFormat(),
        RawFormat(),
    ):
        register(fmt)


_register_builtins()
