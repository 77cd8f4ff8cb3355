"""An answer about the seller's side, or a short one, is no proof the concern went unanswered.

"Our brackets go into the rafters, never the tiles" opens like a pitch, and "Never had
one leak." is too short for the detector's answer form; both take up what the concern is
about, so the grader makes no "I couldn't find an answer" claim. A pitch naming only the
product, an offer, the seller's standing or "we take every worry seriously" still gets
it. Written for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from .support import SOLAR_WORRY, grade
from .test_absence_claims import assert_absence_claimed, assert_undecided_without_claim

pytestmark = pytest.mark.unit

KEY = ("objection_handling", "answers_concern")


@pytest.mark.parametrize(
    "reply",
    [
        "Fair enough. Our brackets go into the rafters, never the tiles.",
        "Makes sense. Our mounts have never leaked in twelve years.",
        "Talk me through what you've heard about leaks. Our hooks sit on the rafters, never the "
        "tiles.",
        "Fair enough. Never had one leak. Not once.",
        "Fair enough. Rafters, not tiles.",
    ],
)
def test_an_answer_in_the_concerns_words_makes_no_absence_claim(reply: str) -> None:
    result = grade(*SOLAR_WORRY, f"T: {reply}", "C: Okay.")
    assert_undecided_without_claim(result, *KEY)


@pytest.mark.parametrize(
    "reply",
    [
        "Fair enough. Our panels are the most efficient on the market.",
        "Fair enough. We have ten percent off installs this month.",
        "Fair enough. We are the biggest installer in the county.",
        "Fair enough. Our team takes every worry seriously.",
        "Fair enough. Our panels never fade.",
    ],
)
def test_a_pitch_past_the_concern_is_still_told(reply: str) -> None:
    assert_absence_claimed([*SOLAR_WORRY, f"T: {reply}", "C: Okay."], *KEY)
