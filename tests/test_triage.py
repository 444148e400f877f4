"""Ranking: the order and the score are the ones the triage module documents."""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.model import EntryId, Level, Match, MatchedBy, Severity
from analyzer.triage import build_findings, severity_class
from analyzer.triage.matches import EntryAggregate


@cache
def _catalog() -> Catalog:
    return load_catalog()


class _Store:
    """The part of a MatchStore that ranking reads: aggregates and occurrences."""

    def __init__(self, aggregates: dict[str, EntryAggregate], total: int) -> None:
        self.aggregates = aggregates
        self.total = total

    def occurrences(self, entry_id: str) -> list[Match]:
        first = self.aggregates[entry_id].first
        line = first + 1
        entry = EntryId(entry_id)
        return [Match(entry, (entry,), 0, line, line, "text", MatchedBy.CODE, 0.9, "reason")]


_LEVELS = st.sampled_from([0, *(int(level) for level in Level)])


@st.composite
def _stores(draw: st.DrawFn) -> _Store:
    ids = sorted(e.id for e in _catalog().entries)
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=30, unique=True))
    total = draw(st.integers(min_value=len(chosen), max_value=200_000))
    firsts = draw(st.lists(st.integers(0, total - 1), min_size=len(chosen), max_size=len(chosen)))
    aggregates = {
        entry_id: EntryAggregate(
            first=first,
            count=draw(st.integers(1, 300_000)),
            level=draw(_LEVELS),
            confidence=draw(st.sampled_from([0.5, 0.6, 0.8, 0.9, 0.99])),
        )
        for entry_id, first in zip(chosen, firsts, strict=True)
    }
    return _Store(aggregates, total)


@given(_stores())
def test_findings_follow_the_documented_order_and_score(store: _Store) -> None:
    catalog = _catalog()
    findings = build_findings(store, catalog)  # type: ignore[arg-type]
    assert [f.rank for f in findings] == list(range(1, len(findings) + 1))
    assert {f.entry.id for f in findings} == set(store.aggregates)
    span = max(store.total - 1, 1)

    def key(entry_id: str) -> tuple[int, int, int, float, str]:
        a = store.aggregates[entry_id]
        entry = catalog.get(entry_id)
        assert entry is not None
        klass = severity_class(entry.severity, Level(a.level) if a.level else None)
        return (-klass, -a.count, a.first, -a.confidence, entry_id)

    assert [f.entry.id for f in findings] == sorted(store.aggregates, key=key)
    for f in findings:
        a = store.aggregates[f.entry.id]
        klass = -key(f.entry.id)[0]
        earliness = 9 - (9 * a.first // span)
        expected = klass * 1e6 + min(a.count, 99999) * 10 + earliness + min(a.confidence, 0.99)
        assert f.score == round(expected, 2)
        assert 0 <= earliness <= 9
    infos = [f.rank for f in findings if f.entry.severity <= Severity.INFO]
    errors = [f.rank for f in findings if f.entry.severity > Severity.INFO]
    assert not infos or not errors or min(infos) > max(errors)
