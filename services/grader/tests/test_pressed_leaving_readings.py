"""Readings of a script pressed past the customer's leaving: the customer asks to end the
call, or says they were not heard, again and again, and every time the trainee goes on
with the pitch, a booking or a question about something else, echoing the customer's
words on the way if anything. That is keyword salad whatever the echoes share."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import assert_earns_nothing, customer_said, grade

pytestmark = pytest.mark.unit

_NOTE = "None of your replies took up"


def test_echoes_on_the_way_past_every_leaving_are_salad() -> None:
    result = grade(
        "T: Hello, Ines from Fairway Irrigation, is this the greenkeeper?",
        "C: Yes, but the course flooded overnight, I've got the whole crew out pumping.",
        "T: Flooded overnight, right. So our smart sprinkler controllers cut water bills by "
        "a third.",
        "C: Sprinklers? We're underwater. I'm hanging up.",
        "T: Underwater, sure. What are your irrigation goals for this season?",
        "C: Goodbye.",
        "T: Goodbye for now! Can we book a site walk on Thursday at nine?",
        "C: Stop calling.",
        "T: Stop calling, understood. I'll email the brochure and we'll talk Thursday.",
        "C: No.",
    )
    assert_earns_nothing(result)
    assert _NOTE in " ".join(result.notes)


def test_a_stated_no_time_with_the_subject_left_out_ends_the_call() -> None:
    assert d.is_stop(customer_said("Sorry, up to my elbows in dough, can't talk."))
    assert d.is_stop(customer_said("Cannot talk now, bye."))


@pytest.mark.parametrize(
    "line",
    [
        "We can't talk price until the board meets in March.",
        "Sorry, can't talk long, what's the offer?",
        "Honestly, can't talk about that until the audit is done.",
    ],
)
def test_no_time_to_talk_of_something_or_for_long_is_no_leaving(line: str) -> None:
    assert not d.is_stop(customer_said(line))


def test_letting_the_customer_go_once_is_no_script() -> None:
    result = grade(
        "T: Hello, Ines from Fairway Irrigation, is this the greenkeeper?",
        "C: Yes, but the course flooded overnight, I've got the whole crew out pumping.",
        "T: Oh no, that's a rough morning. What are your irrigation goals for this season?",
        "C: I'm hanging up.",
        "T: Of course, sorry. I'll try you next week once the water's gone down.",
        "C: Fine. Goodbye.",
        "T: Good luck with the pumping.",
    )
    assert _NOTE not in " ".join(result.notes)


def test_a_reply_in_the_customers_own_words_after_a_protest_goes_on_with_them() -> None:
    result = grade(
        "T: Morning, Ravi from Crustworks Ovens. How's the bakery?",
        "C: Busy. We've only got the one deck oven and it's running flat out.",
        "T: One deck oven for the whole bake, that's a lot on one machine. How many loaves a day?",
        "C: Like I said, it's flat out. About four hundred loaves.",
        "T: Four hundred loaves on one deck oven, no wonder. Would a second deck help at peak?",
        "C: I told you, there's no room for a second deck.",
        "T: No room for a second deck, then a stacked unit on the same footprint could work.",
        "C: Hm, maybe. Send me the sizes.",
        "T: I'll send the sizes today and call Friday at ten to go through them.",
        "C: Friday at ten is fine.",
    )
    assert _NOTE not in " ".join(result.notes)
    assert result.commitment_secured


def test_an_eager_trainee_who_hears_the_customer_out_is_no_salad() -> None:
    result = grade(
        "T: Hi! Zoe from Brightline Signs, so glad I caught you!",
        "C: Hi Zoe. We're opening a second café next month and the sign guy let us down.",
        "T: Oh no, a second café is so exciting, and losing the sign guy now is awful! "
        "When do you open?",
        "C: The fourteenth. We need the fascia up a week before.",
        "T: A week before the fourteenth, totally doable. Could I measure up on Monday at eight?",
        "C: Monday at eight, yes please.",
        "T: Amazing, Monday at eight it is, I'll bring sample boards.",
    )
    assert _NOTE not in " ".join(result.notes)
    assert result.commitment_secured
