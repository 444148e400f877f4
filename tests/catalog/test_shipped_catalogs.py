"""The committed catalog (``patterns/*.yaml``) against the six vendor documents it comes from.

The documents are read here a second time with a deliberately tiny parser (these six
are regular: one heading per code, one line per paragraph or list item, one row per
code), so the check does not share the importer's code or its mistakes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from analyzer.catalog.build import regenerate
from analyzer.catalog.loader import Catalog, load_catalog
from analyzer.model import CatalogEntry, Severity, SignatureKind

PATTERNS = Path(__file__).resolve().parents[2] / "patterns"
SOURCES = PATTERNS / "sources"

OPENHARMONY = {
    "errorcode-net-connection.md": "net-connection",
    "errorcode-link-enhance.md": "link-enhance",
    "errorcode-net-vpn.md": "net-vpn",
    "errorcode-net-websocket.md": "net-websocket",
    "errorcode-universal.md": "universal",
}
TPNS = "tpns-return-codes.md"

COUNTS = {
    "net-connection": 6,
    "link-enhance": 8,
    "net-vpn": 5,
    "net-websocket": 8,
    "tpns-client": 47,
    "tpns-server": 28,
    "universal": 5,
}

LABELS = {
    "Error Message": "message",
    "Message": "message",
    "Error Information": "message",
    "Description": "description",
    "Cause": "causes",
    "Possible Causes": "causes",
    "Procedure": "procedure",
    "Solution": "procedure",
}


GENERATED = [
    PATTERNS / f"{name}.yaml"
    for name in ("link-enhance", "net-connection", "net-vpn", "net-websocket", "tpns", "universal")
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The generated files only: hand-written patches beside them (``rules.yaml``) may
    add signatures or severities, which must not hide what the importer made."""
    return load_catalog(GENERATED, builtin=False, env={})


def _plain(markdown: str) -> str:
    """The few inline constructs these documents use, as the catalog renders them."""
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"\1 (\2)", markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return " ".join(text.split())


def _sections(document: Path) -> list[tuple[str, int, dict[str, list[str]]]]:
    """(code, heading line, {field: non-blank lines}) of each ``## <code>`` section."""
    sections: list[tuple[str, int, dict[str, list[str]]]] = []
    part: list[str] | None = None
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), start=1):
        heading = re.match(r"#{2,4} (-?\d+) ", line)
        label = re.fullmatch(r"\*\*(.+?)\*\*", line.strip())
        if heading:
            sections.append((heading.group(1), number, {}))
            part = None
        elif sections and label and label.group(1) in LABELS:
            part = sections[-1][2].setdefault(LABELS[label.group(1)], [])
        elif part is not None and line.strip():
            part.append(_plain(re.sub(r"^(\d+\.|-) ", "", line.strip())))
    return sections


def _rows(document: Path) -> list[tuple[str, str, int, str]]:
    """(catalog, code, line, description cell) of each table row, by ``##`` heading."""
    rows: list[tuple[str, str, int, str]] = []
    catalog = ""
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            catalog = "tpns-" + line[3:].split()[0].lower()
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.strip().startswith("|") and cells[0] not in ("Error Code",) and "---" not in line:
            rows.append((catalog, cells[0], number, cells[1]))
    return rows


def _by_catalog(catalog: Catalog, name: str) -> list[CatalogEntry]:
    return [entry for entry in catalog.entries if entry.catalog == name]


def test_counts(catalog: Catalog) -> None:
    counts = Counter(entry.catalog for entry in catalog.entries)
    assert counts == COUNTS


def test_counts_in_the_catalog_in_force() -> None:
    """The bundled catalog as the CLI loads it: hand-written files add no entries."""
    counts = Counter(entry.catalog for entry in load_catalog(env={}).entries)
    assert {name: counts[name] for name in COUNTS} == COUNTS


def test_universal_codes(catalog: Catalog) -> None:
    assert [e.code for e in _by_catalog(catalog, "universal")] == [
        "201",
        "202",
        "203",
        "401",
        "801",
    ]


def test_tpns_repeated_codes_and_catch_all(catalog: Catalog) -> None:
    ids = {entry.id for entry in _by_catalog(catalog, "tpns-client")}
    assert {
        "tpns-client:10008",
        "tpns-client:10008#2",
        "tpns-client:10110",
        "tpns-client:10110#2",
        "tpns-client:Other",
    } <= ids
    other = catalog.get("tpns-client:Other")
    assert other is not None
    assert (other.code, other.value, other.title) == ("Other", None, "Unknown error")
    assert [e.description for e in catalog.by_code("10008")] == [
        "The ContentProvider was incorrectly configured. Please check the AndroidManifest file.",
        "Incorrect AccessKey or AccessID.",
    ]


