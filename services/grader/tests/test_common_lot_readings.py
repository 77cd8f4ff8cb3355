"""Readings of a reply that files the customer's news under the common lot: a generic
sentence saying such things befall everyone ("everybody misses calls"), that a whole kind
of people always do so ("neighbours always complain"), or that a kind of trouble just
happens ("fires happen"). Like "these things happen", it says nothing of what this
customer told; a generic that explains ("houses lose heat through the roof, so …") or
that feels with them ("everyone gets nervous before an opening") is no shrug."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d
from sessionhub.grader.graders.dialogue import sentences, shrugs

from .support import customer_said, grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hi Mrs Lindqvist, it's Tomas from Kestrel Glazing, about the shopfront quote."
_FIRE = "C: Sorry, it's chaos, we had a fire in the stockroom on Friday and lost half the stock."
_PITCH = "Our toughened glass is rated for heat up to three hundred degrees."


@pytest.mark.parametrize(
    "shrug",
    [
        "Ah, fires happen, the insurance usually covers it.",
        "Well, break-ins happen everywhere these days.",
        "Shopkeepers always have bad weeks, honestly.",
        "Oh, old buildings always catch fire sooner or later.",
        "Everybody loses stock at some point.",
        "Older people always worry about fire, that's normal at that age.",
        "Look, everyone gets a fire eventually.",
    ],
)
def test_the_news_filed_under_the_common_lot_acknowledges_nothing(shrug: str) -> None:
    result = grade(_OPEN, _FIRE, f"T: {shrug} {_PITCH}", "C: Right.")
    assert shrugs(sentences(shrug)[0])
    assert result.verdict("rapport", "acknowledges") == "failed"


@pytest.mark.parametrize(
    "reply",
    [
        "A fire in the stockroom, that must have been frightening.",
        "Everyone gets nervous after a fire, that's only natural.",
        "Fires happen when the wiring is old, so we check it before fitting.",
        "Stockrooms always need a fire door, and we can fit one with the glass.",
        "Our customers always tell us the glass saved them.",
        "Everybody at the shop must have been shaken.",
        "Every pane sits inside the one fitted price.",
        "What happens next with the insurance?",
    ],
)
def test_a_generic_that_explains_or_feels_with_them_is_no_shrug(reply: str) -> None:
    assert not shrugs(sentences(reply)[0])


def test_a_reply_feeling_with_the_customer_still_takes_the_fire_up() -> None:
    reply = "T: Oh no, a fire on top of everything, I'm so sorry. Is everyone alright?"
    result = grade(_OPEN, _FIRE, reply, "C: Yes, thank God.")
    assert result.verdict("rapport", "acknowledges") == "passed"


# Their own trouble said back as what befalls them every so often ("herons take koi all
# the time", "sooner or later"): in the customer's words it is their news made nobody's in
# particular. "Every" of a kind is not read: the seller's wares are told that way too.
_POND = "T: Hi, it's Aled from Greystone Aquatics, is that Mrs Bright?"
_HERON = "C: Yes. Sorry, I'm a bit low, we lost all the koi in the pond to a heron last week."


@pytest.mark.parametrize(
    "shrug",
    [
        "Pond owners lose fish to herons sooner or later, that's nature.",
        "Herons take koi all the time round here, honestly.",
        "Well, a heron finds a pond every spring.",
    ],
)
def test_their_trouble_said_to_befall_them_all_the_time_acknowledges_nothing(shrug: str) -> None:
    result = grade(_POND, _HERON, f"T: {shrug}", "C: Right. What's this about?")
    assert d.lot_of_theirs(sentences(shrug)[0], customer_said(_HERON[3:]))
    assert result.verdict("rapport", "acknowledges") == "failed"


@pytest.mark.parametrize(
    "reply",
    [
        "All the koi, and to a heron, that's heartbreaking. Had you had them long?",
        "Herons come back every spring, so a net over the pond is the surest way.",
        "Every pond we build comes with a heron guard.",
        "Every koi pond in the valley gets a heron guard from us.",
        "I hear about herons and koi all the time.",
        "You must have checked on them every day, losing the koi must hurt.",
        "Herons take koi all the time, I'm so sorry.",
    ],
)
def test_a_generic_that_feels_explains_or_tells_of_the_seller_is_no_lot_of_theirs(
    reply: str,
) -> None:
    assert not d.lot_of_theirs(sentences(reply)[0], customer_said(_HERON[3:]))


@pytest.mark.parametrize(
    "shrug",
    [
        "Herons take koi all the time round here, honestly.",
        "Well, that's nature for you.",
        "These things happen. Our heron nets are on offer this month.",
        "Pond owners always lose a few fish.",
    ],
)
def test_a_shrug_at_their_trouble_with_no_feeling_is_dismissive(shrug: str) -> None:
    result = grade(_POND, _HERON, f"T: {shrug}", "C: Right. What's this about?")
    assert result.verdict("rapport", "courteous") == "failed"
    assert result.verdict("rapport", "responsive") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "Oh no, I'm so sorry. These things happen, but it's rotten luck.",
        "What a blow. Herons take koi all the time round here, sadly.",
        "Herons come back every spring, so a net over the pond is the surest way.",
        "Every pond owner dreads that.",
    ],
)
def test_a_shrug_said_with_feeling_or_an_explanation_stays_courteous(reply: str) -> None:
    result = grade(_POND, _HERON, f"T: {reply}", "C: Right. What's this about?")
    assert result.verdict("rapport", "courteous") == "passed"


def test_after_good_news_a_stock_saying_is_no_dismissal() -> None:
    result = grade(
        _POND,
        "C: Yes! We just won best pond at the county show, can you believe it.",
        "T: Well, that's nature for you. What did the judges like most?",
        "C: The waterfall, mainly.",
    )
    assert result.verdict("rapport", "courteous") == "passed"
