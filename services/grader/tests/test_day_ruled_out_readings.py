"""The proposed day said to be out of the question after agreement words ("Great, but
we're closed Mondays", "Lovely, but I'm away Mondays", "Sounds good, but Monday's out"):
a refusal, read by its form (someone or somewhere not there on the day the trainee named,
or the day itself ruled out). No commitment, no earnings for one, no closing praise. The
same words beside the day or hour taken, or about another day, stay a yes."""

from __future__ import annotations

import pytest

from .support import assert_commits_to_nothing, proposal_taken, reply_to_proposal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        "C: Great, but we're closed Mondays.",
        "C: Perfect, except the shop's shut on Mondays.",
        "C: Lovely, but I'm away Mondays.",
        "C: Sounds great, only we're shut Monday mornings.",
        "C: Fine, except nobody's in on a Monday.",
        "C: Great, but Monday's out.",
        "C: Brilliant idea, though the salon's closed on a Monday.",
    ],
)
def test_the_proposed_day_ruled_out_commits_to_nothing(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert_commits_to_nothing(result)
    assert result.verdict("closing", "confirms") != "passed"
    assert result.closing_score < proposal_taken().closing_score


@pytest.mark.parametrize(
    "reply",
    [
        "C: Lovely, Monday at eight, but the shop's shut, so knock on the side door.",
        "C: Great, we're closed Mondays so it's nice and quiet, eight's fine.",
        "C: Sure, I'm off Tuesdays but Monday at eight is fine.",
        "C: Great, but I'm away after ten, so come at eight sharp.",
    ],
)
def test_a_closed_day_beside_the_step_taken_stays_a_yes(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
