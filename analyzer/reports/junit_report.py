"""``--format junit``: JUnit XML, so a CI system shows findings as test results.

One test case per shown finding. A finding fails when its severity is at or above
the ``--fail-on`` threshold; with ``--fail-on never`` (the default) the threshold is
``error``, because a CI job that collects JUnit files wants errors to show up red
even when the job itself is not meant to fail. Findings below the threshold are
passing test cases, so the CI shows them without turning red. An input that could
not be read to its end is a test case with an ``<error>``; a run without findings
has one passing test case (some CI systems treat an empty suite as a failure).

The XML is built with ``xml.etree``, which escapes ``&``, ``<``, ``>`` and quotes;
characters XML 1.0 cannot hold at all (most C0 controls) are made visible first.
Output is deterministic: no timestamps, no host name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.model import Finding, Report, Severity
from analyzer.reports import summary as facts
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.registry import register
from analyzer.reports.visible import one_line, visible

SUITE = "analyze"
"""The test suite's name."""


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


def _case(parent: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(parent, "testcase", classname=classname, name=name, time="0")


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
    ):
        ET.SubElement(properties, "property", name=key, value=value)
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
    tests = len(suite.findall("testcase"))
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
        element.set("skipped", "0")
        element.set("time", "0")
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
