"""A streaming template miner: masking plus a fixed-depth prefix tree (Drain's shape).

One line at a time, :meth:`TemplateMiner.add` masks the line (:mod:`.masking`), splits
it on whitespace and walks a small tree: first by token count, then by the first
``depth`` tokens. The leaf it reaches holds a few clusters; the line joins the most
similar one when it is similar enough and *may* be the same message, else it starts a
new cluster. Joining turns every position where the line and the template differ into
``<*>``.

How this differs from Drain (He et al., ICWS 2017) and ``drain3``, and why:

* **Words are never variables.** Two different tokens made of letters only
  (``Started`` and ``Paused``, ``ret:true`` and ``ret:false``, ``ICONS`` and ``icons``)
  never merge into ``<*>``, whatever the similarity: the words of a message are its
  meaning. A position can become ``<*>`` only when one of the two tokens looks like a
  value (:func:`looks_variable`): it holds a digit or a mask token, it is a dotted or
  slashed name (``com.example.shop``, ``android.os.BinderProxy@<HEX>``; throwable class
  names such as ``java.io.IOException`` count as words), or it is ``key=value`` with a
  value other than ``true``/``false``/``null``. Two ``key=value`` tokens with different
  keys never merge (``phoneId=<NUM>`` is not ``retVal=true``).
* **Tokens compare by shape**: ``vis=<NUM>`` and ``vis=<HEX>`` are one field printed two
  ways (a hash code without a hex letter is a number), and merge into ``vis=<*>``;
  ``state=IDLE`` and ``state=BUSY`` merge into ``state=<*>``.
* **The routing tokens include the last one**, as in the Drain paper (``drain3`` stops
  before it), so two-word messages that differ in their second word stay apart.
* **Exact tokens win**: among the clusters a line may join, the one whose template
  spells out most of the line wins, so ``a b <*>`` does not swallow the lines of an
  existing ``a b Paused``.
* **Eviction is least-frequent-first**, ties to the least recently used: a report wants
  the group that fired ten thousand times an hour ago more than the latest one-off.
  ``drain3`` evicts least recently used.
* Results are frozen dataclasses, not dicts; there is no persistence.

Memory is bounded: at most ``max_clusters`` clusters (each holding one template of at
most :data:`MAX_MINED_CHARS` characters), and tree nodes are pruned with the clusters
they led to. Output is deterministic: the same lines in the same order give the same
cluster ids and templates (ties go to the oldest cluster).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NewType

from analyzer.templates.masking import MASK_RULES, MaskRule
from analyzer.templates.tokens import (
    WILDCARD,
    TokenCache,
    fits,
    generalize,
    may_join,
    route_key,
)

ClusterId = NewType("ClusterId", int)
"""A cluster's number: 1 for the first cluster a miner makes, never reused."""

DEFAULT_SIMILARITY = 0.5
"""Default share of a template's tokens a line must fit to join its cluster."""

DEFAULT_DEPTH = 3
"""Default number of leading tokens that route a line in the tree."""

DEFAULT_MAX_CHILDREN = 100
"""Default fan-out of a tree node; further distinct tokens share the ``<*>`` child."""

DEFAULT_MAX_CLUSTERS = 2000
"""Default cap on live clusters."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A snapshot of one cluster: the template its lines share and how many joined."""

    id: ClusterId
    """The cluster's number."""
    template: str
    """The lines' common text: mask tokens (``<NUM>``) and ``<*>`` where they differ."""
    count: int
    """Lines added to the cluster."""


class _Node:
    """A tree node: children by routing token, and the clusters of a leaf."""

    __slots__ = ("children", "clusters", "key", "parent")

    def __init__(self, parent: _Node | None, key: str) -> None:
        self.parent = parent
        self.key = key
        self.children: dict[str, _Node] = {}
        self.clusters: list[_Cluster] = []


class _Cluster:
    """A live cluster (mutable; exposed as :class:`Cluster` snapshots)."""

    __slots__ = ("count", "id", "leaf", "tokens")

    def __init__(self, cluster_id: ClusterId, tokens: list[str], leaf: _Node) -> None:
        self.id = cluster_id
        self.tokens = tokens
        self.count = 1
        self.leaf = leaf


