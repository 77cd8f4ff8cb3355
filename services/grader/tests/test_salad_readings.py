"""Readings of keyword salad: a trainee who strings the rubric's words (sympathy, questions,
a booking) past whatever the customer says. Sympathy said as the way into a question about
something the customer never raised takes nothing up, so a call made of such turns is read
as taking up nothing at all."""

from __future__ import annotations

import pytest

from .support import assert_earns_nothing, grade

pytestmark = pytest.mark.unit

# --------------------------------------------------------- sympathy on the way to the script

_DEPOSIT = (
    "T: Hiya, Callum from Northbrae Scaffolding. How's your week going?",
    "C: I want my deposit back. You never turned up on the Monday and I had to hire someone else.",
)


@pytest.mark.parametrize(
    "lines",
    [
        (
            *_DEPOSIT,
            "T: I hear you, I really do. What are your goals for the project this year?",
            "C: My goal is getting my two hundred quid back. Can you refund it or not?",
            "T: That makes sense. What challenges are you facing with your current scaffolding "
            "setup?",
            "C: The challenge is you lot keeping my money.",
            "T: Brilliant. Shall we book a site visit for Thursday at ten?",
            "C: Just send the refund.",
        ),
        (
            "T: Hi, it's Kevin from Maple Leaf Roofing, how's your day going?",
            "C: Honestly not great, my mom died last week and I'm sorting out her house.",
            "T: I understand, thanks for sharing. What are your goals for the roof this year?",
            "C: I don't have goals, I have a funeral on Thursday.",
            "T: I hear you. What would success look like for the property going forward?",
            "C: I don't know. Selling it, I suppose.",
            "T: Awesome. Shall we book a roof inspection for Wednesday at nine?",
            "C: Sure, okay.",
        ),
        (
            "T: Hello, Priya from Heatwise Boilers, calling about your heating.",
            "C: Your engineer left my kitchen flooded last Tuesday and nobody has called back.",
            "T: I understand how frustrating that must be. What are your goals for energy "
            "savings this winter?",
            "C: My goal is a dry kitchen floor. Who's paying for the damage?",
            "T: That's a great question. How do you currently measure your heating efficiency?",
            "C: I don't. I measure puddles.",
            "T: Perfect. Shall we book your annual service for Wednesday at eleven?",
            "C: Okay, Wednesday at eleven.",
        ),
    ],
)
def test_sympathy_into_a_question_about_something_else_takes_nothing_up(
    lines: tuple[str, ...],
) -> None:
    result = grade(*lines)
    assert_earns_nothing(result)
    assert result.verdict("rapport", "acknowledges") != "passed"
    assert not [f for f in result.feedback if f.kind == "strength"]


def test_sympathy_then_a_short_caring_question_still_takes_the_news_up() -> None:
    result = grade(
        "T: Hi, it's Kevin from Maple Leaf Roofing, how's your day going?",
        "C: Honestly not great, my mom died last week and I'm sorting out her house.",
        "T: Oh, I'm so sorry. Are you alright?",
        "C: Getting there. The funeral's on Thursday.",
        "T: I understand. Shall I ring back in a fortnight instead?",
        "C: That would be kind, yes.",
    )
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert "None of your replies took up" not in " ".join(result.notes)


def test_a_follow_up_in_the_customers_words_after_sympathy_is_taken_up() -> None:
    result = grade(
        *_DEPOSIT,
        "T: I hear you. Your deposit should never have been kept after we missed the Monday, "
        "what was the amount?",
        "C: Two hundred pounds.",
        "T: That makes sense. I'll have accounts refund the two hundred pounds by Friday.",
        "C: Thank you, that's all I wanted.",
        "T: And if you need scaffolding again, could I call you in the spring?",
        "C: Maybe, yes.",
    )
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert result.verdict("objection_handling", "answers_concern") == "passed"
    assert "None of your replies took up" not in " ".join(result.notes)


def test_one_scripted_turn_among_replies_that_take_the_customer_up_is_no_salad() -> None:
    result = grade(
        "T: Morning Mrs Ncube, Sipho from Karoo Pumps, about the borehole pump at the lodge.",
        "C: The old pump trips every afternoon when the guests shower.",
        "T: I understand. What are your goals for the lodge this season?",
        "C: Full rooms, and water that doesn't stop at four o'clock.",
        "T: Water stopping at four with a full lodge is a headache. How old is the pump?",
        "C: Twelve years, near enough.",
        "T: Shall our fitter look at it on Tuesday at ten?",
        "C: Tuesday at ten, yes.",
    )
    assert result.commitment_secured
    assert "None of your replies took up" not in " ".join(result.notes)
    assert any(f.kind == "strength" and f.criterion == "closing" for f in result.feedback)


# ------------------------------------------ the question's premise denied, asked past

_SHEEP = (
    "T: Hi! Super excited to partner with you. What's the biggest pain point with your "
    "current CRM stack?",
    "C: I'm a sheep farmer. I don't know what a CRM is.",
    "T: Love that. How are you aligning stakeholders around your digital roadmap?",
)


@pytest.mark.parametrize(
    "lines",
    [
        (
            *_SHEEP,
            "C: The sheep don't have a roadmap.",
            "T: Awesome insight, I appreciate you. Let's schedule a deep-dive Tuesday at four.",
            "C: No.",
        ),
        (
            "T: Hey! Am I speaking with the decision-maker for your fleet telematics?",
            "C: This is a florist. We have one bicycle.",
            "T: Great, totally understand. What integrations matter most to your IT team?",
            "C: There's no IT team. It's me and my mum.",
            "T: Love it. Let's book a fleet audit for Wednesday at eleven.",
            "C: Sure, whatever, Wednesday.",
        ),
    ],
)
def test_questions_asked_past_a_denied_premise_are_salad(lines: tuple[str, ...]) -> None:
    assert_earns_nothing(grade(*lines))


def test_a_denied_premise_taken_up_is_a_conversation() -> None:
    result = grade(
        *_SHEEP[:2],
        "T: No CRM, that's fine, sheep farming is exactly who we help. How do you keep track "
        "of the flock's vet visits?",
        "C: A notebook in the kitchen, mostly.",
        "T: A notebook works until it goes missing. Could I show you the app on Tuesday at four?",
        "C: Go on then, Tuesday at four.",
    )
    assert result.commitment_secured
    assert result.discovery_score > 0
