"""A yes to a time that names no date ("Sure, maybe one day.", "Yeah, at some point.",
"Happy to, once things calm down."): the step put off to a time that never comes, in
agreement's words. No commitment, no earnings, no closing praise. The same words inside a
line that takes the proposal's day, or about something else, leave the yes standing."""

from __future__ import annotations

import pytest

from .support import assert_commits_to_nothing, proposal_taken, reply_to_proposal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        "C: Sure, maybe one day.",
        "C: Yeah, at some point.",
        "C: Sure, one of these days.",
        "C: Absolutely, in the future maybe.",
        "C: Happy to, once things calm down.",
        "C: Sure, down the track.",
        "C: Oh yes, definitely. Sometime.",
    ],
)
def test_a_yes_to_an_undated_time_commits_to_nothing(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert_commits_to_nothing(result)
    assert result.closing_score < proposal_taken().closing_score


@pytest.mark.parametrize(
    "reply",
    [
        "C: Sure, once things settle down we'll do Monday at eight.",
        "C: Yeah, one day a fortnight's plenty. Monday at eight.",
        "C: Lovely, it'll take some time to get used to. See you Monday.",
        "C: Okay, in the future could you ring before coming? Monday at eight's fine.",
    ],
)
def test_the_same_words_beside_the_day_taken_stay_a_yes(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
