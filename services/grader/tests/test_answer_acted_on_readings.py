"""Readings of a reply that acts on the customer's answer to the trainee's own question by
proposing the next step ("Front and side, before summer." "I could come out Thursday to
measure up."): by its form it could take the answer up though it shares no word with it,
so rapport.responsive makes no claim of it. A pitch after the answer, or a proposal
after a worry or a complaint, is no such act."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hiya, is that Roisin? It's Declan from Hawthorn Gardens, about the hedges."
_ASKED = "C: Yes. We've a party in June, so I'd like them tidy for that."
_QUESTION = "T: A party in June, lovely. Which hedges would you want done?"
_ANSWER = "C: Front and side, before the summer."


@pytest.mark.parametrize(
    "step",
    [
        "No bother, I could come out Thursday to measure up. Would that suit you?",
        "Right. I'll drop round on Saturday morning and give you a price on the spot.",
        "Grand, shall I pencil you in for Tuesday at ten?",
    ],
)
def test_a_step_proposed_on_the_customers_answer_is_no_claimed_miss(step: str) -> None:
    result = grade(_OPEN, _ASKED, _QUESTION, _ANSWER, f"T: {step}", "C: That suits.")
    assert result.verdict("rapport", "responsive") != "failed"
    assert not [f for f in result.feedback if f.check == "responsive"]


@pytest.mark.parametrize(
    ("said", "step"),
    [
        # a pitch in place of a reply to the answer
        (_ANSWER, "Our monthly plan covers hedges, lawns and leaves for one price."),
        # a step pushed past a worry or a complaint the customer made
        (
            "C: Front and side, but the last firm left clippings all over the lawn.",
            "I could come out Thursday to measure up.",
        ),
        ("C: I told you already, the front and the side.", "I could come out Thursday."),
    ],
)
def test_a_pitch_or_a_step_past_a_worry_is_still_a_miss(said: str, step: str) -> None:
    result = grade(_OPEN, _ASKED, _QUESTION, said, f"T: {step}", "C: Hm.")
    assert result.verdict("rapport", "responsive") == "failed"


def test_a_step_after_asking_about_a_trouble_passes_the_answer_over() -> None:
    result = grade(
        _OPEN,
        "C: Sorry, it's mad here, my husband fell off a ladder this morning.",
        "T: Oh no, I'm so sorry. Is he badly hurt?",
        "C: His wrist, they're X-raying it at the hospital now.",
        "T: Right, well. Shall I call back on Friday about the hedges?",
        "C: Friday, yes.",
    )
    assert result.verdict("rapport", "responsive") == "failed"
