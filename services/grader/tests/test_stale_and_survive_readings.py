"""Two more sarcastic acknowledgements read by their form. The customer's own figure
stressed as if it were a lot, with a question of how they will ever get through it ("Wow,
fifteen whole percent, how will you survive."), and the customer's worry called a stock
line the trainee has heard too often ("Ah, too expensive, never heard that one before").
Neither takes anything up or earns praise; a sincere line in nearly the same words (a
figure taken seriously, "I hear that a lot, and here's why") stays sincere."""

from __future__ import annotations

import functools

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit


def _praised(result: GradeResult, criterion: str) -> bool:
    return any(f.kind == "strength" and f.criterion == criterion for f in result.feedback)


def _assert_mock(mock: GradeResult, sincere: GradeResult) -> None:
    assert mock.verdict("rapport", "acknowledges") != "passed"
    assert mock.verdict("objection_handling", "acknowledges_concern") != "passed"
    assert not _praised(mock, "rapport")
    assert not _praised(mock, "objection_handling")
    assert mock.rapport_score < sincere.rapport_score


_TILLS = "T: Hi Jo, Kai from Loomline card payments."
_FEES = "C: Your card fees are fifteen percent higher than what we pay now."
_GOES_ON = ("C: Right.", "T: It takes contactless and phone payments.", "C: So does ours.")


def _fees_call(reply: str) -> GradeResult:
    return grade(_TILLS, _FEES, reply, *_GOES_ON)


@functools.cache
def _fees_taken_seriously() -> GradeResult:
    return _fees_call(
        "T: Fifteen percent more is a real cost on every sale, I see why that stands out. "
        "What do you put through the till in a month?"
    )


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(
            "T: Wow, fifteen whole percent, how will you survive. Ours is faster though.",
            id="whole-survive",
        ),
        pytest.param(
            "T: Fifteen entire percent, however will you cope? Ours is faster though.",
            id="entire-cope",
        ),
        pytest.param(
            "T: All of fifteen percent. How would you ever manage? Ours is faster though.",
            id="all-of-manage",
        ),
    ],
)
def test_their_figure_stressed_with_a_question_of_getting_through_it_is_mock(reply: str) -> None:
    _assert_mock(_fees_call(reply), _fees_taken_seriously())


def test_a_figure_taken_seriously_stays_an_acknowledgement() -> None:
    sincere = _fees_taken_seriously()
    assert sincere.verdict("rapport", "acknowledges") == "passed"
    whole = _fees_call(
        "T: Fifteen percent on a whole month's takings adds up, I see why that worries you. "
        "How will you handle the busy season?"
    )
    assert whole.verdict("rapport", "acknowledges") == "passed"


_PRINT = "T: Hi, Lena from Brightwall Printing."
_DEAR = "C: It's too expensive for us, we're a small charity."
_PRINT_ON = ("C: Right.", "T: We print in two days and deliver free.", "C: Okay.")


def _print_call(reply: str) -> GradeResult:
    return grade(_PRINT, _DEAR, reply, *_PRINT_ON)


@functools.cache
def _dear_taken_seriously() -> GradeResult:
    return _print_call(
        "T: Charity budgets are tight, I understand it's too expensive as it stands. How many "
        "flyers do you usually need?"
    )


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(
            "T: Ah yes, too expensive, never heard that one before. Our flyers are a pound each.",
            id="never-heard",
        ),
        pytest.param(
            "T: Too expensive, if I had a pound for every time I heard that. Our flyers are a "
            "pound each.",
            id="pound-every-time",
        ),
        pytest.param(
            "T: Ah, the old too expensive chestnut. Our flyers are a pound each.",
            id="old-chestnut",
        ),
    ],
)
def test_the_worry_called_a_stock_line_is_mock(reply: str) -> None:
    _assert_mock(_print_call(reply), _dear_taken_seriously())


def test_hearing_the_worry_often_said_in_earnest_stays_an_acknowledgement() -> None:
    result = _print_call(
        "T: I hear that from a lot of small charities, and it's fair, budgets are tight. How "
        "many flyers do you usually need?"
    )
    assert result.verdict("rapport", "acknowledges") == "passed"
