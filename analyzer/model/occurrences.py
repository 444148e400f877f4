"""The occurrences of a finding or an unmatched group, as a read-only sequence.

A log that repeats one error on every line has as many occurrences as lines, so a
scan keeps them packed (:mod:`analyzer.store`) and a report reads them one at a time.
:class:`Occurrences` is how that reaches the reports without their knowing how items
are kept: a :class:`~collections.abc.Sequence` that may also answer, without making
every item, how many items hold each value of a field (:meth:`Occurrences.counts`) and
what a few fields of every item are (:meth:`Occurrences.values`). Plain tuples serve
too: the module functions :func:`counts`, :func:`values` and :func:`mapped` accept
any sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import Any, TypeVar, overload

T = TypeVar("T")


class Occurrences(Sequence[T]):
    """Items read one at a time from wherever they are kept.

    Subclasses implement ``__len__`` and ``__getitem__`` (and usually ``__iter__``);
    :meth:`counts`, :meth:`values` and :meth:`mapped` have plain implementations that a
    packed store replaces with cheaper ones. A pickled sequence arrives as a tuple of
    its items, so a report can be sent to another process whatever keeps its items.
    """

    __slots__ = ()

    def counts(self, field: str) -> dict[Any, int]:
        """How many items hold each value of their attribute ``field``, in the order
        each value first occurs."""
        found: dict[Any, int] = {}
        for value in map(attrgetter(field), self):
            found[value] = found.get(value, 0) + 1
        return found

    def values(self, *fields: str) -> Iterator[tuple[Any, ...]]:
        """The values of ``fields`` of every item, in order, one tuple per item."""
        return _values(iter(self), fields)

    def mapped(self, transform: Callable[[T], T]) -> Occurrences[T]:
        """The same items with ``transform`` applied to each as it is read.

        For transforms that rewrite an item's text and keep its place and writer
        (redaction): :meth:`counts` of the result are those of the original items.
        """
        return _Mapped(self, transform)

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"


def _values(items: Iterator[Any], fields: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    if len(fields) == 1:
        get = attrgetter(fields[0])
        return ((get(item),) for item in items)
    return map(attrgetter(*fields), items)


class _Mapped(Occurrences[T]):
    __slots__ = ("_base", "_transform")

    def __init__(self, base: Occurrences[T], transform: Callable[[T], T]) -> None:
        self._base = base
        self._transform = transform

    def __len__(self) -> int:
        return len(self._base)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(map(self._transform, self._base[index]))
        return self._transform(self._base[index])

    def __iter__(self) -> Iterator[T]:
        return map(self._transform, self._base)

    def counts(self, field: str) -> dict[Any, int]:
        return self._base.counts(field)

    def mapped(self, transform: Callable[[T], T]) -> Occurrences[T]:
        first = self._transform
        return _Mapped(self._base, lambda item: transform(first(item)))


def counts(items: Sequence[Any], field: str) -> dict[Any, int]:
    """:meth:`Occurrences.counts` of any sequence of items."""
    if isinstance(items, Occurrences):
        return items.counts(field)
    return Occurrences.counts(items, field)  # type: ignore[arg-type]


def values(items: Sequence[Any], *fields: str) -> Iterator[tuple[Any, ...]]:
    """:meth:`Occurrences.values` of any sequence of items."""
    if isinstance(items, Occurrences):
        return items.values(*fields)
    return _values(iter(items), fields)


def mapped(items: Sequence[T], transform: Callable[[T], T]) -> Sequence[T]:
    """``items`` with ``transform`` applied to each: lazily for :class:`Occurrences`
    (a big finding is never held twice), at once for a plain sequence."""
    if isinstance(items, Occurrences):
        return items.mapped(transform)
    return tuple(map(transform, items))
