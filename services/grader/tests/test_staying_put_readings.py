"""Staying put said in the customer's own "I'll" is no ease: "I'll keep what we have, thanks."

"I'll", "we'll" and "thanks" read as agreement, so a customer who ended a weak reply by
keeping what they have, staying where they are, looking around or managing themselves
was read as reassured. These say the customer goes their own way. A yes that goes on to
where the customer will be for the step ("I'll stay where I am on the till so you can
find me") still agrees. Written for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from .support import grade, reply_to_proposal

pytestmark = pytest.mark.unit

PAYROLL_WORRY = (
    "T: Hi Bec, Liam from PayDay, you downloaded our payroll guide.",
    "C: Honestly, I'm worried switching payroll mid-year will be a mess.",
    "T: We're the leading payroll platform in Australia, thousands of businesses love us.",
)


@pytest.mark.parametrize(
    "reaction",
    [
        "I'll keep what we have, thanks.",
        "We'll look around then.",
        "Ag, I'll stay where I am for now.",
        "We'll manage ourselves for now.",
    ],
)
def test_staying_put_is_no_ease(reaction: str) -> None:
    result = grade(*PAYROLL_WORRY, f"C: {reaction}")
    assert result.verdict("objection_handling", "customer_reassured") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "C: Yes, Monday at eight, I'll stay where I am on the till so you can find me.",
        "C: Monday at eight's fine, I'll look around the back for the ladder key.",
    ],
)
def test_a_yes_that_says_where_they_will_be_still_agrees(reply: str) -> None:
    assert reply_to_proposal(reply).commitment_secured
