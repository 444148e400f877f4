"""Packed, spilling storage of occurrences (``analyzer.store``, ``analyzer.triage.matches``).

A finding's occurrences are rows in a store that batches, compresses and, past a
budget, writes them to a temporary file. Whatever the budget, reading them back
must give exactly what was added, in order, by index, by slice and by iteration.
"""

from __future__ import annotations

import collections

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.model import Level, Match, MatchedBy
from analyzer.model.occurrences import Occurrences
from analyzer.store.rows import Schema, pack_match, shift_match
from analyzer.store.spill import Batches, RowStore, batch_rows
from analyzer.triage.matches import MatchStore

PAIR = Schema(("a", "b"))
"""Rows of two fields, for the store's own tests."""
ONE = Schema(("a",))

VALUES = st.one_of(
    st.none(),
    st.integers(-(2**62), 2**62),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.tuples(st.text(max_size=5), st.text(max_size=5)),
)
ROWS = st.lists(st.tuples(st.sampled_from("abc"), st.tuples(VALUES, VALUES)), max_size=300)


@given(
    rows=ROWS,
    memory=st.sampled_from([0, 64, 1 << 20]),
    batch=st.integers(1, 50),
    pending=st.integers(1, 80),
)
@settings(deadline=None)
def test_rows_read_back_as_added_whatever_the_budget(
    rows: list[tuple[str, tuple[object, object]]], memory: int, batch: int, pending: int
) -> None:
    store = RowStore(PAIR, memory_bytes=memory, batch_rows=batch, pending_rows=pending)
    expected: dict[str, list[tuple[object, object]]] = {}
    for key, row in rows:
        store.append(key, row)
        expected.setdefault(key, []).append(row)
    assert store.keys() == list(expected)
    for key, want in expected.items():
        column = store.column(key, lambda row: row)
        assert store.count(key) == len(column) == len(want)
        assert list(column) == want
        assert list(column.values("a", "b")) == want
        assert [column[i] for i in range(len(want))] == want
        assert [column[-i] for i in range(1, len(want) + 1)] == want[::-1]
        assert column[3:9] == tuple(want[3:9])
        assert column[::3] == tuple(want[::3])
        assert list(column.values("b")) == [(b,) for _, b in want]
    store.close()


def test_a_column_keeps_its_length_while_the_store_goes_on() -> None:
    store = RowStore(ONE, batch_rows=2)
    for n in range(5):
        store.append("k", (n,))
    column = store.column("k", lambda row: row[0])
    for n in range(5, 9):
        store.append("k", (n,))
    assert list(column) == [0, 1, 2, 3, 4]
    assert list(store.column("k", lambda row: row[0])) == list(range(9))
    with pytest.raises(IndexError):
        column[5]


@given(
    steps=st.lists(st.one_of(st.integers(0, 99), st.just("view")), max_size=60),
    memory=st.sampled_from([0, 1 << 20]),
    batch=st.integers(1, 7),
    pending=st.integers(1, 9),
)
@settings(deadline=None)
def test_every_view_reads_the_rows_it_was_made_with(
    steps: list[int | str], memory: int, batch: int, pending: int
) -> None:
    """Views are made over rows not packed yet; packing them later (a full batch, too
    many pending, spilling) must not change what any view reads, at any index."""
    store = RowStore(ONE, memory_bytes=memory, batch_rows=batch, pending_rows=pending)
    added: list[tuple[int]] = []
    views = []
    for step in steps:
        if step == "view":
            views.append((store.column("k", lambda row: row), list(added)))
        else:
            store.append("k", (step,))
            store.append("other", (step,))  # other keys' rows count toward pending
            added.append((step,))
        for view, want in views:
            assert list(view.values("a")) == want
            assert [view[i] for i in range(len(want))] == want
            assert list(view[1:4]) == want[1:4]
    store.close()


def test_past_the_budget_rows_go_to_disk_and_come_back() -> None:
    store = RowStore(PAIR, memory_bytes=1 << 10, batch_rows=100)
    rows = [(n, f"line {n} " + "x" * (n % 50)) for n in range(20_000)]
    for row in rows:
        store.append("k", row)
    column = store.column("k", lambda row: row)
    assert store.spilled_bytes > 0
    assert list(column) == rows
    assert column[12_345] == rows[12_345]


def test_mapped_applies_the_transform_when_read_and_leaves_the_original() -> None:
    store = RowStore(ONE)
    for n in range(3):
        store.append("k", (n,))
    column = store.column("k", lambda row: row[0])
    doubled = column.mapped(lambda n: n * 2)
    assert list(doubled) == [0, 2, 4]
    assert doubled[1] == 2 and doubled[1:] == (2, 4)
    assert list(doubled.mapped(lambda n: n + 1)) == [1, 3, 5]
    assert list(column) == [0, 1, 2]
    assert column == [0, 1, 2]
    assert column != [0, 1]


class _Item:
    """An item with the fields of :data:`PAIR`."""

    def __init__(self, a: object, b: object) -> None:
        self.a, self.b = a, b


def _items(row: tuple[object, ...]) -> _Item:
    return _Item(*row)


@pytest.mark.parametrize("counted", [(), ("b",)])
def test_counts_survive_views(counted: tuple[str, ...]) -> None:
    store = RowStore(PAIR, batch_rows=2, count=counted)
    for n in range(7):
        store.append("k", (f"line {n}", n % 3))
    column = store.column("k", _items)
    store.append("k", ("after the view", 0))  # not in the view, nor in its counts
    expected = {0: 3, 1: 2, 2: 2}
    assert column.counts("b") == expected
    assert column.mapped(lambda item: _Item(str(item.a).upper(), item.b)).counts("b") == expected
    assert column.counts("a") == {f"line {n}": 1 for n in range(7)}


