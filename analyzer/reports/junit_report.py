"""``--format junit``: JUnit XML, so a CI system shows findings as test results.

One test case per shown finding. A finding fails when its severity is at or above
the ``--fail-on`` threshold; with ``--fail-on never`` (the default) the threshold is
``error``, because a CI job that collects JUnit files wants errors to show up red
even when the job itself is not meant to fail. Findings below the threshold are
passing test cases, so the CI shows them without turning red. An input that could
not be read to its end is a test case with an ``<error>``; a run without findings
has one passing test case (some CI systems treat an empty suite as a failure).

Unknown errors (error lines no catalog entry explains) are test cases of a second
suite, ``analyze.unmatched``, present when they were collected: one case per group
(the first ``max_groups``, plus every new group beyond them, so nothing new is cut),
named by the group's template so that CI history follows a group from run to run.
A group passes, with its samples as output, unless a baseline is given, the group is
new (the baseline never shows its template) and the threshold is error or below:
then it fails, since an error no good run shows and no catalog explains is the
likeliest cause of the failure. Unknown errors count as error severity: with
``--fail-on fatal`` they never fail. Without a baseline they never fail either; a
log holds too many unknown errors that are harmless for each to turn CI red. With
no groups, the suite holds one passing case saying so. The suite's ``<system-out>``
gives the share of error lines the catalog leaves unexplained (also as properties).

With a baseline, the main suite leads with a passing case ``new in this log`` whose
output lists what the baseline never shows (or says nothing is new); the new
findings and groups themselves fail or pass as above.

The XML is built with ``xml.etree``, which escapes ``&``, ``<``, ``>`` and quotes;
characters XML 1.0 cannot hold at all (most C0 controls) are made visible first.
Output is deterministic: no timestamps, no host name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.model import Finding, Report, Severity, UnmatchedGroup
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.registry import register
from analyzer.reports.visible import one_line, visible

SUITE = "analyze"
"""The test suite's name."""

UNMATCHED_SUITE = f"{SUITE}.unmatched"
"""The unmatched groups' test suite."""

MAX_NAME = 200
"""Characters of a template kept in a test case's name (the output has all of it)."""


def threshold(options: RenderOptions) -> Severity:
    """The severity from which findings fail: ``--fail-on``, or error for ``never``."""
    return options.fail_on if options.fail_on is not None else Severity.ERROR


def _details(report: Report, finding: Finding, options: RenderOptions) -> str:
    entry = finding.entry
    lines = [
        f"{entry.id} (code {entry.code}): {one_line(entry.title)}",
        f"Severity: {facts.level_text(finding)}",
    ]
    if entry.message:
        lines.append(f"Message: {one_line(entry.message)}")
    lines += [
        f"Count: {finding.count}",
        *_optional("Per input", visible(facts.per_input_text(report, finding.occurrences))),
        *_optional("Baseline", facts.baseline_text(finding.baseline_count, finding.new)),
        f"First seen: {visible(facts.seen(report, finding.first))}",
        f"Last seen: {visible(facts.seen(report, finding.last))}",
        f"Confidence: {finding.confidence:.2f}",
        f"Ranked: {finding.rank_reason}",
    ]
    if entry.causes:
        lines += ["", "Possible causes:", *(f"- {one_line(c)}" for c in entry.causes)]
    if entry.procedure:
        lines += ["", "Procedure:"]
        lines += [f"{n}. {one_line(s)}" for n, s in enumerate(entry.procedure, start=1)]
    for sample in facts.samples(finding, options):
        lines += ["", f"Sample at {visible(facts.location(report, sample.match))}:"]
        lines += [
            f"{'>' if ln.matched else ' '} {ln.line}: {visible(ln.text)}"
            for ln in facts.sample_lines(sample)
        ]
    return "\n".join(lines) + "\n"


def _optional(name: str, value: str) -> list[str]:
    return [f"{name}: {value}"] if value else []


