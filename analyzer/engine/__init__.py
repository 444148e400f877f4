"""The scan: finds catalog entries and error records in an input's lines.

:mod:`.interface` is the contract every engine implements and :mod:`.registry` names
them; :mod:`.plain` parses every line, :mod:`.fast` prefilters bytes with hyperscan.
Both run the same rules: error codes in context (:mod:`.codes`), signatures
(:mod:`.signatures`), context evidence (:mod:`.context`), the matcher that decides
(:mod:`.matcher`), and which records are error records (:mod:`.errorlines`).
"""
