"""Rows kept per key in packed batches, spilled to one temporary file past a budget.

A log that repeats one catalog error on every line has as many occurrences as lines.
Held as Python objects they would need gigabytes for a big log. Here a row is a tuple
of plain values (:mod:`analyzer.store.rows`); rows are marshalled and compressed in
batches of :data:`BATCH_ROWS`, and batches stay in memory only until they pass
:data:`MEMORY_BYTES`, after which they go to an unlinked temporary file. What stays
in memory is the rows not yet batched (at most :data:`PENDING_ROWS` over all keys),
the batches not yet spilled, and a few words per batch, however many rows there are.

:mod:`marshal` rather than :mod:`pickle`: rows are plain values, which marshal reads
and writes several times faster. Its format is not meant for data from elsewhere,
and it never sees any: the file is this process's own, made unlinked, and read back
only by the store that wrote it. zlib at level 1 is cheap per row and shrinks a batch
of repeated log lines many times over.
"""

from __future__ import annotations

import bisect
import marshal
import os
import tempfile
import zlib
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar, overload

from analyzer.errors import AnalyzerError
from analyzer.model import Occurrences
from analyzer.store.rows import Row, Schema

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
    """Rows per value, for each position of a field the store counts
    (:attr:`RowStore.counted`)."""

    def __len__(self) -> int:
        return (self.ends[-1] if self.ends else 0) + len(self.pending)


class RowStore:
    """Rows of one :class:`~analyzer.store.rows.Schema` appended per key, read back
    through :class:`Column` views."""

    def __init__(
        self,
        schema: Schema,
        *,
        count: tuple[str, ...] = (),
        memory_bytes: int | None = None,
        batch_rows: int | None = None,
        pending_rows: int | None = None,
    ) -> None:
        # The module's values are read here, not bound as defaults, so that a test can
        # make every store of a whole analysis spill.
        self.schema = schema
        self.memory_bytes = MEMORY_BYTES if memory_bytes is None else memory_bytes
        self.batch_rows = max(BATCH_ROWS if batch_rows is None else batch_rows, 1)
        self.pending_rows = max(PENDING_ROWS if pending_rows is None else pending_rows, 1)
        self.counted = count
        """Fields whose values are counted per key as rows are appended, so that a
        report can ask how many occurrences each input, tag or process has
        (:meth:`Column.counts`) without reading every row back."""
        self._count_at = tuple(schema.position(name) for name in count)
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
        for at in self._count_at:
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

    def column(self, key: Hashable, decode: Callable[[Row], T]) -> Column[T]:
        """The rows of ``key`` appended so far, decoded by ``decode`` as they are read.
        Rows not yet packed are read where they are."""
        rows = self._keys.get(key) or _Rows()
        counts = {
            name: dict(rows.counts.get(at, {}))
            for name, at in zip(self.counted, self._count_at, strict=True)
        }
        return Column(self, rows, len(rows), decode, counts=counts)

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


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


class Column(Occurrences[T]):
    """The first ``len`` rows one key had when the view was made, decoded when read.

    Immutable even while the store goes on. Reading in order decodes each batch once;
    a random read decodes the row's batch, and the last batch read is kept.
    ``transform`` is applied to each item as it is read (redaction masks this way, so
    a big finding or group is never held twice).
    """

    __slots__ = ("_batch", "_counts", "_decode", "_rows", "_size", "_store", "_transform")

    def __init__(
        self,
        store: RowStore,
        rows: _Rows,
        size: int,
        decode: Callable[[Row], T],
        transform: Callable[[T], T] | None = None,
        *,
        counts: dict[str, dict[Any, int]] | None = None,
    ) -> None:
        self._store = store
        self._rows = rows
        self._size = size
        self._decode = decode
        self._transform = transform
        self._counts = counts or {}
        self._batch: tuple[int, list[Row]] | None = None

    def counts(self, field: str) -> dict[Any, int]:
        """How many items hold each value of ``field``: as counted when the rows were
        appended where the store counts it, else read from the packed rows (or from
        the items, for a field the rows do not hold or a view that transforms them)."""
        counted = self._counts.get(field)
        if counted is not None:
            return dict(counted)
        if self._transform is not None or field not in self._store.schema.fields:
            return super().counts(field)
        found: dict[Any, int] = {}
        for (value,) in self.values(field):
            found[value] = found.get(value, 0) + 1
        return found

    def values(self, *fields: str) -> Iterator[tuple[Any, ...]]:
        """The items' values of ``fields``, read from the packed rows without making the
        items (from the items where a transform may change them)."""
        if self._transform is not None or not set(fields) <= set(self._store.schema.fields):
            return super().values(*fields)
        return map(self._store.schema.getter(fields), self._rows_between(0, self._size))

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
        last batch, the rows not packed yet (a view reads them where they are rather
        than packing them to read them back). The last batch read is kept."""
        rows = self._rows
        if number >= len(rows.ends):
            return _Shifted(rows.pending, rows.ends[-1] if rows.ends else 0)
        cached = self._batch
        if cached is None or cached[0] != number:
            cached = self._batch = (number, self._store._load(rows.batches[number]))
        return _Shifted(cached[1], rows.ends[number - 1] if number else 0)

    def _item(self, row: Row) -> T:
        item = self._decode(row)
        return item if self._transform is None else self._transform(item)

    def _rows_between(self, start: int, stop: int) -> Iterator[Row]:
        """The packed rows ``start..stop``, in order, as stored."""
        stop = min(stop, self._size)
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
        for row in self._rows_between(start, stop):
            item = decode(row)
            yield item if transform is None else transform(item)

    def __iter__(self) -> Iterator[T]:
        return self._items(0, self._size)

    def mapped(self, transform: Callable[[T], T]) -> Column[T]:
        """The same rows with ``transform`` applied to each item as it is read (after
        any transform this view already has); the counts stay those of the rows."""
        first = self._transform
        composed = transform if first is None else (lambda item: transform(first(item)))
        return Column(
            self._store, self._rows, self._size, self._decode, composed, counts=self._counts
        )
