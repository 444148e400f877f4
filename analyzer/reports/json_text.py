"""Pretty-printed JSON, written in pieces: what the JSON report is made of.

The text is exactly what ``json.dumps(data, ensure_ascii=False, indent=2)`` gives, so
any JSON tool reads it and a test can compare the two; but it is written piece by
piece, and a big array (:class:`Lazy`) is made one item at a time while it is
written, so a report with millions of occurrences is never held whole, as data or as
text. Indented JSON is compositional (a value nested ``level`` deep is its own dump
with every line break followed by ``level`` indents), so each value without a
:class:`Lazy` inside goes to the C encoder, or to :func:`flat` for a flat object, in
one call; the items common enough to matter are written by a shape's own function
(:attr:`Lazy.render`) from the fixed text around their values (:func:`frame`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

INDENT = 2
"""Spaces per level of the pretty-printed report."""

_SCALARS = (str, int, float, bool, type(None))

encode_string: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)
"""A string as JSON with non-ASCII kept (``ensure_ascii=False``), in C where it can."""


class Lazy:
    """A JSON array whose items are made as it is written.

    ``items`` are JSON data, or, with ``render``, whatever ``render`` writes as the
    text of one item at a given depth (the same text :func:`chunks` would give its
    data)."""

    __slots__ = ("items", "render")

    def __init__(
        self, items: Iterable[Any], render: Callable[[Any, int], str] | None = None
    ) -> None:
        self.items = items
        self.render = render


def chunks(value: Any, level: int = 0) -> Iterator[str]:
    """The text ``json.dumps(value, ensure_ascii=False, indent=2)`` would give, ``level``
    deep, with every :class:`Lazy` written as the array of its items, in pieces."""
    flat_text = flat(value, level) if isinstance(value, dict) else None
    if flat_text is not None:
        yield flat_text
        return
    if not _has_lazy(value):
        text = json.dumps(value, ensure_ascii=False, indent=INDENT)
        yield text.replace("\n", "\n" + " " * (INDENT * level)) if level else text
        return
    pad = "\n" + " " * (INDENT * (level + 1))
    if isinstance(value, dict):
        opened = "{"
        for key, item in value.items():
            yield opened + pad + encode_string(key) + ": "
            opened = ","
            yield from chunks(item, level + 1)
        yield "{}" if opened == "{" else "\n" + " " * (INDENT * level) + "}"
        return
    if value.render is not None:
        yield from _rendered(value.items, value.render, level)
        return
    opened = "["
    for item in value.items:
        yield opened + pad
        yield from chunks(item, level + 1)
        opened = ","
    yield "[]" if opened == "[" else "\n" + " " * (INDENT * level) + "]"


def _has_lazy(value: Any) -> bool:
    if isinstance(value, Lazy):
        return True
    if isinstance(value, dict):
        return any(_has_lazy(item) for item in value.values())
    return False


def _rendered(items: Iterable[Any], render: Callable[[Any, int], str], level: int) -> Iterator[str]:
    """A :class:`Lazy` array whose items ``render`` writes, ``level`` deep, as pieces of
    :data:`ITEMS_PER_PIECE` items: one string per item would go through every
    generator around this one and the writer's loop."""
    pad = "\n" + " " * (INDENT * (level + 1))
    parts = ["[" + pad]
    between = "," + pad
    deeper = level + 1
    count = 0
    for item in items:
        if count:
            parts.append(between)
        parts.append(render(item, deeper))
        count += 1
        if count % ITEMS_PER_PIECE == 0:
            yield "".join(parts)
            parts.clear()
    if not count:
        yield "[]"
        return
    parts.append("\n" + " " * (INDENT * level) + "]")
    yield "".join(parts)


ITEMS_PER_PIECE = 256
"""Rendered array items joined into one piece of the text."""


def scalar(value: Any) -> str:
    """A string, number, boolean or null as JSON."""
    if isinstance(value, str):
        return encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)  # floats, with json's spelling of nan and infinity


def string_or_null(text: str | None) -> str:
    """A string or ``None`` as JSON."""
    return "null" if text is None else encode_string(text)


def scalars_text(items: Iterable[Any], level: int) -> str:
    """A list of scalars as the value of a key ``level`` deep."""
    deeper = "\n" + " " * (INDENT * (level + 1))
    text = ",".join(deeper + scalar(i) for i in items)
    return "[" + text + "\n" + " " * (INDENT * level) + "]" if text else "[]"


@functools.lru_cache(maxsize=1024)
def frame(keys: tuple[str, ...], level: int) -> tuple[str, ...]:
    """The fixed text of an object with ``keys``, ``level`` deep: what goes before each
    value, then the close. Reports repeat a few key sets at a few depths many times;
    the bound is for anything else."""
    inner = "\n" + " " * (INDENT * (level + 1))
    before = [("," if i else "{") + inner + scalar(k) + ": " for i, k in enumerate(keys)]
    return (*before, "\n" + " " * (INDENT * level) + "}")


def object_text(frame_text: tuple[str, ...], values: Sequence[str]) -> str:
    """An object from its :func:`frame` and its values, each JSON text already
    (interleaved by slice assignment, cheaper than chaining pairs)."""
    parts = [""] * (2 * len(frame_text) - 1)
    parts[0::2] = frame_text
    parts[1::2] = values
    return "".join(parts)


def flat(value: dict[str, Any], level: int) -> str | None:
    """``value`` indented as ``json.dumps(..., indent=2)`` does, ``level`` deep, when it
    holds only scalars and lists of scalars, else ``None``: the pure-Python encoder
    that ``json.dumps`` runs with an indent is several times slower at this."""
    if not value:
        return "{}"
    values = []
    for item in value.values():
        kind = type(item)
        if kind is str:
            values.append(encode_string(item))
        elif kind is int:
            values.append(int.__repr__(item))
        elif item is None:
            values.append("null")
        elif isinstance(item, _SCALARS):
            values.append(scalar(item))
        elif kind is list and all(isinstance(i, _SCALARS) for i in item):
            values.append(scalars_text(item, level + 1))
        else:
            return None
    return object_text(frame(tuple(value), level), values)