class TemplateMiner:
    """Groups log messages into templates, one message at a time, in bounded memory.

    ``similarity`` is the share of a cluster's template tokens a line must fit (equal,
    same shape, or under a ``<*>``) to join it; ``depth`` is how many leading tokens
    route a line; ``max_children`` caps a tree node's fan-out; ``max_clusters`` caps the
    live clusters: when a new cluster would pass it, the least frequent (then least
    recently used) cluster is dropped, and ``on_evict`` (if given) is called with its id
    before it goes. Raises ``ValueError`` for a parameter out of range.
    """

    def __init__(
        self,
        *,
        rules: Sequence[MaskRule] = MASK_RULES,
        similarity: float = DEFAULT_SIMILARITY,
        depth: int = DEFAULT_DEPTH,
        max_children: int = DEFAULT_MAX_CHILDREN,
        max_clusters: int = DEFAULT_MAX_CLUSTERS,
        on_evict: Callable[[ClusterId], None] | None = None,
    ) -> None:
        if not 0.0 <= similarity <= 1.0:
            raise ValueError("similarity must be between 0 and 1")
        if depth < 1 or max_children < 1 or max_clusters < 1:
            raise ValueError("depth, max_children and max_clusters must be positive")
        self.rules = tuple(rules)
        self.similarity = similarity
        self.depth = depth
        self.max_children = max_children
        self.max_clusters = max_clusters
        self._on_evict = on_evict
        self._root = _Node(None, "")
        self._clusters: dict[ClusterId, _Cluster] = {}
        # Least-frequent-first eviction in O(1): clusters by count, each bucket in
        # least-recently-used order (a dict keeps insertion order).
        self._buckets: dict[int, dict[ClusterId, None]] = {}
        self._min_count = 0
        self._next_id = 1
        self._tokens = TokenCache(self.rules)
        self._exact: dict[tuple[str, ...], _Cluster] = {}
        """Lines the tree last sent to a cluster whose template they equal, and that
        cluster: the same line goes there again until a template changes or a cluster
        is evicted (each clears this), so most lines skip the tree (a template repeated
        exactly is most of a log's error lines). A new cluster changes no answer: its
        line had no cluster of its own template, so it is no key. At most one key per
        live cluster: a key equals its cluster's template."""
        self.evicted = 0
        """Clusters dropped so far to stay under ``max_clusters``."""

    def __len__(self) -> int:
        return len(self._clusters)

    def tokens(self, text: str) -> list[str]:
        """The masked tokens of a line, as the miner sees it (remembered for recent
        texts: :class:`TokenCache`)."""
        return list(self._tokens(text))

    def add(self, text: str) -> ClusterId:
        """Add one message; returns the id of the cluster it joined or started."""
        return self.add_tokens(self.tokens(text))

    def add_tokens(self, tokens: Sequence[str]) -> ClusterId:
        """Add one message given as its masked tokens (:func:`masked_tokens` with this
        miner's rules), masked elsewhere: in a worker process, say."""
        key = tuple(tokens)
        cluster = self._exact.get(key)
        if cluster is not None:
            self._count(cluster)
            return cluster.id
        return self._add(list(key))

    def _add(self, tokens: list[str]) -> ClusterId:
        """:meth:`add_tokens` through the tree."""
        leaf = self._leaf(tokens, create=True)
        assert leaf is not None
        best = self._best(leaf, tokens)
        if best is None:
            return self._create(tokens)
        if best.tokens == tokens:
            self._exact[tuple(tokens)] = best
        self._merge(best, tokens)
        return best.id

    def match(self, text: str) -> ClusterId | None:
        """The cluster a message would join, without learning from it; ``None`` if none."""
        tokens = self.tokens(text)
        leaf = self._leaf(tokens, create=False)
        if leaf is None:
            return None
        best = self._best(leaf, tokens)
        return None if best is None else best.id

    def template(self, cluster_id: ClusterId) -> str:
        """The current template of a live cluster; ``KeyError`` for an unknown id."""
        return " ".join(self._clusters[cluster_id].tokens)

    def cluster(self, cluster_id: ClusterId) -> Cluster:
        """A snapshot of a live cluster; ``KeyError`` for an unknown (or evicted) id."""
        c = self._clusters[cluster_id]
        return Cluster(c.id, " ".join(c.tokens), c.count)

    def __contains__(self, cluster_id: object) -> bool:
        return cluster_id in self._clusters

    def clusters(self) -> tuple[Cluster, ...]:
        """Snapshots of the live clusters, oldest first."""
        return tuple(self.cluster(cid) for cid in sorted(self._clusters))

    # -- the tree ---------------------------------------------------------------

    def _leaf(self, tokens: list[str], *, create: bool) -> _Node | None:
        """The leaf for a line: by token count, then its first ``depth`` tokens."""
        node = self._child(self._root, str(len(tokens)), create=create, capped=False)
        for token in tokens[: self.depth]:
            if node is None:
                return None
            node = self._child(node, route_key(token), create=create, capped=True)
        return node

    def _child(self, node: _Node, key: str, *, create: bool, capped: bool) -> _Node | None:
        """The child of ``node`` for ``key``, falling back to (or creating) ``<*>``."""
        child = node.children.get(key)
        if child is not None:
            return child
        if not create:
            return node.children.get(WILDCARD)
        if capped and key != WILDCARD and len(node.children) >= self.max_children - 1:
            key = WILDCARD
            child = node.children.get(key)
            if child is not None:
                return child
        child = _Node(node, key)
        node.children[key] = child
        return child

    # -- clusters ---------------------------------------------------------------

    def _best(self, leaf: _Node, tokens: list[str]) -> _Cluster | None:
        """The leaf's most similar cluster that the line may join.

        A cluster qualifies when the line may join it (:func:`may_join` at every
        differing position) and the share of positions where the line fits its template
        (``<*>`` included) reaches ``similarity``. Among those, the one with the most
        *exactly equal* tokens wins, then the most fitting ones, then the oldest: a line
        goes to the template that spells it out rather than to one that merely admits it
        (``a b <*>`` admits ``a b Paused``, but ``a b Paused`` is its own group).

        A template equal to the line ranks highest, so the oldest such cluster is looked
        for first, with one list comparison each: masked error lines mostly repeat their
        template exactly, and the token-by-token loop is most of the cost of mining.
        """
        for cluster in leaf.clusters:
            if cluster.tokens == tokens:
                return cluster
        return self._ranked(leaf, tokens)

    def _ranked(self, leaf: _Node, tokens: list[str]) -> _Cluster | None:
        """:meth:`_best` by ranking every cluster of the leaf, token by token."""
        best: _Cluster | None = None
        best_rank = (-1, -1)
        n = len(tokens)
        for cluster in leaf.clusters:
            exact = fitting = 0
            joinable = True
            for mine, theirs in zip(cluster.tokens, tokens, strict=True):
                if mine == theirs:
                    exact += 1
                    fitting += 1
                elif fits(mine, theirs):
                    fitting += 1
                elif not may_join(mine, theirs):
                    joinable = False
                    break
            if not joinable or (n and fitting < self.similarity * n):
                continue
            rank = (exact, fitting)
            if rank > best_rank:
                best, best_rank = cluster, rank
        return best

    def _merge(self, cluster: _Cluster, tokens: list[str]) -> None:
        """Add a line to a cluster: differing positions become ``<*>``."""
        template = cluster.tokens
        if template != tokens:
            self._exact.clear()
            for i, token in enumerate(tokens):
                if template[i] != token:
                    template[i] = generalize(template[i], token)
        self._count(cluster)

    def _count(self, cluster: _Cluster) -> None:
        """One more line in ``cluster``: its place in the eviction order."""
        bucket = self._buckets[cluster.count]
        del bucket[cluster.id]
        if not bucket:
            del self._buckets[cluster.count]
            if self._min_count == cluster.count:
                self._min_count += 1
        cluster.count += 1
        self._buckets.setdefault(cluster.count, {})[cluster.id] = None

    def _create(self, tokens: list[str]) -> ClusterId:
        """Start a cluster, first dropping one if the cap is reached."""
        if len(self._clusters) >= self.max_clusters:
            self._evict()
        # Looked up after the eviction, which may have pruned the line's own path.
        leaf = self._leaf(tokens, create=True)
        assert leaf is not None
        cluster_id = ClusterId(self._next_id)
        self._next_id += 1
        cluster = _Cluster(cluster_id, tokens, leaf)
        leaf.clusters.append(cluster)
        self._clusters[cluster_id] = cluster
        self._buckets.setdefault(1, {})[cluster_id] = None
        self._min_count = 1
        return cluster_id

    def _evict(self) -> None:
        """Drop the least frequent cluster (least recently used among equals)."""
        self._exact.clear()
        bucket = self._buckets[self._min_count]
        victim_id = next(iter(bucket))
        del bucket[victim_id]
        if not bucket:
            del self._buckets[self._min_count]
            self._min_count = min(self._buckets, default=0)
        if self._on_evict is not None:
            self._on_evict(victim_id)
        victim = self._clusters.pop(victim_id)
        self.evicted += 1
        node: _Node | None = victim.leaf
        node_clusters = victim.leaf.clusters
        node_clusters.remove(victim)
        while node is not None and node.parent is not None and not node.children:
            if node.clusters:
                break
            del node.parent.children[node.key]
            node = node.parent
