"""The sentence quoted as the proposal is the one the customer took up: a time an earlier
sentence of the line mentions in passing ("That's a pain every morning.") is no offer
when the customer accepts the time a later sentence offered."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit


def _closing(result: GradeResult, check: str) -> str:
    closing = next(d for d in result.details if d.criterion == "closing")
    return next(c for c in closing.checks if c.id == check).evidence[0]


def _call(line: str) -> GradeResult:
    return grade(
        "C: Hello, Brennan's Bakery.",
        "T: Hi, I'm Maya from Coldline Refrigeration. Is this the owner?",
        "C: Speaking. What's this about?",
        "T: We service walk-in coolers. Have you had any trouble with yours lately?",
        "C: Actually yes, it's been icing up at the back. I scrape it every morning.",
        line,
        "C: Wednesday at eight works.",
        "T: Great, Wednesday at eight then. I'll text you the tech's name today.",
    )


@pytest.mark.parametrize(
    "passing",
    ["That's a pain every morning.", "Scraping ice before every Saturday rush is no fun."],
)
def test_a_time_said_in_passing_is_not_the_offer_taken(passing: str) -> None:
    result = _call(f"T: {passing} I could send a tech Wednesday at eight, before you open.")
    offer = "I could send a tech Wednesday at eight, before you open."
    assert _closing(result, "proposes_next_step") == offer
    assert _closing(result, "specific_time") == offer
    assert result.commitment_secured


def test_a_time_the_customer_turns_into_their_own_is_still_a_bargain() -> None:
    # near miss: the trainee's only time is turned down for one the customer names, and
    # the trainee takes it, so that time is what the customer committed to
    result = grade(
        "T: Hi, Maya from Coldline Refrigeration. Your cooler's been icing up, I hear.",
        "C: It has. What can you do?",
        "T: A tech is free Tuesday at nine.",
        "C: Tuesday's no use. Wednesday at eight.",
        "T: Wednesday at eight it is.",
        "C: Good.",
    )
    assert _closing(result, "proposes_next_step") == "A tech is free Tuesday at nine."
    assert result.commitment_secured
