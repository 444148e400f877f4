"""The row codec (``analyzer.store.rows``): every packed shape reads back as it was
packed, and the positions read in hot loops are the schema's named fields."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analyzer.model import ErrorRecord, Level, Match, MatchedBy, Occurrence
from analyzer.store import rows

LEVELS = st.sampled_from([None, *Level])
TEXT = st.text(max_size=20)
MAYBE = st.none() | TEXT


def test_the_literal_positions_are_the_schemas_fields() -> None:
    for name, at in [
        ("entry", rows.M_ENTRY),
        ("candidates", rows.M_CANDIDATES),
        ("input", rows.M_INPUT),
        ("line", rows.M_LINE),
        ("record_line", rows.M_RECORD_LINE),
        ("text", rows.M_TEXT),
        ("confidence", rows.M_CONFIDENCE),
        ("level", rows.M_LEVEL),
    ]:
        assert rows.MATCH.position(name) == at
    for name, at in [
        ("line", rows.E_LINE),
        ("lines", rows.E_LINES),
        ("tokens", rows.E_TOKENS),
        ("occurrence", rows.E_OCCURRENCE),
        ("secrets", rows.E_SECRETS),
    ]:
        assert rows.ERROR_RECORD.position(name) == at
    assert rows.ERROR_RECORD.fields == tuple(ErrorRecord.__dataclass_fields__)
    assert rows.OCCURRENCE.position("level") == rows.O_LEVEL
    assert rows.OCCURRENCE.position("text") == rows.O_TEXT
    assert rows.OCCURRENCE.position("secrets") == rows.O_SECRETS
    assert rows.MATCH.fields[:-1] == tuple(Match.__dataclass_fields__)[:-1]
    assert rows.OCCURRENCE.fields[:6] == tuple(Occurrence.__dataclass_fields__)


@given(
    index=st.integers(0, 9),
    line=st.integers(1, 10**6),
    level=LEVELS,
    by=st.sampled_from(list(MatchedBy)),
    text=TEXT,
    time=MAYBE,
    tag=MAYBE,
    pid=st.none() | st.integers(0, 2**31),
    shift=st.integers(0, 1000),
)
def test_a_match_reads_back_and_moves(
    index: int,
    line: int,
    level: Level | None,
    by: MatchedBy,
    text: str,
    time: str | None,
    tag: str | None,
    pid: int | None,
    shift: int,
) -> None:
    match = Match(
        "c:1", ("c:1", "c:2"), index, line, line, text, by, 0.5, "why", time, level, tag, "p", pid
    )
    row = rows.pack_match(match)
    assert rows.unpack_match(row) == match
    moved = rows.unpack_match(rows.shift_match(row, shift))
    assert (moved.line, moved.record_line) == (line + shift, line + shift)
    getter = rows.MATCH.getter(("level", "matched_by", "text"))
    assert getter(row) == (level, by, text)


@given(
    index=st.integers(0, 9),
    line=st.integers(1, 10**6),
    level=LEVELS,
    text=TEXT,
    time=MAYBE,
    tag=MAYBE,
    secrets=st.none() | st.integers(0, 5),
    explained=st.booleans(),
)
def test_an_error_record_and_its_group_row_read_back(
    index: int,
    line: int,
    level: Level | None,
    text: str,
    time: str | None,
    tag: str | None,
    secrets: int | None,
    explained: bool,
) -> None:
    occurrence = None if explained else Occurrence(index, line, time, level, tag, text)
    record = ErrorRecord(line, 2, ("a", "<NUM>"), occurrence, secrets)
    packed = rows.pack_error_record(record)
    assert rows.unpack_error_record(packed) == record
    if occurrence is not None and secrets is None:
        alone = rows.pack_error_line(index, line, time, level, tag, text, ("a", "<NUM>"))
        assert alone == rows.pack_error_record(ErrorRecord(line, 1, ("a", "<NUM>"), occurrence))
    if packed[3] is not None:
        row = rows.group_row(packed[3], 10, secrets)
        assert rows.unpack_occurrence(row) == Occurrence(index, line + 10, time, level, tag, text)
        assert row[rows.O_SECRETS] == (rows.NOT_COUNTED if secrets is None else secrets)
        assert rows.OCCURRENCE.getter(("level",))(row) == (level,)
