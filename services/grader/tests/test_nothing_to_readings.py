"""The step's object denied in the step's own words: to "Can we lock in Tuesday at ten for
a follow-up call?", "There's nothing to follow up." The reply uses the proposal's words
to say there is nothing for it to do, which is no work on it: no commitment, no earnings.
A reply that says there is nothing to do of something else and takes the time ("Nothing
to bring, I take it? Tuesday at ten then.") stays a yes."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit

_CALL = (
    "T: Hi Oona, Pete from Clearline Accounts, following up on the payroll quote.",
    "C: Right, what about it?",
    "T: Can we lock in Tuesday at ten for a follow-up call to go through it?",
)


def _call(reply: str) -> GradeResult:
    return grade(*_CALL, f"C: {reply}", "T: Great, Tuesday at ten then.")


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("There's nothing to follow up.", id="nothing-to-follow-up"),
        pytest.param("There is nothing to go through, we signed elsewhere.", id="go-through"),
        pytest.param("No need to lock anything in.", id="no-need-lock"),
    ],
)
def test_the_steps_object_denied_in_its_words_commits_to_nothing(reply: str) -> None:
    result = _call(reply)
    assert result.verdict("closing", "commitment") != "passed"
    assert not result.commitment_secured
    assert result.virtual_earnings == 0


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("Nothing to bring, I take it? Tuesday at ten then.", id="nothing-to-bring"),
        pytest.param("Tuesday at ten, to go through it. Nothing else that day.", id="nothing-else"),
    ],
)
def test_nothing_to_do_of_something_else_stays_a_yes(reply: str) -> None:
    result = _call(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
