"""A question put as a statement of wanting to know is no proof the concern went unexplored.

"I wonder what made you think of that", "Keen to know which part of the roof you mean"
or "Say a bit more about the tiles" invite the customer to tell more without a question
mark, so the grader makes no "I couldn't find a question about the concern" claim. A
reply that tells the seller's side, pitches or books still gets it. Written for these
tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from .support import SOLAR_WORRY, grade
from .test_absence_claims import assert_absence_claimed, assert_undecided_without_claim

pytestmark = pytest.mark.unit

AFTER = (
    "C: Yes, two winters ago the old satellite dish let water in.",
    "T: Right. We fix to the rafters, not the tiles.",
    "C: Okay.",
)
KEY = ("objection_handling", "explores_concern")


@pytest.mark.parametrize(
    "reply",
    [
        "I wonder what made you think of that.",
        "Say a bit more about the tiles.",
        "Keen to know which part of the roof you mean.",
        "You mentioned the tiles, I'd like to hear what they're like.",
    ],
)
def test_a_statement_asking_about_the_concern_makes_no_absence_claim(reply: str) -> None:
    result = grade(*SOLAR_WORRY, f"T: {reply}", *AFTER)
    assert_undecided_without_claim(result, *KEY)


@pytest.mark.parametrize(
    "reply",
    [
        "Our panels are great.",
        "Let me tell you about our spring offer.",
        "I know what you mean, our panels are the best around.",
        "It's really popular, honestly you'll wonder how you managed without it.",
    ],
)
def test_a_statement_past_the_concern_is_still_told(reply: str) -> None:
    assert_absence_claimed([*SOLAR_WORRY, f"T: {reply}", *AFTER], *KEY)
