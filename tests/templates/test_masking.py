"""Masking rules: each kind of variable is masked, words and names are not."""

from __future__ import annotations

import dataclasses
import re
import string
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.templates.masking import MASK_RULES, MASK_TOKENS, MaskRule, mask


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers, signed and decimal, inside key=value and punctuation
        ("retry 3 of 5", "retry <NUM> of <NUM>"),
        ("code=-1, uid=10037", "code=<NUM>, uid=<NUM>"),
        ("adj=0.0userId=0", "adj=<NUM>userId=<NUM>"),
        ("Thread-12 blocked", "Thread-<NUM> blocked"),
        # hex: 0x-prefixed, hash codes, long runs of hex letters
        ("flags=0x1F", "flags=<HEX>"),
        ("Token{a64f992 ActivityRecord{de9231d}}", "Token{<HEX> ActivityRecord{<HEX>}}"),
        ("mask=ffffffff", "mask=<HEX>"),
        # ids: long tokens mixing letters and digits
        ("token AKIAIOSFODNN7EXAMPLE rejected", "token <ID> rejected"),
        ("blk_-1608999687919862906", "<ID>"),
        # uuids
        ("session 123e4567-e89b-12d3-a456-426614174000 closed", "session <UUID> closed"),
        # paths
        ("open /data/app/com.example.shop-1/base.apk", "open <PATH>"),
        ("cannot read ./conf/app.json", "cannot read <PATH>"),
        (r"log at C:\Users\dev\app.log", "log at <PATH>"),
        # durations, compact and spelled out
        ("took 1500ms", "took <DUR>"),
        ("empty for 1800s", "empty for <DUR>"),
        ("elapsed +1s234ms", "elapsed <DUR>"),
        ("waited 30 seconds", "waited <DUR>"),
        ("timeout after 2.5 sec", "timeout after <DUR>"),
        # addresses
        ("connect 10.0.0.7:443 failed", "connect <IP> failed"),
        ("peer 192.168.1.20", "peer <IP>"),
        ("bind [fe80::1ff:fe23:4567:890a]:80", "bind [<IP>]:<NUM>"),
        ("loopback ::1 down", "loopback <IP> down"),
        ("wlan mac 3c:5a:b4:01:9e:ff", "wlan mac <MAC>"),
        # urls and e-mail
        ("GET https://api.example.com/v1/push?x=1 -> 502", "GET <URL> -> <NUM>"),
        ("mail alice.smith@example.com bounced", "mail <EMAIL> bounced"),
        # times in the message
        ("expires 2024-06-14T09:20:11.042Z", "expires <TIME>"),
        ("at 16:13:38.811 sync", "at <TIME> sync"),
        # quoted strings (not JSON keys)
        ('tag="View Lock", x', "tag=<STR>, x"),
        ('{"code":500,"msg":"internal error"}', '{"code":<NUM>,"msg":<STR>}'),
    ],
)
def test_masks_each_kind(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "VM Started",
        "VM Paused",
        "connection refused by peer",
        "java.io.IOException: Broken pipe",
        "com.example.shop.MainActivity",
        "added face cafe decade",  # words made of hex letters (shorter than 8)
        "t761 u0 IPv4 wlan0 sha256 x86",  # digits glued to a name
        "read/write",  # a lone slash is prose
        "std::string a::b",  # C++ scopes are not IPv6
        'say "hi',  # an unclosed quote
        "",
    ],
)
def test_leaves_words_and_names(text: str) -> None:
    assert mask(text) == text


@pytest.mark.parametrize("rule", MASK_RULES, ids=lambda r: r.name)
def test_every_rule_masks_its_example(rule: MaskRule) -> None:
    assert rule.example
    assert rule.token in rule.apply(rule.example)
    assert rule.token in MASK_TOKENS


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in MASK_RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("token", sorted(MASK_TOKENS))
def test_mask_tokens_are_stable(token: str) -> None:
    """A masked text masks to itself: no rule eats another rule's token."""
    text = f"a {token} b {token}{token} ({token})"
    assert mask(text) == text


def test_masking_is_idempotent() -> None:
    text = "connect 10.0.0.7:443 failed after 1500ms (req 7f3a9c21) code=-1 at /a/b/c"
    assert mask(mask(text)) == mask(text)


