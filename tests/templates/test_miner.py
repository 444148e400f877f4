"""The template miner: grouping, meaning, determinism, bounded memory, stable keys."""

from __future__ import annotations

import random
import string

import pytest

from analyzer.model import template_key
from analyzer.templates.miner import ClusterId, TemplateMiner
from analyzer.templates.tokens import MAX_MINED_CHARS, WILDCARD, covers, looks_variable


def varying_error(i: int, rng: random.Random) -> str:
    """One unknown error whose ids, addresses and durations change every time."""
    req = "".join(rng.choice("0123456789abcdef") for _ in range(8))
    session = f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}"
    session += f"-a{rng.getrandbits(12):03x}-{rng.getrandbits(48):012x}"
    return (
        f"push register failed: req={req} session {session} conn#{i} to "
        f"10.0.{rng.randrange(256)}.{rng.randrange(256)}:{rng.randrange(1, 65536)} "
        f"after {rng.randrange(1, 30000)}ms (attempt {i % 5 + 1}, token 0x{rng.getrandbits(40):x})"
    )


def test_thirty_occurrences_with_varying_ids_form_one_group() -> None:
    rng = random.Random(7)
    miner = TemplateMiner()
    ids = {miner.add(varying_error(i, rng)) for i in range(30)}
    assert len(ids) == 1
    (cluster,) = miner.clusters()
    assert cluster.count == 30
    assert cluster.template == (
        "push register failed: req=<*> session <UUID> conn#<NUM> to <IP> "
        "after <DUR> (attempt <NUM>, token <HEX>)"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("VM Started", "VM Paused"),
        ("VM Started by user 12", "VM Paused by user 12"),
        ("connect failed: connection refused", "connect failed: host unreachable"),
        ("success=true after 5ms", "success=false after 5ms"),
        ("getDataEnabled: subId=1 phoneId=0", "getDataEnabled: subId=1 retVal=true"),
        ("java.lang.IllegalStateException: boom", "java.lang.IllegalArgumentException: boom"),
        ("disable: < ICONS* alerts >", "disable: < icons* alerts >"),
    ],
)
def test_different_meanings_stay_apart(first: str, second: str) -> None:
    miner = TemplateMiner()
    a = [miner.add(first) for _ in range(3)]
    b = [miner.add(second) for _ in range(3)]
    assert len(set(a)) == 1
    assert len(set(b)) == 1
    assert a[0] != b[0]


@pytest.mark.parametrize(
    ("first", "second", "template"),
    [
        ("start com.foo.Bar failed", "start com.baz.Qux failed", "start <*> failed"),
        ("state=IDLE while sending", "state=BUSY while sending", "state=<*> while sending"),
        ("vis=1a2b3c mask=0", "vis=123456 mask=0", "vis=<*> mask=<NUM>"),
        ("lookup svc-7 failed", "lookup svc-12 failed", "lookup svc-<NUM> failed"),
        ("open /a/b failed: 5", "open /c/d/e failed: 6", "open <PATH> failed: <NUM>"),
    ],
)
def test_values_merge_into_wildcards(first: str, second: str, template: str) -> None:
    miner = TemplateMiner()
    assert miner.add(first) == miner.add(second)
    (cluster,) = miner.clusters()
    assert cluster.template == template


def test_a_word_after_a_wildcard_keeps_its_own_group() -> None:
    """``a b c <*>`` admits ``a b c Paused``, but the group that spells it out wins."""
    miner = TemplateMiner()
    started = miner.add("a b c Started")
    paused = miner.add("a b c Paused")
    assert miner.add("a b c 5") == started
    assert miner.add("a b c Paused") == paused


def test_different_token_counts_are_different_groups() -> None:
    miner = TemplateMiner()
    assert miner.add("socket closed") != miner.add("socket closed by peer")


def test_empty_and_blank_messages() -> None:
    miner = TemplateMiner()
    assert miner.add("") == miner.add("   ")
    assert miner.template(ClusterId(1)) == ""


def test_deterministic() -> None:
    rng = random.Random(3)
    lines = [varying_error(i, rng) for i in range(20)] + [
        f"{word} event {n}" for word in ("alpha", "beta", "gamma") for n in range(5)
    ]
    random.Random(5).shuffle(lines)

    def run() -> tuple[list[ClusterId], list[tuple[int, str, int]]]:
        miner = TemplateMiner(max_clusters=4)
        ids = [miner.add(line) for line in lines]
        return ids, [(c.id, c.template, c.count) for c in miner.clusters()]

    assert run() == run()


