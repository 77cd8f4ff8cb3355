"""A question the customer meets with "as I said" asked again what they had already told:
"Does not ask again a question the customer already answered" holds whether the answer
came to an earlier question or unasked, and such a question builds on no answer."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "T: Good afternoon, Mr. Whitfield? It's Grace from Solace Fleet, we hire out hearses.",
    "C: Afternoon. We're a family firm, and we borrow a hearse from a firm across town "
    "when we're double-booked.",
)
_ASKED = "T: And when you're double-booked, what do you do for a second hearse?"
_LATER = (
    "T: How many funerals do you arrange in a typical month?",
    "C: Around thirty, more in winter.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "C: We borrow one, I've said that. Twice this year we moved a service.",
        "C: As I said, we borrow one from across town, they've started saying no.",
        "C: We borrow one, like I told you. Twice this year we moved a service.",
        "C: I did mention that, we borrow one. Twice this year we moved a service.",
    ],
)
def test_a_question_met_with_as_i_said_is_asked_again(reply: str) -> None:
    result = grade(*_OPEN, _ASKED, reply, *_LATER)
    assert result.verdict("discovery", "no_repeats") == "failed"
    assert result.verdict("discovery", "follows_up") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        # an answer that adds to what was said, with no word of having said it
        "C: We borrow one, though they've started saying no. Twice this year we moved a service.",
        # "said" of someone else, or of what they said to others
        "C: The other firm said no last week, so we moved a service to the next day.",
        "C: My son has said we need a second hearse, we moved two services this year.",
    ],
)
def test_an_answer_that_does_not_say_it_was_told_already_is_no_repeat(reply: str) -> None:
    result = grade(*_OPEN, _ASKED, reply, *_LATER)
    assert result.verdict("discovery", "no_repeats") == "passed"
    assert result.verdict("discovery", "follows_up") == "passed"
