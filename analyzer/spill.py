"""Rows kept per key in packed batches, spilled to one temporary file past a budget.

A log that repeats one catalog error on every line has as many occurrences as lines.
Held as Python objects, each costs about a kilobyte, so a 1 GB log of them would need
gigabytes. Here a row is a tuple of plain values (int, float, str, None and tuples of
them); rows are marshalled and compressed in batches of :data:`BATCH_ROWS` (about
20 bytes a row for log lines that repeat), and batches stay in
memory only until they pass :data:`MEMORY_BYTES`, after which they go to an unlinked
temporary file. What stays in memory is the rows not yet batched (at most
:data:`PENDING_ROWS` over all keys), the batches not yet spilled, and a few words
per batch, however many rows there are.

:mod:`marshal` rather than :mod:`pickle`: rows are plain values, which marshal reads
and writes several times faster. Its format is not meant for data from elsewhere,
and it never sees any: the file is this process's own, made unlinked, and read back
only by the store that wrote it. zlib at level 1 costs about a tenth of a
microsecond per row and shrinks a batch of log lines some tenfold.
"""

from __future__ import annotations

import bisect
import marshal
import os
import tempfile
import zlib
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Generic, TypeVar, overload

from analyzer.errors import AnalyzerError

Row = tuple[Any, ...]
"""One packed item: plain values only (what :mod:`marshal` can write)."""

T = TypeVar("T")

BATCH_ROWS = 4096
"""Rows per batch: big enough for marshal and zlib to pay off, small enough that
reading one row back decodes little."""
PENDING_ROWS = 16384
"""Rows waiting to be batched over all keys, at most; past it every key's rows are
batched (a scan with many entries would otherwise hold a part-batch of each)."""
MEMORY_BYTES = 32 << 20
"""Packed bytes held in memory before the store starts spilling to disk."""


def pack_rows(rows: list[Row]) -> bytes:
    """Rows as one compressed batch (what :func:`unpack_rows` reads)."""
    return zlib.compress(marshal.dumps(rows), 1)


def unpack_rows(data: bytes) -> list[Row]:
    """The rows :func:`pack_rows` packed."""
    rows: list[Row] = marshal.loads(zlib.decompress(data))
    return rows


class Batches:
    """Rows packed as they come, :data:`BATCH_ROWS` at a time: how a worker process
    holds a range's matches and error records until it hands them over (a range
    where every line matches then holds a few megabytes, not hundreds), and how they
    cross to the main process (bytes pickle for nothing)."""

    __slots__ = ("batches", "_rows")

    def __init__(self) -> None:
        self.batches: list[bytes] = []
        self._rows: list[Row] = []

    def append(self, row: Row) -> None:
        """Add ``row`` at the end."""
        self._rows.append(row)
        if len(self._rows) >= BATCH_ROWS:
            self.seal()

    def seal(self) -> list[bytes]:
        """Pack the rows not yet packed; returns every batch."""
        if self._rows:
            self.batches.append(pack_rows(self._rows))
            self._rows = []
        return self.batches


def batch_rows(batches: Sequence[bytes]) -> Iterator[Row]:
    """The rows of :attr:`Batches.batches`, in order."""
    for data in batches:
        yield from unpack_rows(data)


@dataclass(slots=True)
class _Batch:
    data: bytes | None
    """The packed rows while they are in memory; ``None`` once spilled."""
    size: int
    """Bytes of ``data``."""
    offset: int = -1
    """Where the batch starts in the spill file, once spilled."""


@dataclass(slots=True)
class _Rows:
    batches: list[_Batch] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    """Rows up to the end of each batch (cumulative), for finding a row's batch."""
    pending: list[Row] = field(default_factory=list)
    counts: dict[int, dict[Any, int]] = field(default_factory=dict)
    """Rows per value, for each position the store counts (:attr:`RowStore.count_at`)."""

    def __len__(self) -> int:
        return (self.ends[-1] if self.ends else 0) + len(self.pending)


