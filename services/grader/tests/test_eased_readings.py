"""Readings of a customer's ease that a word-by-word reading takes for resistance: a "no"
that answers "anything else?", a negated negative, and the trainee answering what the
customer asked the call was for."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

# ------------------------------------------------- a "no" to "anything else?" is no refusal

_CHIMNEY = (
    "T: Morning Mrs Haverly, Owen from Sootless Sweeps, about the chimneys at your guest house.",
    "C: Morning. I'm worried your brushes will drop soot all over the breakfast room carpet.",
    "T: Soot on a guest carpet would be a nightmare. We seal the fireplace with a sheet and "
    "run an industrial vacuum at the grate, so no soot reaches the carpet. Any other hitch "
    "for the guest house?",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: No, only the soot. Email the price and I'll pass it to my husband.", True),
        ("C: Only the soot, and that was a fair answer. No, I'm satisfied.", True),
        ("C: No, I'll pass, thanks.", False),
        ("C: Only the soot, and you skirted round it. No, I'm not satisfied.", False),
    ],
)
def test_a_no_to_anything_else_after_the_answer_is_no_resistance(
    reaction: str, eased: bool
) -> None:
    result = grade(*_CHIMNEY, reaction, "T: Thank you, I'll send the details today.")
    verdict = result.verdict("objection_handling", "customer_reassured")
    assert (verdict == "passed") is eased
    if not eased:
        assert verdict == "failed"


# ----------------------------------------------------- a negated negative that approves

_GLASSWARE = (
    "T: Hi Mr Pellegrini, Annika from Clearcup Hire, about glasses for your wine bar's "
    "tasting nights.",
    "C: Hi. My concern is the breakage charge, my regulars drop half a dozen a night.",
    "T: Paying for every dropped glass would add up fast. The breakage charge is waived for "
    "the first ten glasses a night, and after that it's forty pence a glass.",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: Forty pence a glass, my regulars wouldn't blink at that.", True),
        ("C: Ten free a night? Then my accountant won't grumble.", True),
        ("C: Waived for ten? If that's in writing, the owner won't fuss.", True),
        ("C: Ten free a night. I won't be worried any more.", True),
        ("C: My accountant won't grumble, he'll just cancel the order.", False),
        ("C: I won't be worried until the first invoice lands.", False),
        ("C: The owner won't fuss, but the breakage charge still worries me.", False),
    ],
)
def test_a_negated_complaint_said_last_eases_the_concern(reaction: str, eased: bool) -> None:
    result = grade(
        *_GLASSWARE,
        reaction,
        "T: Could we deliver the first crate on Thursday at ten?",
        "C: Thursday at ten, yes.",
    )
    # (a line going on past the negation is read no better than today)
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is eased


# ------------------------------------------- what the call is for, asked and answered


@pytest.mark.parametrize(
    ("question", "reply", "taken_up"),
    [
        (
            "Anyway, what's this about?",
            "We supply tiling and grout, but with all that going on it can wait. Could I "
            "phone you next Friday instead?",
            True,
        ),
        (
            "So what are you ringing for?",
            "We install slate floors, but that can wait with all this going on. Could I "
            "phone you next Friday instead?",
            True,
        ),
        (
            "Anyway, how much do you charge?",
            "We supply tiling and grout, but with all that going on it can wait. Could I "
            "phone you next Friday instead?",
            False,
        ),
        ("Anyway, what's this about?", "How many bathrooms have you got?", False),
    ],
)
def test_saying_what_the_seller_offers_answers_what_the_call_is_for(
    question: str, reply: str, taken_up: bool
) -> None:
    result = grade(
        "T: Hi Mrs Lund, it's Petra from Tessellate Tiling.",
        "C: Hello. Sorry, I'm flustered, the washing machine flooded the utility room an "
        f"hour ago and I'm knee deep in towels. {question}",
        f"T: {reply}",
        "C: Friday's kinder, thanks.",
    )
    assert (result.verdict("rapport", "responsive") == "passed") is taken_up
    if not taken_up:
        assert result.verdict("rapport", "responsive") == "failed"


@pytest.mark.parametrize(
    ("question", "for_the_call"),
    [
        ("What did you want?", True),
        ("So what do you want from me?", True),
        ("What are you after, then?", True),
        ("What's up?", True),
        ("What do you want me to do about the hedge?", False),
        ("What is it made of?", False),
    ],
)
def test_asked_what_the_caller_wants_the_seller_offer_is_the_answer(
    question: str, for_the_call: bool
) -> None:
    result = grade(
        "T: Hi Mr Osei, it's Tam from Clearwell Pumps, got a minute?",
        f"C: Hello. Yes, I've got a minute. {question}",
        "T: We service pond and well pumps, and ours run on half the power. Could I send "
        "you the price list?",
        "C: Go on then.",
    )
    assert (result.verdict("rapport", "responsive") == "passed") is for_the_call
