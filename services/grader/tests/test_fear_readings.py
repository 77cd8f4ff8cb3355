"""A fear said by its degree or its kind is a concern: "I'm terrified of the motorway".

Worry words were read ("worried", "scared", "nervous"), but a customer who says they are
terrified, dread something, or are anxious or uneasy about it raised nothing, so a trainee
who met that fear had no concern handled at all. Fear denied or past ("I'm not anxious
about it at all", "I was terrified at first, but now I'm fine with it") is none. Written
for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        "Honestly, I'm terrified of driving on the motorway.",
        "I dread the thought of strangers in the house all week.",
        "I'd be uneasy leaving the keys with someone I don't know.",
        "I'm a bit anxious about handing over the accounts.",
    ],
)
def test_a_fear_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    ["I'm not anxious about it at all.", "I was terrified at first, but now I'm fine with it."],
)
def test_a_fear_denied_or_past_is_none(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 0


def test_a_fear_met_is_handled() -> None:
    result = grade(
        "T: Hi Amy, Raj from Clearway Driving School, about your lessons.",
        "C: Honestly, I'm terrified of driving on the motorway.",
        "T: Plenty of new drivers feel that way about fast roads. What part of it scares you most?",
        "C: Joining from the slip road.",
        "T: We'd start with two lessons just on quiet slip roads on a Sunday morning.",
        "C: Okay, that sounds doable.",
    )
    assert result.objection_handling_score == 100
