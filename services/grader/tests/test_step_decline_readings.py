"""Readings of what a customer's later lines say about a concern they had shown eased: a
"no" to a step the trainee proposes after the easing answers the step (the day, the
diary), not the concern, unless it names the concern again."""

from __future__ import annotations

import pytest

from .support import TYRES_CALL, grade

pytestmark = pytest.mark.unit


_PIANO = (
    "T: Hello, I'm Callum from Keynote Tuning, we look after pianos in schools.",
    "C: The last tuner scratched the lid of our grand and never paid for it.",
    "T: I'm sorry, that's not on. Which piano was it? We put felt covers on every surface "
    "before we start, and we're insured for any mark we leave.",
)


@pytest.mark.parametrize(
    ("call", "eased", "step", "reply", "passes"),
    [
        (
            TYRES_CALL,
            "Right, that's a weight off.",
            "Could I send someone round on Tuesday at nine?",
            "Not Tuesday, I'm away at my sister's.",
            True,
        ),
        (
            _PIANO,
            "Oh, that's reassuring.",
            "Shall I book you in for this Friday?",
            "No, Friday's no good, we're stocktaking.",
            True,
        ),
        (
            TYRES_CALL,
            "Fair enough, that sounds alright.",
            "Can we pencil in next Monday?",
            "Not this week or next, sorry, I'm up to my eyes.",
            True,
        ),
        # the decline names the concern again, or says a worry in so many words
        (
            TYRES_CALL,
            "Right, that's a weight off.",
            "Could I come round on Thursday?",
            "Not this week, and honestly I'm still not sure about the sizes.",
            False,
        ),
        (
            _PIANO,
            "Oh, that's reassuring.",
            "Could I come round on Thursday?",
            "No, I've thought again and I'm still worried about it.",
            False,
        ),
        (
            _PIANO,
            "Oh, that's reassuring.",
            "Could I come round on Thursday?",
            "Not Thursday. And the lid, I'd want that in writing first.",
            False,
        ),
    ],
)
def test_a_no_to_a_later_step_keeps_the_easing(
    call: tuple[str, ...], eased: str, step: str, reply: str, passes: bool
) -> None:
    result = grade(*call, f"C: {eased}", f"T: {step}", f"C: {reply}")
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is passes


@pytest.mark.parametrize(
    "reply",
    [
        "Not Tuesday, I'm away at my sister's.",
        "Not this week, and I'm still not sure about the lid.",
    ],
)
def test_a_no_to_the_step_in_the_reply_itself_is_no_easing(reply: str) -> None:
    # no easing came before the step: the "no" is the first word on the concern
    result = grade(
        *_PIANO[:2],
        _PIANO[2] + " Could I send someone round on Tuesday?",
        f"C: {reply}",
    )
    assert result.verdict("objection_handling", "customer_reassured") != "passed"


# ------------------------------------ a yes to a step after the concern was left open

_GUTTERS = (
    "T: Hiya, Marco from Highline Gutters, we clear gutters with a vacuum pole.",
    "C: Worried you'll be tramping through my garden beds to get round the back.",
    "T: Fair worry, folk are proud of their beds. The pole reaches three storeys from the "
    "path, so nobody steps off the paving.",
)
_VISIT = "T: Could I pop round on Wednesday at two to show you?"


@pytest.mark.parametrize(
    ("reaction", "passes"),
    [
        ("Mm.", False),
        ("Hmm, right.", False),
        ("That's what they all say.", False),
        ("Okay, that's a relief.", True),
        ("Right, so the beds are safe then.", True),
    ],
)
def test_a_yes_to_a_step_after_the_concern_was_left_open_is_no_easing(
    reaction: str, passes: bool
) -> None:
    result = grade(*_GUTTERS, f"C: {reaction}", _VISIT, "C: Yes, Wednesday at two is fine.")
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is passes


@pytest.mark.parametrize(
    "yes",
    ["Yes, Wednesday at two is fine.", "Go on then, Wednesday at two."],
)
def test_a_yes_right_after_the_handling_eases(yes: str) -> None:
    result = grade(*_GUTTERS[:2], f"{_GUTTERS[2]} {_VISIT[3:]}", f"C: {yes}")
    assert result.verdict("objection_handling", "customer_reassured") == "passed"


def test_a_yes_naming_the_concern_after_a_hum_eases() -> None:
    result = grade(
        *_GUTTERS, "C: Mm.", _VISIT, "C: Yes, Wednesday's fine, as long as the beds are left alone."
    )
    assert result.verdict("objection_handling", "customer_reassured") == "passed"


@pytest.mark.parametrize(
    ("reaction", "passes"),
    [
        ("That's what they all say.", False),
        ("Mm.", False),
        ("Hm, you'd hope so.", False),
        ("Oh good, that's a relief.", True),
    ],
)
def test_a_yes_to_a_step_after_an_unanswered_concern_is_no_easing(
    reaction: str, passes: bool
) -> None:
    # the reply answers nothing: the step comes straight after the customer's reaction
    result = grade(
        *_GUTTERS[:2],
        "T: The lads are careful, they've done hundreds of houses.",
        f"C: {reaction}",
        _VISIT,
        "C: Yes, Wednesday at two is fine.",
    )
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is passes
