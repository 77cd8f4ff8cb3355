"""Readings of a customer's request met by the trainee's doing it ("Maybe, send me
something first." "Will do, I'll email the details today."): the request is taken up by
being agreed to, in no word of the customer's; agreement on the way to a question about
something else, or a pitch in its place, takes nothing up."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_CALL = (
    "T: Hi, this is Dana from Brightline Payroll, have you got a couple of minutes?",
    "C: Go on. Honestly payroll eats my whole Sunday every month, it's draining.",
    "T: Losing every Sunday to payroll sounds draining. What takes the longest?",
    "C: Typing up paper timesheets for twelve people.",
    "T: We take the timesheets off your hands: staff log hours on their phones. Could I show "
    "you on Thursday?",
)


@pytest.mark.parametrize(
    ("request_", "reply", "taken"),
    [
        ("Maybe, send me something first.", "Will do, I'll email the details today, thanks.", True),
        ("Maybe, send me something first.", "Will do. Thanks, bye.", True),
        (
            "Possibly, but text me a link first.",
            "Will do, it'll be on your phone in a minute.",
            True,
        ),
        (
            "Could you email me the prices first?",
            "Will do, you'll have them within the hour.",
            True,
        ),
        (
            "Just pop it in an email and I'll have a look.",
            "Happy to, it'll be with you by four.",
            True,
        ),
        (
            "I'd rather you rang me next week, it's mad here.",
            "No bother, I'll ring you Monday.",
            True,
        ),
        # agreement on the way elsewhere, or a pitch in its place
        (
            "Maybe, send me something first.",
            "Sure. How many staff do you have on the payroll?",
            False,
        ),
        (
            "Could you email me the prices first?",
            "Will do. Which bank do you use for wages?",
            False,
        ),
        (
            "Could you email me the prices first?",
            "Our software is rated top by accountants.",
            False,
        ),
        # no request: the trainee's own action answers nothing asked of them
        (
            "We tried a payroll app before and it lost a month of data.",
            "I'll send you our brochure.",
            False,
        ),
    ],
)
def test_a_request_is_taken_up_by_doing_it(request_: str, reply: str, taken: bool) -> None:
    result = grade(*_CALL, f"C: {request_}", f"T: {reply}")
    assert (result.verdict("rapport", "responsive") == "passed") is taken
