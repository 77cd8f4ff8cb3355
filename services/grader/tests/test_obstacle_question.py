"""A "no" to a question whether anything stands in the way of the step clears the way:
what follows it decides ("No, Thursday at two is fine." agrees)."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import claims, grade

pytestmark = pytest.mark.unit


def _call(question: str, reply: str) -> GradeResult:
    return grade(
        "T: Hi Dana, Sam from Brightline Print here.",
        "C: Hi. How much for two hundred flyers?",
        "T: About sixty, depending on the paper. Let's book Thursday at two to go over the "
        f"proofs. {question}",
        f"C: {reply}",
        "T: Great, Thursday at two then.",
    )


@pytest.mark.parametrize(
    "question",
    [
        "Anything stopping us?",
        "Any reason not to?",
        "Is there anything in the way?",
        "Any problem with that?",
    ],
)
def test_a_no_that_clears_the_way_agrees(question: str) -> None:
    result = _call(question, "No, Thursday at two is fine.")
    assert result.commitment_secured
    assert not claims(result, "closing", "commitment")


def test_a_no_that_refuses_outright_still_refuses() -> None:
    result = _call("Anything stopping us?", "Nope, not interested.")
    assert not result.commitment_secured


def test_a_no_to_the_step_itself_is_still_a_no() -> None:
    # near miss: the question asks for the step, not for an obstacle
    result = _call("Does that work?", "No, Thursday's no good.")
    assert not result.commitment_secured
