"""The customer's words put to the offer are no acknowledgement: a reply whose subject is
the seller's side ("We collect …") or a thing the trainee pitched before ("The planner
…") tells of the offer, however many of the customer's words it borrows."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "T: Hi Nadia, it's Simon from Tidyroute. Thanks for taking my call.",
    "C: Sure. Sorry if I sound tired, we had a burst pipe in the kitchen on Monday.",
    "T: Right. Our planner books every job and sends the route to your phone each morning.",
    "C: The worst bit is the insurance forms, I still haven't filled them in.",
)
_CLOSE = ("C: Maybe, send me something.",)


@pytest.mark.parametrize(
    "reply",
    [
        # the offer, named before in the pitch, as the subject
        "T: The planner keeps all your insurance forms in one place as well. Can I send a demo?",
        # the seller's side as the subject
        "T: We scan insurance forms and file them for you automatically. Can I send a demo?",
    ],
)
def test_the_offer_told_in_the_customers_words_acknowledges_nothing(reply: str) -> None:
    result = grade(*_OPEN, reply, *_CLOSE)
    assert result.verdict("rapport", "acknowledges") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        # the customer's own matter as the subject
        "T: The insurance forms after a burst pipe are a real chore. Can I send a demo?",
        # the seller named inside a sentence about the customer
        "T: Whatever we set up has to leave you time for those insurance forms. Can I send a demo?",
        # feeling for them, opening on we, in their words
        "T: We're sorry the insurance forms are dragging on. Can I send a demo?",
    ],
)
def test_the_customers_matter_taken_up_still_acknowledges(reply: str) -> None:
    result = grade(*_OPEN, reply, *_CLOSE)
    assert result.verdict("rapport", "acknowledges") == "passed"
