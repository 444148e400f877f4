"""The text format: safe on a terminal, plain when not, wrapped at the given width."""

from __future__ import annotations

import re

import pytest

from analyzer.model import Report
from analyzer.reports.interface import RenderOptions
from analyzer.reports.text_report import TextReport


def render(report: Report, **options: object) -> str:
    return TextReport().render(report, RenderOptions(**options))  # type: ignore[arg-type]


def test_escape_sequences_are_shown_not_obeyed(hostile_report: Report) -> None:
    text = render(hostile_report)
    assert "\x1b" not in text
    assert "␛[2J" in text
    assert "␛]0;pwned␇" in text


def test_rich_markup_in_log_text_is_printed_as_written(hostile_report: Report) -> None:
    text = render(hostile_report, width=200)
    assert "[bold red]loud[/bold red]" in text
    assert "[bold]TAG|x`y" in text


def test_colour_only_when_asked(basic_report: Report, hostile_report: Report) -> None:
    assert "\x1b[" not in render(basic_report)
    coloured = render(hostile_report, color=True)
    assert "\x1b[" in coloured  # rich's own styling
    assert "\x1b[2J" not in coloured and "␛[2J" in coloured


@pytest.mark.parametrize("width", [60, 100, 140])
def test_wraps_at_width_without_trailing_spaces(basic_report: Report, width: int) -> None:
    lines = render(basic_report, width=width, include_info=True).splitlines()
    assert max(len(line) for line in lines) <= width
    assert all(line == line.rstrip() for line in lines)


def test_shows_the_finding(basic_report: Report) -> None:
    text = render(basic_report, width=120)
    for expected in (
        "net-connection:2100002",
        "Service Connection Failure",
        "Failed to connect to the service.",
        "11-23 09:14:04.520 at logs/a.log:9",  # first seen
        "11-23 09:14:09.000 at logs/b.log:3",  # last seen
        "JSAPP",
        "com.example.app",
        "Check whether system services are running properly.",
        "The service is abnormal.",
        "3 values redacted.",
        "1 info finding (success codes) hidden",
        "net-connection:2100002#2",  # could also be
        "logs/core.bin",  # skipped input
    ):
        assert expected in text, expected


def test_samples_show_context_and_mark_the_occurrence(basic_report: Report) -> None:
    text = render(basic_report, width=140)
    assert "before 2" in text
    assert re.search(r"^ *> +9 11-23 09:14:04\.520 ", text, re.MULTILINE)


def test_samples_limit(basic_report: Report) -> None:
    assert "before 1" not in render(basic_report, samples=0)
    assert "Samples (1 of 3)" in render(basic_report, samples=1)


def test_empty_report(empty_report: Report) -> None:
    assert "No findings." in render(empty_report)
