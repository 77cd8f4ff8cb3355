"""Readings of a turn by what it does with the line before it: a detail said back then a
conclusion drawn from it, questions put to whoever holds the phone, questions and
sympathy that leave the customer's own question standing, and a concern contradicted."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


# ---------------------------------------------------------------- echo, then a conclusion

_KILN = (
    "T: Good morning Mrs Adeyemi, it's Caleb from Emberline Kilns. How are your pots fired now?",
    "C: In an old gas kiln out back, two firings a week.",
    "T: Two a week in a gas kiln. What happens to the glaze when it runs unevenly?",
    "C: I'm worried an electric kiln dulls the glaze, my buyers love the shine.",
    "T: The shine is what they pay for. Ours fires electric, not gas, at the same 1280 degrees.",
)


@pytest.mark.parametrize(
    "line",
    [
        "C: The same 1280? Then the glaze won't look any duller to my buyers.",
        "C: Electric, not gas. Right, let the buyers judge a batch.",
    ],
)
def test_a_detail_said_back_then_a_favourable_conclusion_eases(line: str) -> None:
    result = grade(
        *_KILN,
        line,
        "T: Great. Could I bring a test kiln on Tuesday at ten?",
        "C: Tuesday at ten suits.",
    )
    assert result.verdict("objection_handling", "customer_reassured") == "passed"
    # the echo is no new concern left unanswered, and "Good." is no cheer at bad news
    assert result.verdict("rapport", "courteous") == "passed"


def test_a_detail_said_back_then_another_matter_does_not_ease() -> None:
    result = grade(
        *_KILN,
        "C: The same 1280? Then it won't fit through my shed door.",
    )
    assert result.verdict("objection_handling", "customer_reassured") != "passed"


# --------------------------------------------------------------------------- a handover

_HANDOVER = (
    "T: Hello Mr Dlamini, it's Ayesha from Clearflow Pools, about the pump at the guest lodge.",
    "C: Ag, wait, my daughter runs the lodge now, I'll pass you over to her.",
)


def test_questions_to_whoever_took_the_phone_are_discovery() -> None:
    result = grade(
        *_HANDOVER,
        "T: Thank you. What is the pump doing these days?",
        "C: Lindiwe here, his daughter. It trips the power when the heater runs.",
        "T: It trips the power. How often, and how long is the pool out of use?",
        "C: Twice a week, half a day each time.",
    )
    assert result.verdict("discovery", "asks_questions") == "passed"
    assert result.verdict("discovery", "open_questions") == "passed"


def test_the_new_voice_asking_for_the_trainee_earns_the_trainee_nothing() -> None:
    result = grade(
        *_HANDOVER,
        "T: Okay.",
        "C: Lindiwe here, his daughter. Dad, what's the pump doing? He says it trips the power.",
        "T: Right.",
        "C: Could your man come Friday at nine? Dad says Friday at nine suits.",
        "T: Okay.",
    )
    assert result.discovery_score == 0
    assert result.closing_score == 0


# --------------------------------------------------------------------------- empty questions


def test_bare_question_words_find_nothing_out() -> None:
    result = grade(
        "T: Morning Mr Ferreira, Nia from Tallyline Stock Counts, about your shelf counts.",
        "C: We count the whole warehouse by hand, four of us, one Sunday a month.",
        "T: Four of you on a Sunday. Why? How? What else?",
        "C: Sorry, I can't follow what you're asking, we just count every shelf by hand.",
        "T: Every shelf, by hand. How so? And why?",
        "C: I honestly cannot tell what you want from me there.",
    )
    # not merely undecided: the trainee is told no question found anything out
    assert result.verdict("discovery", "asks_questions") == "failed"
    assert result.verdict("discovery", "open_questions") == "failed"


def test_a_short_question_about_the_matter_still_finds_out() -> None:
    result = grade(
        "T: Morning Mr Ferreira, Nia from Tallyline Stock Counts, about your shelf counts.",
        "C: We count the whole warehouse by hand, four of us, one Sunday a month.",
        "T: Four of you on a Sunday. Why Sundays?",
        "C: The forklifts are parked then and nobody is picking orders.",
        "T: And how long does a count take the four of you?",
        "C: From seven till about four, with a break.",
    )
    assert result.verdict("discovery", "asks_questions") == "passed"
