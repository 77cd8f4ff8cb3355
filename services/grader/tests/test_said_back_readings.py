"""Readings against false "you didn't" claims: a slot said back as a yes, a name given to
"who's this?", a conclusion that takes the worry away, and a "no" that only opens an
agreement."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------- "who's this?"


@pytest.mark.parametrize(
    ("asked", "reply"),
    [
        ("C: Yes, speaking. Who's this?", "T: Hi, it's Wren from Ashgrove Chimney Sweeps."),
        ("C: Who am I talking to?", "T: Sorry, my name's Wren, I'm with Ashgrove Chimney Sweeps."),
        ("C: Mm. And you are?", "T: Wren Castell, Ashgrove Chimney Sweeps."),
    ],
)
def test_giving_a_name_to_who_is_calling_responds_to_it(asked: str, reply: str) -> None:
    result = grade(
        "T: Good afternoon, is that Mr Petrakis?",
        asked,
        reply,
        "C: Oh, the sweeps. The lounge fire smokes back into the room.",
        "T: Smoke coming back into the lounge, that sounds like a blocked flue. Since when?",
        "C: Since the autumn.",
    )
    assert result.verdict("rapport", "responsive") == "passed"


def test_a_pitch_to_who_is_calling_answers_nothing() -> None:
    result = grade(
        "T: Good afternoon, is that Mr Petrakis?",
        "C: Mm. And you are?",
        "T: The most trusted sweeping service in the county, fully certified.",
        "C: That's not what I asked.",
    )
    assert result.verdict("rapport", "responsive") != "passed"
