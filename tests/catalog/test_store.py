"""Catalog files: schema errors with file:line, patches, overrides, the environment, safety."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from analyzer.catalog.loader import ENV_VAR, Catalog, builtin_dir, load_catalog
from analyzer.catalog.store import read_catalog_file
from analyzer.errors import CatalogError
from analyzer.model import CatalogEntry, Severity, Signature, SignatureKind

PATTERNS = Path(__file__).resolve().parents[2] / "patterns"

ENTRY = """\
entries:
- id: demo:-502
  catalog: demo
  code: '-502'
  title: Socket closed
  message: Socket closed.
  causes: [The peer closed the socket.]
  procedure:
  - Open a new socket.
"""


def _file(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _get(catalog: Catalog, entry_id: str) -> CatalogEntry:
    entry = catalog.get(entry_id)
    assert entry is not None, entry_id
    return entry


def _line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_reads_a_hand_written_entry(tmp_path: Path) -> None:
    path = _file(tmp_path, ENTRY)
    (located,) = read_catalog_file(path).entries
    entry = located.entry
    assert (located.path, located.line) == (str(path), 2)
    assert (entry.id, entry.catalog, entry.code, entry.value) == ("demo:-502", "demo", "-502", -502)
    assert (entry.causes, entry.procedure) == (
        ("The peer closed the socket.",),
        ("Open a new socket.",),
    )
    assert entry.severity is Severity.ERROR  # derived, as for imported entries
    assert (entry.source.document, entry.source.line) == ("user.yaml", 2)


def test_id_and_catalog_are_derived_from_each_other(tmp_path: Path) -> None:
    path = _file(
        tmp_path, "entries:\n- {id: 'demo:1', code: '1'}\n- {catalog: demo, code: Other}\n"
    )
    entries = [located.entry for located in read_catalog_file(path).entries]
    assert [(e.id, e.catalog, e.value) for e in entries] == [
        ("demo:1", "demo", 1),
        ("demo:Other", "demo", None),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            ENTRY + "  colour: red\n", 10, "entries[0]: unknown field 'colour'", id="unknown-field"
        ),
        pytest.param(
            ENTRY.replace("  title: Socket closed\n", "  title: [Socket, closed]\n"),
            5,
            "entries[0].title: expected text",
            id="wrong-type-text",
        ),
        pytest.param(
            ENTRY.replace("  causes: [The peer closed the socket.]\n", "  causes: {a: b}\n"),
            7,
            "entries[0].causes: expected a list",
            id="wrong-type-list",
        ),
        pytest.param(
            ENTRY + "  value: many\n", 10, "entries[0].value: expected an integer", id="bad-value"
        ),
        pytest.param(
            ENTRY.replace("  code: '-502'\n", ""), 2, "missing required field 'code'", id="no-code"
        ),
        pytest.param(
            "entries:\n- code: '1'\n", 2, "missing required field 'catalog'", id="no-catalog"
        ),
        pytest.param(
            ENTRY + "  severity: catastrophic\n",
            10,
            "entries[0].severity: unknown severity 'catastrophic'",
            id="bad-severity",
        ),
        pytest.param(
            ENTRY + "  title: Again\n", 10, "field 'title' given twice", id="duplicate-field"
        ),
        pytest.param(
            ENTRY + "  signatures:\n  - {pattern: closed, kind: guess}\n",
            11,
            "signatures.kind: must be one of",
            id="bad-signature-kind",
        ),
        pytest.param(
            ENTRY + "  signatures:\n  - pattern: ''\n",
            11,
            "a signature needs a non-empty 'pattern'",
            id="empty-signature",
        ),
        pytest.param(
            ENTRY + "  source: {document: x.md, line: top}\n",
            10,
            "entries[0].source.line: expected an integer",
            id="bad-source-line",
        ),
        pytest.param(
            "schema: analyzer.catalog/9\n" + ENTRY, 1, "unsupported schema", id="bad-schema"
        ),
        pytest.param("- just a list\n", 1, "must be a mapping", id="not-a-mapping"),
        pytest.param("entries: {id: x}\n", 1, "entries: expected a list", id="entries-not-a-list"),
        pytest.param(
            ENTRY.replace("  causes:", " causes:"), 7, "invalid YAML", id="yaml-bad-dedent"
        ),
        pytest.param(
            ENTRY.replace("  title: Socket closed\n", "  title: Socket: closed\n"),
            5,
            "invalid YAML: mapping values are not allowed",
            id="yaml-colon-in-plain-text",
        ),
        pytest.param(
            ENTRY.replace("  title: Socket closed\n", "\ttitle: Socket closed\n"),
            5,
            "invalid YAML",
            id="yaml-tab-indent",
        ),
        pytest.param(
            ENTRY.replace("  title: Socket closed\n", "  title: *nothing\n"),
            5,
            "invalid YAML: found undefined alias",
            id="yaml-undefined-alias",
        ),
        # The parser notices the unclosed list on the next line.
        pytest.param(
            ENTRY.replace("socket.]\n", "socket.\n"), 8, "invalid YAML", id="yaml-unclosed-flow"
        ),
        pytest.param(
            "patches:\n- id: demo:1\n  description: patched\n",
            3,
            "patches[0]: unknown field 'description'",
            id="patch-unknown-field",
        ),
        pytest.param(
            "patches:\n- severity: info\n", 2, "missing required field 'id'", id="patch-no-id"
        ),
    ],
)
def test_schema_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(CatalogError) as caught:
        read_catalog_file(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(caught.value)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "user.yaml"
    path.write_bytes(ENTRY.encode() + "  description: 无效\n".encode("gbk"))
    with pytest.raises(CatalogError, match="invalid UTF-8") as caught:
        read_catalog_file(path)
    assert caught.value.line == 10


def test_collect_mode_reports_every_problem(tmp_path: Path) -> None:
    text = ENTRY + "  colour: red\n  severity: loud\n- {catalog: demo}\n"
    result = read_catalog_file(_file(tmp_path, text), collect=True)
    assert result.entries == ()
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (10, "entries[0]"),
        (11, "entries[0].severity"),
        (12, "entries[1]"),
    ]


def test_empty_file_is_an_empty_catalog(tmp_path: Path) -> None:
    assert read_catalog_file(_file(tmp_path, "# nothing yet\n")).entries == ()


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such catalog file"):
        load_catalog([tmp_path / "absent.yaml"], builtin=False, env={})


# --- patches and overrides over the bundled catalog ----------------------------------------


def test_patch_overrides_severity_and_adds_signatures(tmp_path: Path) -> None:
    user = _file(
        tmp_path,
        """\
        patches:
        - id: tpns-client:-502
          severity: warning
          signatures:
          - Get Guid failed
          - {pattern: 'guid.*-502', regex: true}
        """,
    )
    before = load_catalog(env={}).get("tpns-client:-502")
    after = load_catalog([user], env={}).get("tpns-client:-502")
    assert before is not None and after is not None
    assert (before.severity, after.severity) == (Severity.ERROR, Severity.WARNING)
    assert after.signatures == (
        *before.signatures,
        Signature("Get Guid failed", SignatureKind.MANUAL),
        Signature("guid.*-502", SignatureKind.MANUAL, regex=True),
    )
    assert (after.description, after.procedure) == (before.description, before.procedure)


def test_patch_can_make_a_success_code_an_error(tmp_path: Path) -> None:
    user = _file(tmp_path, "patches:\n- {id: 'tpns-client:0', severity: error}\n")
    assert _get(load_catalog(env={}), "tpns-client:0").severity is Severity.INFO
    assert _get(load_catalog([user], env={}), "tpns-client:0").severity is Severity.ERROR


def test_patch_for_unknown_id_names_file_and_line(tmp_path: Path) -> None:
    user = _file(tmp_path, "patches:\n- id: tpns-client:-502\n- id: tpns-client:99999\n")
    with pytest.raises(
        CatalogError, match="patch for unknown entry id 'tpns-client:99999'"
    ) as caught:
        load_catalog([user], env={})
    assert (caught.value.path, caught.value.line) == (str(user), 3)


def test_entry_with_a_bundled_id_overrides_it_and_is_reported(tmp_path: Path) -> None:
    user = _file(
        tmp_path,
        """\
        # Our SDK build reports -502 for a misconfigured proxy.
        entries:
        - id: tpns-client:-502
          code: '-502'
          title: Proxy misconfigured
          severity: warning
        """,
    )
    catalog = load_catalog([user], env={})
    (override,) = catalog.overrides
    # The catalog in force: the wheel's copy when installed, patterns/ in a checkout.
    bundled = builtin_dir() / "tpns.yaml"
    bundled_line = _line_of(bundled, "- id: tpns-client:-502")
    assert override.id == "tpns-client:-502"
    assert Path(override.previous.rsplit(":", 1)[0]).resolve() == bundled.resolve()
    assert override.previous.endswith(f":{bundled_line}")
    assert override.current == f"{user}:3"
    assert str(override) == f"{user}:3: entry tpns-client:-502 overrides {override.previous}"
    entry = catalog.get("tpns-client:-502")
    assert entry is not None
    assert (entry.title, entry.severity, entry.catalog) == (
        "Proxy misconfigured",
        Severity.WARNING,
        "tpns-client",
    )
    assert len([e for e in catalog.entries if e.id == "tpns-client:-502"]) == 1


def test_environment_variable_then_option_in_override_order(tmp_path: Path) -> None:
    first = _file(tmp_path, "entries:\n- {id: 'demo:1', code: '1', title: First}\n", "a.yaml")
    second = _file(tmp_path, "entries:\n- {id: 'demo:1', code: '1', title: Second}\n", "b.yaml")
    third = _file(tmp_path, "entries:\n- {id: 'demo:1', code: '1', title: Third}\n", "c.yaml")
    env = {ENV_VAR: f"{first}{os.pathsep}{second}"}
    catalog = load_catalog(builtin=False, env=env)
    assert _get(catalog, "demo:1").title == "Second"
    assert catalog.files == (str(first), str(second))
    assert [o.current for o in catalog.overrides] == [f"{second}:2"]
    catalog = load_catalog([third], builtin=False, env=env)
    assert _get(catalog, "demo:1").title == "Third"
    assert catalog.files == (str(first), str(second), str(third))


def test_environment_variable_adds_to_the_bundled_catalog(tmp_path: Path) -> None:
    user = _file(tmp_path, "entries:\n- {id: 'demo:7', code: '7', title: Seven}\n")
    catalog = load_catalog(env={ENV_VAR: str(user)})
    assert catalog.get("demo:7") is not None
    assert catalog.get("tpns-client:-502") is not None
    assert load_catalog(env={}).get("demo:7") is None


def test_environment_variable_with_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such catalog file or directory"):
        load_catalog(env={ENV_VAR: str(tmp_path / "gone.yaml")})


def test_directory_is_read_in_name_order_entries_before_patches(tmp_path: Path) -> None:
    _file(tmp_path, "patches:\n- {id: 'demo:1', severity: fatal}\n", "a-tuning.yaml")
    _file(tmp_path, "entries:\n- {id: 'demo:1', code: '1'}\n", "b-entries.yaml")
    _file(tmp_path, "not: a catalog, ignored by extension\n", "notes.txt")
    catalog = load_catalog([tmp_path], builtin=False, env={})
    assert _get(catalog, "demo:1").severity is Severity.FATAL
    assert [Path(f).name for f in catalog.files] == ["a-tuning.yaml", "b-entries.yaml"]


# --- YAML is only ever loaded safely ---------------------------------------------------------


@pytest.mark.parametrize(
    "tagged",
    [
        "- !!python/object/apply:os.system ['touch {marker}']\n",
        "- id: demo:1\n  code: '1'\n  title: !!python/object/apply:os.system ['touch {marker}']\n",
    ],
    ids=["tagged-entry", "tagged-field"],
)
def test_python_tags_are_never_executed(tmp_path: Path, tagged: str) -> None:
    marker = tmp_path / "executed"
    path = _file(tmp_path, "entries:\n" + tagged.format(marker=marker))
    with pytest.raises(CatalogError) as caught:
        load_catalog([path], builtin=False, env={})
    assert caught.value.path == str(path) and caught.value.line is not None
    assert not marker.exists()


@pytest.mark.parametrize(
    ("tagged", "line"),
    [
        ("- !!python/object:analyzer.model.CatalogEntry\n  id: demo:1\n  code: '1'\n", 2),
        (
            "- id: demo:1\n  code: '1'\n"
            "  title: !!python/object/apply:os.system 'touch {marker}'\n",
            4,
        ),
        (
            "- id: demo:1\n  code: '1'\n"
            "  causes: !!python/object/new:os.system ['touch {marker}']\n",
            4,
        ),
    ],
    ids=["tagged-mapping", "tagged-scalar", "tagged-sequence"],
)
def test_python_tags_are_errors(tmp_path: Path, tagged: str, line: int) -> None:
    marker = tmp_path / "executed"
    path = _file(tmp_path, "entries:\n" + tagged.format(marker=marker))
    try:
        with pytest.raises(CatalogError) as caught:
            read_catalog_file(path)
        assert caught.value.line == line
        assert "not allowed" in caught.value.message
    finally:
        assert not marker.exists()
