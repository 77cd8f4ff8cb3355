"""Readings of a concern as an episode: what the customer said behind a vague objection
belongs to it, and a stock concession on the way to the seller's standing takes none of
it up."""

from __future__ import annotations

import pytest

from .support import claims, grade

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------------- the episode

_ASKED_BEHIND = [
    (
        "T: Afternoon Mrs Lund, Oskar from Tidewell, about the cleaning rota for your flats.",
        "C: Afternoon. The residents' board isn't keen, if I'm honest.",
        "T: What is it that's putting them off?",
        "C: The last cleaners left the bins in the stairwell over every weekend.",
        "T: Right, so it's the bins standing in the stairwell all weekend that bothers them.",
        "C: That's the one.",
    ),
    (
        "T: Hi Mr Dube, Ines from Pollenfield, about the hanging baskets on your pub.",
        "C: Hi. I doubt my landlord would go for it.",
        "T: Can I ask what he'd object to?",
        "C: Water dripping on the customers' heads out on the terrace, mostly.",
        "T: So the drips landing on people sitting out on the terrace is his worry.",
        "C: Yes.",
    ),
]


@pytest.mark.parametrize("lines", _ASKED_BEHIND)
def test_saying_back_the_substance_behind_a_vague_concern_acknowledges_it(
    lines: tuple[str, ...],
) -> None:
    result = grade(*lines)
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"
    assert not claims(result, "objection_handling", "acknowledges_concern")


# --------------------------------------------------------------------------- formulas

_OPENING = "T: Hello Mrs Adeyemi, Craig from Northvale, about fitting the shutters on your deli."
_CONCERN = "C: Hello. I'm worried the shutters will be noisy first thing for the flats above."


# A formula on the way to the seller's standing recognises nothing; the same formula with
# the concern said back does.
_REPLIES = {
    "T: That's completely fair. Northvale has fitted shutters for thirty years.": False,
    "T: I totally respect that. We're the biggest shutter firm in the county.": False,
    "T: I hear you. We've won three regional awards.": False,
    "T: That's completely fair, nobody wants the flats woken at six. Ours run on nylon "
    "rollers.": True,
    "T: I totally respect that. Noisy shutters would wake the flats above, so we fit nylon "
    "rollers.": True,
}


@pytest.mark.parametrize(("reply", "recognised"), _REPLIES.items())
def test_a_stock_concession_recognises_a_concern_only_with_it_taken_up(
    reply: str, recognised: bool
) -> None:
    verdict = grade(_OPENING, _CONCERN, reply, "C: Hmm.").verdict(
        "objection_handling", "acknowledges_concern"
    )
    assert (verdict != "failed") is recognised


_CANT_AFFORD = "C: Hello. Honestly, new shutters are more than the deli can afford."

# To a worry about the cost, what the customer would pay is no standing of the seller's:
# the formula led to an answer. A sum that is no price, a boast, or a price to a worry
# about something else leaves it the formula it was.
_COST_REPLIES = [
    (
        _CANT_AFFORD,
        "T: That's completely fair. Northvale does a roller grille for four hundred pounds.",
        True,
    ),
    (_CANT_AFFORD, "T: I hear you. We have a payment plan at forty pounds a month.", True),
    (
        _CANT_AFFORD,
        "T: That makes sense. We offer ten per cent off for independent shops.",
        True,
    ),
    (
        _CANT_AFFORD,
        "T: That's completely fair. Northvale has been trading for thirty years.",
        False,
    ),
    (_CANT_AFFORD, "T: I hear you. We turned over two million pounds last year.", False),
    (_CANT_AFFORD, "T: I hear you. Our grilles are the best in the county.", False),
    (
        _CONCERN,
        "T: That's completely fair. Northvale does a roller grille for four hundred pounds.",
        False,
    ),
]


@pytest.mark.parametrize(("concern", "reply", "recognised"), _COST_REPLIES)
def test_a_stock_concession_before_what_the_customer_would_pay_recognises_a_cost_worry(
    concern: str, reply: str, recognised: bool
) -> None:
    verdict = grade(_OPENING, concern, reply, "C: Hmm.").verdict(
        "objection_handling", "acknowledges_concern"
    )
    assert (verdict == "passed") is recognised


# --------------------------------------------------------------------------- reassurance

_ANSWERED = (
    "T: Hi Mr Farouk, Gemma from Coldline, about servicing the chillers in your shop.",
    "C: Hi. My worry is the engineer turning up in the lunch rush and the fridges off then.",
    "T: Fair worry, with lunch your busiest hour. We service after closing, so the fridges "
    "are never off while you trade.",
)
# The customer's relief in their own words, or the concern withdrawn, eases it; the
# answer judged to miss their matter does not, whatever they say they will do next.
_REACTIONS = {
    "C: Oh, that's a load off.": "passed",
    "C: Well, that takes the sting out of it, and the edge off it too.": "passed",
    "C: After closing? Then that's one less thing on my plate.": "passed",
    "C: If that holds, we've nothing else.": "passed",
    "C: Closing time is all very well, it doesn't fix my problem. I'll mention it to my "
    "brother.": "failed",
    "C: Nice, but that isn't my question. I'll pass it on.": "failed",
    "C: Fine, that doesn't help us. We'll see.": "failed",
}


@pytest.mark.parametrize(("reaction", "verdict"), _REACTIONS.items())
def test_relief_eases_the_concern_and_a_pushback_does_not(reaction: str, verdict: str) -> None:
    result = grade(*_ANSWERED, reaction)
    assert result.verdict("objection_handling", "customer_reassured") == verdict


# --------------------------------------------------------------------------- verdicts


def _asked_behind(verdict: str) -> tuple[str, ...]:
    return (
        "T: Hi Mrs Quinn, Arjun from Greenbay, about composting the food waste at your café.",
        f"C: {verdict}",
        "T: Can I ask what puts you off?",
        "C: The bins would sit by the back door and the smell would reach the kitchen.",
        "T: Bins smelling by the kitchen door, right. Ours seal shut and we empty them twice "
        "a week.",
        "C: Sealed and twice a week? That could work.",
    )


@pytest.mark.parametrize(
    "verdict",
    [
        "Thanks but no thanks.",
        "Hi. We'll pass, love.",
        "Nah, we ain't doing that.",
        "Och, I dinnae want it.",
        "We dont need that here.",
        "Hello. That willnae suit us.",
    ],
)
def test_a_bare_verdict_up_front_opens_the_concern(verdict: str) -> None:
    result = grade(*_asked_behind(verdict))
    assert result.objection_handling_score >= 80
    assert result.verdict("objection_handling", "explores_concern") == "passed"


def test_a_no_answering_the_question_is_no_verdict() -> None:
    result = grade(
        "T: Hi Mrs Quinn, Arjun from Greenbay. Do you compost the café's food waste now?",
        "C: No.",
        "T: We collect it twice a week in sealed bins.",
        "C: Right.",
    )
    assert result.verdict("objection_handling", "explores_concern") == "undecided"
