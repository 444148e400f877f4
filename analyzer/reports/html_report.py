"""``--format html``: one self-contained page to attach to a ticket or open locally.

The page holds a summary, a findings table that sorts when a header is clicked, a
timeline of the findings (inline SVG, see :mod:`analyzer.reports.timeline`), one
section per finding with its procedure and samples, and last the error lines no
catalog entry explains (the share they stand for, a table of groups, each group's
samples). With a baseline, a "New in this log" section comes first. The stylesheet and the two small
scripts live in ``assets/`` next to this module and are inlined.

A report renders untrusted log text in a browser, so it is locked down twice:

* everything taken from a log or the catalog passes through :func:`_e`
  (``html.escape`` after making control characters visible), so a log line holding
  ``<script>`` is shown as text;
* a Content-Security-Policy ``<meta>`` allows nothing but the page's own inline
  style and scripts, named by their SHA-256 hashes: no external loads, no inline
  event handlers, and no injected script would run even if escaping failed.

``guard.js`` runs first and records script errors, failed loads and CSP violations
in a ``data-js-errors`` attribute on ``<html>``; ``sort.js`` sets ``data-js-ready``
when it has run. The browser test reads both from the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import html
from functools import cache
from importlib import resources

from analyzer.model import Finding, Report, UnmatchedGroup
from analyzer.reports import summary as facts
from analyzer.reports import timeline
from analyzer.reports.interface import RenderOptions, ReportFormat
from analyzer.reports.registry import register
from analyzer.reports.visible import one_line, visible

MAX_LISTED = 200
"""Occurrences listed per finding in the collapsed "all occurrences" block."""


@cache
def asset(name: str) -> str:
    """An asset's text (``report.css``, ``guard.js``, ``sort.js``)."""
    return resources.files("analyzer.reports").joinpath("assets", name).read_text("utf-8")


