"""Hand-built reports for formatter tests, so they never run the scanner (pip-audit style).

Also the golden-file switch: ``pytest --update-golden`` (declared in the root
``tests/conftest.py``; or ``UPDATE_GOLDEN=1 pytest``) rewrites the expected
outputs in ``golden/`` instead of comparing against them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

import pytest

from analyzer.catalog.loader import ENV_VAR
from analyzer.model import (
    CatalogEntry,
    ContextLine,
    EntryId,
    Finding,
    InputSummary,
    Level,
    Match,
    MatchedBy,
    Occurrence,
    Report,
    Sample,
    Severity,
    SkippedInput,
    SourceRef,
    Unmatched,
    UnmatchedGroup,
)

HOSTILE_LINES = (
    "ESC \x1b[2J\x1b[31mred\x1b[0m and title \x1b]0;pwned\x07 bell",
    "markup [bold red]loud[/bold red] [link=https://evil.example]x[/link]",
    "backticks ``` and ```` and `inline` end",
    "pipes a|b||c \\| escaped",
    "html <script>alert(1)</script> <img src=x onerror=alert(2)> &amp; </details></summary>",
    "links [click](https://evil.example/) ![img](https://evil.example/x.png) <https://evil.example>",
    "cdata ]]> <!-- comment --> <![CDATA[x]]>",
    "mention @octocat #1 *emph* _under_ ~~strike~~ $x^2$ :smile:",
    "control nul\x00 cr\r backspace\x08 del\x7f csi\x9b bidi\u202eevil\u202c end",
)
"""Log lines that try to break every format; each must come out as plain text."""


def entry(
    code: str,
    *,
    catalog: str = "net-connection",
    severity: Severity = Severity.ERROR,
    title: str = "Service Connection Failure",
    message: str = "Failed to connect to the service.",
    causes: Sequence[str] = ("The service is abnormal.",),
    procedure: Sequence[str] = ("Check whether system services are running properly.",),
) -> CatalogEntry:
    """A catalog entry with sensible defaults."""
    return CatalogEntry(
        id=EntryId(f"{catalog}:{code}"),
        catalog=catalog,
        code=code,
        value=int(code) if code.lstrip("-").isdigit() else None,
        title=title,
        message=message,
        description=title,
        causes=tuple(causes),
        procedure=tuple(procedure),
        severity=severity,
        source=SourceRef(f"errorcode-{catalog}.md", f"{code} {title}", 10),
    )


def match(
    item: CatalogEntry,
    line: int,
    text: str,
    *,
    input_index: int = 0,
    time: str | None = None,
    level: Level | None = Level.ERROR,
    tag: str | None = "JSAPP",
    process: str | None = "com.example.app",
    confidence: float = 0.9,
) -> Match:
    """One occurrence of ``item``."""
    return Match(
        entry=item.id,
        candidates=(item.id,),
        input=input_index,
        line=line,
        record_line=line,
        text=text,
        matched_by=MatchedBy.CODE,
        confidence=confidence,
        reason=f"errCode={item.code} used as an error code",
        time=time,
        level=level,
        tag=tag,
        process=process,
        pid=4410,
    )


def sample(m: Match, before: Sequence[str] = (), after: Sequence[str] = ()) -> Sample:
    """A sample of ``m`` with the given context lines right around it."""
    return Sample(
        match=m,
        before=tuple(ContextLine(m.line - len(before) + i, text) for i, text in enumerate(before)),
        after=tuple(ContextLine(m.line + 1 + i, text) for i, text in enumerate(after)),
    )


def finding(
    rank: int,
    item: CatalogEntry,
    matches: Sequence[Match],
    samples: Sequence[Sample] = (),
    *,
    candidates: Sequence[EntryId] = (),
    baseline: tuple[int, bool] | None = None,
) -> Finding:
    """A finding as triage would build it (``baseline``: its count there, and new)."""
    level = max((m.level for m in matches if m.level is not None), default=None)
    return Finding(
        rank=rank,
        score=round(8_000_000 - rank * 1000 + len(matches) * 10 + 0.9, 2),
        rank_reason=f"#{rank}: {item.severity.label}; seen {len(matches)} times",
        entry=item,
        occurrences=tuple(matches),
        confidence=max(m.confidence for m in matches),
        level=level,
        candidates=tuple(candidates),
        samples=tuple(samples),
        baseline_count=baseline[0] if baseline is not None else None,
        new=baseline[1] if baseline is not None else None,
    )


def summary(path: str, lines: int, *, fmt: str = "hilog") -> InputSummary:
    """An input that was read completely."""
    return InputSummary(path, fmt, 1.0, lines, 0, lines * 100)


HILOG = "11-23 09:14:{:06.3f}  4410  4410 E A03d00/com.example.app/JSAPP: {}"


def hilog(second: float, message: str) -> str:
    """A hilog line at ``11-23 09:14:<second>``."""
    return HILOG.format(second, message)


def time_of(second: float) -> str:
    """The time field of :func:`hilog` lines."""
    return f"11-23 09:14:{second:06.3f}"


def occurrence(
    line: int,
    message: str,
    *,
    input_index: int = 0,
    second: float | None = None,
    level: Level | None = Level.ERROR,
    tag: str | None = "NETSTACK",
) -> Occurrence:
    """One unexplained error line; a hilog line at ``second`` when given, else bare."""
    return Occurrence(
        input=input_index,
        line=line,
        time=time_of(second) if second is not None else None,
        level=level,
        tag=tag,
        text=hilog(second, message) if second is not None else message,
    )


def group(
    template: str,
    occurrences: Sequence[Occurrence],
    *,
    baseline_count: int | None = None,
    new: bool | None = None,
) -> UnmatchedGroup:
    """An unmatched group as the collector would build it."""
    levels = [o.level for o in occurrences if o.level is not None]
    return UnmatchedGroup(
        template=template,
        count=len(occurrences),
        first=occurrences[0],
        last=occurrences[-1],
        samples=tuple(occurrences[:5]),
        occurrences=tuple(occurrences),
        level=max(levels) if levels else None,
        baseline_count=baseline_count,
        new=new,
    )


SOCKET = "socket connect to <IP> failed errno=<NUM>"
"""The template of the big unmatched group of :func:`unmatched_report`."""

TIMEOUT = "http request <HEX> timed out after <DURATION>"
"""The template of the small unmatched group of :func:`unmatched_report`."""


def unmatched_groups() -> tuple[UnmatchedGroup, ...]:
    """Two groups over the two inputs of :func:`basic_report`."""
    return (
        group(
            SOCKET,
            [
                occurrence(11, "socket connect to 10.0.0.7 failed errno=111", second=5.1),
                occurrence(12, "socket connect to 10.0.0.8 failed errno=113", second=5.2),
                occurrence(
                    4, "socket connect to 10.0.0.7 failed errno=111", input_index=1, second=9.5
                ),
            ],
        ),
        group(
            TIMEOUT,
            [occurrence(15, "http request 7f3a9c timed out after 3000ms", second=8.5)],
        ),
    )


@pytest.fixture
def unmatched_report(basic_report: Report) -> Report:
    """:func:`basic_report` plus two unmatched groups: 4 of 8 error lines unexplained."""
    return replace(
        basic_report,
        unmatched=Unmatched(
            groups=unmatched_groups(),
            error_lines_total=8,
            error_lines_unmatched=4,
            evicted_groups=1,
            evicted_records=2,
        ),
    )


@pytest.fixture
def baseline_report(unmatched_report: Report) -> Report:
    """:func:`unmatched_report` compared with a good log (fields set by hand): the
    websocket finding and the timeout group are new, the rest the baseline shows."""
    conn, ws, ok = unmatched_report.findings
    socket, timeout = unmatched_groups()
    assert unmatched_report.unmatched is not None
    return replace(
        unmatched_report,
        findings=(
            replace(conn, baseline_count=2, new=False),
            replace(ws, baseline_count=0, new=True),
            replace(ok, baseline_count=5, new=False),
        ),
        unmatched=replace(
            unmatched_report.unmatched,
            groups=(
                replace(socket, baseline_count=7, new=False),
                replace(timeout, baseline_count=0, new=True),
            ),
        ),
        baseline=("good/device.log",),
    )


@pytest.fixture
def empty_report() -> Report:
    """One input, nothing found."""
    return Report(inputs=(summary("logs/empty.log", 12),), findings=(), catalog_entries=107)


@pytest.fixture
def basic_report() -> Report:
    """An error (3 occurrences over two inputs), a warning, and a hidden info finding."""
    conn = entry("2100002")
    ws = entry(
        "2302998",
        catalog="net-websocket",
        severity=Severity.WARNING,
        title="Domain Access Denied",
        message="It is not allowed to access this domain.",
        causes=("The domain is not in the trusted list.",),
        procedure=("Add the domain to the trusted list.", "Try again."),
    )
    ok = entry("0", catalog="tpns-client", severity=Severity.INFO, title="Success", message="")
    m1 = match(conn, 9, hilog(4.52, "getDefaultNet failed, errCode=2100002"), time=time_of(4.52))
    m2 = match(conn, 10, hilog(4.521, "errCode=2100002 again"), time=time_of(4.521))
    m3 = match(
        conn, 3, hilog(9.0, "errCode=2100002 in the second file"), input_index=1, time=time_of(9)
    )
    w1 = match(ws, 17, hilog(7.9, '{"code":2302998}'), time=time_of(7.9), level=Level.WARN)
    i1 = match(ok, 14, hilog(8.0, "register success ret=0"), time=time_of(8), level=Level.INFO)
    return Report(
        inputs=(summary("logs/a.log", 18), summary("logs/b.log", 5)),
        findings=(
            finding(
                1,
                conn,
                [m1, m2, m3],
                [
                    sample(m1, [hilog(4.4, "before 1"), hilog(4.5, "before 2")], [m2.text]),
                    sample(m2, [m1.text], [hilog(4.6, "after")]),
                ],
                candidates=[EntryId("net-connection:2100002#2")],
            ),
            finding(2, ws, [w1], [sample(w1, [hilog(7.8, "connecting")], [])]),
            finding(3, ok, [i1]),
        ),
        skipped_inputs=(SkippedInput("logs/core.bin", "binary data"),),
        catalog_entries=107,
        redactions=3,
        redacted=True,
    )


@pytest.fixture
def hostile_report() -> Report:
    """Log text (and a path and tag) crafted to break every format."""
    bad = entry(
        "2100002",
        title="Title with *stars* <i>tags</i> | pipe [link](https://evil.example) `tick`",
        message="<b>bold</b> & [x](y)",
        causes=("# not a heading", "1. not a list", "- not a bullet"),
        procedure=("Run `rm -rf` | never", "</details><script>alert(3)</script>"),
    )
    matches = [
        match(
            bad,
            n,
            hilog(n, f"errCode=2100002 {text}"),
            time=time_of(n),
            tag="[bold]TAG|x`y",
            process="<proc>",
        )
        for n, text in enumerate(HOSTILE_LINES, start=2)
    ]
    samples = [sample(m, [HOSTILE_LINES[-1]], [HOSTILE_LINES[0]]) for m in matches]
    unknown = [
        occurrence(n, f"unknown failure {text}", tag="[bold]TAG|x`y")
        for n, text in enumerate(HOSTILE_LINES, start=40)
    ]
    groups = tuple(
        group(f"unknown failure {text}", [o], baseline_count=0, new=True)
        for text, o in zip(HOSTILE_LINES, unknown, strict=True)
    )
    return Report(
        inputs=(summary("logs/<b>evil</b>|`x`.log", len(HOSTILE_LINES) + 50),),
        findings=(finding(1, bad, matches, samples, baseline=(0, True)),),
        catalog_entries=1,
        unmatched=Unmatched(groups, len(HOSTILE_LINES) * 2, len(HOSTILE_LINES)),
        baseline=("logs/<i>good</i>|`y`.log",),
    )


@pytest.fixture
def many_report() -> Report:
    """One finding with 1500 occurrences and no times (line axis)."""
    item = entry("2100002")
    matches = [
        match(item, n * 5, f"E/JSAPP: errCode=2100002 #{n}", time=None) for n in range(1, 1501)
    ]
    return Report(
        inputs=(summary("logs/big.log", 10000, fmt="logcat-brief"),),
        findings=(finding(1, item, matches, [sample(m) for m in matches[:5]]),),
        catalog_entries=1,
    )


@pytest.fixture(
    params=[
        "empty_report",
        "basic_report",
        "hostile_report",
        "many_report",
        "unmatched_report",
        "baseline_report",
    ]
)
def any_report(request: pytest.FixtureRequest) -> Report:
    """Each hand-built report in turn."""
    report: Report = request.getfixturevalue(request.param)
    return report


@pytest.fixture(autouse=True)
def _no_user_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own ``$ANALYZER_CATALOG`` must not leak into any test."""
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten rather than compared."""
    flag = bool(request.config.getoption("--update-golden"))
    return flag or os.environ.get("UPDATE_GOLDEN") == "1"
