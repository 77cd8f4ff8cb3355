"""How the customer's reaction to the handling of a concern is read.

A claim that the concern did not ease stands only when the reaction is certain: a line the
customer said after the answer that reads neither as relief nor as plain resistance (a
practical question, an indirect remark) leaves the check undecided, even when the trainee
spoke again before it was read. A plain refusal, the worry said again, or no word from the
customer at all after the answer, still fails."""

from __future__ import annotations

import pytest

from .support import claims, grade

pytestmark = pytest.mark.unit

_HEAT = (
    "T: Hi, it's Dana from Northfield Heating, about swapping your old boiler for a heat pump.",
    "C: Honestly I'm worried it'll cost a fortune to run in the winter.",
    "T: That's a fair worry, I understand. What are you paying a month at the moment? Most "
    "homes your size see running costs drop by about a fifth, and we put the estimate in "
    "writing, so if it's out we refund the difference.",
)
_CLEAN = (
    "T: Hi, I'm Tom from Brightside Cleaning, we look after offices and shops round here.",
    "C: The last cleaners we had kept missing things and we could never reach anyone.",
    "T: I'm sorry that happened. What got missed most often? Every site gets a named "
    "supervisor with a direct number, and you get a photo report after each clean.",
)
_TILL = (
    "T: Hello, I'm Mia from Tallyroll, we do payroll software for small firms.",
    "C: I'm not sure my team will cope with learning a new system.",
    "T: That's understandable. Who runs payroll at the moment? We give you a free thirty-day "
    "trial and an onboarding session for your staff, and the support line is included.",
)
_THEN = "T: Thanks, I'll email the details over this afternoon."


def _reassured(call: tuple[str, ...], *after: str) -> tuple[str, list[str]]:
    result = grade(*call, *after)
    return (
        result.verdict("objection_handling", "customer_reassured"),
        claims(result, "objection_handling", "customer_reassured"),
    )


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        pytest.param(_HEAT, "How soon could you fit it?", id="how-soon"),
        pytest.param(
            _CLEAN, "When could the supervisor come round and look at the site?", id="when-visit"
        ),
        pytest.param(_TILL, "Okay, and how do we get the trial started?", id="how-start"),
        pytest.param(_CLEAN, "Well, that puts a different light on it.", id="different-light"),
        pytest.param(_TILL, "Well, the girls in the office will like that.", id="indirect"),
        pytest.param(_HEAT, "Hmm.", id="filler"),
    ],
)
def test_an_unread_reaction_after_the_answer_makes_no_claim(
    call: tuple[str, ...], reply: str
) -> None:
    verdict, advice = _reassured(call, f"C: {reply}", _THEN)
    assert verdict == "undecided"
    assert advice == []


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        pytest.param(_HEAT, "Not interested, thanks.", id="refusal"),
        pytest.param(_TILL, "My team still won't cope, trial or no trial.", id="worry-again"),
        pytest.param(_CLEAN, "Fair enough, but no.", id="concession-then-no"),
        pytest.param(_TILL, "I suppose, but I'm still worried they won't pick it up.", id="still"),
    ],
)
def test_plain_resistance_after_the_answer_still_fails(call: tuple[str, ...], reply: str) -> None:
    verdict, advice = _reassured(call, f"C: {reply}", _THEN)
    assert verdict == "failed"
    assert advice


@pytest.mark.parametrize("call", [_HEAT, _CLEAN, _TILL])
def test_no_word_from_the_customer_after_the_answer_still_fails(call: tuple[str, ...]) -> None:
    verdict, advice = _reassured(call, _THEN)
    assert verdict == "failed"
    assert advice


# ------------------------------------------- praise kept to the page, belief held back


@pytest.mark.parametrize(
    ("reply", "eased"),
    [
        ("Sounds good on paper.", False),
        ("Hmm, that all sounds lovely in theory.", False),
        ("In theory, sure. I'll believe it when I see it.", False),
        # a yes that goes past the page, and a paper that is only the form's
        ("Sounds good, and if it's on paper I'm happy.", True),
        ("Great, send the trial forms over on paper.", True),
    ],
)
def test_praise_kept_to_theory_eases_nothing(reply: str, eased: bool) -> None:
    verdict, _ = _reassured(_TILL, f"C: {reply}", _THEN, "C: Fine, send it.")
    assert (verdict == "passed") is eased


# --------------------------------- the ease the answer would give, said with nothing owed


@pytest.mark.parametrize(
    ("reply", "eased"),
    [
        ("I'd feel a lot happier with that in the contract.", True),
        ("We'd feel much safer knowing that.", True),
        ("Honestly I would feel better about it now.", True),
        # the ease owed to something not yet given
        ("I'd feel happier if you took fifty off.", False),
    ],
)
def test_the_ease_the_answer_would_give_is_relief(reply: str, eased: bool) -> None:
    verdict, _ = _reassured(_TILL, f"C: {reply}", _THEN)
    assert (verdict == "passed") is eased
