"""Readings of a customer taking the trainee's answer up: the answer's point said back in a
form that reads word by word as resistance, and the trainee's asking after other concerns
as a reply to it."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

# --------------------------------------------------------------- the answer taken up

_GRAIN = (
    "T: Hello Mr Lindqvist, Marta from Harrowfield Drying, about drying your barley this harvest.",
    "C: Hello. My worry is your dryer running all night and the noise upsetting the "
    "holiday cottages.",
    "T: Noise at night next to paying guests would be a real worry. We run the dryer only "
    "between eight and six, and the fan sits behind the grain store, away from the "
    "cottages.",
)
_ASKS_ON = ("T: Great. Is there anything else holding you back?", "C: No, that's all.")


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: Daytime drying behind the store I could live with.", True),
        ("C: Eight till six only. That I could put to the cottage guests.", True),
        ("C: Behind the grain store. Now that'd spare me the complaints.", True),
        (
            "C: Only between eight and six. Well, that's another matter. If the fan's as quiet "
            "as you say, I'd not object to a trial load.",
            True,
        ),
        ("C: Daytime drying I could live without.", False),
        ("C: Daytime drying I could never sell to the guests.", False),
        ("C: Daytime drying I could live with, but the fan will still carry at night.", False),
        ("C: Behind the grain store. Now that'd be a first.", False),
        (
            "C: Only between eight and six. Well, that's another matter. If it runs late, I'd "
            "not put up with it.",
            False,
        ),
    ],
)
def test_the_answer_said_back_as_workable_eases_the_concern(reaction: str, eased: bool) -> None:
    result = grade(*_GRAIN, reaction, *_ASKS_ON)
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is eased
    if eased:
        # asking after the rest of their worries takes the ease up
        assert result.verdict("rapport", "responsive") == "passed"


def test_asking_after_other_concerns_takes_up_no_worry_still_open() -> None:
    result = grade(
        *_GRAIN,
        "C: The cottages are booked solid through August, and the guests complain about "
        "everything.",
        *_ASKS_ON,
    )
    assert result.verdict("rapport", "responsive") != "passed"


# ----------------------------------------------------- a step offered before a word heard


@pytest.mark.parametrize(
    ("reply", "offered"),
    [
        ("C: Wrong number, I'm afraid. This is a private house.", False),
        ("C: Oh, Thursday at nine suits me, yes.", True),
    ],
)
def test_a_step_put_in_the_opening_line_is_offered_only_to_someone_in_the_call(
    reply: str, offered: bool
) -> None:
    result = grade(
        "T: Morning! How's your day going? Is your chimney drawing well? Could our sweep "
        "call round Thursday at nine?",
        reply,
    )
    praised = [f for f in result.feedback if f.kind == "strength" and f.criterion == "closing"]
    assert bool(praised) is offered
