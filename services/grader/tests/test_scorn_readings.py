"""The customer's assent or praise said in scorn: praise of one more of something with
nothing counted ("Oh great, another promise.", "Lovely, more paperwork."), or disbelief in
agreement's words as the turn's last word ("Yeah, right.", "Sure you will.", "As if.",
"Sure, whatever you say.").
It accepts no step and eases no concern. A sincere "Great, two more cleans a month",
"Yeah, right, Monday at eight" or "Sure you can" keeps its yes."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import assert_commits_to_nothing, grade, reply_to_proposal

pytestmark = pytest.mark.unit

_SCORN = (
    "C: Oh great, another promise.",
    "C: Lovely, more paperwork.",
    "C: Brilliant, just what I needed, another bill.",
    "C: Yeah, right.",
    "C: Monday at eight? Yeah, right.",
    "C: Sure you will.",
    "C: Of course you will.",
    "C: As if.",
    "C: Sure, whatever you say.",
)


@pytest.mark.parametrize("reply", _SCORN)
def test_scorn_in_agreement_words_commits_to_nothing(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert_commits_to_nothing(result)


@pytest.mark.parametrize(
    "reply",
    [
        "C: Yeah, right, Monday at eight.",
        "C: Great, two more cleans a month for the same money. Monday at eight's fine.",
        "C: Sure you can, Monday at eight.",
        "C: Lovely, more light in the shop. Monday suits.",
    ],
)
def test_sincere_agreement_in_the_same_words_stays_a_yes(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured


_WORRY = (
    "T: Hi, Sam from Clearview Alarms, we fit shop alarms.",
    "C: The last firm promised the earth and the alarm went off every night for nothing.",
    "T: That sounds maddening. Our engineer tests every sensor before leaving and we refund "
    "the fitting if it false-alarms in the first month.",
)


def _after_answer(reply: str) -> GradeResult:
    return grade(
        *_WORRY, reply, "T: Could I pop round Thursday at ten to look at the shop?", "C: Fine."
    )


@pytest.mark.parametrize("reply", ["C: Oh great, another promise.", "C: Sure you will."])
def test_scorn_after_an_answer_is_no_reassurance(reply: str) -> None:
    assert _after_answer(reply).verdict("objection_handling", "customer_reassured") != "passed"


@pytest.mark.parametrize("reply", ["C: Great, that helps.", "C: Lovely, that's a relief."])
def test_relief_after_an_answer_is_reassurance(reply: str) -> None:
    assert _after_answer(reply).verdict("objection_handling", "customer_reassured") == "passed"
