"""Properties: masking and mining never raise; every line lands in exactly one group."""

from __future__ import annotations

from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from analyzer.engine.errorlines import ERROR_WORDS, ERROR_WORDS_RE, has_error_word
from analyzer.model import Level, LogRecord
from analyzer.templates.collector import UnmatchedCollector
from analyzer.templates.masking import mask
from analyzer.templates.miner import ClusterId, TemplateMiner

# Text that looks like log messages often enough to reach every rule and tree path:
# words, numbers, hex, separators, masks, error words, CJK, and arbitrary characters.
_PIECES = st.sampled_from(
    [
        "error",
        "failed",
        "VM",
        "Started",
        "Paused",
        "state=IDLE",
        "ok=true",
        "0x1f",
        "a64f992",
        "10.0.0.1:80",
        "fe80::1",
        "/data/x/y",
        "1500ms",
        "-42",
        "3.14",
        "com.example.App",
        "java.io.IOException:",
        '"quoted text"',
        "<NUM>",
        "<*>",
        "::",
        "=",
        ":",
        "/",
        "失败",
        "\t",
        "  ",
        "\ud800",
    ]
)
_MESSAGE = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(_MESSAGE)
@example('0"0"')  # a quote after a number: "<NUM>" must not read as a string next time
def test_mask_never_raises_and_is_idempotent(text: str) -> None:
    masked = mask(text)
    assert isinstance(masked, str)
    assert mask(masked) == masked


@settings(max_examples=150, deadline=None)
@given(st.lists(_MESSAGE, max_size=40), st.integers(min_value=1, max_value=6))
def test_every_line_lands_in_exactly_one_group(lines: list[str], cap: int) -> None:
    evicted: set[ClusterId] = set()
    miner = TemplateMiner(max_clusters=cap, on_evict=evicted.add)
    returned = [miner.add(line) for line in lines]
    per_cluster = Counter(returned)
    live = {c.id: c for c in miner.clusters()}
    assert len(live) <= cap
    # A cluster is either live, with exactly the lines that joined it, or evicted.
    for cluster_id, count in per_cluster.items():
        assert (cluster_id in live) != (cluster_id in evicted)
        if cluster_id in live:
            assert live[cluster_id].count == count
    assert set(live) <= set(per_cluster)
    # The same lines in the same order give the same answer.
    again = TemplateMiner(max_clusters=cap)
    assert [again.add(line) for line in lines] == returned
    assert again.clusters() == miner.clusters()


_TOKENS = st.lists(st.sampled_from(["a", "b", "<NUM>", "<*>", "x1", "7", "failed"]), max_size=5)


_MINERS = st.tuples(
    st.sampled_from([0.0, 0.4, 0.5, 1.0]),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=4),
)
"""A miner's similarity, depth, cluster cap and fan-out cap, small enough to merge,
evict and fall back to wildcard children often."""


@settings(max_examples=200, deadline=None)
@given(st.lists(_TOKENS, max_size=40), _MINERS)
def test_the_exact_template_shortcut_picks_what_ranking_picks(
    streams: list[list[str]], params: tuple[float, int, int, int]
) -> None:
    """``_best`` takes a cluster whose template equals the line without ranking; the
    full ranking (``_ranked``) must agree, for every line of any stream."""
    miner, _ = _miner(*params)
    for tokens in streams:
        leaf = miner._leaf(list(tokens), create=True)
        assert leaf is not None
        assert miner._best(leaf, list(tokens)) is miner._ranked(leaf, list(tokens))
        miner.add_tokens(tokens)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TOKENS, max_size=60), _MINERS)
def test_the_exact_line_cache_sends_each_line_where_the_tree_does(
    streams: list[list[str]], params: tuple[float, int, int, int]
) -> None:
    """``add_tokens`` sends a line it has seen go to a cluster of the same template
    straight there; a miner that sends every line through the tree (``_add``) must
    give the same cluster, template, count and evictions for every line."""
    cached, evicted_cached = _miner(*params)
    tree, evicted_tree = _miner(*params)
    for tokens in streams:
        assert cached.add_tokens(tokens) == tree._add(list(tokens))
        assert cached.clusters() == tree.clusters()
        assert evicted_cached == evicted_tree


def _miner(
    similarity: float, depth: int, cap: int, children: int
) -> tuple[TemplateMiner, list[ClusterId]]:
    evicted: list[ClusterId] = []
    miner = TemplateMiner(
        similarity=similarity,
        depth=depth,
        max_clusters=cap,
        max_children=children,
        on_evict=evicted.append,
    )
    return miner, evicted


@settings(max_examples=150, deadline=None)
@given(st.lists(_MESSAGE, max_size=30))
def test_every_added_line_still_matches_a_cluster(lines: list[str]) -> None:
    miner = TemplateMiner()
    for line in lines:
        miner.add(line)
    # Templates only generalise, so every line added still fits some cluster.
    for line in lines:
        assert miner.match(line) in miner


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(_MESSAGE, st.sampled_from([None, *Level]), st.booleans()),
        max_size=30,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_collector_accounts_for_every_error_record(
    items: list[tuple[str, Level | None, bool]], cap: int
) -> None:
    collector = UnmatchedCollector(max_groups=cap)
    kept = 0
    for n, (message, level, matched) in enumerate(items, start=1):
        rec = LogRecord(line=n, messages=(message,), raw=(message,), format="t", level=level)
        if collector.add(0, rec, {n} if matched else frozenset()) is not None:
            kept += 1
    result = collector.result()
    assert sum(g.count for g in result.groups) + result.evicted_records == kept
    assert result.error_lines_unmatched == kept
    assert result.error_lines_unmatched <= result.error_lines_total
    lines = [o.line for g in result.groups for o in g.occurrences]
    assert len(lines) == len(set(lines))


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(_MESSAGE, st.lists(st.sampled_from([*ERROR_WORDS, "ſ", "x", "On", " "])).map("".join))
)
def test_error_word_prefilter_never_hides_a_match(text: str) -> None:
    assert has_error_word(text) == (ERROR_WORDS_RE.search(text) is not None)
