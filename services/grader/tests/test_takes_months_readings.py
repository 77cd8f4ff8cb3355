"""The time the offer would eat, held against it, is a concern: "training everyone will
take months".

What the offer would cost in work was read when it meant closing, retraining or losing;
a customer saying it would take months, ages or forever raised nothing, so the trainee
who met that worry had no concern handled. A delivery time ("the paint will take weeks to
arrive"), months taken off, or "I'll take it" are none. Written for these tests, not
taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        "Training all my staff on new software will take months, na.",
        "Moving all our files over would take us ages.",
        "It'd take forever to get everyone on it.",
    ],
)
def test_the_time_it_would_eat_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "The paint will take weeks to arrive.",
        "We'll take months off in the summer, so after that.",
        "I'll take it, thanks.",
    ],
)
def test_a_delivery_time_or_a_yes_is_none(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 0


def test_the_training_worry_met_is_handled() -> None:
    result = grade(
        "T: Hello Mr Sharma, Neha from TallyPro, about the inventory module.",
        "C: Training all my staff on new software will take months, na.",
        "T: Months of training is a real cost for a shop your size. How many people would use it?",
        "C: Four people only.",
        "T: For four we do two half-day sessions at your shop, in Hindi, included.",
        "C: Achha, then it's fine. Let's do.",
    )
    assert result.objection_handling_score == 100
