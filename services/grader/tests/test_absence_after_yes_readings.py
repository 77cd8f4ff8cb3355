"""A yes that ends on the customer's absence for a stretch of time ("Yes. I'm away all
next week though.") or their place shut for one leaves the step waiting on them: no
commitment. An absence the line goes on to arrange round, one said as a case, one on a
day other than the one proposed, and being in, keep the yes."""

from __future__ import annotations

import pytest

from .support import WINDOWS_PROPOSAL, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("reply", "agrees"),
    [
        ("Yes. I'm away all next week though.", False),
        ("Sure, I'm off on holiday till the twentieth, mind.", False),
        ("Okay, though the shop's shut for the refit this month.", False),
        ("Sounds good. We're not around much this month, mind.", False),
        # near misses: arranged round, a case, another day, or being there
        ("Great, I'm away the week after, so that's fine.", True),
        ("Yes, I'm away till Sunday but Monday's fine.", True),
        ("Monday's fine, I'm away Friday though.", True),
        ("Yes, and if I'm away my son will open up.", True),
        ("Lovely, I'm in all week.", True),
    ],
)
def test_a_yes_ending_on_an_absence_is_no_commitment(reply: str, agrees: bool) -> None:
    result = grade(*WINDOWS_PROPOSAL, f"C: {reply}", "T: Thanks, speak soon.")
    assert result.commitment_secured is agrees
    assert (result.verdict("closing", "commitment") == "passed") is agrees
