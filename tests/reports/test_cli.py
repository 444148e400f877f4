"""End to end: the installed ``analyze`` console script on the bundled samples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analyzer.cli import scan

from .htmltree import parse

ROOT = Path(__file__).resolve().parents[2]
SECRETS = Path(__file__).resolve().parent / "secrets"


def script() -> str:
    """The ``analyze`` script installed next to this interpreter (or on PATH)."""
    beside = Path(sys.executable).with_name("analyze")
    found = str(beside) if beside.exists() else shutil.which("analyze")
    assert found, "the analyze console script is not installed (pip install -e .)"
    return found


def analyze(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")}
    environ.pop("ANALYZER_CATALOG", None)
    environ.update(env or {})
    return subprocess.run(
        [script(), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=environ,
        check=False,
    )


def check_text(out: str) -> None:
    assert out.startswith("Log analysis report\n")
    assert "net-connection:2101022" in out and "\x1b[" not in out


def check_markdown(out: str) -> None:
    assert out.startswith("# Log analysis report\n")
    assert "| 1 | error | `net-connection:2101022` |" in out


def check_json(out: str) -> None:
    document = json.loads(out)
    assert document["schema"] == "analyzer.report/1"
    assert document["findings"][0]["id"] == "net-connection:2101022"


def check_html(out: str) -> None:
    page = parse(out)
    assert [e.attrs["data-id"] for e in page.find("tr") if "data-id" in e.attrs][0] == (
        "net-connection:2101022"
    )


def check_junit(out: str) -> None:
    root = ET.fromstring(out.encode("utf-8"))
    # four findings, and the one case of the unmatched-errors suite (none unexplained)
    assert root.tag == "testsuites" and root.get("tests") == "5"
    assert [s.get("name") for s in root] == ["analyze", "analyze.unmatched"]


CHECKS = {
    "text": (check_text, ".txt"),
    "markdown": (check_markdown, ".md"),
    "json": (check_json, ".json"),
    "html": (check_html, ".html"),
    "junit": (check_junit, ".junit.xml"),
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_each_format_end_to_end(name: str, tmp_path: Path) -> None:
    """The real script: -o picks the format from the extension; stdout stays empty."""
    check, extension = CHECKS[name]
    out = tmp_path / f"report{extension}"
    done = analyze("samples/netstack-hilog.log", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("analyze: 4 findings (7 occurrences) in 1 input,")
    assert done.stderr.endswith(f"report written to {out}\n")
    check(out.read_text(encoding="utf-8"))


def test_report_to_stdout_summary_to_stderr() -> None:
    """``analyze x.log > report.txt`` stays clean: the default (text) report on stdout,
    one summary line on stderr, no colour in a pipe."""
    done = analyze("samples/netstack-hilog.log")
    assert done.returncode == 0, done.stderr
    check_text(done.stdout)
    assert max(len(line) for line in done.stdout.splitlines()) <= 100
    assert len(done.stderr.splitlines()) == 1


def on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run the script with stdout on a pseudo-terminal; what the terminal received."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "TERM")}
    environ.update(env)
    with subprocess.Popen(
        [script(), *args], cwd=ROOT, env=environ, stdout=slave, stderr=subprocess.DEVNULL
    ) as process:
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        process.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False)])
def test_colour_only_on_a_terminal_without_no_color(env: dict[str, str], coloured: bool) -> None:
    out = on_a_terminal("samples/netstack-hilog.log", env={"TERM": "xterm", **env})
    assert "net-connection:2101022" in out
    assert ("\x1b[" in out) is coloured


def test_missing_input_exits_2() -> None:
    done = analyze("samples/no-such.log", "-f", "json")
    assert done.returncode == 2
    assert "analyze: error: samples/no-such.log: no such file or directory" in done.stderr


# The remaining behaviour runs in-process (CliRunner): same command, a fraction of the time.


def invoke(*args: str) -> Result:
    return CliRunner().invoke(scan.analyze, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CI", raising=False)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_format_option(name: str) -> None:
    done = invoke("samples/netstack-hilog.log", "--format", name)
    assert done.exit_code == 0, done.stderr
    CHECKS[name][0](done.stdout)


def test_format_option_beats_extension(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert invoke("samples/netstack-hilog.log", "-o", str(out), "-f", "json").exit_code == 0
    check_json(out.read_text(encoding="utf-8"))


def test_unknown_extension_writes_text(tmp_path: Path) -> None:
    out = tmp_path / "report.log"
    assert invoke("samples/netstack-hilog.log", "-o", str(out)).exit_code == 0
    check_text(out.read_text(encoding="utf-8"))


def test_fail_on(tmp_path: Path) -> None:
    assert invoke("samples/netstack-hilog.log").exit_code == 0
    assert invoke("samples/netstack-hilog.log", "--fail-on", "error").exit_code == 1
    assert invoke("samples/vpn-deveco.log", "--fail-on", "warning").exit_code == 1
    success = tmp_path / "success.log"
    success.write_text(
        "I/TPush   ( 8821): [XGPushManager] TPNS register push success, ret=0\n", encoding="utf-8"
    )
    # The only finding is a success code: hidden, so it cannot fail the run...
    assert invoke(str(success), "--fail-on", "info").exit_code == 0
    # ...unless it is shown.
    assert invoke(str(success), "--fail-on", "info", "--include-info").exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["-f", "sarif-ish"],
        ["--context", "-1"],
        ["--samples", "x"],
        ["--top", "0"],
        ["--fail-on", "sometimes"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert invoke("samples/netstack-hilog.log", *args).exit_code == 2


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    done = invoke("samples/netstack-hilog.log", "-o", str(tmp_path / "no" / "r.md"))
    assert done.exit_code == 2
    assert "cannot write the report" in done.stderr


def test_context_samples_and_top() -> None:
    done = invoke(
        "samples/netstack-hilog.log", "-f", "json", "--context", "0", "--samples", "1", "--top", "2"
    )
    document = json.loads(done.stdout)
    assert len(document["findings"]) == 2
    for finding in document["findings"]:
        assert len(finding["samples"]) == 1
        assert finding["samples"][0]["before"] == finding["samples"][0]["after"] == []


def test_redaction_is_on_by_default_and_can_be_turned_off() -> None:
    planted = str(SECRETS / "planted-logcat.log")
    redacted = invoke(planted, "-f", "json", "--include-info")
    assert "1500012345" not in redacted.stdout and "A1B2C3D4E5F6" not in redacted.stdout
    # six in the findings' samples, two more in the unmatched groups' lines
    assert json.loads(redacted.stdout)["summary"]["redactions"] == 8
    assert "; 8 values redacted" in redacted.stderr
    clear = invoke(planted, "-f", "json", "--include-info", "--no-redact")
    assert "1500012345" in clear.stdout and "A1B2C3D4E5F6" in clear.stdout
    assert "; redaction off" in clear.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    done = invoke("samples/netstack-hilog.log", "-f", "json", "--progress-threshold", "0")
    assert len(done.stderr.splitlines()) == 1
