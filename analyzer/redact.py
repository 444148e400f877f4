"""Mask the secrets in a report's log text (:mod:`analyzer.secrets` says what they are).

Masked: each occurrence's line and reason, each sample's match and context lines, and
each unmatched group's template (its key follows the masked template), occurrences
and samples. Not masked: tags, process names and input paths (names, not free text)
and anything from the catalog. Each distinct physical line counts once in the
report's ``redactions``, however many findings, samples and contexts show it.

A big finding or group is never held twice: occurrences are masked as a report reads
them (:meth:`~analyzer.model.Occurrences.mapped`), after their lines were counted
here. What the scan already knows saves work: the fast engine checks every line it
hands over (:class:`MatchedLines` for matches, :attr:`UnmatchedGroup.secrets
<analyzer.model.UnmatchedGroup.secrets>` for groups), so only the lines that hold a
secret are read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from analyzer.model import (
    ContextLine,
    Finding,
    Match,
    Occurrence,
    Report,
    Sample,
    Unmatched,
    UnmatchedGroup,
)
from analyzer.model.occurrences import mapped, values
from analyzer.secrets import redact


@dataclass(frozen=True)
class MatchedLines:
    """What the scan already knows of the lines it matched: every matched line of the
    ``inputs`` was run through the rules (the fast engine's workers do it, in
    parallel), and those in ``secret_lines`` (``(input, line)``) hold a secret. The
    report's redaction then runs the rules over those lines only, and remembers only
    lines that hold a secret, so a log that matches on every line costs no memory
    per line here."""

    inputs: set[int] = field(default_factory=set)
    secret_lines: set[tuple[int, int]] = field(default_factory=set)

    def clean(self, input_index: int, line: int) -> bool:
        """Whether the matched line ``line`` of input ``input_index`` is known to hold
        no secret."""
        return input_index in self.inputs and (input_index, line) not in self.secret_lines


class _Redactor:
    """Redacts each distinct physical line once, so shared lines count once.

    A line can appear as an occurrence, as the match of a sample and as context of
    another sample; it is one value to the reader, so it is counted once.
    """

    def __init__(self, matched: MatchedLines | None = None) -> None:
        self.lines: dict[tuple[int, int, str], str] = {}
        """The masked text of each line that held a secret, so it counts once."""
        self.reasons: dict[str, str] = {}
        self.count = 0
        self.matched = matched or MatchedLines()

    def line(self, input_index: int, line: int, text: str) -> str:
        key = (input_index, line, text)
        done = self.lines.get(key)
        if done is None:
            done, count = redact(text)
            if count:
                self.lines[key] = done
                self.count += count
        return done

    def match(self, match: Match) -> Match:
        # The reason quotes catalog text and, sometimes, the line's own evidence: it is
        # masked too, but not counted (its values are the line's, counted already).
        if self.matched.clean(match.input, match.line):
            text = match.text
        else:
            text = self.line(match.input, match.line, match.text)
        reason = self.reason(match.reason)
        if text == match.text and reason == match.reason:
            return match
        return replace(match, text=text, reason=reason)

    def reason(self, text: str) -> str:
        # Reasons repeat across occurrences; each distinct one is masked once.
        done = self.reasons.get(text)
        if done is None:
            done = self.reasons[text] = redact(text)[0]
        return done

    def sample(self, sample: Sample) -> Sample:
        index = sample.match.input
        return Sample(
            match=self.match(sample.match),
            before=tuple(
                ContextLine(c.line, self.line(index, c.line, c.text)) for c in sample.before
            ),
            after=tuple(
                ContextLine(c.line, self.line(index, c.line, c.text)) for c in sample.after
            ),
        )

    def finding(self, finding: Finding) -> Finding:
        return replace(
            finding,
            occurrences=self.matches(finding.occurrences),
            samples=tuple(self.sample(s) for s in finding.samples),
        )

    def matches(self, items: Sequence[Match]) -> Sequence[Match]:
        """Every occurrence of a finding masked: its lines counted now, reading only
        their places and texts, and masked again as they are read."""
        clean = self.matched.clean
        for index, line, text in values(items, "input", "line", "text"):
            if not clean(index, line):
                self.line(index, line, text)
        return mapped(items, self._counted_match)

    def _counted_match(self, match: Match) -> Match:
        """:meth:`match` once :meth:`matches` has counted the line: a line with a
        secret is in :attr:`lines`, and any other holds none."""
        text = self.lines.get((match.input, match.line, match.text), match.text)
        reason = self.reason(match.reason)
        if text == match.text and reason == match.reason:
            return match
        return replace(match, text=text, reason=reason)

    def occurrence(self, item: Occurrence) -> Occurrence:
        return replace(item, text=self.line(item.input, item.line, item.text))

    def group(self, group: UnmatchedGroup) -> UnmatchedGroup:
        # The template is made of the group's lines, whose values are counted already;
        # like a reason, it is masked but not counted.
        return replace(
            group,
            template=self.reason(group.template),
            first=self.occurrence(group.first),
            last=self.occurrence(group.last),
            samples=tuple(self.occurrence(o) for o in group.samples),
            occurrences=self.occurrences(group.occurrences, group.secrets),
        )

    def occurrences(self, items: Sequence[Occurrence], secrets: int | None) -> Sequence[Occurrence]:
        """Every occurrence of a group masked: its lines counted now (each once, by
        :meth:`line`), and masked again as they are read. A group whose lines the scan
        counted clean is left as it is."""
        if secrets == 0:
            return items
        for index, line, text in values(items, "input", "line", "text"):
            self.line(index, line, text)
        done = self.lines

        def masked(item: Occurrence) -> Occurrence:
            text = done.get((item.input, item.line, item.text))
            return item if text is None else replace(item, text=text)

        return mapped(items, masked)

    def unmatched(self, unmatched: Unmatched | None) -> Unmatched | None:
        if unmatched is None:
            return None
        return replace(unmatched, groups=tuple(self.group(g) for g in unmatched.groups))


def redact_report(report: Report, matched: MatchedLines | None = None) -> Report:
    """The report with every log-derived free text masked and ``redactions`` set.

    ``matched`` says which matched lines the scan already checked (see
    :class:`MatchedLines`); they are not checked again.
    :func:`analyzer.baseline.apply_baseline` compares keys, so it needs both reports
    in the same state: both redacted, or neither.
    """
    redactor = _Redactor(matched)
    findings = tuple(redactor.finding(f) for f in report.findings)
    return replace(
        report,
        findings=findings,
        unmatched=redactor.unmatched(report.unmatched),
        redactions=report.redactions + redactor.count,
        redacted=True,
    )
