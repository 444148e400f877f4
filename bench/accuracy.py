"""Precision and recall of the real pipeline on a labelled corpus of device logs.

Usage::

    python bench/accuracy.py [CORPUS_DIR] [--min 0.99] [--quiet]

``CORPUS_DIR`` defaults to ``tests/corpus``. Every log in it (any file that is not a
``.yaml``) has a sidecar ``<stem>.labels.yaml``::

    format: hilog                  # the format the log is written in (per-format totals)
    force_format: logcat-raw       # optional: run with --log-format (formats that
                                   # detection never picks, such as logcat-raw)
    lines:                         # 1-based physical line -> what must be found there
      12: net-connection:2100002   # this entry
      13: [universal:401, net-connection:2100002]   # each of these entries
      14:
        one_of: [net-connection:2100001, net-vpn:19900001]
    negatives:                     # documentation only: hard negatives, line -> "kind: why"
      20: "digit-run: blk_2101007907134483259"

Each log goes through :func:`analyzer.pipeline.analyze` with the bundled catalog, format
detection included, exactly as ``analyze LOG`` runs it.

Scoring rules:

* The *reported items* of a log are the distinct ``(line, entry)`` pairs over every
  occurrence of every finding in the report, info findings (success codes) included.
* A plain label ``(line, id)`` is satisfied when ``(line, id)`` is reported.
* A ``one_of`` label is for a line whose context cannot decide between entries (a
  shared message or code without context). It is satisfied when an occurrence on that
  line is attributed to one of its ids **and** lists every one of them among its
  candidates: the report must say the line is ambiguous, not just guess.
* A reported item is correct when it satisfies a label of its line (an entry that a
  satisfied ``one_of`` label lists counts once, as that label). Every other reported
  item is a false positive; in particular every match on a line that has no label.
* ``precision = correct reported items / reported items``;
  ``recall = satisfied labels / labels``; both are 1.0 when the denominator is 0.
* Totals are per ``format`` of the label file, then overall. A log whose detected
  format differs from its ``format`` is listed as a detection mismatch.

Exit code: 0 when overall precision and recall are at least ``--min`` (default 0.99)
and no detection mismatch occurred; 1 otherwise; 2 for a malformed corpus.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analyzer import formats
from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.pipeline import ScanOptions, analyze

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
"""The project's own labelled corpus."""

LABELS_SUFFIX = ".labels.yaml"
"""Sidecar suffix: ``x.log`` is labelled by ``x.labels.yaml``."""


class CorpusError(Exception):
    """A label file that cannot be read or does not follow the rules above."""


@dataclass(frozen=True)
class Label:
    """What one labelled line must produce."""

    line: int
    """1-based physical line."""
    ids: tuple[str, ...]
    """The entry (plain label) or the acceptable entries (``one_of``)."""
    one_of: bool = False
    """Whether the line is ambiguous and any of ``ids``, listing all as candidates, will do."""


@dataclass(frozen=True)
class LabelFile:
    """A corpus log and its labels."""

    log: Path
    """The log file."""
    format: str
    """The format the log is written in."""
    force_format: str | None
    """Format to force instead of detecting (``None``: detect)."""
    labels: tuple[Label, ...]
    """Every expectation, in line order (a list label gives one per entry)."""
    negatives: Mapping[int, str]
    """Documented hard negatives: line -> ``kind: why``."""


@dataclass
class Score:
    """Counts for one log, one format or the whole corpus."""

    labels: int = 0
    """Label items."""
    satisfied: int = 0
    """Label items the report satisfies."""
    reported: int = 0
    """Distinct (line, entry) pairs reported."""
    correct: int = 0
    """Reported pairs that satisfy a label."""
    files: int = 0
    """Logs counted."""

    @property
    def precision(self) -> float:
        """Correct reported items over reported items (1.0 when nothing was reported)."""
        return self.correct / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        """Satisfied labels over labels (1.0 when there are no labels)."""
        return self.satisfied / self.labels if self.labels else 1.0

    def add(self, other: Score) -> None:
        """Accumulate another score."""
        self.labels += other.labels
        self.satisfied += other.satisfied
        self.reported += other.reported
        self.correct += other.correct
        self.files += other.files


@dataclass
class FileResult:
    """The outcome of one corpus log."""

    label_file: LabelFile
    """The log and its labels."""
    detected: str
    """The format the pipeline used."""
    score: Score
    """Counts."""
    false_positives: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, entry, reason) reported without a label."""
    missed: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, expectation, what was reported on the line) not satisfied."""


@dataclass
class Result:
    """The outcome of a whole corpus."""

    files: list[FileResult]
    """Per log, in name order."""
    by_format: dict[str, Score]
    """Totals per declared format."""
    overall: Score
    """Totals over the corpus."""

    @property
    def mismatches(self) -> list[FileResult]:
        """Logs whose detected format is not their declared format."""
        return [f for f in self.files if f.detected != f.label_file.format]


