"""After agreement words, the customer turns to what keeps them from the step: regret
opening a statement ("Sounds brilliant. Sadly we're tied into a contract till June."),
a preference of their own that leaves the proposal out ("Mm, yeah, I'd rather keep my
nephew on"), or their absence when it would happen ("Lovely. I'll be on holiday."). No
commitment, no earnings for one. A line that names the day or hour, prefers something of
the proposal's own, or says where the customer will be for the visit keeps its yes."""

from __future__ import annotations

import pytest

from .support import assert_commits_to_nothing, reply_to_proposal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        "C: Sounds brilliant. Sadly we're tied into a contract till next June.",
        "C: Lovely, unfortunately the budget's spent.",
        "C: Yes, I'm afraid we've just signed with someone.",
        "C: Mm, yeah, I'd rather keep my son on.",
        "C: Lovely. I'll be on holiday.",
        "C: Great, we'll be in Spain then.",
    ],
)
def test_a_turn_to_an_obstacle_commits_to_nothing(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert_commits_to_nothing(result)


@pytest.mark.parametrize(
    "reply",
    [
        "C: Monday at eight's fine. Unfortunately the car park's full, so use the street.",
        "C: Great, I'd rather you came early anyway.",
        "C: Lovely, I'll be in the shop from seven.",
        "C: Great, book it. I'll be in the back, just shout.",
        "C: Fine. Thing is, the side window's cracked, so mind it.",
    ],
)
def test_the_visit_s_practicalities_stay_a_yes(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
