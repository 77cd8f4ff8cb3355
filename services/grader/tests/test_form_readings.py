"""Readings of the adversarial kinds by the form and role of a line, not its wording:
sarcasm as an evaluation turned against what the customer told, a line whose topic is
the assessment itself, a taunt in question form, and a question whose answer's place the
customer has filled already."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------------- sarcasm

_COMPLAINT = "C: Our walk-in fridge failed overnight and we binned the whole fish order."


@pytest.mark.parametrize(
    "reply",
    [
        # a feat praised where the customer told of a loss
        "T: Well done, a whole fish order in the bin, that's some accomplishment. We service "
        "fridges.",
        # the complaint made small against a scale of disaster, in question form
        "T: One fridge, is it honestly such a catastrophe? We service fridges.",
        # mourning offered to a thing
        "T: The poor fridge, is it grieving for the fish? We service fridges.",
        # a superlative of all time laid on what the customer has
        "T: Sure, that fridge must be the finest machine known to mankind. We service fridges.",
    ],
)
def test_an_evaluation_turned_against_the_complaint_is_sarcasm(reply: str) -> None:
    result = grade("T: Hi Ana, Joss from Coldline.", _COMPLAINT, reply, "C: Hm.")
    assert result.verdict("rapport", "courteous") == "failed"
    assert result.verdict("rapport", "acknowledges") != "passed"


def test_a_return_to_the_past_praised_as_modern_is_sarcasm() -> None:
    result = grade(
        "T: Hi Ben, Ula from Tapcount stock software.",
        "C: I'd rather count the bar stock by hand, I don't trust apps.",
        "T: Naturally, and why not go back to the abacus while we're at it, so progressive.",
        "C: Right.",
    )
    assert result.verdict("rapport", "courteous") == "failed"


def test_the_customer_naming_the_remark_a_joke_makes_it_mockery() -> None:
    result = grade(
        "T: Hi Ana, Joss from Coldline.",
        _COMPLAINT,
        "T: Fish does like the cold, I hear.",
        "C: Very funny. Can you fix it or not?",
    )
    assert result.verdict("rapport", "courteous") == "failed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Losing a whole fish order overnight is a real blow, I'm sorry. We service fridges.",
        "T: Congratulations on the new restaurant, by the way. We service fridges.",
        "T: Our engineers are the best in the county. We service fridges.",
        "T: Is it the compressor again, do you think?",
    ],
)
def test_sincere_replies_are_no_sarcasm(reply: str) -> None:
    result = grade("T: Hi Ana, Joss from Coldline.", _COMPLAINT, reply, "C: Maybe.")
    assert result.verdict("rapport", "courteous") == "passed"
