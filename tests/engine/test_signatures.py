"""Catalog messages and quoted records, with or without a code, and what a match carries.

Lines are modelled on hilog and DevEco output; none is copied from a real log.
"""

from __future__ import annotations

import pytest
import regex

from analyzer.catalog.loader import Catalog
from analyzer.engine.signatures import SignatureMatcher, is_distinctive, literal_regex
from analyzer.model import MatchedBy

from .helpers import Scan, by_line


def app(msg: str, tag: str = "testTag", ms: int = 0) -> str:
    """A hilog line of a notes app (domain A00000, no product context in the tag)."""
    return f"11-24 08:00:02.{ms:03d}  9301  9301 E A00000/com.example.notes/{tag}: {msg}"


def svc(tag: str, msg: str) -> str:
    """A hilog line of the netmanager system service."""
    return f"11-24 08:00:03.100   688  1021 E C01f2b/netmanager/{tag}: {msg}"


# --- Code: <private> --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        ("Failed to connect to the service.", "net-connection:2100002"),
        ("The number of requests exceeded the maximum allowed.", "net-connection:2101022"),
        ("Websocket connection already exists.", "net-websocket:2302003"),
        ("VPN creation denied. Check the user type.", "net-vpn:2203001"),
        ("Duplicate server name.", "link-enhance:32390203"),
    ],
)
def test_private_code_identified_by_its_message(scan: Scan, message: str, entry: str) -> None:
    (match,) = scan([app(f"Failed. Code: <private>, message: {message}")], "hilog")
    assert str(match.entry) == entry
    assert match.matched_by is MatchedBy.MESSAGE
    assert "<private>" in match.reason
    assert match.confidence >= 0.85


@pytest.mark.parametrize(
    ("message", "candidates"),
    [
        ("Invalid parameter value.", {"net-connection:2100001", "net-vpn:19900001"}),
        ("System internal error.", {"net-connection:2100003", "net-vpn:19900002"}),
        ("Internal error.", {"link-enhance:32390300", "net-websocket:2302999"}),
    ],
)
def test_private_code_with_shared_message_lists_candidates(
    scan: Scan, message: str, candidates: set[str]
) -> None:
    (match,) = scan([app(f"Failed to sync. Code: <private>, message: {message}")], "hilog")
    assert set(map(str, match.candidates)) == candidates
    assert str(match.entry) in candidates
    assert match.confidence < 0.5
    assert "context did not decide" in match.reason


# --- shared messages resolved by context -------------------------------------------------


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        (
            svc("NetConnManager", "netSpecifier check failed: Invalid parameter value."),
            "net-connection:2100001",
        ),
        (
            svc("NetVpnManager", "[SetUpVpn] config check failed: Invalid parameter value."),
            "net-vpn:19900001",
        ),
        (
            svc("NetVpnManager", "[DestroyVpn] ipc call failed: System internal error."),
            "net-vpn:19900002",
        ),
        (
            svc("NetConnManager", "[GetAllNets] proxy failed: System internal error."),
            "net-connection:2100003",
        ),
        (
            app("[websocket_exec.cpp:588] lws protocol init failed: Internal error.", "NETSTACK"),
            "net-websocket:2302999",
        ),
        (
            app("[CreateServer] softbus session open failed: Internal error.", "DSchedLinkEnhance"),
            "link-enhance:32390300",
        ),
    ],
)
def test_shared_message_resolved_by_context(scan: Scan, line: str, entry: str) -> None:
    (match,) = scan([line], "hilog")
    assert str(match.entry) == entry
    assert match.candidates == (match.entry,)
    assert match.matched_by is MatchedBy.MESSAGE


def test_own_tag_beats_a_neighbours_context(scan: Scan) -> None:
    # NetVpnManager logs in the same process as NetConnManager, right after it.
    lines = [
        svc("NetConnManager", "[RegisterNetConnCallback] start"),
        svc("NetVpnManager", "[SetUpVpn] config check failed: Invalid parameter value."),
    ]
    assert by_line(scan(lines, "hilog")) == {2: {"net-vpn:19900001"}}


