"""Readings of a reply that answers the customer's news with a demand on them by a time
("If you want them for the twentieth, we need the artwork by Monday, no later."): their
words as the condition of the seller's deadline take nothing up. The seller's own
undertaking by a time, and a deadline after the news has been taken up, are no such
demand."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hiya Morag, it's Ewan from Heather Press, about the flyers for the cafe."
_NEWS = "C: Aye, we're opening on the twentieth, I'm that excited and that nervous."


@pytest.mark.parametrize(
    "demand",
    [
        "Well, if you want them for the twentieth, we need the artwork by Monday, no later.",
        "Right, for the twentieth you'd need to sign off the proofs by Friday.",
        "Okay, so opening on the twentieth means you have to pay the deposit today.",
    ],
)
def test_the_news_met_with_a_demand_by_a_time_acknowledges_nothing(demand: str) -> None:
    result = grade(_OPEN, _NEWS, f"T: {demand}", "C: Right.")
    assert result.verdict("rapport", "acknowledges") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "Opening on the twentieth, how exciting! We'll need the artwork by Monday to make it.",
        "The twentieth, that's a big day, you'll be grand.",
        "Opening on the twentieth, there's plenty of time to get them printed by then.",
    ],
)
def test_an_undertaking_or_a_deadline_after_taking_it_up_is_no_demand(reply: str) -> None:
    result = grade(_OPEN, _NEWS, f"T: {reply}", "C: Brilliant.")
    assert result.verdict("rapport", "acknowledges") == "passed"