def read_labels(path: Path) -> LabelFile:
    """Read one ``*.labels.yaml`` and find its log; raises :class:`CorpusError`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("format"), str):
        raise CorpusError(f"{path}: needs a mapping with a 'format' name")
    stem = path.name.removesuffix(LABELS_SUFFIX)
    logs = [p for p in path.parent.iterdir() if p.stem == stem and p.suffix != ".yaml"]
    if len(logs) != 1:
        raise CorpusError(f"{path}: expected exactly one log named {stem}.*, found {len(logs)}")
    labels: list[Label] = []
    for line, value in sorted((data.get("lines") or {}).items()):
        if not isinstance(line, int) or line < 1:
            raise CorpusError(f"{path}: line keys are positive integers, got {line!r}")
        labels.extend(_line_labels(path, line, value))
    negatives = {int(k): str(v) for k, v in (data.get("negatives") or {}).items()}
    clash = negatives.keys() & {label.line for label in labels}
    if clash:
        raise CorpusError(f"{path}: lines both labelled and negative: {sorted(clash)}")
    force = data.get("force_format")
    return LabelFile(
        log=logs[0],
        format=data["format"],
        force_format=str(force) if force else None,
        labels=tuple(labels),
        negatives=negatives,
    )


def _line_labels(path: Path, line: int, value: object) -> list[Label]:
    """The labels of one line: an id, a list of ids, or ``{one_of: [...]}``."""
    if isinstance(value, str):
        return [Label(line, (value,))]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [Label(line, (v,)) for v in value]
    if isinstance(value, dict) and set(value) == {"one_of"}:
        ids = value["one_of"]
        if not (isinstance(ids, list) and len(ids) >= 2):
            raise CorpusError(f"{path}:{line}: one_of lists at least two entry ids")
        return [Label(line, tuple(str(i) for i in ids), one_of=True)]
    raise CorpusError(f"{path}:{line}: an id, a list of ids or {{one_of: [...]}}")


def load_corpus(corpus: Path) -> list[LabelFile]:
    """Every labelled log of ``corpus``, in name order."""
    files = sorted(corpus.glob(f"*{LABELS_SUFFIX}"))
    if not files:
        raise CorpusError(f"{corpus}: no *{LABELS_SUFFIX} files")
    return [read_labels(p) for p in files]


def evaluate_file(label_file: LabelFile, catalog: Catalog) -> FileResult:
    """Run the pipeline on one log and score it against its labels."""
    options = ScanOptions(log_format=label_file.force_format)
    analysis = analyze([str(label_file.log)], catalog, options)
    detected = analysis.report.inputs[0].format if analysis.report.inputs else "?"
    # (line, entry) -> candidates of the occurrences reported there (union).
    reported: dict[tuple[int, str], set[str]] = {}
    reasons: dict[tuple[int, str], str] = {}
    for finding in analysis.report.findings:
        for match in finding.occurrences:
            key = (match.line, str(match.entry))
            reported.setdefault(key, set()).update(str(c) for c in match.candidates)
            reasons.setdefault(key, match.reason)
    result = FileResult(label_file, detected, Score(files=1))
    explained: set[tuple[int, str]] = set()
    for label in label_file.labels:
        result.score.labels += 1
        hits = [
            (label.line, entry)
            for entry in label.ids
            if (label.line, entry) in reported
            and (not label.one_of or set(label.ids) <= reported[(label.line, entry)])
        ]
        if hits:
            result.score.satisfied += 1
            explained.update(hits)
        else:
            on_line = sorted(e for (ln, e) in reported if ln == label.line)
            want = ("one of " if label.one_of else "") + " | ".join(label.ids)
            result.missed.append((label.line, want, ", ".join(on_line) or "nothing"))
    result.score.reported = len(reported)
    result.score.correct = len(explained)
    for key in sorted(reported.keys() - explained):
        result.false_positives.append((key[0], key[1], reasons[key]))
    return result


def evaluate(corpus: Path = DEFAULT_CORPUS, catalog: Catalog | None = None) -> Result:
    """Score every labelled log of ``corpus``; raises :class:`CorpusError` if malformed."""
    catalog = catalog or load_catalog()
    files = [evaluate_file(lf, catalog) for lf in load_corpus(corpus)]
    by_format: dict[str, Score] = {}
    overall = Score()
    for result in files:
        by_format.setdefault(result.label_file.format, Score()).add(result.score)
        overall.add(result.score)
    return Result(files, by_format, overall)


def render(result: Result, *, quiet: bool = False) -> str:
    """The report printed by the script: per-format table, overall line, problems."""
    out: list[str] = []
    head = f"{'format':24} {'files':>5} {'labels':>6} {'found':>6} {'FP':>4} {'FN':>4} "
    out.append(head + f"{'precision':>9} {'recall':>7}")
    order = list(formats.names()) + sorted(set(result.by_format) - set(formats.names()))
    for name in order:
        score = result.by_format.get(name)
        if score is None:
            out.append(f"{name:24} {'-':>5}   (no corpus log)")
            continue
        out.append(_row(name, score))
    out.append(_row("OVERALL", result.overall))
    if not quiet:
        for fr in result.files:
            log = fr.label_file.log.name
            for line, entry, reason in fr.false_positives:
                out.append(f"FP  {log}:{line}: {entry} ({reason})")
            for line, want, got in fr.missed:
                out.append(f"FN  {log}:{line}: expected {want}; reported {got}")
        out.extend(
            f"DETECTION  {fr.label_file.log.name}: labelled {fr.label_file.format}, "
            f"pipeline used {fr.detected}"
            for fr in result.mismatches
        )
    return "\n".join(out)


def _row(name: str, score: Score) -> str:
    fp = score.reported - score.correct
    fn = score.labels - score.satisfied
    return (
        f"{name:24} {score.files:>5} {score.labels:>6} {score.reported:>6} {fp:>4} {fn:>4} "
        f"{score.precision:>9.4f} {score.recall:>7.4f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min", type=float, default=0.99, help="required precision/recall")
    parser.add_argument("--quiet", action="store_true", help="totals only, no FP/FN lines")
    args = parser.parse_args(argv)
    try:
        result = evaluate(args.corpus)
    except CorpusError as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 2
    print(render(result, quiet=args.quiet))
    ok = (
        result.overall.precision >= args.min
        and result.overall.recall >= args.min
        and not result.mismatches
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