@pytest.mark.parametrize(
    "line",
    [
        app("render failed: Invalid parameter value."),
        app("[CheckSystemAbility] Internal error.", "SAMGR"),
        app("[LoadSystemAbility] connect timeout, said=4700", "SAMGR"),
        app("Connection is not ready."),
    ],
)
def test_short_message_without_context_is_nothing(scan: Scan, line: str) -> None:
    assert scan([line], "hilog") == []


def test_distinctive_message_needs_no_context(scan: Scan) -> None:
    (match,) = scan([app("sync: The number of requests exceeded the maximum allowed.")], "hilog")
    assert str(match.entry) == "net-connection:2101022"


def test_quoted_record_is_a_signature_match(scan: Scan) -> None:
    (match,) = scan([svc("NetConnManager", "Over the max request number, uid=10008")], "hilog")
    assert str(match.entry) == "net-connection:2101022"
    assert match.matched_by is MatchedBy.SIGNATURE
    assert "quoted" in match.reason


def test_message_inside_a_longer_message_is_not_reported(scan: Scan) -> None:
    # "Internal error." (WebSocket, link enhance) lies inside "System internal error.".
    line = app("[websocket_exec.cpp:90] System internal error.", "NETSTACK")
    assert by_line(scan([line], "hilog")) == {}


def test_code_and_its_message_are_one_match(scan: Scan) -> None:
    line = svc(
        "NetVpnManager", "addAddress failed, code: 19900001, message: Invalid parameter value."
    )
    (match,) = scan([line], "hilog")
    assert str(match.entry) == "net-vpn:19900001"
    assert match.matched_by is MatchedBy.CODE
    assert match.confidence == pytest.approx(0.99)
    assert "own message" in match.reason


def test_code_wins_over_a_message_context_would_attribute_elsewhere(scan: Scan) -> None:
    # NetConn context would pick 2100001 for the message; the code says 19900001.
    line = svc("NetConnManager", "vpn addAddress, errCode=19900001, Invalid parameter value.")
    assert by_line(scan([line], "hilog")) == {1: {"net-vpn:19900001"}}


# --- every match explains itself ---------------------------------------------------------

EXPLAINED = [
    app("getDefaultNet failed, errCode=2100002"),
    app("Failed. Code: <private>, message: Failed to connect to the service."),
    app("Failed. Code: <private>, message: Invalid parameter value."),
    svc("NetConnManager", "Over the max request number"),
    app('ws onError: {"code":200,"message":"Websocket connect failed"}'),
    app(
        "BusinessError 201: Permission verification failed. The application does not have "
        "the permission required to call the API."
    ),
]


def test_every_match_has_matched_by_confidence_and_reason(scan: Scan) -> None:
    matches = scan(EXPLAINED, "hilog")
    assert {m.line for m in matches} == set(range(1, len(EXPLAINED) + 1))
    for match in matches:
        assert isinstance(match.matched_by, MatchedBy)
        assert 0.0 < match.confidence <= 1.0
        assert match.reason.strip()
        assert match.entry in match.candidates
        assert match.text == EXPLAINED[match.line - 1]


# --- the signature matcher itself --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "found"),
    [
        ("Internal error.", "failed: internal   error", True),
        ("Internal error.", "failed: Internal error。", True),
        ("Internal error.", "failed: InternalError.", False),
        ("Connect timeout.", "Connect timeouts exceeded", False),
        ("Can't listen to the given NIC.", "WebSocketServer: Can't listen to the given NIC", True),
    ],
)
def test_literal_signatures(text: str, line: str, found: bool) -> None:
    assert bool(regex.search(literal_regex(text), line, regex.IGNORECASE)) is found


def test_distinctive_means_long_enough() -> None:
    assert is_distinctive("The number of requests exceeded the maximum allowed.")
    assert not is_distinctive("Internal error.")
    assert not is_distinctive("Invalid parameter value.")


def test_shared_message_is_one_hit_with_every_owner(catalog: Catalog) -> None:
    matcher = SignatureMatcher(catalog.entries)
    hits = [h for h in matcher.find("x: Invalid parameter value.") if h.pattern.startswith("Inv")]
    assert len(hits) == 1
    assert set(map(str, hits[0].entries)) == {"net-connection:2100001", "net-vpn:19900001"}
