"""The unmatched-error collector (``analyzer.templates.collector``): grouping,
occurrences, counts."""

from __future__ import annotations

import random

import pytest
from engine.helpers import record

from analyzer import formats
from analyzer.engine.errorlines import error_record
from analyzer.model import ErrorRecord, Level, LogRecord, Occurrence
from analyzer.store.rows import pack_error_record
from analyzer.templates.collector import UnmatchedCollector
from analyzer.templates.tokens import message_tokens
from analyzer.textcap import MAX_TEXT_CHARS


def varying(i: int, rng: random.Random) -> str:
    return (
        f"http request {rng.getrandbits(64):016x} to api.example.com failed after "
        f"{rng.randrange(5, 60000)}ms, conn={rng.randrange(1, 999)} retry={i % 3}"
    )


def test_skips_non_error_and_matched_records() -> None:
    collector = UnmatchedCollector()
    assert collector.add(0, record(1, "all good", level=Level.INFO)) is None
    assert collector.add(0, record(2, "connect failed code 2300007"), {2}) is None
    assert collector.add(0, record(3, "connect failed code 5"), {2}) is not None
    result = collector.result()
    assert [g.template for g in result.groups] == ["connect failed code <NUM>"]
    assert result.groups[0].count == 1
    assert result.error_lines_total == 2
    assert result.error_lines_unmatched == 1
    assert result.unexplained_share == 0.5


def test_a_match_on_any_line_explains_the_record() -> None:
    collector = UnmatchedCollector()
    trace = record(10, "request failed", "Caused by: BusinessError 2300007", "\tat f (a.ets:1)")
    assert collector.add(0, trace, {11}) is None
    assert collector.error_lines_total == 3
    assert collector.error_lines_unmatched == 0
    assert collector.groups() == []


# -- grouping ------------------------------------------------------------------------


def test_thirty_varying_occurrences_form_one_group() -> None:
    rng = random.Random(11)
    collector = UnmatchedCollector()
    for i in range(30):
        collector.add(0, record(100 + 2 * i, varying(i, rng), time=f"06-14 09:20:{i:02d}.000"))
    (group,) = collector.groups()
    assert group.count == 30
    assert group.template == (
        "http request <HEX> to api.example.com failed after <DUR>, conn=<NUM> retry=<NUM>"
    )
    assert group.first.line == 100
    assert group.last.line == 158
    assert group.last.time == "06-14 09:20:29.000"
    assert len(group.samples) == 5
    assert group.samples == group.occurrences[:5]
    assert [o.line for o in group.occurrences] == list(range(100, 160, 2))
    assert group.level is Level.ERROR


def test_different_meanings_form_different_groups_sorted_by_count() -> None:
    collector = UnmatchedCollector()
    collector.add(0, record(1, "VM Paused"))
    for n in range(2, 5):
        collector.add(0, record(n, "VM Started"))
    collector.add(0, record(5, "VM Paused"))
    collector.add(0, record(6, "disk quota exceeded", level=Level.FATAL))
    groups = collector.groups()
    assert [(g.template, g.count) for g in groups] == [
        ("VM Started", 3),
        ("VM Paused", 2),
        ("disk quota exceeded", 1),
    ]
    assert len({g.key for g in groups}) == 3
    assert groups[2].level is Level.FATAL


def test_ties_go_to_the_earliest() -> None:
    collector = UnmatchedCollector()
    collector.add(1, record(5, "beta broke"))
    collector.add(0, record(9, "alpha broke"))
    assert [g.template for g in collector.groups()] == ["alpha broke", "beta broke"]


def test_occurrence_shape() -> None:
    collector = UnmatchedCollector()
    rec = record(7, "token refresh failed: 401", tag="TPush", time="06-14 09:20:11.042")
    collector.add(3, rec)
    (group,) = collector.groups()
    assert group.first == Occurrence(
        input=3,
        line=7,
        time="06-14 09:20:11.042",
        level=Level.ERROR,
        tag="TPush",
        text=rec.raw[0],
    )


def test_occurrences_round_trip_missing_fields_and_odd_text() -> None:
    collector = UnmatchedCollector()
    odd = "失败 \ud800 é 🙂 error"
    collector.add(0, record(1, odd, level=None, tag=None, time=None))
    collector.add(0, record(2, odd, level=None, tag="", time=""))
    first, second = collector.groups()[0].occurrences
    assert (first.time, first.tag, first.level) == (None, None, None)
    assert (second.time, second.tag) == ("", "")
    assert odd in first.text
    assert odd in second.text


