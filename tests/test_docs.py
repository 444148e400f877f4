"""The documents hold: every example of docs/api.md runs and prints what it shows, and
every command and option of the command line is documented.

Each example runs in a process of its own, from the repository's root, as a reader
would run it (an example that registers a format must not leak into other tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from analyzer.cli.scan import analyze
from analyzer.cli.toolbox import toolbox

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)


def examples(path: Path) -> list[tuple[int, str, str | None]]:
    """``(line, code, expected output or None)`` of each ``python`` block of a document,
    the output being the ``text`` block right after it."""
    text = path.read_text(encoding="utf-8")
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in FENCE.finditer(text)]
    found = []
    for n, (lang, body, start, end) in enumerate(blocks):
        if lang != "python":
            continue
        expected = None
        if n + 1 < len(blocks):
            next_lang, next_body, next_start, _ = blocks[n + 1]
            if next_lang == "text" and not text[end:next_start].strip():
                expected = next_body
        found.append((text.count("\n", 0, start) + 1, body, expected))
    return found


API_EXAMPLES = examples(DOCS / "api.md")


def test_the_api_document_has_examples() -> None:
    assert len(API_EXAMPLES) >= 8
    assert any("ThreadPoolExecutor(max_workers=4)" in code for _, code, _ in API_EXAMPLES)
    assert any("pickle.dumps(report)" in code for _, code, _ in API_EXAMPLES)


@pytest.mark.parametrize(("line", "code", "expected"), API_EXAMPLES, ids=lambda v: str(v)[:12])
def test_an_api_example_runs_and_prints_what_it_shows(
    line: int, code: str, expected: str | None
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"docs/api.md:{line}\n{done.stderr}"
    if expected is not None:
        assert done.stdout == expected, f"docs/api.md:{line}"


def _commands() -> list[tuple[str, click.Command]]:
    """Every command of both programs, by its full name."""
    found: list[tuple[str, click.Command]] = [("analyze", analyze)]

    def walk(prefix: str, group: click.Group) -> None:
        for name, command in group.commands.items():
            full = f"{prefix} {name}"
            if isinstance(command, click.Group):
                walk(full, command)
            else:
                found.append((full, command))

    walk("analyzer", toolbox)
    return found


COMMANDS = _commands()
DOCUMENTED = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
    p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))
)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example_and_is_documented(
    name: str, command: click.Command
) -> None:
    assert command.help and "Example:" in command.help, name
    assert f"`{name}" in DOCUMENTED, f"{name} is in no document"


OPTIONS = [
    (name, opt)
    for name, command in COMMANDS
    for param in command.params
    if isinstance(param, click.Option)
    for opt in param.opts
    if opt.startswith("--")
]


@pytest.mark.parametrize(("name", "option"), OPTIONS, ids=[f"{n} {o}" for n, o in OPTIONS])
def test_every_option_is_documented(name: str, option: str) -> None:
    """An option is documented when a code span of a document holds it."""
    spans = re.findall(r"`[^`\n]*" + re.escape(option) + r"(?![\w-])[^`\n]*`", DOCUMENTED)
    assert spans, f"{name} {option} is in no document"
