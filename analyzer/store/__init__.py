"""How a scan keeps what it finds: the row codec (:mod:`.rows`) and the store of rows
that spills to disk past a memory budget (:mod:`.spill`).

Only the stages that produce and collect occurrences (the engines, the unknown-error
collector, triage's match store) use this package; reports and redaction read
occurrences through :class:`~analyzer.model.Occurrences`.
"""
