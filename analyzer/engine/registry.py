"""The engines by name (``--engine``): a new engine is one module with an
:class:`~analyzer.engine.interface.Engine` subclass plus one line in :data:`BUILTIN`.

Engines are imported when asked for, so a run imports only the engine it uses.
"""

from __future__ import annotations

import importlib
from typing import Final

from analyzer.catalog.loader import Catalog
from analyzer.engine.interface import Engine, EngineUnavailable, ScanSettings
from analyzer.errors import AnalyzerError

BUILTIN: Final[dict[str, str]] = {
    "fast": "analyzer.engine.fast:FastEngine",
    "plain": "analyzer.engine.plain:PlainEngine",
}
"""Each engine's class, as ``module:name``."""

AUTO: Final = ("fast", "plain")
"""What ``auto`` tries, in order: the first engine that can run."""


def names() -> tuple[str, ...]:
    """Every value ``--engine`` takes."""
    return ("auto", *sorted(BUILTIN))


def engine_class(name: str) -> type[Engine]:
    """The engine class called ``name``."""
    try:
        module, attribute = BUILTIN[name].split(":")
    except KeyError:
        valid = ", ".join(names())
        raise AnalyzerError(f"unknown engine {name!r} (valid: {valid})") from None
    found: type[Engine] = getattr(importlib.import_module(module), attribute)
    return found


def open_engine(name: str, catalog: Catalog, settings: ScanSettings) -> Engine:
    """The engine ``name`` for ``catalog``; ``auto`` gives the first of :data:`AUTO`
    that can run. Raises :class:`~analyzer.engine.interface.EngineUnavailable` for an
    engine named outright that cannot run here."""
    if name != "auto":
        return engine_class(name)(catalog, settings)
    for candidate in AUTO[:-1]:
        try:
            return engine_class(candidate)(catalog, settings)
        except EngineUnavailable:
            continue
    return engine_class(AUTO[-1])(catalog, settings)
