"""Options shared by the whole suite (a root conftest, so they work from any directory)."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden``: rewrite the report golden files from the current output."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/reports/golden/ from the current output.",
    )


def pytest_configure(config: pytest.Config) -> None:
    """``pytest -m fuzz`` is the long fuzzing run: 100,000 examples per target."""
    if "fuzz" in (config.getoption("markexpr", "") or "") and (
        "ANALYZER_FUZZ_EXAMPLES" not in os.environ
    ):
        os.environ["ANALYZER_FUZZ_EXAMPLES"] = "100000"
