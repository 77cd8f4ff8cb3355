"""A risk asked as what becomes of what is theirs is a concern: "What if your servers get
hacked?", "What happens to my data if you go bust?".

A risk put as a question was read when its condition named a failure of the offer ("what
if it breaks down?") and followed "what happens if" at once; harm done to what the
customer keeps with the seller (hacked, stolen, damaged, wiped) and "what happens to my
data if …" raised nothing, so the trainee who met the worry had no concern handled.
Questions about the offer's scope ("What happens if we want more users?", "What happens
to the old boiler?") stay none. Written for these tests, not taken from either
evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        "What if your servers get hacked? Those are patient files.",
        "What happens to my data if you go bust?",
        "What if the parcel gets damaged on the way?",
    ],
)
def test_harm_to_what_is_theirs_asked_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "What happens if we want more users?",
        "What happens to the old boiler?",
        "What if we want a second site later?",
    ],
)
def test_a_question_about_the_offer_is_none(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 0


def test_the_hacking_worry_met_is_handled() -> None:
    result = grade(
        "T: Hi Priya, Sean from VaultBox, about backing up the practice's records.",
        "C: What if your servers get hacked? Those are patient files.",
        "T: Patient files are exactly what you can't afford to lose. Who has access to them today?",
        "C: Just me and the office manager.",
        "T: We encrypt them on your machine before upload, so only you two hold the keys.",
        "C: Okay, that's reassuring.",
    )
    assert result.verdict("objection_handling", "explores_concern") == "passed"
    assert result.verdict("objection_handling", "answers_concern") == "passed"
