"""Unknown errors: group the error records no catalog entry explains into templates.

A catalog never covers everything, and the cause of a failure is often an error line
it has never seen. This package groups those lines the way Sentry and Drain do,
offline, so a report can show the catalog's findings and the unknown errors side by
side:

* :mod:`.masking` -- the variable parts of a message (numbers, hex, ids, paths,
  durations, addresses, URLs, UUIDs, times, quoted strings) as data: ordered
  ``(name, regex, token)`` rules and :func:`mask`;
* :mod:`.tokens` -- how tokens compare (only values vary, by shape) and whether one
  template covers another (:func:`covers`);
* :mod:`.miner` -- :class:`TemplateMiner`, a streaming, bounded, deterministic
  masking-plus-prefix-tree miner producing ``<*>`` templates;
* :mod:`.collector` -- :class:`UnmatchedCollector`, which takes the error records the
  engines classify and returns :class:`~analyzer.model.UnmatchedGroup` values.

Why a miner of our own rather than the ``drain3`` package, measured on loghub's
labelled samples, is in ``docs/unknown-errors.md``.
"""

from __future__ import annotations

from analyzer.model import template_key
from analyzer.templates.collector import UnmatchedCollector
from analyzer.templates.masking import MASK_RULES, MASK_TOKENS, MaskRule, mask
from analyzer.templates.miner import Cluster, ClusterId, TemplateMiner
from analyzer.templates.tokens import WILDCARD, covers, message_tokens

__all__ = [
    "MASK_RULES",
    "MASK_TOKENS",
    "WILDCARD",
    "Cluster",
    "ClusterId",
    "MaskRule",
    "TemplateMiner",
    "UnmatchedCollector",
    "covers",
    "mask",
    "message_tokens",
    "template_key",
]