def test_cluster_cap_bounds_memory() -> None:
    evicted: list[ClusterId] = []
    miner = TemplateMiner(max_clusters=10, on_evict=evicted.append)
    rng = random.Random(1)
    for _ in range(1000):
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(12))
        miner.add(f"{word} broke down")
    assert len(miner) == 10
    assert miner.evicted == 990
    assert len(evicted) == 990
    assert all(cid not in miner for cid in evicted)
    # The tree is pruned with the clusters: no node survives its last cluster.
    assert _node_count(miner) <= 1 + 10 * (miner.depth + 1)


def _node_count(miner: TemplateMiner) -> int:
    stack = [miner._root]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.children.values())
    return count


def test_eviction_keeps_the_frequent_group() -> None:
    miner = TemplateMiner(max_clusters=3)
    big = miner.add("disk full on volume 1")
    for n in range(50):
        miner.add(f"disk full on volume {n}")
    for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        miner.add(f"{word} exploded")
    assert big in miner
    assert miner.cluster(big).count == 51
    # Among the singletons the least recently used went first.
    assert [c.template for c in miner.clusters()][1:] == ["epsilon exploded", "zeta exploded"]


def test_match_does_not_learn() -> None:
    miner = TemplateMiner()
    cid = miner.add("upload failed after 3 retries")
    assert miner.match("upload failed after 9 retries") == cid
    assert miner.match("download failed after 9 retries") is None
    assert miner.cluster(cid).count == 1
    assert len(miner) == 1


def test_stable_keys_across_runs_with_different_numbers() -> None:
    def run(seed: int) -> set[str]:
        rng = random.Random(seed)
        miner = TemplateMiner()
        for i in range(10):
            miner.add(varying_error(i, rng))
            miner.add(f"db query took {rng.randrange(1, 9999)}ms at 2024-0{seed}-1{i}T0{i}:00:00Z")
        return {template_key(c.template) for c in miner.clusters()}

    first, second = run(1), run(2)
    assert len(first) == 2
    assert first == second


def test_template_key_shape() -> None:
    key = template_key("connect <IP> failed")
    assert len(key) == 16
    assert int(key, 16) >= 0
    assert key == template_key("connect <IP> failed")
    assert key != template_key("connect <IP> refused")


@pytest.mark.parametrize(
    ("general", "specific", "expected"),
    [
        ("start <*> failed", "start com.foo failed", True),
        ("vis=<*> mask=<NUM>", "vis=<HEX> mask=<NUM>", True),
        ("start <*> failed", "stop <*> failed", False),
        ("a <NUM>", "a <*>", False),
        ("a b", "a b c", False),
        ("state=<*> while", "state=IDLE while", True),
        ("state=<*> while", "mode=IDLE while", False),
    ],
)
def test_covers(general: str, specific: str, expected: bool) -> None:
    assert covers(general, specific) is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("<NUM>", True),
        ("t761", True),
        ("com.example.shop", True),
        ("name=audioserver,", True),
        (WILDCARD, True),
        ("Started", False),
        ("ret:false", False),
        ("ok=true", False),
        ("java.io.IOException:", False),
        ("ACTION_DOWN,", False),
    ],
)
def test_looks_variable(token: str, expected: bool) -> None:
    assert looks_variable(token) is expected


def test_huge_line_is_cut() -> None:
    miner = TemplateMiner()
    cid = miner.add("boom " * 1_000_000)
    assert len(miner.template(cid)) <= MAX_MINED_CHARS


@pytest.mark.parametrize(
    "kwargs",
    [{"similarity": 1.5}, {"similarity": -0.1}, {"depth": 0}, {"max_clusters": 0}],
)
def test_rejects_bad_parameters(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        TemplateMiner(**kwargs)  # type: ignore[arg-type]


def test_fan_out_is_capped() -> None:
    miner = TemplateMiner(max_children=4)
    for word in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        miner.add(f"{word} exploded")
    assert len(miner._root.children["2"].children) <= 4
    assert len(miner) == 6  # words still never merge
