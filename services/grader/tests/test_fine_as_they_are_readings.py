"""The customer's own state in agreement's words, said to an offer, is a polite no: "We're
good, thanks.", "I'm alright, cheers.", and the caller told they need not trouble, "You're
alright, thanks." Ready for the step, free at its time, or at ease with it is a yes."""

from __future__ import annotations

import pytest

from .support import WINDOWS_PROPOSAL, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("reply", "agrees"),
    [
        ("We're good, thanks.", False),
        ("I'm alright, cheers.", False),
        ("You're alright, thanks.", False),
        ("We'll be fine, thanks.", False),
        ("We're fine for now, ta.", False),
        # near misses: ready, free at the time, at ease with it, or agreeing besides
        ("We're good to go.", True),
        ("I'm fine with that.", True),
        ("Lovely, I'm good for Monday.", True),
        ("Yes, we're good, see you then.", True),
    ],
)
def test_the_customers_own_state_is_a_polite_no(reply: str, agrees: bool) -> None:
    result = grade(*WINDOWS_PROPOSAL, f"C: {reply}", "T: Thanks, speak soon.")
    assert result.commitment_secured is agrees
    assert (result.verdict("closing", "commitment") == "passed") is agrees
