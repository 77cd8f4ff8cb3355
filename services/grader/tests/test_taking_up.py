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


# --------------------------------------------------------------------------- protests

_BAKERY = (
    "T: Hello Mr Achebe, Rosa from Coolvane Air, about the extractor in your bakehouse.",
    "C: Hello. We bake for four cafés from that kitchen, six days a week.",
    "T: Four cafés, six days, that's a busy oven. How's the air in there by mid-morning?",
    "C: Thick. The old fan rattles and last week the smoke alarm went off twice.",
    "T: How long has the fan been rattling?",
    "C: Since the spring, it's got worse every month.",
)


@pytest.mark.parametrize(
    ("pitch", "protest", "carried_on"),
    [
        (
            "T: A rattle since spring, a bit of noise is easy to sort. Ours come in two sizes.",
            "C: Haven't you heard a word? The alarm went off with the ovens full.",
            "T: Yes, absolutely, and the two sizes run at thirty or forty decibels.",
        ),
        (
            "T: A rattle since spring, a bit of noise is easy to sort. Ours come in two sizes.",
            "C: It's not just a bit of noise, the grease is dripping onto the proving racks.",
            "T: Right, so, the small one or the large?",
        ),
    ],
)
def test_a_protest_answered_by_carrying_on_is_not_taken_up(
    pitch: str, protest: str, carried_on: str
) -> None:
    result = grade(*_BAKERY, pitch, protest, carried_on, "C: Hm.")
    assert result.verdict("rapport", "responsive") == "failed"


def test_a_correction_taken_up_by_what_it_added_is_responded_to() -> None:
    result = grade(
        *_BAKERY,
        "T: A rattle since spring, a bit of noise is easy to sort. Ours come in two sizes.",
        "C: It's not just a bit of noise, the grease is dripping onto the proving racks.",
        "T: Grease on the proving racks is a food safety worry too. How often do you wipe "
        "them down now?",
        "C: Twice a shift.",
    )
    assert result.verdict("rapport", "responsive") == "passed"


# --------------------------------------------------------------------------- well-wishes

_NEWS = (
    "T: Hi Mr Tan, it's Ines from Keelwork Boatyard, about the hull survey.",
    "C: Ah, not the best day. The mooring line snapped overnight and the boat's drifted "
    "onto the rocks.",
    "T: Oh no, that's rough. Has anyone been out to look at her?",
    "C: The harbourmaster's towing her in now, we'll know by tonight.",
)


def test_a_well_wish_about_the_news_takes_it_up() -> None:
    result = grade(
        *_NEWS,
        "T: Fingers crossed she's only scraped. Shall I ring back on Thursday instead?",
        "C: Thursday's better, yes.",
    )
    assert result.verdict("rapport", "responsive") == "passed"


def test_a_stock_well_wish_pointing_at_nothing_takes_nothing_up() -> None:
    result = grade(
        *_NEWS,
        "T: I hope you have a good week. Shall I ring back on Thursday instead?",
        "C: Thursday's better, yes.",
    )
    assert result.verdict("rapport", "responsive") != "passed"
