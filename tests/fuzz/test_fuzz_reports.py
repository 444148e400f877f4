"""Fuzz targets for every report format and for redaction.

Reports are built from arbitrary log text (control characters, markup of every
kind, huge and empty lines). Every format must render; JSON must stay valid against
its schema; HTML and Markdown must not let log text become markup.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from analyzer.model import (
    CatalogEntry,
    ContextLine,
    EntryId,
    Finding,
    InputSummary,
    Level,
    Match,
    MatchedBy,
    Report,
    Sample,
    Severity,
    SkippedInput,
    SourceRef,
)
from analyzer.redact import redact_report
from analyzer.reports import registry
from analyzer.reports.interface import RenderOptions
from analyzer.secrets import redact

from .conftest import fuzz_settings

pytestmark = pytest.mark.fuzz

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "```",
        "| a | b |",
        "[link](javascript:alert(1))",
        "\x1b[2J\x1b]0;title\x07",
        "\x00\x08\x7f\u202e",
        "</details>",
        "&amp;&lt;",
        "[bold]rich[/bold]",
        "accessId=1500012345 token=0123456789abcdef0123456789abcdef",
    ]
)
LOG_TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=30)), max_size=6).map("".join)
SCHEMA = json.loads(
    resources.files("analyzer.reports").joinpath("report.schema.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _html_tokens(markdown: str) -> list[str]:
    """Raw HTML that a Markdown renderer would pass through (code spans are not HTML)."""
    out: list[str] = []
    for token in MARKDOWN.parse(markdown):
        if token.type == "html_block":
            out.append(token.content)
        out.extend(c.content for c in token.children or () if c.type == "html_inline")
    return out


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """A report whose every string comes from a small pool of hostile texts.

    The pool is drawn (and shrunk) by hypothesis; the report's shape comes from a
    drawn ``Random``, which keeps one example at a few milliseconds, so the budget of
    2,000 examples per format stays affordable.
    """
    pool = draw(st.lists(st.one_of(HOSTILE, st.text(max_size=40)), min_size=1, max_size=8))
    rnd = draw(st.randoms(use_true_random=False))

    def text() -> str:
        return "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 3)))

    def maybe(value: object) -> object:
        return None if rnd.random() < 0.2 else value

    inputs = tuple(
        InputSummary(
            path=rnd.choice(["a.log", "-", "x.zip!logs/b.log", "<i>.log", text()]),
            format=rnd.choice(["hilog", "raw", "jsonl"]),
            format_confidence=rnd.random(),
            lines=rnd.randint(0, 10_000),
            skipped_lines=0,
            bytes=rnd.randint(0, 10**9),
            complete=rnd.random() < 0.7,
            error=maybe(text()),  # type: ignore[arg-type]
        )
        for _ in range(rnd.randint(1, 3))
    )
    findings = []
    for rank in range(1, rnd.randint(0, 4) + 1):
        code = str(rnd.randint(-99999, 99_999_999))
        catalog = rnd.choice(["net-connection", "tpns-client"])
        entry = CatalogEntry(
            id=EntryId(f"{catalog}:{code}#{rank}"),
            catalog=catalog,
            code=code,
            value=int(code),
            title=text(),
            message=text(),
            description=text(),
            causes=tuple(text() for _ in range(rnd.randint(0, 2))),
            procedure=tuple(text() for _ in range(rnd.randint(0, 2))),
            severity=rnd.choice(list(Severity)),
            source=SourceRef("doc.md", text(), 3),
        )
        lines = sorted({rnd.randint(1, 10_000) for _ in range(rnd.randint(1, 4))})
        matches = tuple(
            Match(
                entry=entry.id,
                candidates=(entry.id,),
                input=rnd.randrange(len(inputs)),
                line=line,
                record_line=line,
                text=text(),
                matched_by=rnd.choice(list(MatchedBy)),
                confidence=rnd.random(),
                reason=text(),
                time=rnd.choice([None, "11-23 09:14:02.101", "garbage", "", text()]),
                level=rnd.choice([None, *Level]),
                tag=maybe(text()),  # type: ignore[arg-type]
                process=maybe(text()),  # type: ignore[arg-type]
                pid=maybe(rnd.randint(0, 99999)),  # type: ignore[arg-type]
            )
            for line in lines
        )
        samples = tuple(
            Sample(
                m, (ContextLine(max(m.line - 1, 1), text()),), (ContextLine(m.line + 1, text()),)
            )
            for m in matches[:2]
        )
        findings.append(
            Finding(
                rank=rank,
                score=float(rank),
                rank_reason=text(),
                entry=entry,
                occurrences=matches,
                confidence=max(m.confidence for m in matches),
                level=rnd.choice([None, *Level]),
                samples=samples,
            )
        )
    skipped = tuple(SkippedInput(text(), text()) for _ in range(rnd.randint(0, 2)))
    return Report(inputs, tuple(findings), skipped, catalog_entries=107)


@pytest.mark.parametrize("name", registry.names())
@fuzz_settings()
@given(report=reports(), include_info=st.booleans(), top=st.none() | st.integers(1, 3))
def test_every_format_renders(
    name: str, report: Report, include_info: bool, top: int | None
) -> None:
    text = registry.get(name).render(report, RenderOptions(include_info=include_info, top=top))
    assert isinstance(text, str)
    if name == "json":
        VALIDATOR.validate(json.loads(text))
    if name == "html":
        assert "<script>alert(1)" not in text
        assert "<img src=x" not in text
    if name == "markdown":
        raw_html = " ".join(_html_tokens(text)).lower()
        assert "<script" not in raw_html
        assert "<img" not in raw_html
        assert "javascript:" not in " ".join(
            str(child.attrs.get("href", ""))
            for token in MARKDOWN.parse(text)
            for child in token.children or ()
            if child.type == "link_open"
        )
    if name == "text":
        assert "\x1b" not in text


@fuzz_settings()
@given(text=LOG_TEXT)
def test_redaction_is_idempotent_and_total(text: str) -> None:
    once, _ = redact(text)
    twice, count = redact(once)
    assert twice == once and count == 0
    assert "1500012345" not in once


@settings(max_examples=300, deadline=None, database=None)
@given(report=reports())
def test_redacted_reports_still_render(report: Report) -> None:
    """Not a target of its own (each format is): a cross-check that redaction keeps
    reports renderable, at a smaller budget."""
    done = redact_report(report)
    for name in registry.names():
        registry.get(name).render(done, RenderOptions(include_info=True))