def test_a_counting_store_counts_without_reading_rows_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = RowStore(PAIR, batch_rows=2, count=("b",))
    for n in range(7):
        store.append("k", (f"line {n}", n % 2))
    column = store.column("k", _items)

    def refuse(batch: object) -> object:
        raise AssertionError("read back")

    monkeypatch.setattr(store, "_load", refuse)
    assert column.counts("b") == {0: 4, 1: 3}


@given(rows=st.lists(st.tuples(st.integers(0, 3), st.text(max_size=3)), max_size=40))
def test_counted_values_equal_the_rows_values(rows: list[tuple[int, str]]) -> None:
    counting = RowStore(PAIR, batch_rows=3, count=("a", "b"))
    plain = RowStore(PAIR, batch_rows=3)
    for row in rows:
        counting.append("k", row)
        plain.append("k", row)
    column = counting.column("k", _items)
    read = plain.column("k", _items)
    for field in ("a", "b"):
        assert column.counts(field) == read.counts(field)
    assert column.counts("a") == dict(collections.Counter(index for index, _ in rows))
    assert column.counts("b") == dict(collections.Counter(text for _, text in rows))


def test_values_read_the_rows_without_making_the_items() -> None:
    from analyzer.model import InputSummary, Report
    from analyzer.reports.summary import per_input

    store = RowStore(Schema(("text", "input")), batch_rows=2)
    for n in range(7):
        store.append("k", (f"line {n}", n % 2))

    def refuse(row: object) -> object:
        raise AssertionError("decoded")

    column = store.column("k", refuse)
    assert list(column.values("input", "text"))[:2] == [(0, "line 0"), (1, "line 1")]
    inputs = tuple(InputSummary(f"{n}.log", "hilog", 1.0, 9, 0, 900) for n in range(2))
    assert per_input(Report(inputs=inputs, findings=()), column) == [4, 3]


def test_a_pickled_column_is_a_tuple_of_its_items() -> None:
    import pickle

    store = RowStore(ONE, memory_bytes=0, batch_rows=2)
    for n in range(5):
        store.append("k", (n,))
    column = store.column("k", lambda row: row[0] * 10)
    assert isinstance(column, Occurrences)
    assert pickle.loads(pickle.dumps(column)) == (0, 10, 20, 30, 40)


def test_batches_hand_over_rows_in_order() -> None:
    batches = Batches()
    rows = [(n, "x" * n) for n in range(10_000)]
    for row in rows:
        batches.append(row)
    assert list(batch_rows(batches.seal())) == rows
    assert list(batch_rows(Batches().seal())) == []


def _match(entry: str, line: int, *, index: int = 0, **fields: object) -> Match:
    values: dict[str, object] = {
        "entry": entry,
        "candidates": (entry,),
        "input": index,
        "line": line,
        "record_line": line,
        "text": f"line {line}",
        "matched_by": MatchedBy.CODE,
        "confidence": 0.5,
        "reason": "code",
    }
    values.update(fields)
    return Match(**values)  # type: ignore[arg-type]


@given(
    level=st.sampled_from([None, *Level]),
    by=st.sampled_from(list(MatchedBy)),
    text=st.text(),
    time=st.none() | st.text(max_size=20),
    pid=st.none() | st.integers(0, 2**31),
)
def test_a_match_survives_packing(
    level: Level | None, by: MatchedBy, text: str, time: str | None, pid: int | None
) -> None:
    match = _match(
        "c:1", 3, text=text, matched_by=by, level=level, time=time, pid=pid, tag="T", process="p"
    )
    from analyzer.store.rows import unpack_match

    assert unpack_match(pack_match(match)) == match


def test_the_match_store_keeps_what_ranking_needs() -> None:
    from analyzer.store.rows import MATCH

    store = MatchStore(RowStore(MATCH, batch_rows=2, memory_bytes=0))
    store.add(_match("a", 1, level=Level.WARN, confidence=0.4))
    store.add(_match("b", 2, candidates=("b", "a", "c")))
    store.add(_match("a", 3, level=Level.ERROR, confidence=0.9))
    store.add_row(shift_match(pack_match(_match("a", 1, index=1, candidates=("a", "d"))), 10))
    assert store.total == 4
    a, b = store.aggregates["a"], store.aggregates["b"]
    assert (a.first, a.count, a.level, a.confidence, list(a.candidates)) == (
        0,
        3,
        int(Level.ERROR),
        0.9,
        ["d"],
    )
    assert (b.first, b.count, list(b.candidates)) == (1, 1, ["a", "c"])
    occurrences = store.occurrences("a")
    assert [(m.input, m.line, m.record_line) for m in occurrences] == [
        (0, 1, 1),
        (0, 3, 3),
        (1, 11, 11),
    ]


def test_the_match_store_refuses_a_match_that_goes_back() -> None:
    store = MatchStore()
    store.add(_match("a", 5))
    store.add(_match("b", 5))
    with pytest.raises(ValueError, match="arrived after"):
        store.add(_match("a", 4))


def test_a_full_disk_while_spilling_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    from analyzer.errors import AnalyzerError

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    store = RowStore(ONE, memory_bytes=0, batch_rows=1)
    with pytest.raises(AnalyzerError, match="No space left on device.*TMPDIR") as caught:
        store.append("k", ("x",))
    assert "\n" not in str(caught.value)