@pytest.mark.parametrize(
    "classified",
    [
        error_record(2, record(7, "connect failed id=1", tag="T", time="t"), set(), message_tokens),
        error_record(
            0, record(1, "失败 \ud800 é", level=None, tag=None, time=None), set(), message_tokens
        ),
        error_record(0, record(1, "error", level=Level.WARN, tag="", time=""), {1}, message_tokens),
    ],
)
def test_packed_error_records_round_trip(classified: ErrorRecord | None) -> None:
    """The fast engine's workers send error records packed; nothing may change."""
    assert classified is not None
    for secrets in (None, 0, 3):
        original = ErrorRecord(
            classified.line, classified.lines, classified.tokens, classified.occurrence, secrets
        )
        fed, packed = UnmatchedCollector(), UnmatchedCollector()
        fed.feed(original, 10)
        packed.feed_packed(pack_error_record(original), 10)
        assert fed.result() == packed.result()


def test_stack_trace_is_one_occurrence_templated_by_its_first_line() -> None:
    fmt = formats.get("logcat-threadtime")
    lines = [
        "06-14 09:20:11.042  4821  4830 E AndroidRuntime: java.lang.IllegalStateException: boom 42",
        "06-14 09:20:11.042  4821  4830 E AndroidRuntime: \tat com.example.A.run(A.java:10)",
        "06-14 09:20:11.042  4821  4830 E AndroidRuntime: \tat com.example.B.run(B.java:20)",
        "06-14 09:20:12.000  4821  4830 E AndroidRuntime: java.lang.IllegalStateException: boom 43",
        "06-14 09:20:12.000  4821  4830 E AndroidRuntime: \tat com.example.A.run(A.java:10)",
    ]
    collector = UnmatchedCollector()
    for rec in formats.records(enumerate(lines, start=1), fmt):
        collector.add(0, rec)
    (group,) = collector.groups()
    assert group.template == "java.lang.IllegalStateException: boom <NUM>"
    assert [o.line for o in group.occurrences] == [1, 4]
    assert group.first.tag == "AndroidRuntime"
    assert collector.error_lines_total == 5
    assert collector.error_lines_unmatched == 5


def test_templates_the_first_nonblank_line() -> None:
    collector = UnmatchedCollector()
    collector.add(0, record(20, "", "  socket closed unexpectedly: 104"))
    (group,) = collector.groups()
    assert group.template == "socket closed unexpectedly: <NUM>"
    assert group.first.line == 21


def test_occurrence_text_is_capped() -> None:
    collector = UnmatchedCollector()
    collector.add(0, record(1, "upload failed " + "x" * 100_000))
    (group,) = collector.groups()
    assert len(group.first.text) < MAX_TEXT_CHARS + 100


def test_groups_span_inputs() -> None:
    collector = UnmatchedCollector()
    collector.add(0, record(1, "sync failed after 3 retries"))
    collector.add(1, record(1, "sync failed after 7 retries"))
    (group,) = collector.groups()
    assert [(o.input, o.line) for o in group.occurrences] == [(0, 1), (1, 1)]


def test_eviction_is_counted_not_silent() -> None:
    collector = UnmatchedCollector(max_groups=2)
    for n in range(5):
        collector.add(0, record(n + 1, "disk full on volume 1"))
    collector.add(0, record(10, "alpha exploded"))
    collector.add(0, record(11, "beta exploded"))
    collector.add(0, record(12, "gamma exploded"))
    result = collector.result()
    assert [g.template for g in result.groups] == ["disk full on volume <NUM>", "gamma exploded"]
    assert result.evicted_groups == 2
    assert result.evicted_records == 2
    assert result.error_lines_unmatched == 8
    kept = sum(g.count for g in result.groups)
    assert kept + result.evicted_records == 8


def test_keys_are_stable_across_runs_with_different_numbers() -> None:
    def run(seed: int) -> list[tuple[str, int]]:
        rng = random.Random(seed)
        collector = UnmatchedCollector()
        for i in range(12):
            collector.add(0, record(i + 1, varying(i, rng)))
            collector.add(0, record(i + 100, f"db lock wait {rng.randrange(1, 9000)}ms on row {i}"))
        return [(g.key, g.count) for g in collector.groups()]

    assert run(1) == run(2)
    assert len(run(1)) == 2


def test_no_samples() -> None:
    collector = UnmatchedCollector(samples=0)
    collector.add(0, record(1, "boom failed"))
    (group,) = collector.groups()
    assert group.samples == ()
    assert group.count == 1


def test_record_without_messages() -> None:
    collector = UnmatchedCollector()
    empty = LogRecord(line=3, messages=(), raw=(), format="t", level=Level.ERROR)
    assert collector.add(0, empty) is not None
    (group,) = collector.groups()
    assert group.template == "<EMPTY>"
    assert group.first.text == ""


def test_a_blank_message_has_a_visible_template() -> None:
    collector = UnmatchedCollector()
    collector.add(0, record(1, "", level=Level.ERROR))
    collector.add(0, record(2, "   ", level=Level.ERROR))
    [group] = collector.groups()
    assert group.template == "<EMPTY>" and group.count == 2
