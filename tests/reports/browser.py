"""Headless Chromium for the HTML report tests (Debian's ``chromium`` package)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find() -> str | None:
    """The browser's path, if one is installed."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require() -> str:
    """The browser's path, or skip the test (the only reason these tests skip)."""
    found = find()
    if found is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


@dataclass(frozen=True)
class Run:
    """What one browser run printed."""

    stdout: str
    stderr: str


def run(page: Path, profile: Path, *extra: str, fragment: str = "") -> Run:
    """Open ``page`` (a local file) with the given extra flags and wait for the browser."""
    command = [
        require(),
        *FLAGS,
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.resolve().as_uri() + fragment,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return Run(done.stdout, done.stderr)


def dump_dom(page: Path, profile: Path, fragment: str = "") -> Run:
    """The DOM after the page's scripts ran, serialised as HTML (on stdout)."""
    return run(page, profile, "--dump-dom", fragment=fragment)


def screenshot(page: Path, profile: Path, out: Path, width: int = 1280, height: int = 2000) -> None:
    """A PNG of the page as rendered."""
    run(page, profile, f"--screenshot={out}", f"--window-size={width},{height}")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def console_errors(stderr: str) -> list[str]:
    """Lines of the browser log that report a page script error."""
    return [
        line
        for line in stderr.splitlines()
        if "Uncaught" in line or ("CONSOLE" in line and "error" in line.lower())
    ]
