"""Readings of a customer who asks to end the call and have it another time: only moving
or ending the call meets that; sympathy on the way to a pitch passes it over."""

from __future__ import annotations

import pytest

from .support import assert_earns_nothing, grade

pytestmark = pytest.mark.unit


_OPENING = "T: Morning Mr Okafor, Dev from Clearwell Water Coolers here."
# stock sympathy long enough to read as taking the line up, then the pitch regardless
_PITCH = (
    "T: I hear you, and thanks for being so open with me. Many of our clients said the same, "
    "then found the coolers paid for themselves. What's the biggest hassle with water in the "
    "office? Shall we book a tasting for Tuesday at ten?"
)
_FUNERAL = "C: I'm at my brother's funeral. Ring me another week, please."


@pytest.mark.parametrize(
    "said",
    [
        _FUNERAL,
        "C: My little girl's running a fever and I'm waiting on the doctor. Call me back tomorrow.",
        "C: I've just been in a car crash, this is a really bad time.",
        "C: We've had a flood in the basement this morning. Can we talk another day?",
    ],
)
def test_sympathy_on_the_way_to_a_pitch_ignores_a_request_to_call_another_time(
    said: str,
) -> None:
    result = grade(_OPENING, said, _PITCH, "C: I've just told you where I am.")
    assert result.verdict("rapport", "acknowledges") == "failed"
    assert result.verdict("rapport", "responsive") == "failed"


def test_a_promise_to_call_back_then_more_questions_still_carries_on() -> None:
    result = grade(
        "T: Hi Ms Brandt, Joss from Oakline Fencing.",
        "C: I'm on the motorway, love, ring me back later please.",
        "T: No problem at all, I'll call you back. Quick one though, how long is the fence "
        "along your paddock?",
        "C: I'm driving.",
    )
    assert result.verdict("rapport", "responsive") == "failed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Of course — I'm so sorry. I'll ring you next week; take care.",
        "T: I'm so sorry to hear that, Mr Okafor. When would be a better time to try you?",
    ],
)
def test_moving_the_call_as_asked_takes_the_request_up(reply: str) -> None:
    result = grade(_OPENING, _FUNERAL, reply, "C: Thank you.")
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert result.verdict("rapport", "responsive") == "passed"
    assert result.verdict("rapport", "courteous") == "passed"


def test_a_caring_question_alone_does_not_carry_on() -> None:
    result = grade(
        _OPENING,
        "C: My little girl's running a fever and I'm waiting on the doctor. Call me back tomorrow.",
        "T: Oh no, I'm so sorry. Is she comfortable at least?",
        "C: She's asleep now, thanks.",
    )
    assert result.verdict("rapport", "responsive") == "passed"


def test_a_timing_objection_about_the_offer_answered_on_its_merits_keeps_its_credit() -> None:
    result = grade(
        "T: Hello Mrs Lind, Arlo from Fieldmark Grain Dryers.",
        "C: We can't look at this till after the harvest, it's all hands in the yard.",
        "T: Understood, the harvest comes first. We could fit the dryer in October, once "
        "it's all in. Would that work for the yard?",
        "C: October might be alright.",
    )
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert result.verdict("rapport", "responsive") == "passed"


# --------------------------------------------------------------------------- no concern to answer

_CRASH = "C: I've just been in a car crash, this is a really bad time."


def test_a_pitch_past_a_request_to_call_another_time_handles_no_concern() -> None:
    result = grade(
        _OPENING,
        _CRASH,
        "T: I understand, and thank you so much for telling me that. So it sounds like "
        "timing is the sticking point. Many of our clients felt the same, then found the "
        "coolers paid for themselves. What's the biggest hassle with water in the office? "
        "Shall we book a tasting for Tuesday at ten? Lovely, you're all set, calendar hold "
        "incoming.",
        "C: I've just told you where I am.",
    )
    for check in ("acknowledges_concern", "explores_concern", "answers_concern"):
        assert result.verdict("objection_handling", check) != "passed", check
    assert_earns_nothing(result)


def test_letting_the_customer_go_still_recognises_the_request() -> None:
    result = grade(
        _OPENING,
        _CRASH,
        "T: Goodness, I'm so sorry, I'll let you go. When would be better to call?",
        "C: Next week.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


_FEES = (
    "T: Hi Mrs Chen, Ola from Swiftpay Card Machines.",
    "C: I'm worried the card fees will eat what little margin the cafe has.",
)


def test_setting_the_customer_down_as_booked_answers_no_concern() -> None:
    result = grade(
        *_FEES,
        "T: That's a fair worry about the fees. What do you pay per transaction today? "
        "Shall we do Friday at ten? Perfect, that's you pencilled in, calendar hold incoming.",
        "C: Hold on, I didn't say yes.",
    )
    assert result.verdict("objection_handling", "answers_concern") != "passed"


def test_an_answer_before_a_pushy_booking_is_still_the_answer() -> None:
    result = grade(
        *_FEES,
        "T: That's a fair worry about the fees. Our fee is a flat one point two percent, so a "
        "five pound coffee costs you six pence. Shall we do Friday at ten? Perfect, you're "
        "booked in.",
        "C: Six pence, that's less than now.",
    )
    assert result.verdict("objection_handling", "answers_concern") == "passed"
