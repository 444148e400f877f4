"""apply_baseline: what a good log shows too is not new, whatever its numbers and ids."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from analyzer.baseline import apply_baseline, baseline_covers
from analyzer.model import Level, LogRecord, Report, Unmatched
from analyzer.redact import redact_report
from analyzer.templates.collector import UnmatchedCollector

from .conftest import entry, finding, group, match, occurrence, summary


def record(line: int, message: str, *, time: str = "06-14 09:20:11.042") -> LogRecord:
    return LogRecord(
        line=line,
        messages=(message,),
        raw=(f"{time} 4821 4830 E NETSTACK: {message}",),
        format="test",
        time=time,
        level=Level.ERROR,
        tag="NETSTACK",
    )


def collect(messages: Sequence[str]) -> Unmatched:
    """Unmatched groups as the pipeline would collect them from one log."""
    collector = UnmatchedCollector()
    for n, message in enumerate(messages, start=1):
        collector.add(0, record(n, message))
    return collector.result()


CONN = entry("2100002")
WS = entry("2302998", catalog="net-websocket")

FAILING = [
    "socket connect to 10.0.0.7:443 failed errno=111 fd=38",
    "socket connect to 10.0.0.9:443 failed errno=113 fd=41",
    "session 7f3a9c21-77aa-4e0b-9d1e-2b1f0c9a1e55 expired at 1718353211",
    "bundle com.example.shop crashed in 0x7f001234",
]
GOOD = [
    "socket connect to 192.168.1.20:8443 failed errno=110 fd=7",
    "session 0a1b2c3d-1111-4222-8333-444455556666 expired at 1700000000",
    "session 99999999-aaaa-4bbb-8ccc-dddddddddddd expired at 1700000042",
]


def failing_report() -> Report:
    return Report(
        inputs=(summary("failing.log", 40),),
        findings=(
            finding(1, CONN, [match(CONN, 3, "errCode=2100002"), match(CONN, 9, "again")]),
            finding(2, WS, [match(WS, 5, '{"code":2302998}')]),
        ),
        unmatched=collect(FAILING),
    )


def good_report() -> Report:
    conn = [match(CONN, n, "errCode=2100002") for n in (1, 2, 3)]
    return Report(
        inputs=(summary("good/a.log", 30), summary("good/b.log", 10)),
        findings=(finding(1, CONN, conn),),
        unmatched=collect(GOOD),
    )


def test_finding_in_both_logs_is_not_new() -> None:
    done = apply_baseline(failing_report(), good_report())
    conn, ws = done.findings
    assert (conn.new, conn.baseline_count) == (False, 3)
    assert (ws.new, ws.baseline_count) == (True, 0)


def test_groups_match_although_numbers_and_ids_differ() -> None:
    done = apply_baseline(failing_report(), good_report())
    assert done.unmatched is not None
    by_template = {g.template.split()[0]: g for g in done.unmatched.groups}
    assert (by_template["socket"].new, by_template["socket"].baseline_count) == (False, 1)
    assert (by_template["session"].new, by_template["session"].baseline_count) == (False, 2)
    assert (by_template["bundle"].new, by_template["bundle"].baseline_count) == (True, 0)


def test_baseline_paths_and_nothing_else_change() -> None:
    failing = failing_report()
    done = apply_baseline(failing, good_report())
    assert done.baseline == ("good/a.log", "good/b.log")
    assert apply_baseline(failing, good_report(), ["good/"]).baseline == ("good/",)
    assert done.inputs == failing.inputs
    assert [f.occurrences for f in done.findings] == [f.occurrences for f in failing.findings]
    assert failing.baseline == () and failing.findings[0].new is None  # input untouched


def test_an_empty_baseline_makes_everything_new() -> None:
    empty = Report(inputs=(summary("good.log", 3),), findings=(), unmatched=collect([]))
    done = apply_baseline(failing_report(), empty)
    assert all(f.new and f.baseline_count == 0 for f in done.findings)
    assert done.unmatched is not None
    assert all(g.new and g.baseline_count == 0 for g in done.unmatched.groups)


def test_a_baseline_needs_a_path() -> None:
    with pytest.raises(ValueError, match="at least one path"):
        apply_baseline(failing_report(), Report(inputs=(), findings=()))


def test_groups_are_left_alone_when_the_baseline_did_not_collect_them() -> None:
    good = Report(inputs=(summary("good.log", 3),), findings=())
    done = apply_baseline(failing_report(), good)
    assert done.unmatched is not None
    assert all(g.new is None and g.baseline_count is None for g in done.unmatched.groups)
    assert all(f.new for f in done.findings)


@pytest.mark.parametrize(
    ("failing", "good"),
    [
        ("vis=<NUM> lost", "vis=<*> lost"),  # the baseline saw more variants
        ("vis=<*> lost", "vis=<NUM> lost"),  # the baseline saw fewer
        ("connect to <*> failed", "connect to <IP> failed"),
    ],
)
def test_templates_that_generalise_each_other_match(failing: str, good: str) -> None:
    assert baseline_covers(failing, good)
    report = Report(
        inputs=(summary("f.log", 9),),
        findings=(),
        unmatched=Unmatched((group(failing, [occurrence(1, "x")]),), 1, 1),
    )
    baseline = Report(
        inputs=(summary("g.log", 9),),
        findings=(),
        unmatched=Unmatched((group(good, [occurrence(1, "y"), occurrence(2, "z")]),), 2, 2),
    )
    done = apply_baseline(report, baseline)
    assert done.unmatched is not None
    (only,) = done.unmatched.groups
    assert (only.new, only.baseline_count) == (False, 2)


@pytest.mark.parametrize(
    ("one", "other"),
    [("VM Started", "VM Paused"), ("connect to <*> failed", "connect to <*> failed twice")],
)
def test_different_messages_do_not_match(one: str, other: str) -> None:
    assert not baseline_covers(one, other)


def test_redacted_reports_compare_as_well_as_raw_ones() -> None:
    """A secret that differs between runs must not make a group look new."""
    failing = Report(
        inputs=(summary("f.log", 9),),
        findings=(),
        unmatched=collect(["login failed password=hunter2hunter2 retry later"]),
    )
    good = Report(
        inputs=(summary("g.log", 9),),
        findings=(),
        unmatched=collect(["login failed password=another1secret retry later"]),
    )
    raw = apply_baseline(failing, good)
    assert raw.unmatched is not None and raw.unmatched.groups[0].new is True
    done = apply_baseline(redact_report(failing), redact_report(good))
    assert done.unmatched is not None
    (only,) = done.unmatched.groups
    assert "hunter2" not in only.template
    assert (only.new, only.baseline_count) == (False, 1)
