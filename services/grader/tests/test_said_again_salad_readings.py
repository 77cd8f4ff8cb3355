"""Readings of a short keyword salad: the trainee recites the rubric's moves (sympathy, a
question about pain points, a booking) past a customer who has to say the same thing
again ("We're closed." … "Closed, mate."). Two lines passed over and a question about
nothing of theirs are a salad when the customer repeats, in a word the trainee never
used, what the trainee passed over; a brisk call that takes the customer up, or whose
customer takes the step up on its day, keeps its credit."""

from __future__ import annotations

import pytest

from .support import assert_earns_nothing, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "lines",
    [
        (
            "T: G'day, Mick from Coastal Linen, how's business?",
            "C: Mate, we closed down in March. The cafe's gone.",
            "T: I hear you. What are your pain points around laundry turnaround?",
            "C: There's no cafe. We shut. There's nothing to launder.",
            "T: Love that. Can we lock in a meeting Tuesday at 10 to walk through our pricing?",
            "C: We're closed, mate. Closed.",
        ),
        (
            "T: Hiya, Siobhan from Emerald Broadband, how are you keeping?",
            "C: I want a refund for the three months you charged me after I cancelled.",
            "T: I understand how you feel. What are your goals for your home internet this year?",
            "C: I want my refund. Will you refund me or not?",
            "T: Grand. Can we book an upgrade call for Tuesday at ten?",
            "C: Just give me my refund.",
        ),
    ],
)
def test_a_salad_the_customer_has_to_repeat_themselves_through_earns_nothing(
    lines: tuple[str, ...],
) -> None:
    result = grade(*lines)
    assert_earns_nothing(result)
    assert not [f for f in result.feedback if f.kind == "strength"]
    assert "None of your replies took up" in " ".join(result.notes)


@pytest.mark.parametrize(
    "lines",
    [
        # the price asked twice, then answered: the second reply takes the customer up
        (
            "T: Hi, Priya from Sparkle Office Cleaning, have you got a minute?",
            "C: A minute, yes. How much do you charge?",
            "T: Great question. How big is the office?",
            "C: About twelve desks. But how much do you charge?",
            "T: For twelve desks it's forty pounds a visit. Could I do a trial clean Tuesday "
            "at six?",
            "C: Forty's fine. Tuesday at six works.",
        ),
        # the customer says the drivers twice and still takes the step up on its day
        (
            "T: Hi, Sam from FreshFleet, how's your week?",
            "C: Busy, our drivers are off sick.",
            "T: Sorry to hear that. What software do you use for routes?",
            "C: Spreadsheets. With the drivers off I've no time for this.",
            "T: Could we do fifteen minutes Thursday at 2?",
            "C: Thursday's fine.",
        ),
        # a yes that says the customer's own word again ("calls" … "I'll call you")
        (
            "T: Morning Mr Botha, Thandi from Roadwise Trackers.",
            "C: Morning.",
            "T: How do you keep tabs on the bakkies at the moment?",
            "C: Phone calls, and half the time the drivers don't answer.",
            "T: Can I come demo the tracker at your depot on Monday at eight?",
            "C: Sure, I'll call you when I'm on my way in.",
            "T: Great, I'll text you the details.",
        ),
        # brisk, every turn on what the customer just said
        (
            "T: Hi, Leo from Northside Plumbing, thanks for the callback. What's going on with "
            "the boiler?",
            "C: It keeps cutting out at night, and the kids have cold showers.",
            "T: Cutting out at night, right. How old is the boiler?",
            "C: Twelve years, maybe. It cut out again last night.",
            "T: At twelve years it's likely the thermocouple. I can send an engineer Thursday "
            "at nine, would that suit?",
            "C: Thursday at nine, yes please.",
        ),
    ],
)
def test_a_customer_who_repeats_themselves_in_a_conversation_is_no_salad(
    lines: tuple[str, ...],
) -> None:
    result = grade(*lines)
    assert result.commitment_secured
    assert result.virtual_earnings > 0
    assert "None of your replies took up" not in " ".join(result.notes)
