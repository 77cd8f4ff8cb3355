"""A question put as a statement of wanting to know is no proof the concern went unexplored.

"I wonder what made you think of that", "Keen to know which part of the roof you mean"
or "Say a bit more about the tiles" invite the customer to tell more without a question
mark, so the grader makes no "I couldn't find a question about the concern" claim. A
reply that tells the seller's side, pitches or books still gets it. Written for these
tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.evaluation.schemas import transcript

from .support import GRADER, grade
from .test_absence_claims import assert_undecided_without_claim

pytestmark = pytest.mark.unit

OPENING = (
    "T: Hi Dev, it's Mara from Brightline Solar, you filled in our form about panels.",
    "C: Yeah, but honestly I'm worried the panels will leak through the roof tiles.",
)
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
    result = grade(*OPENING, f"T: {reply}", *AFTER)
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
    answer = GRADER.assess(transcript([*OPENING, f"T: {reply}", *AFTER])).answers[KEY]
    assert answer.verdict == "failed"
    assert answer.improvement is not None
    assert "I couldn't find" in answer.improvement
