"""Options shared by the whole suite (a root conftest, so they work from any directory)."""

from __future__ import annotations

import os
import shutil
import tempfile

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
    """``pytest -m fuzz`` is the long fuzzing run: 100,000 examples per target.

    Compiled prefilters go to a cache directory of this run's own, removed at the end
    (unless ``ANALYZER_CACHE_DIR`` says where): the tests compile hundreds of pattern
    databases for made-up catalogs and pattern sets, which filled the user's
    ``~/.cache/analyzer`` (174 MB, 762 files, after some runs of the suite)."""
    if "fuzz" in (config.getoption("markexpr", "") or "") and (
        "ANALYZER_FUZZ_EXAMPLES" not in os.environ
    ):
        os.environ["ANALYZER_FUZZ_EXAMPLES"] = "100000"
    if "ANALYZER_CACHE_DIR" not in os.environ:
        directory = tempfile.mkdtemp(prefix="analyzer-test-cache-")
        os.environ["ANALYZER_CACHE_DIR"] = directory
        config.add_cleanup(lambda: shutil.rmtree(directory, ignore_errors=True))
