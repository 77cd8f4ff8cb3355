"""A worry made to weigh nothing is no acknowledgement: the reply says the customer's
trouble is nothing, hardly a thing, a small matter, no real problem, leaves them to
manage it themselves, grants it only as their say-so, or affirms it "the end of the
world"; or it ranks the trouble below worse ones ("I've seen worse", "it could be
worse"), calls it beside the point, or says nobody cares. The same evaluation negated,
or said of the seller's own side, is sincere."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit

_OPENING = "T: Hello Mr Adeyemi, Kofi from Harmattan Solar."
_WORRY = "C: I worry the dust in the dry season will cover the panels and we'll lose power."
_SINCERE = (
    "T: Dust over the panels in the dry season is a fair worry, it can cut the output a "
    "lot. Our plan washes them every two weeks."
)


def _call(reply: str) -> GradeResult:
    return grade(_OPENING, _WORRY, reply, "C: Hm.")


def _praised(result: GradeResult, criterion: str) -> bool:
    return any(f.kind == "strength" and f.criterion == criterion for f in result.feedback)


@pytest.mark.parametrize(
    "reply",
    [
        "T: Ah, the dust, that one is a small matter, my friend. Our panels are 450 watts.",
        "T: Dust? It is not a real problem. Our panels are 450 watts each.",
        "T: A bit of dust is nothing, you will manage. The panels are 450 watts each.",
        "T: Okay, if you say so. The panels are 450 watts each.",
        "T: Some dust on the panels, the end of the world. The panels are 450 watts each.",
        "T: Dust, honestly, you'll survive. The panels are 450 watts each.",
        "T: Dust? I've seen much worse than that. The panels are 450 watts each.",
        "T: Ah, it could be a lot worse, my friend. The panels are 450 watts each.",
        "T: The dust is not really relevant. The panels are 450 watts each.",
        "T: Honestly, nobody cares about a bit of dust. The panels are 450 watts each.",
    ],
)
def test_a_worry_made_to_weigh_nothing_is_no_acknowledgement(reply: str) -> None:
    sincere = _call(_SINCERE)
    mock = _call(reply)
    assert mock.verdict("rapport", "courteous") == "failed"
    assert not _praised(mock, "rapport")
    assert mock.rapport_score < sincere.rapport_score


@pytest.mark.parametrize(
    "reply",
    [
        _SINCERE,
        "T: Dust on the panels is no small matter in the dry season. Our plan washes them "
        "every two weeks.",
        "T: Losing power to dust is not a small thing. Our plan washes the panels every two weeks.",
        "T: It's not the end of the world, the dust washes off. Our plan cleans the panels "
        "every two weeks.",
        "T: The dust is a small job for us, our plan washes the panels every two weeks.",
        "T: It's hardly a surprise you worry about the dust. Our plan washes the panels "
        "every two weeks.",
        "T: With our app you'll manage the cleaning visits yourself. Our plan washes the "
        "panels every two weeks.",
        "T: Dust could make the output a lot worse, so our plan washes the panels every two weeks.",
        "T: The dry season is very relevant to the output. Our plan washes the panels every "
        "two weeks.",
        "T: Nobody cares more about clean panels than we do. Our plan washes them every two weeks.",
    ],
)
def test_the_same_evaluation_negated_or_of_the_sellers_side_stays_courteous(reply: str) -> None:
    assert _call(reply).verdict("rapport", "courteous") == "passed"
