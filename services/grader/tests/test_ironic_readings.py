"""Readings of an acknowledgement said in irony: an assent that turns into a retort ("Oh
sure, because …", "Right, because that's my problem.", "Yeah right, as if …"), a stage
direction of scorn ("*rolls eyes*"), or the customer's own words held up in quotes
and waved off. Each mocks the concern it seems to grant, so it acknowledges nothing and is
not courteous; sincere assents that explain in the customer's words stay as they were."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Morning Gav, Ellie from Peakline Vans, about leasing a second van."
_WORRY = "C: The monthly payment worries me, business has been slow since the roadworks started."
_ANSWER = "The lease is two hundred a month with servicing included."
_REST = ("C: Hm.", "T: Shall I send the paperwork on Friday?", "C: Fine.")


@pytest.mark.parametrize(
    "retort",
    [
        "Right, because that's my problem.",
        "Oh sure, because the roadworks never end, hey.",
        "Yeah right, as if a van lease ever sank a business.",
        "*rolls eyes* Sure, sure, every builder is skint.",
        "'Slow', right. Business is always slow for you lot.",
    ],
)
def test_an_ironic_assent_mocks_the_concern(retort: str) -> None:
    sincere = grade(
        _OPEN,
        _WORRY,
        f"T: Slow trade with the roadworks makes any payment feel heavy, that's fair. {_ANSWER}",
        *_REST,
    )
    mocked = grade(_OPEN, _WORRY, f"T: {retort} {_ANSWER}", *_REST)
    assert mocked.verdict("rapport", "courteous") == "failed"
    assert mocked.verdict("objection_handling", "acknowledges_concern") != "passed"
    assert mocked.rapport_score < sincere.rapport_score
    assert mocked.objection_handling_score < sincere.objection_handling_score


@pytest.mark.parametrize(
    "sincere",
    [
        "Right, because the roadworks have cut your passing trade, a payment every month "
        "bites harder.",
        "Of course, that makes sense with trade slow.",
        "I'm sure the roadworks have been hard on the business.",
        "Sure, slow months since the roadworks would worry anyone.",
        "It feels as if the roadworks will never end, I know.",
        "As if the roadworks weren't enough, the payments come round every month, I know.",
        "You said 'slow since the roadworks', how slow has it been?",
    ],
)
def test_a_sincere_assent_or_quote_is_no_irony(sincere: str) -> None:
    result = grade(_OPEN, _WORRY, f"T: {sincere} {_ANSWER}", *_REST)
    assert result.verdict("rapport", "courteous") == "passed"


def test_a_yes_because_answering_a_question_is_no_irony() -> None:
    result = grade(
        _OPEN,
        "C: Do you deliver the vans on Sundays?",
        "T: Yes, because our drivers work weekends. Sure, because we know trade can't wait.",
        *_REST,
    )
    assert result.verdict("rapport", "courteous") == "passed"


# ------------------------------------------------------------ a yes after a mocked concern

_LOT = (
    "T: Hello Ms Roy, Dev from Frostguard Gritting, about the surgery car park.",
    "C: I'm worried the grit will be trodden into the new waiting-room carpet.",
)
_ANSWERED = "Our grit is a fine salt mix that dissolves before anyone reaches the door."
_BOOKED = ("T: Shall we start the rounds on Monday at six?", "C: Fine, Monday.")


@pytest.mark.parametrize(
    ("reply", "reaction", "reassured"),
    [
        (f"*rolls eyes* Sure, sure, the precious carpet. {_ANSWERED}", "C: Hm.", False),
        (f"Oh sure, because carpets never get dirty. {_ANSWERED}", "C: Right.", False),
        # the customer speaks to the answer: the ease is theirs, whatever the sneer
        (
            f"Oh sure, because carpets never get dirty. {_ANSWERED}",
            "C: A salt that dissolves, well that's fine then.",
            True,
        ),
        (
            f"A ruined carpet in a new waiting room would be a shame, I see that. {_ANSWERED}",
            "C: Okay.",
            True,
        ),
        # a hum, then a yes to the step: the concern left open, sneer or none
        (
            f"A ruined carpet in a new waiting room would be a shame, I see that. {_ANSWERED}",
            "C: Hm.",
            False,
        ),
    ],
)
def test_a_yes_to_the_booking_after_a_mocked_concern_is_no_reassurance(
    reply: str, reaction: str, reassured: bool
) -> None:
    result = grade(*_LOT, f"T: {reply}", reaction, *_BOOKED)
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is reassured