class RowStore:
    """Rows appended per key, read back through :class:`Column` views."""

    def __init__(
        self,
        *,
        memory_bytes: int | None = None,
        batch_rows: int | None = None,
        pending_rows: int | None = None,
        count_at: tuple[int, ...] = (),
    ) -> None:
        # The module's values are read here, not bound as defaults, so that a test can
        # make every store of a whole analysis spill.
        self.memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
        self.batch_rows = max(BATCH_ROWS if batch_rows is None else batch_rows, 1)
        self.pending_rows = max(PENDING_ROWS if pending_rows is None else pending_rows, 1)
        self.count_at = count_at
        """Positions in a row whose values are counted per key as rows are appended:
        the input index, so that a report counts each finding's occurrences per input
        without reading its rows back (0.6 µs a row, in every report format), and what
        else a reader would otherwise read every row for (:meth:`Column.value_counts`)."""
        self._keys: dict[Hashable, _Rows] = {}
        self._pending = 0
        self._held: list[_Batch] = []
        self._held_bytes = 0
        self._file: IO[bytes] | None = None
        self._file_end = 0

    def append(self, key: Hashable, row: Row) -> None:
        """Add ``row`` at the end of ``key``'s rows."""
        rows = self._keys.get(key)
        if rows is None:
            rows = self._keys[key] = _Rows()
        rows.pending.append(row)
        self._pending += 1
        for at in self.count_at:
            counts = rows.counts.get(at)
            if counts is None:
                counts = rows.counts[at] = {}
            counts[row[at]] = counts.get(row[at], 0) + 1
        if len(rows.pending) >= self.batch_rows:
            self._seal(rows)
        elif self._pending >= self.pending_rows:
            for each in self._keys.values():
                self._seal(each)

    def count(self, key: Hashable) -> int:
        """Rows of ``key`` so far."""
        rows = self._keys.get(key)
        return 0 if rows is None else len(rows)

    def drop(self, key: Hashable) -> int:
        """Forget ``key``'s rows (views made of them stay readable); returns how many
        there were. Spilled bytes stay in the file until it is closed."""
        rows = self._keys.pop(key, None)
        if rows is None:
            return 0
        self._pending -= len(rows.pending)
        return len(rows)

    def keys(self) -> list[Hashable]:
        """Keys in the order their first row came."""
        return list(self._keys)

    @property
    def spilled_bytes(self) -> int:
        """Bytes written to the spill file so far (0 while everything fits in memory)."""
        return self._file_end

    def column(
        self, key: Hashable, decode: Callable[[Row], T], *, input_at: int | None = None
    ) -> Column[T]:
        """The rows of ``key`` appended so far, decoded by ``decode`` as they are read.
        ``input_at`` is where a row holds its item's input index
        (:meth:`Column.input_counts`). Rows not yet packed are read where they are."""
        rows = self._keys.get(key) or _Rows()
        counts = {at: dict(rows.counts.get(at, {})) for at in self.count_at}
        return Column(self, rows, len(rows), decode, input_at=input_at, counts=counts)

    def _seal(self, rows: _Rows) -> None:
        if not rows.pending:
            return
        data = pack_rows(rows.pending)
        batch = _Batch(data, len(data))
        rows.batches.append(batch)
        rows.ends.append(len(rows))
        self._pending -= len(rows.pending)
        rows.pending = []
        self._held.append(batch)
        self._held_bytes += batch.size
        if self._held_bytes > self.memory_bytes:
            self._spill()

    def _spill(self) -> None:
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="analyzer-occurrences-")  # noqa: SIM115
            fd = self._file.fileno()
            for batch in self._held:
                assert batch.data is not None
                _pwrite_all(fd, batch.data, self._file_end)
                batch.offset = self._file_end
                batch.data = None
                self._file_end += batch.size
        except OSError as exc:
            raise AnalyzerError(
                f"cannot write occurrences to a temporary file in {tempfile.gettempdir()}: "
                f"{exc.strerror or exc} (set TMPDIR to a directory with free space)"
            ) from None
        self._held = []
        self._held_bytes = 0

    def _load(self, batch: _Batch) -> list[Row]:
        data = batch.data
        if data is None:
            assert self._file is not None
            data = os.pread(self._file.fileno(), batch.size, batch.offset)
            if len(data) != batch.size:
                raise AnalyzerError("the temporary file of occurrences was cut short")
        return unpack_rows(data)

    def close(self) -> None:
        """Drop the spill file (it is unlinked already; this frees its space now)."""
        if self._file is not None:
            self._file.close()
            self._file = None


class _Shifted:
    """Rows read by their number in the whole column, from a list that starts at row
    ``first``."""

    __slots__ = ("first", "rows")

    def __init__(self, rows: list[Row], first: int) -> None:
        self.rows = rows
        self.first = first

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        first = self.first
        if isinstance(index, slice):
            return self.rows[index.start - first : index.stop - first]
        return self.rows[index - first]


