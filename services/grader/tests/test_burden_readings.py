"""What taking the offer would cost the customer in work, time or trade is a reason not to
go ahead, though no refusal: a concern. Said of the offer (it would mean shutting or
retraining, it would finish them), in so many words; upheaval, nobody having the time or
being stretched as it is, the weaker reading: told in answer to a question about how they
work, before any offer, it is their trouble. Their busy days told as their situation,
upheaval denied, and what they would kill for are none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        # the lead's kind, in other words and trades
        "Closing the salon for two days would kill us.",
        "It would mean retraining everyone on the tills.",
        "It'd mean taking the van off the road for a week.",
        "That would mean digging up the whole car park.",
        "That'd ruin us over Christmas.",
    ],
)
def test_what_the_offer_would_cost_in_work_is_a_concern_in_so_many_words(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "That's a lot of upheaval for a small surgery.",
        "Sounds like a right faff, to be honest.",
        "Nobody here has time to learn a new booking system.",
        "My girls are run off their feet as it is.",
        "We've enough on our plate this term.",
    ],
)
def test_upheaval_and_no_time_are_a_concern(line: str) -> None:
    # the weaker reading: told when asked how they work, it is their trouble
    assert d.concern_level(customer_said(line)) == 1


@pytest.mark.parametrize(
    "line",
    [
        "It would mean a lot to the team.",
        "I'd kill for a decent coffee machine.",
        "No upheaval, that's what I like.",
        "Without the faff, fair enough.",
        "We're flat out on Saturdays.",
        "We shut for two weeks in August.",
        "Training takes a week usually.",
        "We're run off our feet, it's great.",
        "Thanks, that's really kind.",
    ],
)
def test_busy_days_and_upheaval_denied_raise_no_concern(line: str) -> None:
    assert not d.is_concern(customer_said(line))


_PITCH = (
    "C: Good morning, Bloom Hair.",
    "T: Hi, it's Ravi from SlotSmart. We do online booking for salons. Could I show you?",
)


def test_the_cost_in_work_left_unanswered_is_an_objection_unhandled() -> None:
    result = grade(
        *_PITCH,
        "C: It'd mean retraining all the girls, and we're stretched as it is.",
        "T: It has lots of features. Shall I book a demo for Tuesday?",
    )
    # graded as an objection, not passed over as no concern at all
    assert result.verdict("objection_handling", "explores_concern") == "failed"


def test_the_same_told_when_asked_how_they_work_is_their_trouble() -> None:
    result = grade(
        "C: Good morning, Bloom Hair.",
        "T: Hi, it's Ravi. How do you take bookings at the moment?",
        "C: On paper, and we're stretched as it is, the phone never stops.",
        "T: The phone never stopping must be hard. How many calls a day?",
        "C: Forty or so.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") != "failed"
