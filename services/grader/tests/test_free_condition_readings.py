"""A yes on a condition only a seller working for nothing would meet: the whole job done
free ("Sure, if you do it for nothing") or the customer's own bills paid ("Go on then, if
you're paying my rent"). A refusal in agreement's words: no commitment, no earnings. A
yes on a free extra or a free first step ("as long as you do the back windows free too",
"if the first clean's free") is a term of the deal and stays a yes."""

from __future__ import annotations

import pytest

from .support import assert_commits_to_nothing, reply_to_proposal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("C: Sure, if you do it for free.", id="do-it-free"),
        pytest.param("C: Yes, Monday's fine, if you can do the lot for nothing.", id="the-lot"),
        pytest.param("C: Oh absolutely, as long as you're doing it free of charge.", id="free-of"),
        pytest.param("C: Sure, if you do the whole install for free.", id="whole-install"),
        pytest.param("C: Yes, Monday, if you'll fit it all for nothing.", id="it-all"),
        pytest.param("C: Yeah go on then, if you're paying my rent.", id="paying-rent"),
        pytest.param("C: Yeah, go on, if you're paying my tenants' rent.", id="possessive"),
        pytest.param("C: Sure, provided you cover our gas bill this winter.", id="cover-bill"),
    ],
)
def test_a_yes_on_the_job_done_for_nothing_commits_to_nothing(reply: str) -> None:
    assert_commits_to_nothing(reply_to_proposal(reply))


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("C: Yes, if the first clean's free.", id="free-first-step"),
        pytest.param("C: Sure, as long as you do the back windows for free too.", id="free-extra"),
        pytest.param("C: Monday at eight's fine, if you can do it before nine.", id="in-time"),
        pytest.param("C: Yes, as long as the quote is free.", id="free-quote"),
        pytest.param("C: Monday at eight, sure, if you pay the parking there.", id="pay-parking"),
    ],
)
def test_a_yes_on_a_free_extra_or_a_free_first_step_stays_a_yes(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
