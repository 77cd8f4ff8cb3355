"""An acknowledgement takes up the customer's matter (acknowledges: "Takes up what the
customer just said about their situation or feelings, in their own words"). The seller's
own story or boast in the customer's words ("I used to ride with a club myself",
"Cracked bells are our speciality") is about the seller; "Don't worry about the reviews"
sets the matter aside; "No worries" to "that worries me" says a stock reply, not their
word back. The customer's matter taken up before the seller's story, the speaker's stance
on it ("I know how that feels", "I'd be worried too"), and a sincere "no worries, take
your time" where no worry was raised still acknowledge."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hi, it's Rhys from Spokewear, we print cycling kit for clubs."
_END = ("C: Okay.", "T: Could I send some fabric samples on Tuesday?", "C: Yes.")


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        (
            "C: Hello. Our club lost half its members over the winter.",
            "T: I used to ride with a club myself in Brecon, we had forty members then.",
        ),
        (
            "C: Hello. Our last order of jerseys faded after two washes.",
            "T: Faded jerseys are our speciality to fix, our inks are the best going.",
        ),
        (
            "C: Hello. The fading shows up in every club photo, it's embarrassing.",
            "T: Oh, don't worry about the photos, every club's kit fades in the end.",
        ),
        (
            "C: Hello. The fading really worries me, the members keep complaining.",
            "T: No worries. Plenty of clubs in Wales wear our kit on Sundays.",
        ),
    ],
)
def test_the_sellers_side_or_the_matter_set_aside_acknowledges_nothing(
    said: str, reply: str
) -> None:
    result = grade(_OPEN, said, reply, *_END)
    assert result.verdict("rapport", "acknowledges") != "passed"


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        # their matter first, then the seller's own story
        (
            "C: Hello. Our club lost half its members over the winter, it's been hard.",
            "T: Losing half the members in one winter is hard, I saw it at my own club once.",
        ),
        # the speaker's stance on what was said
        (
            "C: Hello. Our club lost half its members over the winter, it's been hard.",
            "T: I know how hard losing members is, it takes the heart out of a club.",
        ),
        (
            "C: Hello. Our last order of jerseys faded after two washes, which worries me.",
            "T: I'd be worried too if new jerseys faded after two washes.",
        ),
        # the seller's side inside a clause about their people
        (
            "C: Hello. Our juniors grew out of their kit in one season, the parents are cross.",
            "T: Whatever we print has to last the juniors more than a season for their parents.",
        ),
        # a sincere stock reply where no worry was raised
        (
            "C: Hello. Hang on, let me find my diary, I'm just locking up the clubhouse.",
            "T: No worries, take your time.",
        ),
    ],
)
def test_the_customers_matter_taken_up_still_acknowledges(said: str, reply: str) -> None:
    result = grade(_OPEN, said, reply, *_END)
    assert result.verdict("rapport", "acknowledges") == "passed"
