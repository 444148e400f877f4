"""Compare a failing log with a good one: what does the good log never show?

``analyze failing.log --baseline good.log`` analyses both, then asks, for every
finding and every unmatched group of the failing log, how often the baseline shows
the same thing. Two lines are "the same thing" when they mean the same, not when
their text is equal, because numbers, ids and timestamps differ between runs:

* a **finding** is the same as a baseline finding with the same catalog entry id;
* an **unmatched group** is the same as a baseline group with the same template key
  (:func:`~analyzer.model.template_key`: the template's numbers, ids and
  times are masked already), or, failing that, a baseline group whose template
  covers it or is covered by it (:func:`~analyzer.templates.tokens.covers`): the
  baseline may have seen more variants of a message (``vis=<*>``) or fewer
  (``vis=<NUM>``) than the failing log.

Both reports must be in the same redaction state (both redacted, as
:func:`analyzer.pipeline.analyze` returns them with default options, or both not):
redaction rewrites templates and their keys, always the same way, so two redacted
reports compare as well as two raw ones.

The module is pure: :func:`apply_baseline` returns a new :class:`Report`. Hiding what
is not new (``--only-new``) is a rendering choice
(:attr:`analyzer.reports.interface.RenderOptions.only_new`), so the report still
says how much it hid and ``--fail-on`` judges exactly what is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from analyzer.model import EntryId, Finding, Report, Unmatched, UnmatchedGroup
from analyzer.templates.tokens import covers


def apply_baseline(report: Report, baseline: Report, paths: Sequence[str] | None = None) -> Report:
    """``report`` with ``baseline_count`` and ``new`` set from ``baseline``.

    Every finding gets the number of baseline occurrences of its entry and ``new``
    (true when that number is 0). Every unmatched group gets the records of the
    baseline groups that match its template (see the module docstring) and ``new``.
    When ``baseline.unmatched`` is ``None`` (the baseline's unknown errors were not
    collected) the groups are left as they are: nothing can be said about them.

    ``paths`` are what ``--baseline`` named (files or directories), shown in reports;
    by default the baseline's input paths. They become :attr:`Report.baseline`, which
    must not be empty: it is how formats know that a baseline was given.
    """
    names = tuple(paths) if paths is not None else tuple(i.path for i in baseline.inputs)
    if not names:
        raise ValueError("a baseline needs at least one path")
    counts: Counter[EntryId] = Counter()
    for item in baseline.findings:
        counts[item.entry.id] += item.count
    findings = tuple(_finding(f, counts[f.entry.id]) for f in report.findings)
    unmatched = report.unmatched
    if unmatched is not None and baseline.unmatched is not None:
        unmatched = _compare_groups(unmatched, baseline.unmatched)
    return replace(report, findings=findings, unmatched=unmatched, baseline=names)


def _finding(item: Finding, count: int) -> Finding:
    return replace(item, baseline_count=count, new=count == 0)


def _compare_groups(unmatched: Unmatched, baseline: Unmatched) -> Unmatched:
    by_key: Counter[str] = Counter()
    for group in baseline.groups:
        by_key[group.key] += group.count
    groups = tuple(_group(g, by_key, baseline.groups) for g in unmatched.groups)
    return replace(unmatched, groups=groups)


def _group(
    group: UnmatchedGroup, by_key: Counter[str], baseline: Sequence[UnmatchedGroup]
) -> UnmatchedGroup:
    count = by_key.get(group.key, 0)
    if count == 0:
        # Rare (only templates that differ from all of the baseline's by key), so the
        # linear scan over the baseline's groups costs little.
        count = sum(b.count for b in baseline if baseline_covers(group.template, b.template))
    return replace(group, baseline_count=count, new=count == 0)


def baseline_covers(template: str, other: str) -> bool:
    """Whether two templates stand for the same message: equal, or one generalises the
    other (``connect to <*> failed`` and ``connect to <IP> failed``)."""
    return template == other or covers(other, template) or covers(template, other)
