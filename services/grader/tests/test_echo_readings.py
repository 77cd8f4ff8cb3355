"""Readings of a nod in the customer's own words on the way to the pitch ("Broken into,
okay. We fit reinforced locks at a fixed price."): the words said back are a cue for the
script, no acknowledgement of what the customer told. A nod before a question, before
what the seller will do for the customer, or opening an answer to their question, is read
by what follows it."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hi, Maya from Keystone Locks, we fit security for small shops."
_TOLD = (
    "C: We were broken into last month. My daughter found the glass everywhere, she was terrified."
)


@pytest.mark.parametrize(
    ("reply", "acknowledged"),
    [
        ("Broken into, okay. We fit reinforced locks and shutters at a fixed price.", False),
        ("Your daughter, right. Our shutters are approved by most insurers.", False),
        ("The glass, sure. We fit laminated panes as standard.", False),
        # what follows the nod takes the line up, or the nod says more than their words
        ("Broken into, okay. Was anyone hurt?", True),
        ("Broken into, okay. We can board the glass up for you today.", True),
        ("Broken into, how awful. We fit reinforced locks at a fixed price.", True),
        ("Your poor daughter, that must have been frightening. We fit shutters too.", True),
    ],
)
def test_a_nod_in_their_words_before_the_pitch_takes_nothing_up(
    reply: str, acknowledged: bool
) -> None:
    result = grade(
        _OPEN,
        _TOLD,
        f"T: {reply}",
        "C: Two doors, front and back.",
        "T: Could I come round on Wednesday to measure up?",
        "C: Wednesday morning then.",
    )
    assert (result.verdict("rapport", "acknowledges") == "passed") is acknowledged


@pytest.mark.parametrize(
    ("reply", "taken"),
    [
        ("Weekends, yes. We work Saturdays and Sundays at no extra charge.", True),
        ("Weekends, right. We fit reinforced locks at a fixed price.", True),
    ],
)
def test_a_nod_opening_an_answer_answers(reply: str, taken: bool) -> None:
    result = grade(
        _OPEN,
        "C: Hello. Do you come out at weekends? We can't close the shop in the week.",
        f"T: {reply}",
        "C: Fair enough. I'll think about it.",
        "T: Thanks, I'll leave you my number.",
    )
    assert (result.verdict("rapport", "responsive") != "failed") is taken