def _then(first: Callable[[Any], Any] | None, then: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``then`` after ``first`` (just ``then`` when there is no ``first``)."""
    if first is None:
        return then
    return lambda value: then(first(value))


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


class Column(Sequence[T], Generic[T]):
    """The first ``len`` rows one key had when the view was made, decoded when read.

    Immutable even while the store goes on. Reading in order decodes each batch once;
    a random read decodes the row's batch, and the last batch read is kept.
    ``transform`` is applied to each item as it is read, and ``row_map`` to each
    packed row before it is decoded (redaction masks these ways, so a big finding or
    group is never held twice).
    """

    __slots__ = (
        "_batch",
        "_counts",
        "_decode",
        "_input_at",
        "_row_map",
        "_rows",
        "_size",
        "_store",
        "_transform",
    )

    def __init__(
        self,
        store: RowStore,
        rows: _Rows,
        size: int,
        decode: Callable[[Row], T],
        transform: Callable[[T], T] | None = None,
        *,
        input_at: int | None = None,
        counts: dict[int, dict[Any, int]] | None = None,
        row_map: Callable[[Row], Row] | None = None,
    ) -> None:
        self._store = store
        self._rows = rows
        self._size = size
        self._decode = decode
        self._transform = transform
        self._row_map = row_map
        self._input_at = input_at
        self._counts = counts
        self._batch: tuple[int, list[Row]] | None = None

    def value_counts(self, at: int) -> dict[Any, int] | None:
        """How many of the view's rows hold each value at position ``at``, as counted
        when they were appended; ``None`` when the store does not count ``at``."""
        counts = None if self._counts is None else self._counts.get(at)
        return None if counts is None else dict(counts)

    def input_counts(self) -> dict[int, int] | None:
        """How many items each input index has: counted as the rows were appended when
        the store counts that position (:attr:`RowStore.count_at`), else read from the
        packed rows without decoding them; ``None`` when the column was not told where
        rows keep the index."""
        at = self._input_at
        if at is None:
            return None
        counted = self.value_counts(at)
        if counted is not None:
            return counted
        counts: dict[int, int] = {}
        for row in self.rows():
            counts[row[at]] = counts.get(row[at], 0) + 1
        return counts

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._size)
            if step == 1:
                return tuple(self._items(start, stop))
            return tuple(self[i] for i in range(start, stop, step))
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        return self._item(self._row(index))

    def _row(self, index: int) -> Row:
        return self._batch_of(bisect.bisect_right(self._rows.ends, index))[index]

    def _batch_of(self, number: int) -> _Shifted:
        """The rows of batch ``number``, read by their numbers in the column; past the
        last batch, the rows not packed yet (a view does not pack them: packing them
        and reading them back took a third of the collector's serial result() at the
        end of a 1 GB log). The last batch read is kept."""
        rows = self._rows
        if number >= len(rows.ends):
            return _Shifted(rows.pending, rows.ends[-1] if rows.ends else 0)
        cached = self._batch
        if cached is None or cached[0] != number:
            cached = self._batch = (number, self._store._load(rows.batches[number]))
        return _Shifted(cached[1], rows.ends[number - 1] if number else 0)

    def _item(self, row: Row) -> T:
        item = self._decode(row if self._row_map is None else self._row_map(row))
        return item if self._transform is None else self._transform(item)

    def rows_decoded_by(self, decode: Callable[[Row], Any]) -> Iterator[Row] | None:
        """The rows (as :meth:`mapped_rows` gives them) when this view's items are just
        ``decode`` of them (that decode, no transform), else ``None``: a reader that
        can use the packed rows as they are then skips making the items."""
        if self._decode is not decode or self._transform is not None:
            return None
        return self.mapped_rows()

    def mapped_rows(self, start: int = 0, stop: int | None = None) -> Iterator[Row]:
        """:meth:`rows` as this view's ``row_map`` gives them: what its items are
        decoded from, for a reader that can use the packed rows as they are."""
        rows = self.rows(start, stop)
        return rows if self._row_map is None else map(self._row_map, rows)

    def rows(self, start: int = 0, stop: int | None = None) -> Iterator[Row]:
        """The packed rows ``start..stop``, in order, as stored (without this view's
        ``row_map``), without decoding them."""
        stop = self._size if stop is None else min(stop, self._size)
        ends = self._rows.ends
        number = bisect.bisect_right(ends, start)
        while start < stop:
            batch = self._batch_of(number)
            end = min(stop, ends[number]) if number < len(ends) else stop
            take = batch[start:end]
            yield from take
            start += len(take)
            number += 1

    def _items(self, start: int, stop: int) -> Iterator[T]:
        decode, transform = self._decode, self._transform
        for row in self.mapped_rows(start, stop):
            item = decode(row)
            yield item if transform is None else transform(item)

    def __iter__(self) -> Iterator[T]:
        return self._items(0, self._size)

    def mapped(self, transform: Callable[[T], T]) -> Column[T]:
        """The same rows with ``transform`` applied to each item as it is read (after
        any transform this view already has)."""
        return self._view(_then(self._transform, transform), self._row_map)

    def row_mapped(self, row_map: Callable[[Row], Row]) -> Column[T]:
        """The same rows with ``row_map`` applied to each packed row before it is
        decoded (after any row map this view already has), which sees the whole row
        where a transform sees only the item."""
        return self._view(self._transform, _then(self._row_map, row_map))

    def _view(
        self, transform: Callable[[T], T] | None, row_map: Callable[[Row], Row] | None
    ) -> Column[T]:
        return Column(
            self._store,
            self._rows,
            self._size,
            self._decode,
            transform,
            input_at=self._input_at,
            counts=self._counts,
            row_map=row_map,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Column({self._size} rows)"
