"""Shared setup for the catalog tests: a clean catalog environment."""

from __future__ import annotations

import pytest

from analyzer.catalog.loader import ENV_VAR


@pytest.fixture(autouse=True)
def _no_user_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own ``$ANALYZER_CATALOG`` must not leak into any test."""
    monkeypatch.delenv(ENV_VAR, raising=False)
