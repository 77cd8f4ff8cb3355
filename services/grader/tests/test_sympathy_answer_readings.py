"""Stock sympathy followed at once by an answer to the concern is no proof of ignoring it.

"I hear you." before the seller's business reads as a brush-off, and the detector gives
it no credit; but when the very next sentence could answer the concern ("We fix to the
rafters, not the tiles"), the trainee may well have recognised it, so the grader makes
no "I couldn't find" claim about the acknowledgement. Sympathy on the way to the seller's
standing, a pitch or an offer still gets the claim. Written for these tests, not taken
from either evaluation set.
"""

from __future__ import annotations

import pytest

from .support import SOLAR_WORRY, grade
from .test_absence_claims import assert_absence_claimed, assert_undecided_without_claim

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        "I get that. We fix to the rafters, not the tiles, and seal every bracket.",
        "I hear you. We bolt through to the rafters and flash every bracket, so the tiles "
        "never take the load.",
        "I understand. Any leak from our fixings is covered for twenty-five years.",
    ],
)
def test_sympathy_then_an_answer_makes_no_absence_claim(reply: str) -> None:
    result = grade(*SOLAR_WORRY, f"T: {reply}", "C: Okay.")
    assert_undecided_without_claim(result, "objection_handling", "acknowledges_concern")


@pytest.mark.parametrize(
    "reply",
    [
        "I hear you. We've been in business thirty years and we're the biggest in the county.",
        "I hear you. Our panels are the best on the market.",
        "Sorry about that. We have ten percent off this month.",
        "Our panels are the most efficient on the market and come in black.",
    ],
)
def test_sympathy_on_the_way_to_the_pitch_is_still_told(reply: str) -> None:
    lines = [*SOLAR_WORRY, f"T: {reply}", "C: Okay."]
    assert_absence_claimed(lines, "objection_handling", "acknowledges_concern")
