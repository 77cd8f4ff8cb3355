"""A yes given to be rid of the caller: agreement words, and in the same turn the trainee
sent off ("just get off my phone", "now go away") or the yes said to be only the price of
ending the call ("anything to get you off the line", "whatever shuts you up"). The
customer wants the call over, not the step: no commitment, no earnings. A yes that ends
the call politely, or that gets rid of something else, stays a yes."""

from __future__ import annotations

import pytest

from .support import assert_commits_to_nothing, reply_to_proposal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("C: Fine, whatever, Monday, just get off my phone.", id="get-off-phone"),
        pytest.param("C: Yes, Monday. Now go away.", id="go-away"),
        pytest.param("C: Monday at eight, just stop phoning me.", id="stop-phoning"),
        pytest.param("C: Monday at eight. Anything to get you off the line.", id="off-the-line"),
        pytest.param("C: Fine, Monday at eight, whatever gets rid of you.", id="rid-of-you"),
        pytest.param("C: Go on then, Monday, if it shuts you up.", id="shuts-you-up"),
        pytest.param("C: OK, Monday. I'll agree to anything if it ends this call.", id="ends-call"),
    ],
)
def test_a_yes_to_be_rid_of_the_caller_commits_to_nothing(reply: str) -> None:
    assert_commits_to_nothing(reply_to_proposal(reply))


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param("C: Monday at eight is fine, I'll let you get off the phone.", id="let-go"),
        pytest.param(
            "C: Monday at eight's fine. I'll get off the line now and tell my wife.", id="own-exit"
        ),
        pytest.param(
            "C: Monday at eight's great, it'll be good to get rid of the streaks.", id="rid-of-dirt"
        ),
        pytest.param(
            "C: Monday at eight, lovely, we go away on the tenth so that's ideal.",
            id="go-away-trip",
        ),
        pytest.param(
            "C: Monday at eight's fine, and can you clear off the moss on the sills too?",
            id="clear-off-moss",
        ),
    ],
)
def test_a_yes_that_ends_politely_or_rids_them_of_something_else_stays_a_yes(reply: str) -> None:
    result = reply_to_proposal(reply)
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured
