"""The public API: ``import analyzer`` gives exactly the names of ``analyzer.api``,
imported on first use, and importing a part of the package does not load them."""

from __future__ import annotations

import subprocess
import sys

import analyzer
from analyzer import api


def test_the_package_exports_the_api() -> None:
    assert sorted(set(analyzer.__all__) - {"__version__"}) == sorted(api.__all__)
    for name in api.__all__:
        assert getattr(analyzer, name) is getattr(api, name)
    assert set(dir(analyzer)) >= set(api.__all__)


def test_a_part_of_the_package_loads_without_the_api() -> None:
    """A worker process imports the engine, not the API and everything above it."""
    code = (
        "import sys, analyzer.engine.fast.ranges;"
        "print(sorted(m for m in ('analyzer.api', 'analyzer.pipeline', 'analyzer.cli') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        analyzer.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")
