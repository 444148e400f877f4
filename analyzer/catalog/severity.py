"""The default severity of an entry, since vendor documents state none.

The rule is deliberately simple so that a reader can predict it, and any catalog
file can override it per entry (``severity:`` in an entry or a patch):

* ``info``: the code is 0, or the entry's text says the call succeeded
  (TPNS ``0`` "The call is successful.") -- a success code is not a problem;
* ``error``: everything else. Documents list failures, and an error code in a
  log means an API call failed.
"""

from __future__ import annotations

import re

from analyzer.model import CatalogEntry, Severity

_SUCCESS = re.compile(
    r"^\s*(?:the\s+)?(?:call|operation|request)\s+(?:is|was)\s+successful\b|^\s*success(?:ful)?\.?\s*$"
    r"|^\s*(?:调用)?成功",
    re.I,
)


def default_severity(entry: CatalogEntry) -> Severity:
    """Severity for an entry whose catalog file does not set one."""
    text = entry.message or entry.description
    if entry.value == 0 or _SUCCESS.search(text or ""):
        return Severity.INFO
    return Severity.ERROR
