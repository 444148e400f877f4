"""The fuzzing budget: 2,000 examples per target in every run, 100,000 on request.

``pytest`` runs every target with ``ANALYZER_FUZZ_EXAMPLES`` examples (2,000 by
default, the CI budget). ``pytest -m fuzz`` (the opt-in long run) raises it to
100,000 unless the variable says otherwise.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

LONG_RUN = 100_000
DEFAULT = 2_000


def budget() -> int:
    """Examples per target for this run."""
    return int(os.environ.get("ANALYZER_FUZZ_EXAMPLES", DEFAULT))


def fuzz_settings() -> settings:
    """Hypothesis settings for a fuzz target: the budget, no deadline, no database."""
    return settings(
        max_examples=budget(),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
