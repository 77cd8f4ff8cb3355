"""A negative question that asks the customer to assent to the trainee's claim ("Isn't it
true that …?", "Isn't that exactly why …?", "Aren't you tired of …?", "Isn't it time
…?") leads as "Wouldn't you agree …?" does: it finds nothing out, so it builds on no
answer. A negative question asking a fact of theirs, a check of what they said, or a
why-question with a negative stays a question."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_CALL = (
    "T: Morning Olu, it's Grace from Tidyroll, we service laundry presses for hotels.",
    "C: Go on. Which press? We have two.",
    "T: Whichever gives you more trouble. How are they running at the moment?",
    "C: The big flatwork press scorches a sheet or two every shift, and the rollers squeal.",
)
_END = ("C: Possibly, I'd have to check with the owner first.",)


@pytest.mark.parametrize(
    "question",
    [
        "T: A scorched sheet every shift, isn't it true that worn rollers cause most of that?",
        "T: Scorched sheets and squealing rollers, isn't that exactly why a service plan pays?",
        "T: Aren't you tired of binning scorched sheets from the flatwork press every shift?",
        "T: Isn't it time those squealing rollers on the flatwork press were replaced?",
        "T: Scorched sheets every shift, isn't it a bit expensive to keep running it like that?",
    ],
)
def test_a_negative_question_asking_assent_builds_on_no_answer(question: str) -> None:
    result = grade(*_CALL, question, *_END)
    assert result.verdict("discovery", "follows_up") != "passed"


@pytest.mark.parametrize(
    "question",
    [
        # a fact of theirs, asked with a negative
        "T: Scorched sheets every shift, don't you have a spare press to switch to?",
        # a why-question with a negative auxiliary
        "T: Scorched sheets every shift, why doesn't the current engineer fix the rollers?",
        # a check of what they said, with a negative tag
        "T: So the flatwork press scorches a sheet every shift, isn't that right?",
        # their own words checked back with "didn't"
        "T: Didn't you say the rollers squeal too? How long has the scorching gone on?",
    ],
)
def test_a_negative_question_asking_their_side_still_builds_on_the_answer(
    question: str,
) -> None:
    result = grade(*_CALL, question, *_END)
    assert result.verdict("discovery", "follows_up") == "passed"