def csp_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, scripts: list[str]) -> str:
    """Nothing external; only this page's own style and scripts."""
    return (
        "default-src 'none'; "
        f"style-src {csp_hash(style)}; "
        f"script-src {' '.join(csp_hash(s) for s in scripts)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _e(text: str) -> str:
    """Log-derived text as HTML text or attribute value."""
    return html.escape(visible(text), quote=True)


def _p(text: str) -> str:
    """Catalog prose as HTML text, on one line."""
    return html.escape(one_line(text), quote=True)


def _seen(report: Report, finding: Finding, which: str) -> str:
    match = finding.first if which == "first" else finding.last
    where = f"<code>{_e(facts.location(report, match))}</code>"
    return f"{_e(match.time)} at {where}" if match.time else where


def _order(report: Report, finding: Finding) -> int:
    """A number that sorts first occurrences in input and line order."""
    before = sum(i.lines for i in report.inputs[: finding.first.input])
    return before + finding.first.line


_COLUMNS = (
    ("rank", "#", "number"),
    ("severity", "Severity", "number"),
    ("code", "Code", "text"),
    ("title", "Title", "text"),
    ("count", "Count", "number"),
    ("first", "First seen", "number"),
    ("confidence", "Confidence", "number"),
)


def _where(report: Report, item: facts.Located) -> str:
    where = f"<code>{_e(facts.location(report, item))}</code>"
    return f"{_e(item.time)} at {where}" if item.time else where


def _new_mark(new: bool | None) -> str:
    return '<span class="new-mark">new</span>' if new else "-"


def _new_findings(shown: tuple[Finding, ...]) -> str:
    rows = "".join(
        f'<tr class="sev-{f.entry.severity.label}"><td class="num">{f.rank}</td>'
        f'<td><span class="sev">{f.entry.severity.label}</span></td>'
        f"<td><code>{_e(f.entry.id)}</code></td>"
        f'<td><a href="#finding-{f.rank}">{_p(f.entry.title)}</a></td>'
        f'<td class="num">{f.count}</td></tr>'
        for f in shown
    )
    return (
        '<table class="new-findings"><thead><tr><th class="num">#</th><th>Severity</th>'
        '<th>Code</th><th>Title</th><th class="num">Count</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _groups_table(
    report: Report, groups: tuple[facts.ShownGroup, ...], *, new: bool, linked: set[int]
) -> str:
    """A row per group; ``linked`` are the numbers of the groups that have a section."""
    rows = []
    for shown in groups:
        g = shown.group
        label = shown.label
        if shown.number in linked:
            label = f'<a href="#group-{shown.number}">{label}</a>'
        rows.append(
            f'<tr data-key="{_e(g.key)}"><td>{label}</td>'
            f'<td class="num">{g.count}</td>'
            f"<td>{g.level.letter if g.level is not None else '-'}</td>"
            + (f"<td>{_new_mark(g.new)}</td>" if new else "")
            + f"<td>{_where(report, g.first)}</td>"
            f"<td><code>{_e(g.template)}</code></td></tr>"
        )
    head = (
        '<th>Group</th><th class="num">Count</th><th>Level</th>'
        + ("<th>New</th>" if new else "")
        + "<th>First seen</th><th>Template</th>"
    )
    return (
        f'<table class="groups"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _new_section(report: Report, summary: facts.Summary, options: RenderOptions) -> list[str]:
    """What the baseline never shows, first: after a regression, that is the news."""
    parts = [
        f'<section id="new"><h2>{facts.NEW_TITLE}</h2>',
        f"<p>{_p(facts.new_intro(summary))}</p>",
    ]
    if summary.new_findings:
        parts.append(_new_findings(summary.new_findings))
    chosen = facts.new_groups_shown(summary, options)
    if chosen:
        linked = {g.number for g in facts.shown_groups(summary, options)}
        parts.append(_groups_table(report, chosen, new=False, linked=linked))
    more = facts.new_groups_more(summary, options)
    if more:
        parts.append(f'<p class="muted">{_p(more)}</p>')
    parts.append("</section>")
    return parts


def _group(report: Report, shown: facts.ShownGroup, options: RenderOptions) -> str:
    g = shown.group
    rows = [
        ("Count", str(g.count)),
        ("Per input", _e(facts.per_input_text(report, g.occurrences))),
        ("Baseline", _p(facts.baseline_text(g.baseline_count, g.new))),
        ("Level", g.level.letter if g.level is not None else ""),
        ("First seen", _where(report, g.first)),
        ("Last seen", _where(report, g.last)),
        ("Key", f"<code>{_e(g.key)}</code>"),
    ]
    parts = [
        f'<article class="group" id="group-{shown.number}" data-key="{_e(g.key)}">',
        f"<h3>{shown.label} <code>{_e(g.template)}</code></h3>",
        '<dl class="facts">'
        + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows if value)
        + "</dl>",
    ]
    parts += _group_samples(report, g, options)
    parts.append("</article>")
    return "\n".join(parts)


def _group_samples(report: Report, group: UnmatchedGroup, options: RenderOptions) -> list[str]:
    chosen = facts.group_samples(group, options)
    if not chosen:
        return []
    lines = [
        f'<span class="hit"><span class="ln">{_e(facts.location(report, o))} </span>'
        f"{_e(o.text)}</span>"
        for o in chosen
    ]
    return [
        f"<h4>Samples ({len(chosen)} of {group.count} shown)</h4>",
        f'<pre class="sample">{chr(10).join(lines)}</pre>',
    ]


def _unmatched_section(report: Report, summary: facts.Summary, options: RenderOptions) -> list[str]:
    """The error lines the catalog does not explain, after the findings it does."""
    assert summary.unmatched is not None  # checked by the caller
    parts = [
        f'<section id="unmatched"><h2>{facts.UNMATCHED_TITLE}</h2>',
        f'<p class="share">{_p(facts.share_text(summary.unmatched))}</p>',
        f'<p class="muted">{_p(facts.UNMATCHED_ABOUT)}</p>',
    ]
    shown = facts.shown_groups(summary, options)
    if shown:
        linked = {g.number for g in shown}
        parts.append(_groups_table(report, shown, new=bool(summary.baseline), linked=linked))
    elif summary.unmatched.groups:
        parts.append("<p>No unmatched group shown.</p>")
    notes = facts.groups_notes(summary, options)
    if notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{_p(n)}</li>" for n in notes) + "</ul>")
    parts += [_group(report, item, options) for item in shown]
    parts.append("</section>")
    return parts


def _table(report: Report, shown: tuple[Finding, ...], *, new: bool = False) -> str:
    columns = _COLUMNS if not new else (*_COLUMNS[:5], ("new", "New", "number"), *_COLUMNS[5:])
    head = "".join(
        f'<th data-key="{key}" data-type="{kind}"'
        + (' aria-sort="ascending"' if key == "rank" else "")
        + (' class="num"' if kind == "number" and key not in ("severity", "new", "first") else "")
        + f'><button type="button">{label}</button></th>'
        for key, label, kind in columns
    )
    rows = []
    for f in shown:
        severity = f.entry.severity
        rows.append(
            f'<tr class="sev-{severity.label}" data-id="{_e(f.entry.id)}">'
            f'<td class="num" data-sort="{f.rank}">{f.rank}</td>'
            f'<td data-sort="{int(severity)}"><span class="sev">{severity.label}</span></td>'
            f"<td><code>{_e(f.entry.id)}</code></td>"
            f'<td><a href="#finding-{f.rank}">{_p(f.entry.title)}</a></td>'
            f'<td class="num" data-sort="{f.count}">{f.count}</td>'
            + (f'<td data-sort="{1 if f.new else 0}">{_new_mark(f.new)}</td>' if new else "")
            + f'<td data-sort="{_order(report, f)}">{_seen(report, f, "first")}</td>'
            f'<td class="num" data-sort="{f.confidence}">{f.confidence:.2f}</td>'
            "</tr>"
        )
    return (
        f'<table id="findings" class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody></table>"
    )


def _inputs(report: Report) -> str:
    rows = []
    for item in report.inputs:
        status = "complete" if item.complete else "incomplete"
        if item.error:
            status += f": {item.error}"
        rows.append(
            f"<tr><td><code>{_e(item.path)}</code></td>"
            f"<td>{_e(item.format)} ({item.format_confidence:.2f})</td>"
            f'<td class="num">{item.lines}</td><td class="num">{item.bytes}</td>'
            f"<td>{_e(status)}</td></tr>"
        )
    rows += [
        f"<tr><td><code>{_e(s.path)}</code></td><td>-</td><td>-</td><td>-</td>"
        f"<td>skipped: {_e(s.reason)}</td></tr>"
        for s in report.skipped_inputs
    ]
    return (
        '<table class="inputs"><thead><tr><th>Input</th><th>Format</th>'
        '<th class="num">Lines</th><th class="num">Bytes</th><th>Status</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _sample(report: Report, finding: Finding, index: int, options: RenderOptions) -> str:
    sample = facts.samples(finding, options)[index]
    numbered = facts.sample_lines(sample)
    width = max(len(str(line.line)) for line in numbered)
    lines = [
        f'<span class="{"hit" if ln.matched else "ctx"}"><span class="ln">'
        f"{ln.line:>{width}} </span>{_e(ln.text)}</span>"
        for ln in numbered
    ]
    return (
        f"<figure><figcaption><code>{_e(facts.location(report, sample.match))}</code>"
        f'</figcaption><pre class="sample">{chr(10).join(lines)}</pre></figure>'
    )


def _finding(report: Report, finding: Finding, options: RenderOptions) -> str:
    entry = finding.entry
    tags, processes = facts.writers(finding)
    rows = [
        (
            "Entry",
            f"<code>{_e(entry.id)}</code> (code <code>{_e(entry.code)}</code>, "
            f"{_e(entry.catalog)})",
        ),
        ("Severity", _p(facts.level_text(finding))),
        ("Message", _p(entry.message)),
        ("Count", str(finding.count)),
        ("Per input", _e(facts.per_input_text(report, finding.occurrences))),
        ("Baseline", _p(facts.baseline_text(finding.baseline_count, finding.new))),
        ("First seen", _seen(report, finding, "first")),
        ("Last seen", _seen(report, finding, "last")),
        ("Tags", ", ".join(f"<code>{_e(t)}</code>" for t in tags)),
        ("Processes", ", ".join(f"<code>{_e(p)}</code>" for p in processes)),
        ("Confidence", f"{finding.confidence:.2f}"),
        ("Ranked", _p(f"{finding.rank_reason} (score {finding.score:.2f})")),
        ("Could also be", ", ".join(f"<code>{_e(c)}</code>" for c in finding.candidates)),
    ]
    parts = [
        f'<article class="finding sev-{entry.severity.label}" id="finding-{finding.rank}" '
        f'data-id="{_e(entry.id)}">',
        f'<h3>#{finding.rank} <span class="sev">{entry.severity.label}</span> '
        f"{_p(entry.title)} <code>{_e(entry.id)}</code></h3>",
        '<dl class="facts">'
        + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows if value)
        + "</dl>",
    ]
    if entry.causes:
        parts.append(
            "<h4>Possible causes</h4><ul>"
            + "".join(f"<li>{_p(c)}</li>" for c in entry.causes)
            + "</ul>"
        )
    if entry.procedure:
        parts.append(
            "<h4>Procedure</h4><ol>"
            + "".join(f"<li>{_p(s)}</li>" for s in entry.procedure)
            + "</ol>"
        )
    chosen = facts.samples(finding, options)
    if chosen:
        parts.append(f"<h4>Samples ({len(chosen)} of {finding.count} shown)</h4>")
        parts.append(_sample(report, finding, 0, options))
    if len(chosen) > 1:
        more = "".join(_sample(report, finding, i, options) for i in range(1, len(chosen)))
        label = facts.plural(len(chosen) - 1, "more sample")
        parts.append(f"<details><summary>{label}</summary>{more}</details>")
    if finding.count > len(chosen):
        listed = [
            _e(f"{facts.location(report, m)}  {m.time or ''}".rstrip())
            for m in finding.occurrences[:MAX_LISTED]
        ]
        if finding.count > MAX_LISTED:
            listed.append(f"... and {finding.count - MAX_LISTED} more (the JSON report lists all)")
        parts.append(
            f"<details><summary>All {finding.count} occurrences</summary>"
            f'<pre class="sample">{chr(10).join(listed)}</pre></details>'
        )
    parts.append("</article>")
    return "\n".join(parts)


def page(report: Report, options: RenderOptions) -> str:
    """The whole HTML document."""
    summary = facts.summarize(report, options)
    style, guard, sort = asset("report.css"), asset("guard.js"), asset("sort.js")
    csp = content_security_policy(style, [guard, sort])
    notes = "".join(f"<li>{_p(note)}</li>" for note in facts.notes(summary))
    body = [
        "<header><h1>Log analysis report</h1>",
        f'<p class="headline">{_p(facts.headline(summary))}</p>',
        f'<ul class="notes">{notes}</ul></header>',
    ]
    if summary.baseline:
        body += _new_section(report, summary, options)
    body += [
        '<section id="inputs"><h2>Inputs</h2>',
        _inputs(report),
        "</section>",
    ]
    if summary.shown:
        body += [
            '<section id="overview"><h2>Findings</h2>',
            '<p class="muted">Click a column header to sort.</p>',
            _table(report, summary.shown, new=bool(summary.baseline)),
            "</section>",
            '<section id="timeline"><h2>Timeline</h2><div class="timeline-box">',
            timeline.svg(report, summary.shown),
            "</div></section>",
            '<section id="details"><h2>Details</h2>',
            *(_finding(report, f, options) for f in summary.shown),
            "</section>",
        ]
    else:
        body.append('<section id="overview"><h2>Findings</h2><p>No findings.</p></section>')
    if summary.unmatched is not None:
        body += _unmatched_section(report, summary, options)
    body.append(f"<footer><p>{_p(facts.RANKING)}</p></footer>")
    title = f"Log analysis report: {facts.plural(len(summary.shown), 'finding')}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<script>{guard}</script>",
            f"<style>{style}</style>",
            "</head>",
            "<body>",
            *body,
            f"<script>{sort}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


class HtmlReport(ReportFormat):
    """A self-contained HTML page."""

    name = "html"
    extensions = (".html", ".htm")

    def render(self, report: Report, options: RenderOptions) -> str:
        """The page, with no external assets."""
        return page(report, options)


register(HtmlReport())
