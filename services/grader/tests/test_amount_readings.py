"""A number where an hour could stand ("at two", "around ten", "say four") is an hour only
when it ends there: one that runs on into a word that prices, counts or measures ("at two
hundred and forty", "at ten percent off", "at five a unit", "at twelve months free", "at
one of our sites") is an amount or a span. An ordinal is a date when it ends its phrase
("on the ninth", "the fourth at ten"), not when a noun follows it ("the first batch"). Half
or a quarter before the hour or past it ("at half two", "by a quarter to three") is a time.
A price put to the customer is no slot, and their yes to it books nothing."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "said",
    [
        "We've got a vinyl banner option at two hundred and forty, and you can spread it "
        "over three months.",
        "We could do it at ten percent off.",
        "We can do the starter kit at five pounds a unit.",
        "We could offer it at three thousand for the year.",
        "We could do it at 2 grand.",
        "We can fix the rate at four per cent for the year.",
        "We could do it at five hundred a month.",
        "We could go at one each for the first batch.",
        "We could do it at 2,500.",
        "We could price the hire at nine an hour.",
        "We could supply the sacks at ten pence a bag.",
        "We could do the lot from two to three weeks out.",
        "Say two of them for the trial?",
        "We could clean the third floor, twice a year.",
    ],
)
def test_an_amount_or_a_span_is_no_time_and_no_proposal(said: str) -> None:
    (s,) = sentences(said)
    assert not s.has_time
    assert not s.is_proposal


def test_an_amount_after_a_step_word_is_still_no_time() -> None:
    (s,) = sentences("I can start you at twelve months free support.")
    assert not s.has_time


@pytest.mark.parametrize(
    "said",
    [
        "We could come at two.",
        "We could come at two thirty.",
        # two fifty may be a price, but with nothing after it it is read as the hour
        "We could come at two fifty.",
        "We could meet at 2pm.",
        "Can I pop in on Tuesday at ten?",
        "How about around four?",
        "Say ten tomorrow?",
        "Could I call at nine am on Monday?",
        "We could come at ten each morning next week.",
        "Could I call round at five minutes to nine?",
        "Could we meet at ten a week on Friday?",
        "Could we come on the ninth?",
        "Could we come the second week of May?",
    ],
)
def test_an_hour_or_a_date_stays_a_time(said: str) -> None:
    (s,) = sentences(said)
    assert s.is_proposal
    assert s.has_time


@pytest.mark.parametrize(
    "said",
    [
        "We could come at half two.",
        "Could I pop round at half two?",
        "We could come around half past four.",
        "We could come by a quarter to three.",
    ],
)
def test_half_or_a_quarter_by_the_hour_is_a_time(said: str) -> None:
    (s,) = sentences(said)
    assert s.is_proposal
    assert s.has_time


@pytest.mark.parametrize(
    "said",
    [
        "We could do it at half price.",
        "We could do it at a quarter of the price.",
        "We could do the first lot at half one each.",
    ],
)
def test_half_or_a_quarter_of_a_price_is_no_time(said: str) -> None:
    (s,) = sentences(said)
    assert not s.has_time


def test_a_yes_to_a_price_books_nothing() -> None:
    result = grade(
        "T: Hi, it's Dana from Signcraft. You asked about a sign for the shopfront?",
        "C: Yes, but the last quote we had was silly money.",
        "T: What were you hoping to spend on it?",
        "C: A couple of hundred, tops.",
        "T: We've got a vinyl banner option at two hundred and forty, and you can spread "
        "it over three months.",
        "C: Oh, that's actually doable. Okay.",
    )
    assert result.verdict("closing", "proposes_next_step") != "passed"
    assert result.verdict("closing", "specific_time") != "passed"
    assert not result.commitment_secured
