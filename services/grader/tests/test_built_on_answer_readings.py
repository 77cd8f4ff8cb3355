"""A follow-up builds on what the customer answered (follows_up: "Asks a question that
builds on what the customer just answered"). A question that borrows one word of what
the customer volunteered unasked, their opening news, for a question of the trainee's
own builds on nothing. A question on an answer to the trainee's question, detail the
customer volunteered in it included, builds on it; so does a question that takes the
volunteered news up: pointing back at it, sharing more than a word, or after the
trainee's own sentence about it."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPENING = (
    "T: Hello, it's Kofi from Pawrest, we do pet cremation for vets.",
    "C: Oh hello. We had to put three dogs to sleep this week, it's been grim.",
)
_END = ("C: Labradors mostly, and a couple of spaniels.", "T: Could I send our price list?")


@pytest.mark.parametrize(
    "question",
    [
        "T: Which dog breeds do you see most often at the practice overall?",
        "T: Right. What sort of dogs come through your doors in an ordinary month?",
    ],
)
def test_a_word_borrowed_from_the_opening_builds_on_no_answer(question: str) -> None:
    result = grade(*_OPENING, question, *_END)
    assert result.verdict("discovery", "follows_up") != "passed"


@pytest.mark.parametrize(
    "question",
    [
        # pointing back at the news
        "T: How are the staff holding up after a week like that?",
        # the news taken up first
        "T: Three dogs in one week is hard on everyone. Which dogs were they?",
        # more than a word of it
        "T: Putting three dogs to sleep in a week, how often does that happen?",
    ],
)
def test_a_question_taking_up_the_opening_still_builds_on_it(question: str) -> None:
    result = grade(*_OPENING, question, *_END)
    assert result.verdict("discovery", "follows_up") == "passed"


def test_a_volunteered_detail_in_an_answer_is_built_on() -> None:
    result = grade(
        "T: Hello, it's Kofi from Pawrest, we do pet cremation for vets.",
        "C: Oh hello, yes.",
        "T: How do you arrange cremations for your clients at the moment?",
        "C: A firm collects weekly. Clients want the ashes back sooner, and we're short of "
        "freezer space.",
        "T: Short of freezer space, how long do the bodies wait before collection?",
        "C: Up to six days sometimes.",
        "T: Could I send our twice-weekly collection terms?",
        "C: Okay.",
    )
    assert result.verdict("discovery", "follows_up") == "passed"
