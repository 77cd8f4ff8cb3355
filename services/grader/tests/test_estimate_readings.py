"""How long or how much a step takes, lasts or costs ("Installation would take about two
hours", "Delivery would cost you about forty quid") is a fact about the step: its modal
offers nothing, and the customer's yes to it books nothing. The seller or the customer
taking part ("We could take a couple of hours on Tuesday"), or taking anything but a
while ("We could take a look", "Our driver could take two pallets"), is still an offer."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "said",
    [
        "Installation would take about two hours.",
        "The survey should only take twenty minutes.",
        "The install would take half a day.",
        "Delivery would take two to three days.",
        "Installation can take up to three days.",
        "The visit would last about an hour.",
        "Delivery would cost you about forty quid.",
        "The call-out would come to about 300.",
    ],
)
def test_an_estimate_is_no_proposal(said: str) -> None:
    (s,) = sentences(said)
    assert not s.is_proposal


@pytest.mark.parametrize(
    "said",
    [
        "I could take you through it on Tuesday.",
        "We could take a look on Monday.",
        "We could take a couple of hours on Tuesday to go through it.",
        "Our driver could take two pallets on Tuesday.",
        "Our team can take over the deliveries from Monday.",
        "We could cost the job for you on Tuesday.",
        "The fitter could come to you on Monday.",
        # an estimate, then an offer in the same sentence
        "The survey would take about an hour, and we could do it Tuesday.",
    ],
)
def test_taking_part_or_taking_something_stays_a_proposal(said: str) -> None:
    (s,) = sentences(said)
    assert s.is_proposal


def test_a_yes_to_an_estimate_books_nothing() -> None:
    result = grade(
        "T: Hi, it's Dana from Brightheat. You asked about a new boiler?",
        "C: Yes, the old one keeps cutting out.",
        "T: How old is it, roughly?",
        "C: Fifteen years or so.",
        "T: A new combi would sort that. Installation would take about two hours.",
        "C: Oh, that's not bad. Okay.",
    )
    assert result.verdict("closing", "proposes_next_step") != "passed"
    assert result.verdict("closing", "commitment") != "passed"
    assert not result.commitment_secured
