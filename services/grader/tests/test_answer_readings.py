"""Readings of what a reply does with the line before it, by its form: an answer that
refuses the question its premise, sympathy or thanks laid on as mockery, agreement capped
by a condition that will never come, an elliptical yes, and a new question on an old
answer that is no repeat."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


# ------------------------------------------------------------ questions from the wrong script


def test_questions_whose_premise_the_customer_rejects_earn_no_discovery() -> None:
    result = grade(
        "T: Morning Ingrid, Pavel from Fleetbook, about keeping your bookings in order.",
        "C: Morning. Yes, the bookings are a muddle at the minute.",
        "T: A muddle, right. How many treatment rooms do you book out on a Saturday?",
        "C: Treatment rooms? I run a mobile dog grooming van.",
        "T: A grooming van, lovely. How do you share the Saturday shifts among your groomers?",
        "C: I haven't got groomers, it's just me and the dogs.",
    )
    assert result.verdict("discovery", "asks_questions") == "failed"
    assert result.verdict("discovery", "open_questions") == "failed"
    assert not [f for f in result.feedback if f.kind == "strength" and f.criterion == "discovery"]


@pytest.mark.parametrize(
    "answer",
    [
        "C: Treatment rooms? Three, and all of them full by nine.",
        "C: We haven't got a booking system at all, it's all in my head.",
    ],
)
def test_an_answer_about_what_they_have_or_lack_is_an_answer(answer: str) -> None:
    result = grade(
        "T: Morning Ingrid, Pavel from Fleetbook, about keeping your bookings in order.",
        "C: Morning. Yes, the bookings are a muddle at the minute.",
        "T: A muddle, right. How many treatment rooms do you book out on a Saturday?",
        answer,
        "T: And what booking system do you use for the rooms?",
        "C: A paper diary, and the phone, mostly.",
    )
    assert result.verdict("discovery", "asks_questions") == "passed"


def test_the_wrong_business_refuses_whatever_was_asked() -> None:
    result = grade(
        "T: Hello Bea, Dana from Crateline, about your deliveries.",
        "C: Hello, yes, deliveries have been slow this month.",
        "T: Slow, I see. Do your depots plan the lorry routes themselves?",
        "C: That's not what we do at all, we bake cakes and post them from one shop.",
        "T: Cakes by post. How many cakes go out by post each week?",
        "C: About two hundred, more at Christmas.",
        "T: And how do the depots split the Christmas orders between them?",
        "C: You've got the wrong bakery, we have one shop and one oven.",
    )
    assert result.verdict("discovery", "asks_questions") == "failed"


# --------------------------------------------------------------------------- mock sympathy

_SORE = "C: My knees are done in, we stood at the kiln for nine hours on Tuesday."


@pytest.mark.parametrize(
    "reply",
    [
        # pity, and the customer's own figure stressed as if it were a lot
        "T: Oh, poor thing. Nine entire hours on your feet. Our kiln stools fold flat.",
        # great suffering named for it, with wonder at how they get through it
        "T: I really can't think how you people bear such adversity. Our kiln stools fold flat.",
    ],
)
def test_sympathy_laid_on_past_the_trouble_is_sarcasm(reply: str) -> None:
    result = grade("T: Hi Lou, Ayo from Kilnside supplies.", _SORE, reply, "C: Hm.")
    assert result.verdict("rapport", "courteous") == "failed"
    assert result.verdict("rapport", "acknowledges") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Oh, poor thing, nine hours standing at a kiln, no wonder your knees ache.",
        "T: Nine whole hours at the kiln, that's brutal on the knees. Our stools fold flat.",
    ],
)
def test_sympathy_with_one_mark_of_stress_is_sincere(reply: str) -> None:
    result = grade("T: Hi Lou, Ayo from Kilnside supplies.", _SORE, reply, "C: Hm.")
    assert result.verdict("rapport", "courteous") == "passed"
    assert result.verdict("rapport", "acknowledges") == "passed"


# --------------------------------------------------------------------------- mock thanks

_WORRY = "C: Honestly I doubt canvas awnings last, the wind up here shreds them in a season."


def test_thanks_putting_the_worry_on_a_pedestal_is_no_acknowledgement() -> None:
    result = grade(
        "T: Morning Kenji, Noor from Shadeworks, about the café awning.",
        _WORRY,
        "T: Well, thank you for enlightening us, the wind has spoken. Does it tear at the seams "
        "or at the frame?",
        "C: At the seams, every time.",
        "T: Our seams are double stitched and we re-stitch any seam free for five years.",
        "C: Five years, that's better than I thought.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "failed"
    assert result.verdict("rapport", "courteous") == "failed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Thanks for saying so, a season is no life for an awning. Does it tear at the seams "
        "or at the frame?",
        "T: I appreciate that, you know the wind up there better than we do. Does it tear at the "
        "seams or at the frame?",
    ],
)
def test_thanks_for_the_worry_with_deference_is_sincere(reply: str) -> None:
    result = grade(
        "T: Morning Kenji, Noor from Shadeworks, about the café awning.",
        _WORRY,
        reply,
        "C: At the seams, every time.",
    )
    assert result.verdict("rapport", "courteous") == "passed"


# ------------------------------------------------------------- an ironic impossible condition

_OFFER = "T: Hi Wes, Mo from Brightkeg. Could I bring the new keg coupler round on Tuesday at ten?"


@pytest.mark.parametrize(
    "reply",
    [
        # the time made "the same" day as an event that will not come
        "C: Tuesday at ten, lovely. The same Tuesday the tide forgets to come in.",
        # agreement laid on, then the time tied to an event in a tag question
        "C: Oh sure, absolutely, Tuesday at ten, the week our landlord fixes the roof, yeah?",
        # ... or in a bare "when" of its own
        "C: Yeah, certainly. Tuesday at ten. When my accountant smiles.",
    ],
)
def test_agreement_capped_by_a_condition_that_never_comes_is_a_refusal(reply: str) -> None:
    result = grade(_OFFER, reply, "T: Great, Tuesday at ten then.", "C: Mm.")
    assert not result.commitment_secured
    assert result.virtual_earnings == 0
    assert result.verdict("closing", "commitment") == "failed"


@pytest.mark.parametrize(
    "reply",
    [
        "C: Yes, Tuesday at ten, when the cellar's empty, is that right?",
        "C: Oh yes, definitely. Tuesday at ten, the same day as the brewery drop, handy.",
        "C: Sure, Tuesday at ten, once the lunch barrels are on.",
    ],
)
def test_a_condition_that_is_part_of_the_arrangement_agrees(reply: str) -> None:
    result = grade(_OFFER, reply, "T: Great, Tuesday at ten then.", "C: Lovely.")
    assert result.commitment_secured


# --------------------------------------------------------------------------- elliptical yes


@pytest.mark.parametrize(
    "reply",
    [
        "T: We are, aye, we did their whole cold store in March. I'll call you on Monday at nine.",
        "T: Yes, we are, the whole cold store in March. I'll call you on Monday at nine.",
        "T: That's us, yeah, the whole cold store in March. I'll call you on Monday at nine.",
    ],
)
def test_an_elliptical_yes_answers_the_customers_question(reply: str) -> None:
    result = grade(
        "T: Hello Ines, Tomas from Frostguard, about your freezer room.",
        "C: Before you start, are you the lot that fitted the fishmonger's on Quay Lane?",
        reply,
        "C: Monday at nine is fine.",
    )
    assert result.verdict("rapport", "responsive") == "passed"


def test_a_pitch_in_the_same_words_answers_nothing() -> None:
    result = grade(
        "T: Hello Ines, Tomas from Frostguard, about your freezer room.",
        "C: Before you start, are you the lot that fitted the fishmonger's on Quay Lane?",
        "T: We are the leading freezer firm in the county. I'll call you on Monday at nine.",
        "C: Monday at nine is fine.",
    )
    assert result.verdict("rapport", "responsive") == "failed"


# ------------------------------------------------------------ a new question on an old answer

_WALK = (
    "T: Morning Dov, Kira from Tallyweigh, about the dairy.",
    "C: Morning. The milk intake is chaos at the moment.",
    "T: Talk me through what happens when a farmer drops a churn off.",
    "C: They wait, we dip it by hand, the figure goes on a card, and cards go missing.",
)


@pytest.mark.parametrize(
    "question",
    [
        # the answer pointed back at, a new thing asked of it
        "T: What did that mean for the farmer's pay when it happened?",
        # a condition set on the answer
        "T: If the cards never went missing, what would the farmers ask for next?",
    ],
)
def test_a_question_asking_on_from_the_answer_is_no_repeat(question: str) -> None:
    result = grade(*_WALK, question, "C: A week's wait for their money, sometimes two.")
    assert result.verdict("discovery", "no_repeats") == "passed"


def test_the_same_question_pointed_back_with_nothing_new_is_a_repeat() -> None:
    result = grade(*_WALK, "T: So what happens when a farmer drops it off?", "C: As I said.")
    assert result.verdict("discovery", "no_repeats") == "failed"
