"""Shared setup for the engine tests: the bundled catalog, one matcher, a scan helper.

The catalog is loaded without ``$ANALYZER_CATALOG`` so that a developer's own
catalog never changes what these tests see.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from analyzer import formats
from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.engine.matcher import Matcher
from analyzer.model import Match

from .helpers import Scan


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The bundled catalog, ignoring the environment."""
    return load_catalog(env={})


@pytest.fixture(scope="session")
def matcher(catalog: Catalog) -> Matcher:
    """The reference matcher over the bundled catalog."""
    return Matcher(catalog)


@pytest.fixture(scope="session")
def scan(matcher: Matcher) -> Scan:
    """Parse ``lines`` (line 1 first) with the named format and return every match."""

    def run(lines: Sequence[str], fmt: str) -> list[Match]:
        records = formats.records(enumerate(lines, 1), formats.get(fmt))
        return list(matcher.scan(records))

    return run
