"""Catastrophic-backtracking checks for user regexes (lint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.catalog import redos
from analyzer.catalog.lint import LintLevel, lint_paths


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+b", r"(\w*)*$", r"(x|xy)*z", r"^(a|a)*$", r"(?:\d+\s?)+x"],
)
def test_risky_shapes_are_flagged(pattern: str) -> None:
    assert redos.backtracking_risk(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        r"token refresh failed \(\d+\)",
        r"web[ _-]?socket",
        r"\bXG[A-Za-z]*Push[A-Za-z]*\b",
        r"(?m)^(?:[ACDIPT][0-9A-Fa-f]{5})(?:\s|$)",
        r"\p{L}+ failed",
        r"errCode=-?\d{1,8}",
    ],
)
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert redos.backtracking_risk(pattern) is None


def test_a_slow_probe_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pattern proven slow by a probe is an error, not just a warning."""

    def slow(_pattern: str) -> str:
        return "took more than 0.2s on a probe of 'a'×4096: catastrophic backtracking"

    monkeypatch.setattr("analyzer.catalog.lint.backtracking_risk", slow)
    from analyzer.catalog.lint import _regex_problems

    [problem] = _regex_problems("x+", "what", "f.yaml", 3)
    assert problem.level is LintLevel.ERROR


def test_lint_names_the_entry_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "entries:\n"
        "  - id: x:1\n"
        "    code: '1'\n"
        "    catalog: x\n"
        "    procedure: [Do it.]\n"
        "    signatures:\n"
        "      - {pattern: '(a+)+b', regex: true}\n"
        "contexts:\n"
        "  - catalog: x\n"
        "    evidence: ['(\\w*)*!']\n",
        encoding="utf-8",
    )
    problems = lint_paths([path])
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"{path}:2: warning: x:1: signature regex") for m in messages)
    assert any("context x: evidence regex" in m for m in messages)