def test_custom_rules() -> None:
    rules = [MASK_RULES[-1]]  # numbers only
    assert mask("0x1f at 10.0.0.1", rules) == "<NUM>x1f at <NUM>"


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        "0" * 200_000,
        "f:" * 100_000,
        "1." * 100_000,
        "/a" * 100_000,
        '"' * 200_000,
        "a1" * 100_000,
        "1s" * 100_000,
        "::" * 100_000,
    ],
    ids=lambda t: repr(t[:4]),
)
def test_linear_time_on_pathological_text(text: str) -> None:
    started = time.perf_counter()
    mask(text)
    assert time.perf_counter() - started < 2.0


def _unscreened(rule: MaskRule) -> MaskRule:
    return dataclasses.replace(rule, screen=None)


_SCREENED = [rule for rule in MASK_RULES if rule.screen is not None]

# Texts made of what the rules look for: digits (ASCII and not), hex letters in both
# cases, the separators of times, addresses and paths, duration units and words.
_PIECES = [
    *"0123456789٣abcdefABCDEFxXgzZ_:-/.@ \t+~$\"'",
    *("0x", "::", "2024", "255", "e89b", "9f4ef63", "deadbeef", "AKIAIOSFODNN7EXAMPLE"),
    *("ns", "us", "µs", "μs", "ms", "min", " sec", " seconds", " mins", " hrs", " days"),
]
_MASKABLE = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)


@pytest.mark.parametrize("rule", _SCREENED, ids=lambda r: r.name)
@given(data=st.data())
def test_a_screen_finds_something_wherever_its_rule_matches(
    rule: MaskRule, data: st.DataObject
) -> None:
    """A screen only skips texts the rule's pattern has no match in, so masking with
    screens gives the same text as without. Half the texts hold a match of the
    pattern, with anything around it."""
    assert rule.screen is not None
    text = data.draw(st.one_of(_MASKABLE, st.from_regex(rule.pattern)), label="text")
    if rule.pattern.search(text) is not None:
        assert rule.screen.search(text) is not None
    assert rule.apply(text) == _unscreened(rule).apply(text)


_EDGES = {
    "time": ["2024/06/14", "2024-6-1", "9:20:11", "2024-06-14T09:20"],
    "mac": ["3c:5a:b4:01:9e:ff", "3C-5A-B4-01-9E-FF"],
    "ipv4": ["1.2.3.4", "192.168.100.200:8080"],
    "ipv6": ["::1", "fe80::1", "1:2:3:4:5:6:7:8", "A:B:C:D:E:F:1:2"],
    "path": ["/a/b", "~/a/b", "../a/b", "./x/y/"],
    "hex": ["0x1F", "0X1f", "a64f992", "ffffffff", "DE9231D", "a64f9", "1234a"],
    "id": ["a1-b2-c3-d4-e5-f6", "AKIAIOSFODNN7EXAMPLE", "blk_-1608999687919862906"],
    "dur": [
        *(f"5{unit}" for unit in ("ns", "us", "µs", "ms", "s", "m", "min", "h", "d")),
        *(f"1.5 {word}" for word in ("nanoseconds", "millis", "msecs", "secs", "hrs", "days")),
        "+1s234ms",
    ],
    "uuid": ["123E4567-E89B-12D3-A456-426614174000"],
}


@pytest.mark.parametrize(
    ("rule", "text"),
    [(rule, text) for rule in _SCREENED for text in [rule.example, *_EDGES[rule.name]]],
    ids=lambda value: value.name if isinstance(value, MaskRule) else value,
)
def test_a_screen_passes_every_spelling_of_its_rule(rule: MaskRule, text: str) -> None:
    assert rule.pattern.search(text) is not None
    assert rule.screen is not None
    assert rule.screen.search(text) is not None


@given(text=_MASKABLE)
def test_masking_with_screens_equals_masking_without(text: str) -> None:
    unscreened = [_unscreened(rule) for rule in MASK_RULES]
    assert mask(text) == mask(text, unscreened)


def test_case_blind_hex_classes_hold_ascii_letters_only() -> None:
    """The screens spell out both cases where their rules are case-blind; that is the
    same only because no other character is ``[0-9a-f]`` or ``x`` case-blind."""
    hex_class = re.compile("[0-9a-f]", re.IGNORECASE)
    x = re.compile("x", re.IGNORECASE)
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert (hex_class.fullmatch(char) is not None) == (char in string.hexdigits)
        assert (x.fullmatch(char) is not None) == (char in "xX")
