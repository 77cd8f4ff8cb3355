"""Readings of a reply that turns the customer's news into their need of the seller's
wares ("So as head chef you'll want our apron package", "that's exactly where our
service comes in"): their words as the premise of a pitch take nothing up. What the
customer will want, with nothing of the seller's in it, and what the seller will do for
them, are left to the other readings."""

from __future__ import annotations

import pytest

from .support import claims, grade

pytestmark = pytest.mark.unit

_OPEN = "T: Good afternoon, Ines from Solwear Uniforms, we spoke last month about the aprons."
_NEWS = "C: Yes. I got made head chef last week, so the aprons are my job now."


@pytest.mark.parametrize(
    "pitch",
    [
        "So as head chef you'll want our apron package, it's the cheapest around.",
        "Okay, so as head chef you will want our apron package, it is the cheapest in town.",
        "Right, a head chef needs our premium range, the cooks will notice.",
        "Okay, that's exactly where our service comes in, we do it all.",
        "Head chef, right, that's when we come in.",
    ],
)
def test_the_news_made_the_premise_of_a_pitch_acknowledges_nothing(pitch: str) -> None:
    result = grade(_OPEN, _NEWS, f"T: {pitch} How many cooks are there?", "C: Twenty.")
    assert result.verdict("rapport", "acknowledges") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "Head chef, congratulations, you'll want a breather after that week!",
        "Head chef already, well deserved I'm sure. How are you finding it?",
        "As head chef you'll know best what the cooks need from an apron.",
    ],
)
def test_what_the_customer_wants_without_the_wares_still_takes_it_up(reply: str) -> None:
    result = grade(_OPEN, _NEWS, f"T: {reply}", "C: Busy, but good.")
    assert result.verdict("rapport", "acknowledges") == "passed"


# The customer's trouble set aside on the way to the wares ("Don't worry, our arrangements
# suit any venue"): their words said back only as what the seller's goods cope with.
_FLOWERS = "T: Morning, Jo from Bloomhouse Florists, about the wedding flowers."
_VENUE = "C: I'm so stressed, the venue just cancelled on us three weeks before the wedding."


@pytest.mark.parametrize(
    ("reply", "taken_up"),
    [
        ("Don't worry, our arrangements suit any venue, and the barn bundle is on offer.", False),
        ("Never mind the venue, our wedding packages start at four hundred.", False),
        ("Don't worry, we'll fit the flowers to whatever venue you find.", True),
        ("A venue cancelling three weeks out, that's awful. Have you found another?", True),
    ],
)
def test_their_trouble_set_aside_for_the_wares_is_not_taken_up(reply: str, taken_up: bool) -> None:
    result = grade(_FLOWERS, _VENUE, f"T: {reply}", "C: Right.")
    assert (result.verdict("rapport", "responsive") == "passed") is taken_up
    assert not claims(result, "rapport", "responsive")
