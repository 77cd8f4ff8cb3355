"""Gladness at what the customer just said ("Good to hear they're looking after you.")
takes the line up though it shares no word with it; at a trouble the customer told, the
same words take nothing up."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit


def _responsive(result: GradeResult) -> str:
    rapport = next(d for d in result.details if d.criterion == "rapport")
    return next(c for c in rapport.checks if c.id == "responsive").verdict


def _call(news: str, glad: str) -> GradeResult:
    return grade(
        "C: Maple Street Dental, Anita speaking.",
        "T: Hi Anita, this is Sam with BrightSmile Supplies. Do you have two minutes?",
        "C: Two minutes, sure.",
        "T: Thanks. Who handles ordering your gloves and masks at the moment?",
        f"C: I do. {news}",
        f"T: {glad} What would make you look at another supplier?",
        "C: Price, I suppose.",
    )


@pytest.mark.parametrize(
    "glad",
    [
        "Good to hear they're looking after you.",
        "Good to hear.",
        "That's good to know.",
        "Oh, nice to hear they treat you well.",
    ],
)
def test_gladness_at_good_news_takes_it_up(glad: str) -> None:
    result = _call("We use a local wholesaler, and honestly they're fine.", glad)
    assert _responsive(result) == "passed"


def test_gladness_at_a_trouble_takes_nothing_up() -> None:
    result = _call("Our last wholesaler went bust and we lost a month of orders.", "Good to hear.")
    assert _responsive(result) != "passed"


def test_a_question_of_gladness_is_no_uptake_by_itself() -> None:
    result = _call("We use a local wholesaler.", "Good to hear, right?")
    assert _responsive(result) != "passed"
