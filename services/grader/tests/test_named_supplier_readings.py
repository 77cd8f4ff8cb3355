"""A supplier of theirs named for what the seller offers ("We get ours from Baxters", "We
go through Coopers for that") or being served said bare ("We're sorted, thanks", "That's
all taken care of") is a reason not to buy: a concern. A supplier named in answer to the
trainee's open question about who serves them, before any offer, is the customer's
situation told. Days, amounts, the seller itself and "sorted" for a step are none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "We get ours from Baxters.",
        "We're sorted, thanks.",
        # written for the rule, in other trades and Englishes
        "We buy all our lamb off Dalton's.",
        "We go through Coopers for that.",
        "We order our flour through Whitworths.",
        "We're with Octopus for all that.",
        "Our cousin does all that for us.",
        "Nah, we're covered there, mate.",
        "We've got that covered, thanks.",
        "That's all taken care of.",
    ],
)
def test_a_supplier_named_or_served_said_bare_is_a_concern(line: str) -> None:
    u = customer_said(line)
    assert d.concern_level(u) == 1
    assert d.served_already(u)


@pytest.mark.parametrize(
    "line",
    [
        "We're all set for Tuesday.",
        "We get ours from you already, actually.",
        "We buy them in May usually.",
        "We get our deliveries on Mondays.",
        "We go through about forty a week.",
        "We're sorted for Tuesday then, thanks.",
        "Great, that's sorted then.",
        "That's covered in the price, is it?",
        "Our son does the books.",
        "We're fine, thanks.",
    ],
)
def test_days_amounts_the_seller_and_a_step_sorted_raise_no_concern(line: str) -> None:
    assert not d.is_concern(customer_said(line))


def test_a_supplier_named_after_the_pitch_is_an_objection() -> None:
    result = grade(
        "C: Hello, Crumbs Cafe.",
        "T: Hi, it's Lou from RoastCo. We roast single-origin beans for cafes. "
        "Could I send you a sample?",
        "C: We get ours from Baxters.",
        "T: Our beans are roasted weekly. Shall I drop a bag on Friday at ten?",
        "C: If you like.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "failed"


def test_a_supplier_named_when_asked_who_it_is_is_no_objection() -> None:
    result = grade(
        "C: Hello, Crumbs Cafe.",
        "T: Hi, it's Lou from RoastCo. Where do you get your coffee beans at the moment?",
        "C: We get ours from Baxters.",
        "T: How long have you been with them?",
        "C: About three years.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "undecided"