@pytest.mark.parametrize("document", sorted(OPENHARMONY))
def test_openharmony_document_fully_present(catalog: Catalog, document: str) -> None:
    path = SOURCES / document
    name = OPENHARMONY[document]
    text = path.read_text(encoding="utf-8")
    kit = re.search(r"<!--Kit: (.*?)-->", text)
    subsystem = re.search(r"<!--Subsystem: (.*?)-->", text)
    sections = _sections(path)
    entries = _by_catalog(catalog, name)
    assert [e.code for e in entries] == [code for code, _, _ in sections]
    for entry, (code, line, parts) in zip(entries, sections, strict=True):
        assert entry.id == f"{name}:{code}"
        assert entry.value == int(code)
        assert entry.message == " ".join(parts.get("message", []))
        assert entry.description == "\n".join(parts.get("description", []))
        assert list(entry.causes) == parts.get("causes", [])
        assert list(entry.procedure) == parts.get("procedure", [])
        assert entry.severity is Severity.ERROR
        assert entry.signatures[0].pattern == entry.message
        assert entry.signatures[0].kind is SignatureKind.MESSAGE
        assert (entry.source.document, entry.source.line) == (document, line)
        assert entry.source.section == text.splitlines()[line - 1].lstrip("# ")
        assert entry.source.kit == (kit.group(1) if kit else None)
        assert entry.source.subsystem == (subsystem.group(1) if subsystem else None)


def test_every_openharmony_entry_has_message_causes_and_procedure_where_given(
    catalog: Catalog,
) -> None:
    # Four WebSocket codes are documented without a Solution; every other part exists.
    without_procedure = {
        e.id for name in OPENHARMONY.values() for e in _by_catalog(catalog, name) if not e.procedure
    }
    assert without_procedure == {
        "net-websocket:2302001",
        "net-websocket:2302002",
        "net-websocket:2302003",
        "net-websocket:2302999",
    }
    for name in OPENHARMONY.values():
        for entry in _by_catalog(catalog, name):
            assert entry.message and entry.description and entry.causes, entry.id


def test_tpns_document_fully_present(catalog: Catalog) -> None:
    rows = _rows(SOURCES / TPNS)
    entries = [*_by_catalog(catalog, "tpns-client"), *_by_catalog(catalog, "tpns-server")]
    assert [(e.catalog, e.code) for e in entries] == [(c, code) for c, code, _, _ in rows]
    for entry, (_, code, line, cell) in zip(entries, rows, strict=True):
        assert (entry.source.document, entry.source.line) == (TPNS, line)
        assert entry.value == (None if code == "Other" else int(code))
        if "<" not in cell:
            assert entry.description == _plain(cell)
        assert entry.title and entry.description
        assert entry.severity is (Severity.INFO if code == "0" else Severity.ERROR)


def test_tpns_html_cell(catalog: Catalog) -> None:
    entry = catalog.get("tpns-server:10010012")
    assert entry is not None
    lines = entry.description.split("\n")
    assert lines[0] == "Invalid push time. Please change the push time."
    assert [line for line in lines if line.startswith("- ")] == [
        "- If send_time is 10 minutes or less earlier than the current time, the push task is "
        "created, and the API schedules the task immediately when receiving it.",
        "- If send_time is over 10 minutes earlier than the current time, the push task is "
        "rejected, and the API returns a failure message.",
    ]
    assert "<" not in entry.description


def test_quoted_log_record_is_a_signature(catalog: Catalog) -> None:
    entry = catalog.get("net-connection:2101022")
    assert entry is not None
    records = [s.pattern for s in entry.signatures if s.kind is SignatureKind.RECORD]
    assert records == ["Over the max request number"]


def test_committed_catalogs_match_their_sources() -> None:
    results = regenerate([PATTERNS])
    assert sorted(path.name for path, _, _ in results) == [
        "link-enhance.yaml",
        "net-connection.yaml",
        "net-vpn.yaml",
        "net-websocket.yaml",
        "tpns.yaml",
        "universal.yaml",
    ]
    drifted = [path.name for path, _, changed in results if changed]
    assert drifted == [], "run `analyzer catalog regenerate patterns/` and review the diff"


def test_the_catalog_in_force_is_the_committed_one() -> None:
    """The wheel carries patterns/ as analyzer/_patterns; both must hold the same files."""
    from analyzer.catalog.loader import builtin_dir

    in_force = builtin_dir()
    committed = sorted(p.name for p in PATTERNS.glob("*.yaml"))
    assert sorted(p.name for p in in_force.glob("*.yaml")) == committed
    for name in committed:
        assert (in_force / name).read_bytes() == (PATTERNS / name).read_bytes(), name
