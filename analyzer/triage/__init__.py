"""Merge matches into one finding per catalog entry and rank them.

Ranking is a plain lexicographic order, so it can be explained in one line:

1. severity class: the entry's severity together with the strongest level it was
   logged at (F/E above W above I/D/V); an ``info`` entry (a success code) is always
   class 0, so it never outranks a real error;
2. frequency: more occurrences first;
3. earliest first occurrence: the first failure is usually the cause;
4. confidence;
5. entry id, so equal findings always come out in the same order.

``score`` encodes the same order in one number for tools that want to sort or
threshold: ``class * 1e6 + min(count, 99999) * 10 + earliness (0-9) + confidence``.

Matches are grouped per entry as they arrive (:class:`~analyzer.triage.matches.MatchStore`
keeps the aggregates), so ranking sees one row per entry, not one per match: a table of
at most a few hundred rows, which one stable sort on a key tuple orders.
"""

from __future__ import annotations

from collections.abc import Mapping

from analyzer.catalog.loader import Catalog
from analyzer.model import CatalogEntry, Finding, Level, Match, Sample, Severity
from analyzer.triage.matches import EntryAggregate, MatchStore

_LEVEL_BUCKET = {
    Level.FATAL: 2,
    Level.ERROR: 2,
    Level.WARN: 1,
}


def severity_class(severity: Severity, level: Level | None) -> int:
    """0 for info entries; otherwise 3 per severity step plus the level bucket (0-2)."""
    if severity <= Severity.INFO:
        return 0
    step = {Severity.WARNING: 1, Severity.ERROR: 2, Severity.FATAL: 3}[severity]
    return step * 3 + _LEVEL_BUCKET.get(level, 0) if level is not None else step * 3


def build_findings(
    store: MatchStore,
    catalog: Catalog,
    samples: Mapping[str, tuple[Sample, ...]] | None = None,
) -> list[Finding]:
    """One finding per entry the store has matches of, in rank order."""
    if not store.aggregates:
        return []
    position_span = max(store.total - 1, 1)
    rows: list[tuple[CatalogEntry, EntryAggregate, Level | None, int, float]] = []
    for entry_id, aggregate in store.aggregates.items():
        entry = _entry(catalog, entry_id)
        level = Level(aggregate.level) if aggregate.level else None
        klass = severity_class(entry.severity, level)
        earliness = 9 - (9 * aggregate.first // position_span)
        score = (
            klass * 1e6
            + min(aggregate.count, 99999) * 10
            + earliness
            + min(aggregate.confidence, 0.99)
        )
        rows.append((entry, aggregate, level, klass, score))
    rows.sort(key=lambda r: (-r[3], -r[1].count, r[1].first, -r[1].confidence, r[0].id))
    findings: list[Finding] = []
    for rank, (entry, aggregate, level, _, score) in enumerate(rows, start=1):
        occurrences = store.occurrences(entry.id)
        confidence = aggregate.confidence
        findings.append(
            Finding(
                rank=rank,
                score=round(score, 2),
                rank_reason=_explain(
                    rank, entry.severity, level, aggregate.count, occurrences[0], confidence
                ),
                entry=entry,
                occurrences=occurrences,
                confidence=round(confidence, 2),
                level=level,
                candidates=tuple(aggregate.candidates),
                samples=(samples or {}).get(entry.id, ()),
            )
        )
    return findings


def _entry(catalog: Catalog, entry_id: str) -> CatalogEntry:
    entry = catalog.get(entry_id)
    if entry is None:  # pragma: no cover - matches only name catalog entries
        raise KeyError(entry_id)
    return entry


def _explain(
    rank: int, severity: Severity, level: Level | None, count: int, first: Match, confidence: float
) -> str:
    if severity <= Severity.INFO:
        klass = "info entry (a success or informational code; never above an error)"
    else:
        at = f"logged at {level.letter}" if level is not None else "no log level"
        klass = f"{severity.label}, {at}"
    times = "once" if count == 1 else f"{count} times"
    return (
        f"#{rank}: {klass}; seen {times}; first at input {first.input + 1} line {first.line}; "
        f"confidence {confidence:.2f}"
    )
