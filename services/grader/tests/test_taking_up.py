"""Readings of whether a reply takes up what the customer said: the trouble passed over,
a protest answered by carrying on, the news met with a well-wish."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------------- brush-offs

_OPENING = "T: Morning Mr Oduya, Tamsin from Brightwell Signs."
_TROUBLE = (
    "C: Bad timing, pet. A lorry clipped the shopfront on Tuesday and the sign came down, "
    "half the letters are lying in the yard."
)


@pytest.mark.parametrize(
    "reply",
    [
        # cheer that does not fit the news, then the shopfront named on the way to a pitch
        "T: Lovely. Shopfront signs are what we make, our new lightbox range is out.",
        # the trouble made small by a saying that such things harm nobody
        "T: Ah, a few dents never hurt anybody, the sign will do a while yet. Our new "
        "lightbox range is out.",
        # two words of stock sympathy, then straight to the seller's business
        "T: Sorry about that. Now, the reason for my call, we have a new lightbox range for "
        "shopfront signs.",
    ],
)
def test_passing_over_the_trouble_is_no_acknowledgement(reply: str) -> None:
    result = grade(_OPENING, _TROUBLE, reply, "C: Right.")
    assert result.verdict("rapport", "acknowledges") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Sorry to hear it, your whole frontage knocked down in one go. Is the lorry firm "
        "paying for it?",
        "T: Sorry about that. Was anyone standing underneath when it came down?",
        "T: Oh, I am sorry. With the letters in the yard the shop's got no name on it at all.",
    ],
)
def test_saying_back_what_happened_acknowledges_it(reply: str) -> None:
    result = grade(_OPENING, _TROUBLE, reply, "C: Right.")
    assert result.verdict("rapport", "acknowledges") == "passed"
