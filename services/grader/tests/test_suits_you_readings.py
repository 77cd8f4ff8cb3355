"""Readings of "good for you" as the predicate of a question or condition about a day or
a plan ("if Monday is good for you", "would ten be good for you?"): it asks what suits the
customer, and is no stock approval, warm or sarcastic; said on its own to their news
("Good for you.", "Three days of questions? Good for you.") it is still read by the turn
around it."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Good afternoon, Ines from Solwear Uniforms, we spoke last month about the aprons."
_NEWS = "C: Yes. I got made head chef last week, so the aprons are my job now."
_TAKEN_UP = "T: Head chef, congratulations! How many in the kitchen need aprons?"
_COUNT = "C: About twenty."
_HARD = "C: The old supplier went bust, so we've had no aprons for a month, it's been awful."


@pytest.mark.parametrize(
    "proposal",
    [
        "I can bring samples on Monday, if it is good for you?",
        "Would Monday at ten be good for you?",
        "Is Monday good for you, or is later in the week better?",
        "Which days are good for you next week?",
    ],
)
def test_good_for_you_asking_what_suits_is_courteous(proposal: str) -> None:
    result = grade(_OPEN, _NEWS, _TAKEN_UP, _COUNT, f"T: {proposal}", "C: Monday is fine.")
    assert result.verdict("rapport", "courteous") == "passed"


def test_good_for_you_asking_what_suits_after_bad_news_envies_nothing() -> None:
    reply = (
        "T: A month with no aprons, that's tough. Could I bring samples Monday, if that is "
        "good for you?"
    )
    result = grade(_OPEN, _HARD, reply, "C: Monday is fine.")
    assert result.verdict("rapport", "courteous") == "passed"


@pytest.mark.parametrize(
    "stock",
    ["A month with no aprons? Good for you.", "Good for you. Anyway, our aprons are cheap."],
)
def test_good_for_you_on_its_own_at_bad_news_is_still_sarcasm(stock: str) -> None:
    result = grade(_OPEN, _HARD, f"T: {stock}", "C: Right.")
    assert result.verdict("rapport", "courteous") == "failed"
