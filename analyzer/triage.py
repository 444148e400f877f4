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

pandas does the grouping: a match table is far more compact than per-match Python
objects once a log has many thousands of matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from analyzer.catalog.loader import Catalog
from analyzer.model import CatalogEntry, EntryId, Finding, Level, Match, Sample, Severity

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
    matches: Iterable[Match],
    catalog: Catalog,
    samples: Mapping[str, tuple[Sample, ...]] | None = None,
) -> list[Finding]:
    """Group matches by entry and return findings in rank order."""
    rows = list(matches)
    if not rows:
        return []
    import pandas as pd  # here, not at the top: it costs half a second to import

    frame = pd.DataFrame(
        {
            "entry": [m.entry for m in rows],
            "input": [m.input for m in rows],
            "line": [m.line for m in rows],
            "level": [int(m.level) if m.level is not None else 0 for m in rows],
            "confidence": [m.confidence for m in rows],
            "row": range(len(rows)),
        }
    )
    frame = frame.sort_values(["input", "line", "row"], kind="stable")
    frame["order"] = range(len(frame))
    grouped = frame.groupby("entry", sort=False).agg(
        count=("row", "size"),
        first=("order", "min"),
        level=("level", "max"),
        confidence=("confidence", "max"),
    )
    grouped["severity"] = [int(_entry(catalog, e).severity) for e in grouped.index]
    grouped["klass"] = [
        severity_class(Severity(s), Level(lv) if lv else None)
        for s, lv in zip(grouped["severity"], grouped["level"], strict=True)
    ]
    grouped["id"] = grouped.index
    grouped = grouped.sort_values(
        ["klass", "count", "first", "confidence", "id"],
        ascending=[False, False, True, False, True],
        kind="stable",
    )
    by_entry: dict[str, list[Match]] = {}
    for index in frame["row"]:
        match = rows[index]
        by_entry.setdefault(match.entry, []).append(match)
    findings: list[Finding] = []
    position_span = max(len(frame) - 1, 1)
    for rank, (entry_id, agg) in enumerate(grouped.iterrows(), start=1):
        occurrences = tuple(by_entry[str(entry_id)])
        level = Level(int(agg["level"])) if int(agg["level"]) else None
        earliness = 9 - int(9 * int(agg["first"]) / position_span)
        count = int(agg["count"])
        confidence = float(agg["confidence"])
        klass = int(agg["klass"])
        score = klass * 1e6 + min(count, 99999) * 10 + earliness + min(confidence, 0.99)
        entry = _entry(catalog, str(entry_id))
        candidates = tuple(
            dict.fromkeys(c for m in occurrences for c in m.candidates if c != entry.id)
        )
        findings.append(
            Finding(
                rank=rank,
                score=round(score, 2),
                rank_reason=_explain(
                    rank, entry.severity, level, count, occurrences[0], confidence
                ),
                entry=entry,
                occurrences=occurrences,
                confidence=round(confidence, 2),
                level=level,
                candidates=candidates,
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


def visible(findings: Sequence[Finding], *, include_info: bool, top: int | None) -> list[Finding]:
    """The findings a report shows: info hidden unless asked for, then ``--top``."""
    shown = [f for f in findings if include_info or f.entry.severity > Severity.INFO]
    return shown[:top] if top is not None else shown


def entry_ids(findings: Sequence[Finding]) -> list[EntryId]:
    """Ids of findings, in rank order."""
    return [f.entry.id for f in findings]
