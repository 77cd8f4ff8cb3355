"""An assent held back from the step, true only in theory ("Sounds great in theory.") or
waiting on something not yet known ("Could do, depends on the price."), is no commitment.
A line that goes on past the hedge to take the step, in so many words or with a day, is."""

from __future__ import annotations

import pytest

from .support import WINDOWS_PROPOSAL, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("reply", "agrees"),
    [
        ("Sounds great in theory.", False),
        ("In principle, yes.", False),
        ("Could do, depends on the price.", False),
        ("Yes, depending on what the landlord says.", False),
        ("On paper it's fine.", False),
        # near misses: the step taken after the hedge
        ("In principle, yes, so book me in.", True),
        ("It depends on the weather, but go on, Monday at eight.", True),
        ("Monday at eight's fine.", True),
    ],
)
def test_an_assent_held_back_is_no_commitment(reply: str, agrees: bool) -> None:
    result = grade(*WINDOWS_PROPOSAL, f"C: {reply}", "T: Thanks, speak soon.")
    assert result.commitment_secured is agrees
    assert (result.verdict("closing", "commitment") == "passed") is agrees
