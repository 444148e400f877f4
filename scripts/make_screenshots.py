"""Regenerate the README's pictures of the reports from a bundled sample.

Writes, from ``samples/netstack-hilog.log``:

* ``docs/report-sample.md``: the Markdown report, as it would be pasted into a ticket;
* ``docs/html-report.png``: the HTML report, screenshot by headless Chromium;
* ``docs/terminal.png``: the text report as a terminal shows it (rich records the
  coloured output as SVG, and Chromium screenshots the SVG).

Run from anywhere, with the project installed and Chromium on PATH
(``apt-get install chromium``)::

    python scripts/make_screenshots.py
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.terminal_theme import MONOKAI

from analyzer.catalog.loader import load_catalog
from analyzer.pipeline import ScanOptions, analyze
from analyzer.reports import registry
from analyzer.reports.interface import RenderOptions
from analyzer.reports.text_report import render_with

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "samples/netstack-hilog.log"
DOCS = ROOT / "docs"
TERMINAL_COLUMNS = 100
CHROMIUM_FLAGS = (
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


def chromium() -> str:
    """The browser, or exit with a hint."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("make_screenshots: chromium not found (apt-get install chromium)")


def screenshot(page: Path, out: Path, width: int, height: int) -> None:
    """A PNG of a local page at the given window size."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={out}",
                f"--window-size={width},{height}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {out.relative_to(ROOT)}")


def terminal_svg(options: RenderOptions) -> str:
    """The coloured text report as an SVG terminal, with no web fonts to fetch."""
    report = analyze([SAMPLE], load_catalog([]), ScanOptions()).report
    console = Console(
        file=io.StringIO(),
        record=True,
        width=TERMINAL_COLUMNS,
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        emoji=False,
        highlight=False,
    )
    render_with(console, report, options)
    svg = console.export_svg(title=f"analyze {SAMPLE}", theme=MONOKAI)
    return re.sub(r"src: local\(([^)]*)\),\s*url\([^;]*;", r"src: local(\1);", svg)


def main() -> None:
    """Write the three files under ``docs/``."""
    os.chdir(ROOT)  # reports show paths as given: keep them relative
    DOCS.mkdir(exist_ok=True)
    report = analyze([SAMPLE], load_catalog([]), ScanOptions()).report

    markdown = registry.get("markdown").render(report, RenderOptions())
    (DOCS / "report-sample.md").write_text(markdown, encoding="utf-8")
    print("wrote docs/report-sample.md")

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(registry.get("html").render(report, RenderOptions()), encoding="utf-8")
        screenshot(page, DOCS / "html-report.png", 1280, 1600)

        svg = terminal_svg(RenderOptions(color=True, width=TERMINAL_COLUMNS, top=2, samples=1))
        found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        assert found, "rich's SVG has no viewBox"
        width, height = (math.ceil(float(v)) for v in found.groups())
        drawing = Path(tmp) / "terminal.svg"
        drawing.write_text(svg, encoding="utf-8")
        screenshot(drawing, DOCS / "terminal.png", width, height)


if __name__ == "__main__":
    main()
