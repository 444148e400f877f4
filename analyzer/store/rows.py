"""The row codec: how occurrences and error records are packed as tuples of plain values.

A scan of a big log hands over and keeps hundreds of thousands of occurrences. As
objects they cost a kilobyte each and pickle slowly; as tuples of plain values (int,
float, str, None and tuples of them) they pickle and :mod:`marshal` many times faster
and compress well. This module is the one place that knows the order of those values:
each packed shape is a :class:`Schema` with named fields, and every reader goes by
name (:meth:`Schema.position`, :meth:`Schema.getter`) or through the pack and unpack
functions here.

Enums travel as their values: a level as its integer (``0`` for none, see
:data:`~analyzer.model.LEVEL_OF_VALUE`), ``matched_by`` as its string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from analyzer.model import (
    LEVEL_OF_VALUE,
    EntryId,
    ErrorRecord,
    Level,
    Match,
    MatchedBy,
    Occurrence,
)

Row = tuple[Any, ...]
"""One packed item: plain values only (what :mod:`marshal` can write)."""


@dataclass(frozen=True)
class Schema:
    """The named fields of one packed shape, in order, and how a field's packed value
    becomes the item's value where the two differ (enums)."""

    fields: tuple[str, ...]
    """Field names, in the order the row holds them."""
    decoders: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    """Per field, the function from its packed value to the item's value."""
    _getters: dict[tuple[str, ...], Callable[[Row], tuple[Any, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def position(self, name: str) -> int:
        """Where a row holds the field ``name``; ``KeyError`` for a field it lacks."""
        try:
            return self.fields.index(name)
        except ValueError:
            raise KeyError(name) from None

    def getter(self, names: tuple[str, ...]) -> Callable[[Row], tuple[Any, ...]]:
        """A function from a row to the item's values of ``names``, in that order.

        Written out as one expression per field (as ``collections.namedtuple`` writes
        its methods): readers call it once per row of a big finding or group, where a
        loop over the fields would cost more than what they then do with the values.
        Made once per set of names."""
        found = self._getters.get(names)
        if found is None:
            found = self._getters[names] = self._written(names)
        return found

    def _written(self, names: tuple[str, ...]) -> Callable[[Row], tuple[Any, ...]]:
        values = []
        scope: dict[str, Any] = {}
        for n, name in enumerate(names):
            value = f"row[{self.position(name)}]"
            decoder = self.decoders.get(name)
            if decoder is not None:
                scope[f"_decode{n}"] = decoder
                value = f"_decode{n}({value})"
            values.append(value)
        getter: Callable[[Row], tuple[Any, ...]] = eval(  # noqa: S307 - our own field names
            f"lambda row: ({', '.join(values)},)", scope
        )
        return getter


def _level_value(level: Level | None) -> int:
    return 0 if level is None else int(level)


_MATCHED_BY: Final = {by.value: by for by in MatchedBy}
_LEVEL: Final = LEVEL_OF_VALUE.__getitem__

MATCH: Final = Schema(
    (
        "entry",
        "candidates",
        "input",
        "line",
        "record_line",
        "text",
        "matched_by",
        "confidence",
        "reason",
        "time",
        "level",
        "tag",
        "process",
        "pid",
    ),
    {"matched_by": _MATCHED_BY.__getitem__, "level": _LEVEL},
)
"""A :class:`~analyzer.model.Match`: its fields in order, enums as values."""

MatchRow = tuple[
    EntryId,
    tuple[EntryId, ...],
    int,
    int,
    int,
    str,
    str,
    float,
    str,
    str | None,
    int,
    str | None,
    str | None,
    int | None,
]
"""A packed match (:data:`MATCH`)."""

# Where a match row holds the fields read in hot loops, spelled as literals so that
# the type checker knows each one's type; a test holds them to MATCH's names.
M_ENTRY: Final = 0
M_CANDIDATES: Final = 1
M_INPUT: Final = 2
M_LINE: Final = 3
M_RECORD_LINE: Final = 4
M_TEXT: Final = 5
M_CONFIDENCE: Final = 7
M_LEVEL: Final = 10


def pack_match(match: Match) -> MatchRow:
    """``match`` as a row of :data:`MATCH`."""
    return (
        match.entry,
        match.candidates,
        match.input,
        match.line,
        match.record_line,
        match.text,
        match.matched_by.value,
        match.confidence,
        match.reason,
        match.time,
        _level_value(match.level),
        match.tag,
        match.process,
        match.pid,
    )


def unpack_match(row: MatchRow) -> Match:
    """The match :func:`pack_match` gave ``row`` for."""
    entry, candidates, index, line, record_line, text, by, confidence = row[:8]
    reason, time, level, tag, process, pid = row[8:]
    return Match(
        entry,
        candidates,
        index,
        line,
        record_line,
        text,
        _MATCHED_BY[by],
        confidence,
        reason,
        time,
        LEVEL_OF_VALUE[level],
        tag,
        process,
        pid,
    )


def shift_match(row: MatchRow, lines: int) -> MatchRow:
    """``row`` with its line numbers moved by ``lines`` (a worker counts lines from the
    start of its part of an input)."""
    if not lines:
        return row
    entry, candidates, index, line, record_line = row[:M_TEXT]
    return (entry, candidates, index, line + lines, record_line + lines, *row[M_TEXT:])


OCCURRENCE: Final = Schema(
    ("input", "line", "time", "level", "tag", "text", "secrets"), {"level": _LEVEL}
)
"""An :class:`~analyzer.model.Occurrence` of an unmatched group, then the secrets
counted in its text (``-1`` where not counted): how a group keeps its records. The
occurrence alone (:data:`PackedOccurrence`) is the first six fields."""

PackedOccurrence = tuple[int, int, str | None, int, str | None, str]
"""An occurrence's input, line, time, level value, tag and text."""

GroupRow = tuple[int, int, str | None, int, str | None, str, int]
"""A packed occurrence plus its secrets (:data:`OCCURRENCE`)."""

O_LEVEL: Final = 3
O_TEXT: Final = 5
O_SECRETS: Final = 6
NOT_COUNTED: Final = -1
"""The secrets of a group row whose text was not checked for secrets."""


def pack_occurrence(occurrence: Occurrence) -> PackedOccurrence:
    """``occurrence`` as its six packed values."""
    o = occurrence
    return (o.input, o.line, o.time, _level_value(o.level), o.tag, o.text)


def unpack_occurrence(row: PackedOccurrence | GroupRow) -> Occurrence:
    """The occurrence a packed occurrence, or a group row, holds."""
    index, line, time, level, tag, text = row[:6]
    return Occurrence(index, line, time, LEVEL_OF_VALUE[level], tag, text)


def group_row(packed: PackedOccurrence, lines: int, secrets: int | None) -> GroupRow:
    """How a group keeps an occurrence: moved by ``lines``, with its secrets."""
    index, line, time, level, tag, text = packed
    counted = NOT_COUNTED if secrets is None else secrets
    return (index, line + lines, time, level, tag, text, counted)


ERROR_RECORD: Final = Schema(("line", "lines", "tokens", "occurrence", "secrets"))
"""An :class:`~analyzer.model.ErrorRecord`: line, lines, tokens, the packed occurrence
(``None`` when the catalog explains the record) and the secrets counted in it."""

PackedErrorRecord = tuple[int, int, tuple[str, ...], PackedOccurrence | None, int | None]
"""A packed error record (:data:`ERROR_RECORD`)."""

E_LINE: Final = 0
E_LINES: Final = 1
E_TOKENS: Final = 2
E_OCCURRENCE: Final = 3
E_SECRETS: Final = 4


def pack_error_line(
    index: int,
    line: int,
    time: str | None,
    level: Level | None,
    tag: str | None,
    text: str,
    tokens: tuple[str, ...],
) -> PackedErrorRecord:
    """The packed error record of a one-line record, from its parts (the fast engine
    packs most error lines this way, without making the record)."""
    return (line, 1, tokens, (index, line, time, _level_value(level), tag, text), None)


def pack_error_record(record: ErrorRecord) -> PackedErrorRecord:
    """``record`` as plain tuples, for sending between processes."""
    occurrence = None if record.occurrence is None else pack_occurrence(record.occurrence)
    return (record.line, record.lines, record.tokens, occurrence, record.secrets)


def unpack_error_record(packed: PackedErrorRecord) -> ErrorRecord:
    """The record :func:`pack_error_record` gave."""
    line, lines, tokens, occurrence, secrets = packed
    found = None if occurrence is None else unpack_occurrence(occurrence)
    return ErrorRecord(line, lines, tokens, found, secrets)


def with_secrets(packed: PackedErrorRecord, secrets: int) -> PackedErrorRecord:
    """``packed`` with the secrets counted in its occurrence."""
    line, lines, tokens, occurrence, _ = packed
    return (line, lines, tokens, occurrence, secrets)
