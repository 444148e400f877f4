"""``catalog lint``: every problem of every file, each at its file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

from analyzer.catalog.lint import LintLevel, LintProblem, lint_paths, regex_error

PATTERNS = Path(__file__).resolve().parents[2] / "patterns"

ERROR = LintLevel.ERROR
WARNING = LintLevel.WARNING


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _found(problems: list[LintProblem]) -> list[tuple[str, int | None, LintLevel, str]]:
    return [(Path(p.path).name, p.line, p.level, p.message) for p in problems]


def test_signature_regex_that_does_not_compile(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "a.yaml",
        """\
        entries:
        - id: demo:1
          code: '1'
          procedure: [Restart.]
          signatures:
          - {pattern: 'socket (closed', regex: true}
          - {pattern: 'socket (closed'}
        patches:
        - id: demo:1
          signatures:
          - {pattern: '[unterminated', regex: true}
        """,
    )
    problems = lint_paths([path])
    assert [(p.line, p.level) for p in problems] == [(2, ERROR), (9, ERROR)]
    assert problems[0].message.startswith(
        "demo:1: signature regex 'socket (closed' does not compile: "
    )
    assert problems[1].message.startswith(
        "patch demo:1: signature regex '[unterminated' does not compile: "
    )
    assert regex_error("socket (closed") is not None
    assert regex_error(r"socket \(closed\)") is None


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = _file(tmp_path, "a.yaml", "entries:\n- {id: 'demo:1', code: '1', procedure: [x]}\n")
    second = _file(
        tmp_path,
        "b.yaml",
        "# tuning\nentries:\n- {id: 'demo:2', code: '2', procedure: [x]}\n"
        "- {id: 'demo:1', code: '1', procedure: [y]}\n",
    )
    assert _found(lint_paths([first, second])) == [
        ("b.yaml", 4, ERROR, f"duplicate id 'demo:1' (first defined at {first}:2)"),
    ]
    # A directory is linted as its files together.
    assert _found(lint_paths([tmp_path])) == _found(lint_paths([first, second]))


def test_entry_without_procedure_is_a_warning(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "a.yaml",
        "entries:\n- {id: 'demo:1', code: '1', procedure: [Retry.]}\n- {id: 'demo:2', code: '2'}\n",
    )
    assert _found(lint_paths([path])) == [
        ("a.yaml", 3, WARNING, "demo:2: no procedure (a finding will not say what to do)"),
    ]


def test_schema_errors_are_all_reported_with_lines(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "a.yaml",
        """\
        entries:
        - id: demo:1
          code: '1'
          colour: red
          severity: loud
          procedure: [Retry.]
        - id: demo:2
          procedure: [Retry.]
        - id: demo:3
          code: '3'
          procedure: {first: Retry.}
        """,
    )
    problems = lint_paths([path])
    assert [(p.line, p.level) for p in problems] == [
        (4, ERROR),
        (5, ERROR),
        (7, ERROR),
        (11, ERROR),
    ]
    assert "unknown field 'colour'" in problems[0].message
    assert "unknown severity 'loud'" in problems[1].message
    assert "missing required field 'code'" in problems[2].message
    assert "entries[2].procedure: expected a list" in problems[3].message
    assert str(problems[0]).startswith(f"{path}:4: error: entries[0]: unknown field 'colour'")


def test_invalid_yaml_is_one_error_with_its_line(tmp_path: Path) -> None:
    path = _file(tmp_path, "a.yaml", "entries:\n- id: demo:1\n  title: a: b\n")
    ((name, line, level, message),) = _found(lint_paths([path]))
    assert (name, line, level) == ("a.yaml", 3, ERROR)
    assert message.startswith("invalid YAML")


def test_missing_path(tmp_path: Path) -> None:
    (problem,) = lint_paths([tmp_path / "absent.yaml"])
    assert (problem.line, problem.level) == (None, ERROR)
    assert str(problem) == f"{tmp_path / 'absent.yaml'}: error: no such file or directory"


def test_bundled_catalog_has_no_errors() -> None:
    problems = lint_paths([PATTERNS])
    assert [str(p) for p in problems if p.level is ERROR] == []
    # Entries whose document gives no procedure are warnings (WebSocket, most TPNS rows).
    assert any("net-websocket:2302001: no procedure" in p.message for p in problems)