def _case(parent: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(parent, "testcase", classname=classname, name=name, time="0")


def _new_case(suite: ET.Element, summary: facts.Summary) -> None:
    """The leading case with a baseline: what is new, in words (it always passes)."""
    lines = [facts.new_intro(summary)]
    lines += [
        f"- #{f.rank} {f.entry.severity.label} {f.entry.id}: {one_line(f.entry.title)} ({f.count}x)"
        for f in summary.new_findings
    ]
    lines += [
        f"- {g.label} unmatched ({g.group.count}x): {visible(g.group.template)}"
        for g in summary.new_groups
    ]
    case = _case(suite, f"{SUITE}.new", "new in this log")
    ET.SubElement(case, "system-out").text = "\n".join(lines) + "\n"


def _group_details(report: Report, shown: facts.ShownGroup, options: RenderOptions) -> str:
    group = shown.group
    lines = [
        f"{shown.label}: {visible(group.template)}",
        f"Count: {group.count}",
        *_optional("Per input", visible(facts.per_input_text(report, group.occurrences))),
        *_optional("Baseline", facts.baseline_text(group.baseline_count, group.new)),
        *_optional("Level", group.level.letter if group.level is not None else ""),
        f"First seen: {visible(facts.seen(report, group.first))}",
        f"Last seen: {visible(facts.seen(report, group.last))}",
        f"Key: {group.key}",
    ]
    chosen = facts.group_samples(group, options)
    if chosen:
        lines += ["", f"Samples ({len(chosen)} of {group.count}):"]
        lines += [f"{visible(facts.location(report, o))}: {visible(o.text)}" for o in chosen]
    return "\n".join(lines) + "\n"


def _case_name(group: UnmatchedGroup) -> str:
    name = one_line(group.template)
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "\u2026"


def _unmatched_suite(
    suites: ET.Element, report: Report, summary: facts.Summary, options: RenderOptions
) -> tuple[ET.Element, int]:
    """The unmatched groups' suite, and how many of its cases fail."""
    assert summary.unmatched is not None  # checked by the caller
    suite = ET.SubElement(suites, "testsuite", name=UNMATCHED_SUITE)
    properties = ET.SubElement(suite, "properties")
    unmatched = summary.unmatched
    for key, value in (
        ("error_lines_total", str(unmatched.error_lines_total)),
        ("error_lines_unmatched", str(unmatched.error_lines_unmatched)),
        ("unexplained_share", f"{unmatched.unexplained_share:.4f}"),
        ("groups", str(len(unmatched.groups))),
    ):
        ET.SubElement(properties, "property", name=key, value=value)
    first = {g.number for g in facts.shown_groups(summary, options)}
    chosen = [g for g in summary.groups if g.number in first or g.group.new]
    fails = bool(summary.baseline) and threshold(options) <= Severity.ERROR
    failures = 0
    for shown in chosen:
        group = shown.group
        case = _case(suite, UNMATCHED_SUITE, _case_name(group))
        details = _group_details(report, shown, options)
        if fails and group.new:
            failures += 1
            message = (
                f"new unmatched error, not in the baseline: seen {group.count}x, first at "
                f"{visible(facts.location(report, group.first))}"
            )
            failure = ET.SubElement(case, "failure", message=message, type="unmatched")
            failure.text = details
        else:
            ET.SubElement(case, "system-out").text = details
    notes = [facts.share_text(unmatched), *facts.groups_notes(summary, options)]
    if not chosen:
        case = _case(suite, UNMATCHED_SUITE, "no unmatched errors")
        ET.SubElement(case, "system-out").text = "\n".join(notes) + "\n"
    ET.SubElement(suite, "system-out").text = "\n".join([*notes, facts.UNMATCHED_ABOUT]) + "\n"
    _totals(suite, failures, 0)
    return suite, failures


def _totals(element: ET.Element, failures: int, errors: int, tests: int | None = None) -> None:
    count = len(element.findall("testcase")) if tests is None else tests
    element.set("tests", str(count))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", "0")
    element.set("time", "0")


def build(report: Report, options: RenderOptions) -> ET.Element:
    """The ``<testsuites>`` element."""
    summary = facts.summarize(report, options)
    fail_from = threshold(options)
    suites = ET.Element("testsuites", name=SUITE)
    suite = ET.SubElement(suites, "testsuite", name=SUITE)
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("fail_on", fail_from.label),
        ("inputs", str(summary.inputs)),
        ("lines", str(summary.lines)),
        ("occurrences", str(summary.occurrences)),
        ("redactions", str(summary.redactions)),
        ("hidden_info", str(summary.hidden_info)),
        *((("baseline", ", ".join(summary.baseline)),) if summary.baseline else ()),
    ):
        ET.SubElement(properties, "property", name=key, value=value)
    if summary.baseline:
        _new_case(suite, summary)
    failures = errors = 0
    for finding in summary.shown:
        entry = finding.entry
        name = f"#{finding.rank} {entry.id}: {one_line(entry.title)}"
        case = _case(suite, f"{SUITE}.{entry.catalog}", name)
        details = _details(report, finding, options)
        if entry.severity >= fail_from:
            failures += 1
            message = (
                f"{entry.severity.label} {entry.code} {one_line(entry.title)}: seen "
                f"{finding.count}x, first at {visible(facts.location(report, finding.first))}"
            )
            failure = ET.SubElement(case, "failure", message=message, type=entry.severity.label)
            failure.text = details
        else:
            ET.SubElement(case, "system-out").text = details
    for item in report.inputs:
        if item.complete and item.error is None:
            continue
        errors += 1
        case = _case(suite, f"{SUITE}.inputs", f"read {visible(item.path)}")
        message = visible(item.error or "input not read to its end")
        ET.SubElement(case, "error", message=message, type="input").text = message
    if not summary.shown and not errors:
        case = _case(suite, SUITE, "no findings")
        ET.SubElement(case, "system-out").text = facts.headline(summary) + "\n"
    _totals(suite, failures, errors)
    tests = len(suite.findall("testcase"))
    if summary.unmatched is not None:
        extra, extra_failures = _unmatched_suite(suites, report, summary, options)
        tests += len(extra.findall("testcase"))
        failures += extra_failures
    _totals(suites, failures, errors, tests)
    return suites


class JunitReport(ReportFormat):
    """JUnit XML for CI systems."""

    name = "junit"
    extensions = (".xml",)

    def render(self, report: Report, options: RenderOptions) -> str:
        """An indented JUnit XML document with an XML declaration."""
        root = build(report, options)
        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


register(JunitReport())
