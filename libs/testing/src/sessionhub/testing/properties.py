"""How many examples a Hypothesis property test draws, by test tier."""

from __future__ import annotations

import os

#: set by ``make test-fast``: its property tests run again at full strength in ``make test``
QUICK = os.environ.get("SESSIONHUB_QUICK_PROPERTIES") == "1"


def examples(full: int) -> int:
    """``full`` in the whole suite; a tenth (at least 20) in the fast tier, which is meant
    to answer in under a minute while ``make test`` searches as hard as the property deserves."""
    return max(20, full // 10) if QUICK else full
