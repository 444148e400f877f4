"""The bundled samples (samples/): exactly the findings each one is meant to show.

Each table maps entry id -> the physical lines where the report must have it; the
report must have nothing else (no other entry, no other line). The samples go through
the real pipeline, format detection included, as ``analyze samples/X`` runs them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.model import Report, Severity
from analyzer.pipeline import analyze

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

EXPECTED: dict[str, tuple[str, dict[str, list[int]]]] = {
    "jscrash-hilog.log": (
        "hilog",
        {
            "universal:201": [2],
            "universal:401": [6, 7],
        },
    ),
    "netstack-hilog.log": (
        "hilog",
        {
            "net-connection:2101022": [7, 8],
            "net-connection:2100002": [9, 10],
            "net-websocket:200": [13, 14],
            "net-websocket:2302998": [17],
        },
    ),
    "push-api.jsonl": (
        "jsonl",
        {
            "tpns-server:1008003": [2],
            "tpns-server:10010005": [3],
            "tpns-server:1008028": [5],
            "tpns-client:0": [6],
        },
    ),
    "tpns-logcat.log": (
        "logcat-brief",
        {
            "tpns-client:-502": [5, 6],
            "tpns-client:10008#2": [9],
            "tpns-client:0": [14],
        },
    ),
    "vpn-deveco.log": (
        "deveco",
        {
            "net-vpn:2203001": [2, 3],
            "net-vpn:19900001": [4],
            "net-vpn:2203004": [6],
        },
    ),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The bundled catalog, ignoring ``$ANALYZER_CATALOG``."""
    return load_catalog(env={})


def run(name: str, catalog: Catalog) -> Report:
    analysis = analyze([str(SAMPLES / name)], catalog)
    assert analysis.errors == ()
    return analysis.report


def test_every_sample_has_a_table() -> None:
    assert sorted(p.name for p in SAMPLES.iterdir() if p.is_file()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_findings(name: str, catalog: Catalog) -> None:
    fmt, expected = EXPECTED[name]
    report = run(name, catalog)
    assert report.inputs[0].format == fmt
    found: dict[str, list[int]] = {}
    for finding in report.findings:
        found[str(finding.entry.id)] = sorted(m.line for m in finding.occurrences)
    assert found == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_matches_explain_themselves(name: str, catalog: Catalog) -> None:
    for finding in run(name, catalog).findings:
        for match in finding.occurrences:
            assert match.entry == finding.entry.id
            assert 0.0 < match.confidence <= 1.0
            assert match.reason
            assert match.candidates == (match.entry,), "samples are unambiguous"


def test_success_code_is_info_and_ranks_last(catalog: Catalog) -> None:
    findings = run("tpns-logcat.log", catalog).findings
    assert findings[-1].entry.id == "tpns-client:0"
    assert findings[-1].entry.severity is Severity.INFO


UNMATCHED: dict[str, dict[str, list[int]]] = {
    "jscrash-hilog.log": {"com.example.photos is about to exit due to RuntimeError": [3]},
    "netstack-hilog.log": {},
    "push-api.jsonl": {},
    "tpns-logcat.log": {
        "java.net.SocketTimeoutException: Read timed out": [11],
        "payment failed code=<NUM> retry=<NUM>": [16],
    },
    "vpn-deveco.log": {},
}
"""The error lines of each sample that no catalog entry explains: template -> lines."""


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_unmatched_groups(name: str, catalog: Catalog) -> None:
    unmatched = run(name, catalog).unmatched
    assert unmatched is not None
    found = {g.template: [o.line for o in g.occurrences] for g in unmatched.groups}
    assert found == UNMATCHED[name]


def test_baseline_sample_is_a_good_run(catalog: Catalog) -> None:
    """samples/baseline/ holds a good run of the app in tpns-logcat.log: a transient
    -502 and a read timeout, and none of the failing run's other errors."""
    report = analyze([str(SAMPLES / "baseline")], catalog).report
    found = sorted(str(f.entry.id) for f in report.findings)
    assert found == ["tpns-client:-502", "tpns-client:0"]
    assert report.unmatched is not None
    assert [g.template for g in report.unmatched.groups] == [
        "java.net.SocketTimeoutException: Read timed out"
    ]
