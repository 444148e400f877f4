"""Options shared by the whole suite (a root conftest, so they work from any directory)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite the report golden files from the current output."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/reports/golden/ from the current output.",
    )
