"""The importer, entry by entry, on every document shape the two vendor families use.

Each fixture in ``fixtures/`` is a small document written for these tests in the
style of the OpenHarmony error-code pages (heading sections) or the Tencent push
return-code page (tables). The expected entries are spelled out in full, with the
exact source line of every entry, so a change in what the importer makes of a
document shows up here as a readable diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest

from analyzer.catalog.build import import_documents
from analyzer.catalog.importer import ImportedCatalog, catalog_base_name, import_document
from analyzer.errors import CatalogError
from analyzer.model import (
    CatalogEntry,
    EntryId,
    Severity,
    Signature,
    SignatureKind,
    SourceRef,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _entry(
    entry_id: str,
    code: str,
    value: int | None,
    title: str,
    *,
    document: str,
    section: str,
    line: int,
    message: str = "",
    description: str = "",
    causes: Sequence[str] = (),
    procedure: Sequence[str] = (),
    severity: str = "error",
    records: Sequence[str] = (),
    kit: str | None = None,
    subsystem: str | None = None,
) -> CatalogEntry:
    """An expected entry; its signatures are its message and the log records quoted."""
    signatures = [Signature(message, SignatureKind.MESSAGE)] if message else []
    signatures += [Signature(record, SignatureKind.RECORD) for record in records]
    return CatalogEntry(
        id=EntryId(entry_id),
        catalog=entry_id.split(":", 1)[0],
        code=code,
        value=value,
        title=title,
        message=message,
        description=description,
        causes=tuple(causes),
        procedure=tuple(procedure),
        severity=Severity.parse(severity),
        signatures=tuple(signatures),
        source=SourceRef(document, section, line, kit, subsystem),
    )


def _import(name: str) -> list[ImportedCatalog]:
    return import_document(FIXTURES / name)


# fmt: off
# --- heading sections (OpenHarmony) ---------------------------------------------------------

_zh = partial(
    _entry, document="errorcode-oh-zh.md", kit="Network Kit", subsystem="Communication"
)
OH_ZH = {
    "oh-zh": (
        "网络管理错误码",
        [
            _zh(
                "oh-zh:2100001", "2100001", 2100001, "参数取值错误",
                message="Invalid parameter value.",
                description="参数取值不在有效范围内时，系统会产生此错误码。",
                causes=["输入参数的取值超出了有效范围。"],
                procedure=["检查输入参数的值是否在有效范围内。"],
                section="2100001 参数取值错误", line=10,
            ),
            # The "> **说明**" note under the message is not part of the message.
            _zh(
                "oh-zh:2100003", "2100003", 2100003, "系统内部错误",
                message="System internal error.",
                description="系统内部出现错误时，系统会产生此错误码。",
                causes=["内存异常。", "出现空指针。"],
                procedure=[
                    "检查内存空间是否充足，清理内存后重试。",
                    "检查系统是否正常，稍后重试或重启设备。",
                ],
                section="2100003 系统内部错误", line=28,
            ),
            # Between <!--Del--> and <!--DelEnd-->; labels with a full-width colon, the
            # message on the label's line, and a log record quoted with “”.
            _zh(
                "oh-zh:2101022", "2101022", 2101022, "请求数超过最大值",
                message="The number of requests exceeded the maximum allowed.",
                description="网络请求数超过最大值时，系统会产生此错误码。",
                causes=[
                    "激活网络或监听网络状态变化的请求数已达到最大值。",
                    "注册的 NetConnection 数量已达上限。",
                ],
                procedure=[
                    "根据日志“Over the max request number”定位问题。",
                    "调用 NetConnection.register 后，及时调用 NetConnection.unregister 取消注册。",
                ],
                records=["Over the max request number"],
                section="2101022 请求数超过最大值", line=53,
            ),
            # No 可能原因 section, and a procedure that only says "NA".
            _zh(
                "oh-zh:2100002", "2100002", 2100002, "服务连接失败",
                message="Failed to connect to the service.",
                description="服务连接失败。",
                section="2100002 服务连接失败", line=69,
            ),
        ],
    )
}

_levels = partial(
    _entry, document="errorcode-oh-levels.md", kit="Network Kit", subsystem="Communication"
)
OH_LEVELS = {
    # The front matter's title wins over the "# Socket Errors (draft)" heading.
    "oh-levels": (
        "Socket Error Codes",
        [
            # ### code heading, #### label sub-headings.
            _levels(
                "oh-levels:0201", "0201", 201, "Connection Refused",
                message="Connection refused.",
                description="The peer refused the connection.",
                causes=["The peer is not listening on the port."],
                procedure=["Start the server and connect again."],
                section="0201 Connection Refused", line=13,
            ),
            # A fenced block is text of the section: its "## 2302999" line is no heading.
            _levels(
                "oh-levels:0202", "0202", 202, "Connection Reset",
                message="Connection reset by peer.",
                description=(
                    "The peer reset the connection. A typical log record:\n"
                    "08-01 12:00:01.123 1234 1240 E C015B0/NETSTACK: connection reset by peer"
                    " ## 2302999 this is not a heading"
                ),
                causes=["The peer process exited."],
                procedure=["Reconnect."],
                section="0202 Connection Reset", line=31,
            ),
            # Inline labels ("**Error Message**: text") and "**Solution:**".
            _levels(
                "oh-levels:0203", "0203", 203, "Connection Timed Out",
                message="Connection timed out.",
                causes=["The network is congested."],
                procedure=["Increase the timeout."],
                section="0203 Connection Timed Out", line=54,
            ),
            _levels(
                "oh-levels:-1", "-1", -1, "Operation Failed",
                message="Operation failed.",
                causes=["The operation failed for an unknown reason."],
                procedure=["Retry the operation."],
                section="-1 Operation Failed", line=66,
            ),
            # Closing hashes ("#### -502 Socket Closed ####") are not part of the title.
            _levels(
                "oh-levels:-502", "-502", -502, "Socket Closed",
                message="Socket closed.",
                procedure=["Open a new socket."],
                section="-502 Socket Closed", line=80,
            ),
            # Code 0 is a success code: info. "## See Also" ends the section.
            _levels(
                "oh-levels:000", "000", 0, "Success",
                message="Success.",
                severity="info",
                section="000 Success", line=90,
            ),
        ],
    )
}

_lists = partial(
    _entry, document="errorcode-oh-lists.md", kit="Connectivity Kit", subsystem="Communication"
)
OH_LISTS = {
    "oh-lists": (
        "List Styles Error Codes",
        [
            _lists(
                "oh-lists:3000001", "3000001", 3000001, "Numbered With Blank Lines",
                causes=[
                    "The first cause is long and wraps onto an indented second line.",
                    "The second cause.",
                ],
                procedure=["Check the first thing.", "Check the second thing."],
                section="3000001 Numbered With Blank Lines", line=6,
            ),
            _lists(
                "oh-lists:3000002", "3000002", 3000002, "Bulleted Without Blank Lines",
                causes=[
                    "The first cause wraps onto a lazy continuation line.",
                    "The second cause.",
                    "A star bullet.",
                    "A plus bullet.",
                ],
                procedure=["Step one.", "Step two."],
                section="3000002 Bulleted Without Blank Lines", line=21,
            ),
            _lists(
                "oh-lists:3000003", "3000003", 3000003,
                "Lead Paragraph And Parenthesised Numbers",
                procedure=[
                    "Do the following:",
                    "Check the cable.",
                    "Restart the router.",
                    "If the problem persists, contact support.",
                ],
                section="3000003 Lead Paragraph And Parenthesised Numbers", line=34,
            ),
            _lists(
                "oh-lists:3000004", "3000004", 3000004, "Continuation Paragraph",
                procedure=[
                    "Collect the logs. Use hdc file recv to copy them.",
                    "Send them to support.",
                ],
                section="3000004 Continuation Paragraph", line=45,
            ),
            # Text without any label is the description.
            _lists(
                "oh-lists:3000005", "3000005", 3000005, "Only A Description",
                description=(
                    "This code has no labelled parts at all.\nIt is described in two paragraphs."
                ),
                section="3000005 Only A Description", line=55,
            ),
            _lists(
                "oh-lists:3000006", "3000006", 3000006, "Empty Section",
                section="3000006 Empty Section", line=61,
            ),
        ],
    )
}

_inline = partial(
    _entry, document="errorcode-oh-inline.md", kit="Ability Kit", subsystem="Ability"
)
OH_INLINE = {
    "oh-inline": (
        "Inline Markdown Error Codes",
        [
            _inline(
                "oh-inline:4000001", "4000001", 4000001,
                "Bold and code in a Linked (https://example.com/4000001) Title",
                message="Cannot start UIAbility abilityName.",
                description=(
                    "See the Ability guide (https://example.com/ability) or https://example.com/faq."
                ),
                causes=["The ability is not declared in module.json5*."],
                procedure=[
                    "Declare the ability, see module.json5 (https://example.com/module-json5).",
                    "Escape <tags> and keep the contact (mailto:support@example.com) label.",
                ],
                section="4000001 Bold and code in a Linked (https://example.com/4000001) Title",
                line=5,
            ),
        ],
    )
}

# --- tables (Tencent push) ------------------------------------------------------------------

_variant = partial(_entry, document="tpns-variant-return-codes.md")
TPNS_VARIANT = {
    # Four columns, and a separator with one column less than the header.
    "tpns-variant-client": (
        "Client Return Codes",
        [
            _variant(
                "tpns-variant-client:0", "0", 0, "The call is successful",
                message="The call is successful.", severity="info",
                section="Client Return Codes", line=9,
            ),
            # <br> separates causes and steps; step numbers are dropped.
            _variant(
                "tpns-variant-client:-502", "-502", -502, "Failed to get the Guid",
                message="Failed to get the Guid.",
                causes=["The access point is misconfigured.", "The network is unavailable."],
                procedure=[
                    "Check the network.",
                    "Check the access point, see SDK Integration (https://example.com/sdk).",
                ],
                section="Client Return Codes", line=10,
            ),
            # A stray leading space before the row, trailing spaces after it, <ul><li>.
            _variant(
                "tpns-variant-client:10008", "10008", 10008, "The ContentProvider is misconfigured",
                message="The ContentProvider is misconfigured.",
                causes=["The AndroidManifest file is wrong."],
                procedure=["Check the AndroidManifest file.", "Rebuild the app."],
                section="Client Return Codes", line=11,
            ),
            # The same code again, with another meaning: both are kept.
            _variant(
                "tpns-variant-client:10008#2", "10008", 10008, "Incorrect AccessKey or AccessID",
                message="Incorrect AccessKey or AccessID.",
                causes=["The key | ID pair is wrong."],
                procedure=["Fix the key pair."],
                section="Client Return Codes", line=12,
            ),
            # A bold code; "-" and "NA" cells are empty.
            _variant(
                "tpns-variant-client:10110", "10110", 10110, "The handler was null",
                message="The handler was null.",
                section="Client Return Codes", line=13,
            ),
            _variant(
                "tpns-variant-client:Other", "Other", None, "Unknown error",
                message="Unknown error.",
                procedure=["Save the log and contact us (https://example.com/support)."],
                section="Client Return Codes", line=14,
            ),
        ],
    ),
    # Separator with one column more; trailing spaces; a row without a closing pipe.
    "tpns-variant-server": (
        "Server Return Codes",
        [
            _variant(
                "tpns-variant-server:1008001", "1008001", 1008001, "Parameter parsing error",
                description="Parameter parsing error.",
                section="Server Return Codes", line=22,
            ),
            # Advice in a description column is repeated as the procedure.
            _variant(
                "tpns-variant-server:1008006", "1008006", 1008006, "Invalid token",
                description="Invalid token. Please check whether the device token is registered.",
                procedure=["Please check whether the device token is registered."],
                section="Server Return Codes", line=23,
            ),
            _variant(
                "tpns-variant-server:1008028", "1008028", 1008028, "Frequency limit exceeded",
                description="Frequency limit exceeded.",
                section="Server Return Codes", line=24,
            ),
            _variant(
                "tpns-variant-server:10010012", "10010012", 10010012, "Invalid push time",
                description=(
                    "Invalid push time.\nRules for a scheduled push:\n"
                    "- Up to 10 minutes late: pushed at once.\n- Later: rejected."
                ),
                section="Server Return Codes", line=25,
            ),
        ],
    ),
}

_tzh = partial(_entry, document="tpns-zh-return-codes.md")
TPNS_ZH = {
    # 终端/服务端 name the catalogs as the English document's Client/Server do.
    "tpns-zh-client": (
        "终端返回码",
        [
            _tzh(
                "tpns-zh-client:0", "0", 0, "调用成功",
                description="调用成功。", severity="info", section="终端返回码", line=7,
            ),
            # Chinese sentences end in "。" without a space; the advice is still found.
            _tzh(
                "tpns-zh-client:-1", "-1", -1, "SDK内部错误",
                description=(
                    "SDK内部错误。请保存日志并联系我们 (https://cloud.tencent.com/online-service)。"
                ),
                procedure=["请保存日志并联系我们 (https://cloud.tencent.com/online-service)。"],
                section="终端返回码", line=8,
            ),
            _tzh(
                "tpns-zh-client:10008", "10008", 10008, "ContentProvider配置错误",
                description="ContentProvider配置错误。请检查AndroidManifest文件。",
                procedure=["请检查AndroidManifest文件。"],
                section="终端返回码", line=9,
            ),
            _tzh(
                "tpns-zh-client:10008#2", "10008", 10008, "AccessKey或AccessID错误",
                description="AccessKey或AccessID错误。", section="终端返回码", line=10,
            ),
            _tzh(
                "tpns-zh-client:其他", "其他", None, "未知错误",
                description="未知错误。", section="终端返回码", line=11,
            ),
        ],
    ),
    "tpns-zh-server": (
        "服务端返回码",
        [
            _tzh(
                "tpns-zh-server:1008003", "1008003", 1008003, "鉴权失败",
                description="鉴权失败。", section="服务端返回码", line=17,
            ),
            _tzh(
                "tpns-zh-server:1008028", "1008028", 1008028, "超过频率限制",
                description="超过频率限制。请降低调用频率后重试。",
                procedure=["请降低调用频率后重试。"],
                section="服务端返回码", line=18,
            ),
        ],
    ),
}

_single = partial(
    _entry,
    document="errorcode-single-table.md",
    kit="Connectivity Kit",
    subsystem="Communication",
)
SINGLE_TABLE = {
    # One heading with codes: the catalog takes the document's name. The parameter
    # table has no code column and is skipped; the two code tables under one heading
    # (split by prose) are one catalog. Name -> title; an unknown column is kept.
    "single-table": (
        "Error Codes",
        [
            _single(
                "single-table:2900001", "2900001", 2900001, "PAIR_FAILED",
                description="Pairing failed. Make sure the peer device is discoverable.\nSince: 10",
                procedure=["Make sure the peer device is discoverable."],
                section="Error Codes", line=16,
            ),
            _single(
                "single-table:2900002", "2900002", 2900002, "PAIR_TIMEOUT",
                description="Pairing timed out.\nSince: 11",
                section="Error Codes", line=17,
            ),
            _single(
                "single-table:2900003", "2900003", 2900003, "PAIR_REJECTED",
                description="The peer rejected the pairing request.\nSince: 12",
                section="Error Codes", line=23,
            ),
        ],
    )
}
# fmt: on


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param("errorcode-oh-zh.md", OH_ZH, id="openharmony-chinese"),
        pytest.param("errorcode-oh-levels.md", OH_LEVELS, id="openharmony-levels-synonyms"),
        pytest.param("errorcode-oh-lists.md", OH_LISTS, id="openharmony-list-styles"),
        pytest.param("errorcode-oh-inline.md", OH_INLINE, id="openharmony-inline-markdown"),
        pytest.param("tpns-variant-return-codes.md", TPNS_VARIANT, id="tpns-columns-html"),
        pytest.param("tpns-zh-return-codes.md", TPNS_ZH, id="tpns-chinese"),
        pytest.param("errorcode-single-table.md", SINGLE_TABLE, id="single-table"),
    ],
)
def test_document_imports_to_exact_entries(
    document: str, expected: dict[str, tuple[str, list[CatalogEntry]]]
) -> None:
    catalogs = _import(document)
    assert [c.name for c in catalogs] == list(expected)
    for catalog in catalogs:
        title, entries = expected[catalog.name]
        assert catalog.title == title
        assert catalog.document == document
        assert list(catalog.entries) == entries


# --- single features, on documents small enough to read in the test ------------------------


def _write(tmp_path: Path, text: str, name: str = "errorcode-demo.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _only_entry(path: Path) -> CatalogEntry:
    (catalog,) = import_document(path)
    (entry,) = catalog.entries
    return entry


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Error Message", "message"),
        ("Error Information", "message"),
        ("Message", "message"),
        ("错误信息", "message"),
        ("Description", "description"),
        ("Error Description", "description"),
        ("错误描述", "description"),
        ("Cause", "causes"),
        ("Possible Cause", "causes"),
        ("Possible Causes", "causes"),
        ("可能原因", "causes"),
        ("Procedure", "procedure"),
        ("Solution", "procedure"),
        ("Resolution", "procedure"),
        ("Resolution Steps", "procedure"),
        ("Handling Steps", "procedure"),
        ("处理步骤", "procedure"),
    ],
)
@pytest.mark.parametrize(
    "style",
    ["**{}**\n\n", "**{}:**\n", "**{}**：\n", "### {}\n\n", "{}\n\n"],
    ids=["bold", "bold-colon", "fullwidth-colon", "sub-heading", "plain"],
)
def test_label_synonyms(tmp_path: Path, label: str, field: str, style: str) -> None:
    text = "## 2100001 Demo\n\n" + style.format(label) + "The text of the part.\n"
    entry = _only_entry(_write(tmp_path, text))
    expected = {"message": "", "description": "", "causes": (), "procedure": ()}
    expected[field] = (
        ("The text of the part.",) if field in ("causes", "procedure") else "The text of the part."
    )
    got = {name: getattr(entry, name) for name in expected}
    assert got == expected


@pytest.mark.parametrize("hashes", ["##", "###", "####"])
@pytest.mark.parametrize(
    ("code", "value"),
    [("2100001", 2100001), ("0201", 201), ("-1", -1), ("-0502", -502), ("0", 0)],
)
def test_code_headings_at_any_level(tmp_path: Path, hashes: str, code: str, value: int) -> None:
    text = f"# Demo\n\n{hashes} {code} Some Title\n\n**Error Message**\n\nSome message.\n"
    entry = _only_entry(_write(tmp_path, text))
    assert (entry.id, entry.code, entry.value, entry.title) == (
        f"demo:{code}",
        code,
        value,
        "Some Title",
    )
    assert entry.source.line == 3
    assert entry.severity is (Severity.INFO if value == 0 else Severity.ERROR)


@pytest.mark.parametrize(
    ("heading", "code", "title"),
    [
        ("## 2100001: Colon Title", "2100001", "Colon Title"),
        ("## 2100001 - Dash Title", "2100001", "Dash Title"),
        ("## 2100001：全角冒号", "2100001", "全角冒号"),
        ("## **2100001** Bold Code", "2100001", "Bold Code"),
        ("## `2100001` Code Span", "2100001", "Code Span"),
        ("## Error Code 2100001 Prefixed", "2100001", "Prefixed"),
        ("## 2100001 Closing Hashes ##", "2100001", "Closing Hashes"),
    ],
)
def test_code_heading_shapes(tmp_path: Path, heading: str, code: str, title: str) -> None:
    entry = _only_entry(_write(tmp_path, f"{heading}\n\n**Message**\n\nText.\n"))
    assert (entry.code, entry.title, entry.message) == (code, title, "Text.")


def test_heading_without_title_takes_the_first_sentence(tmp_path: Path) -> None:
    text = "## 2100001\n\n**Description**\n\nThe socket is closed. Open it again.\n"
    assert _only_entry(_write(tmp_path, text)).title == "The socket is closed"


def test_windows_line_endings_and_bom(tmp_path: Path) -> None:
    text = "\ufeff# Demo\r\n\r\n## 2100001 Title\r\n\r\n**Cause**\r\n\r\n1. One.\r\n2. Two.\r\n"
    path = tmp_path / "errorcode-demo.md"
    path.write_bytes(text.encode("utf-8"))
    entry = _only_entry(path)
    assert (entry.causes, entry.source.line) == (("One.", "Two."), 3)


def test_repeated_section_code_is_kept_twice(tmp_path: Path) -> None:
    text = "## 401 First Meaning\n\nOne.\n\n## 401 Second Meaning\n\nTwo.\n"
    (catalog,) = import_document(_write(tmp_path, text))
    assert [(e.id, e.title, e.source.line) for e in catalog.entries] == [
        ("demo:401", "First Meaning", 1),
        ("demo:401#2", "Second Meaning", 5),
    ]


def test_sections_and_tables_in_one_document_are_separate_catalogs(tmp_path: Path) -> None:
    text = (
        "# Mixed\n\n"
        "## 100 Section Code\n\n**Message**\n\nFrom a section.\n\n"
        "## Server Return Codes\n\n"
        "| Error Code | Description |\n|---|---|\n| 200 | From a table. |\n"
    )
    catalogs = import_document(_write(tmp_path, text, "errorcode-mixed.md"))
    assert [(c.name, [e.id for e in c.entries]) for c in catalogs] == [
        ("mixed", ["mixed:100"]),
        ("mixed-server", ["mixed-server:200"]),
    ]


def test_table_without_heading_in_a_sectioned_document(tmp_path: Path) -> None:
    text = "| Error Code | Description |\n|---|---|\n| 7 | Seven. |\n\n## 8 Eight\n\nEight.\n"
    catalogs = import_document(_write(tmp_path, text, "errorcode-mixed.md"))
    assert [c.name for c in catalogs] == ["mixed", "mixed-table1"]


def test_multi_line_metadata_comment(tmp_path: Path) -> None:
    text = "<!--\nOwner: @someone\nKit: Network Kit\nSubsystem: Communication\n-->\n## 1 One\n"
    source = _only_entry(_write(tmp_path, text)).source
    assert (source.kit, source.subsystem, source.line) == ("Network Kit", "Communication", 6)


def test_name_overrides_the_file_name(tmp_path: Path) -> None:
    (catalog,) = import_document(FIXTURES / "errorcode-oh-lists.md", "lists")
    assert catalog.name == "lists"
    assert catalog.entries[0].id == "lists:3000001"


@pytest.mark.parametrize(
    ("file_name", "base"),
    [
        ("errorcode-net-connection.md", "net-connection"),
        ("tpns-return-codes.md", "tpns"),
        ("errorcode-universal.md", "universal"),
        ("Error-Codes-Push_SDK.md", "push-sdk"),
        ("bluetooth-error-codes.md", "bluetooth"),
        ("codes.md", "codes"),
        ("错误码.md", "catalog"),
    ],
)
def test_catalog_base_name(file_name: str, base: str) -> None:
    assert catalog_base_name(Path(file_name)) == base


def test_two_documents_may_not_make_the_same_catalog(tmp_path: Path) -> None:
    first = _write(tmp_path, "## 1 One\n", "errorcode-demo.md")
    (tmp_path / "other").mkdir()
    second = _write(tmp_path / "other", "## 2 Two\n", "errorcode-demo.md")
    with pytest.raises(CatalogError, match="catalog 'demo' is also produced by") as caught:
        import_documents([first, second])
    assert caught.value.path == str(second)


# --- malformed documents: one clear error naming file:line ----------------------------------


@pytest.mark.parametrize(
    ("document", "line", "message"),
    [
        ("bad-no-codes.md", 1, "no error codes found"),
        ("bad-unclosed-comment.md", 4, "HTML comment '<!--' is never closed"),
        ("bad-unclosed-front-matter.md", 1, "YAML front matter is not closed"),
        ("bad-invalid-utf8.txt", 5, "invalid UTF-8"),
        ("bad-binary.png", 3, "binary file"),
        ("bad-empty-code-cell.md", 8, "table row has no error code"),
    ],
)
def test_malformed_document_names_file_and_line(document: str, line: int, message: str) -> None:
    path = FIXTURES / document
    with pytest.raises(CatalogError) as caught:
        import_document(path)
    error = caught.value
    assert (error.path, error.line) == (str(path), line)
    assert message in error.message
    assert str(error).startswith(f"{path}:{line}: ")
    assert "\n" not in str(error)


@pytest.mark.parametrize("text", ["", "\n\n", "# Only A Title\n", "---\n---\n"])
def test_empty_documents_are_errors(tmp_path: Path, text: str) -> None:
    with pytest.raises(CatalogError, match="no error codes found"):
        import_document(_write(tmp_path, text))


def test_missing_document_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such file"):
        import_document(tmp_path / "absent.md")
    with pytest.raises(CatalogError, match="is a directory"):
        import_document(tmp_path)


def test_a_table_without_rows_is_no_catalog(tmp_path: Path) -> None:
    """Found by fuzzing: a header-only table made an empty catalog instead of an error."""
    doc = tmp_path / "errorcode-empty.md"
    doc.write_text("| Error Code | Description |\n|---|---|\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="no error codes found"):
        import_document(doc)
