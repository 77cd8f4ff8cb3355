"""The one the call is for is gone: the customer says the person asked for has died,
left or moved ("The person you're asking for died in March", "He passed away last
year", "Mummy's not here"), or asks for the number to come off the list ("Please remove
this number"). As with a wrong number, nothing said after it earns: no questions, no
step, no commitment. A customer who has lost someone and runs things now ("My husband
passed away, so I run the farm now"), or asks to have something else removed, is the
one to talk to."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit


def _call(first: str) -> GradeResult:
    return grade(
        "T: Hello, is that Mr Patel? Ana from Brightwatt Energy, about your electricity tariff.",
        f"C: {first}",
        "T: I appreciate that. What does your ideal tariff look like, and what do you pay now?",
        "C: About ninety a month, I suppose.",
        "T: Great. Can I book a switching call for Thursday at four?",
        "C: Thursday at four, fine.",
        "T: Lovely, Thursday at four it is.",
    )


@pytest.mark.parametrize(
    "first",
    [
        pytest.param("The person you're asking for died in March.", id="asked-for-died"),
        pytest.param("He passed away last year.", id="he-passed-away"),
        pytest.param("Sorry, the man you want moved out in the spring.", id="asked-for-moved"),
        pytest.param("Mummy's not here, I'm seven.", id="child"),
        pytest.param("Please remove this number from your list.", id="remove-number"),
    ],
)
def test_the_party_gone_leaves_nothing_to_earn(first: str) -> None:
    result = _call(first)
    assert not result.commitment_secured
    assert result.virtual_earnings == 0
    assert result.verdict("closing", "proposes_next_step") != "passed"


@pytest.mark.parametrize(
    "first",
    [
        pytest.param(
            "My husband passed away, so I run the house and the bills now.", id="runs-now"
        ),
        pytest.param(
            "Yes, speaking. Can you remove the old meter while you're at it?", id="remove-meter"
        ),
        pytest.param("Yes, that's me. My son moved out, so it's just me here now.", id="son-moved"),
    ],
)
def test_the_one_to_talk_to_still_earns(first: str) -> None:
    result = _call(first)
    assert result.commitment_secured
    assert result.virtual_earnings > 0
