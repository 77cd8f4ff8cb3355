"""Declining worded mildly, read by its form: not troubling with the step ("I'll not
bother, mind", "we won't bother this year") or giving it a miss, whatever agreement word
comes with it, is no commitment. "No bother" and "not a bother" (no trouble at all), not
bothering with something else ("I'll not bother asking the wife") and sparing the
trainee an errand ("Don't bother sending the brochure, just come Tuesday") refuse
nothing. Nor is a yes on a time that will never come ("Sure, when I win the lottery",
"when pigs fly"); a yes on a real one ("when I get back from holiday") reads as before."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "T: Morning Mr Okafor, it's Bryn from Fernleaf Tree Surgery.",
    "C: Morning.",
    "T: How are the big limes along the drive doing?",
    "C: Dropping branches on the cars every time it blows.",
    "T: Could our climber come and look at them on Tuesday at nine?",
)


def _call(reply: str) -> GradeResult:
    return grade(*_OPEN, f"C: {reply}", "T: Right you are.")


@pytest.mark.parametrize(
    "reply",
    [
        # the lead's
        "I'll not bother, mind.",
        # written after the rule
        "We'll not bother, thanks.",
        "Ach, I won't bother.",
        "I think we'll not bother this year.",
        "Sure, I'll not bother.",
        "We'll give the survey a miss, ta.",
    ],
)
def test_not_bothering_with_the_step_declines_it(reply: str) -> None:
    result = _call(reply)
    assert result.verdict("closing", "commitment") == "failed"
    assert not result.commitment_secured


@pytest.mark.parametrize(
    "reply",
    [
        "No bother, Tuesday at nine's fine.",
        "Not a bother, come Tuesday at nine.",
        "Tuesday at nine is no bother at all.",
        "I'll not worry about it then, Tuesday at nine it is.",
    ],
)
def test_no_bother_stays_a_yes(reply: str) -> None:
    result = _call(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured


@pytest.mark.parametrize(
    "reply",
    [
        "Don't bother sending the brochure, just come Tuesday.",
        "Go on, I'll not bother asking the wife, Tuesday's fine.",
        "We won't bother to shop around, Tuesday's grand.",
    ],
)
def test_sparing_another_errand_refuses_nothing(reply: str) -> None:
    assert _call(reply).verdict("closing", "commitment") != "failed"


# --------------------------------------------------------------------------- never


@pytest.mark.parametrize(
    "reply",
    [
        # the lead's
        "Sure, when I win the lottery.",
        # written after the rule
        "Yeah, when pigs fly.",
        "Oh yes, in your dreams, mate.",
        "Sure, when hell freezes over.",
        "Aye, when the cows come home.",
        "Course, when we win the pools.",
        "Sure. When I win the lottery.",
        "Sure, in a month of Sundays.",
    ],
)
def test_a_yes_on_a_time_that_never_comes_declines(reply: str) -> None:
    result = _call(reply)
    assert result.verdict("closing", "commitment") == "failed"
    assert not result.commitment_secured


@pytest.mark.parametrize(
    "reply",
    [
        "Sure, when I get back from holiday.",
        "Yes, Tuesday, when the van's back from the garage.",
        "Sure, once the builders are out, Tuesday at nine.",
        "Yes, Tuesday at nine. My son won the pools once, you know.",
    ],
)
def test_a_yes_on_a_real_condition_reads_as_before(reply: str) -> None:
    result = _call(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
