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


# --------------------------------------------------------------------- "no" as a marker

_KENNEL = (
    "T: Hello Mr Aldana, Suvi from Pawstead Boarding, about a place for Biscuit in August.",
    "C: Hello. I'm worried she'll pine, she's never been away from us.",
    "T: A first stay away is hard on a dog and on you. She'd share a run with one quiet dog, "
    "and we send you a photo every evening.",
)


@pytest.mark.parametrize(
    "reaction",
    ["C: No, that's fine, then.", "C: Nah, that sounds alright, that."],
)
def test_a_no_opening_agreement_is_no_resistance(reaction: str) -> None:
    result = grade(*_KENNEL, reaction)
    assert result.verdict("objection_handling", "customer_reassured") == "passed"


@pytest.mark.parametrize(
    "reaction", ["C: No, that's no good to me.", "C: No, that's fine, but I'll not risk it."]
)
def test_a_no_before_a_refusal_still_resists(reaction: str) -> None:
    result = grade(*_KENNEL, reaction)
    assert result.verdict("objection_handling", "customer_reassured") != "passed"


def test_a_no_to_a_proposal_answers_it() -> None:
    result = grade(*_KENNEL, "C: Right.", "T: Shall I hold the run for you?", "C: No, that's fine.")
    assert result.verdict("closing", "commitment") != "passed"


# --------------------------------------------------------------- conclusions that relieve

_KILN = (
    "T: Hello Ms Dabrowska, Fenn from Emberline Kilns, about the kiln for your pottery.",
    "C: Hello. I'm worried a new kiln will crack my glazes like the last one did.",
    "T: Cracked glazes after hours of work, that's miserable. Ours cools on a slow "
    "programme over ten hours, and it plugs into a normal socket, no rewiring needed.",
)


@pytest.mark.parametrize(
    "conclusion",
    [
        "C: Right, so it ain't going to crack the glazes.",
        "C: Oh, so it doesn't need rewiring, then.",
        "C: Aye, ah can live wi' that.",
        "C: That's settled me.",
    ],
)
def test_a_conclusion_removing_the_worry_is_relief(conclusion: str) -> None:
    result = grade(*_KILN, conclusion)
    assert result.verdict("objection_handling", "customer_reassured") == "passed"


@pytest.mark.parametrize(
    "conclusion",
    ["C: So it still won't stop the glazes cracking.", "C: So it won't plug into a socket."],
)
def test_a_conclusion_keeping_the_worry_is_no_relief(conclusion: str) -> None:
    result = grade(*_KILN, conclusion)
    assert result.verdict("objection_handling", "customer_reassured") != "passed"
