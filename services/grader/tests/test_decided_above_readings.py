"""A decision that is not the customer's to make — the boss must sign off, head office
decides, it goes to the board — is a reason the offer waits, said without a refusal: a
concern, and after a proposal no yes, whatever agreement word it holds. What the one in
charge likes, does on the day or has already approved is none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


_said = customer_said


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "My boss would have to sign off on it.",
        # written after the rule
        "The partners need to approve anything like that.",
        "Head office decides all that for us.",
        "Anything over a grand goes through the regional office.",
        "That'd be down to the trustees, not me.",
        "The owner has the final say on suppliers.",
        "It would need sign-off from the directors.",
        "The buying's all done centrally these days.",
        "My other half would have to okay it.",
    ],
)
def test_a_decision_above_the_customer_is_a_concern(line: str) -> None:
    assert d.concern_level(_said(line)) == 1


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "Head office make those calls.",
        "The board decide that.",
        "My partners would have to agree.",
        # written after the rule
        "The trustees approve all spending.",
        "The owners have the final say on suppliers.",
        "The directors handle the buying.",
        "The governors decide.",
        "The partners sign off on anything like that.",
    ],
)
def test_many_deciders_are_a_concern_as_one_is(line: str) -> None:
    assert d.concern_level(_said(line)) == 1


@pytest.mark.parametrize(
    "line",
    [
        "The partners sign for deliveries.",
        "My bosses approve of your lot, actually.",
        "The owners decide to close early on Sundays.",
        "Our directors do the school run.",
    ],
)
def test_what_many_in_charge_like_or_do_raises_no_concern(line: str) -> None:
    assert not d.is_concern(_said(line))


@pytest.mark.parametrize(
    "line",
    [
        "My boss is happy with the quote.",
        "My manager will be there on Tuesday to let you in.",
        "My partner will sign for the delivery.",
        "My boss has already signed off on it.",
        "The owner agrees with you about the old ovens.",
        "The owner wants to meet you.",
        "My boss approves of your lot, actually.",
    ],
)
def test_what_the_one_in_charge_likes_or_does_raises_no_concern(line: str) -> None:
    assert not d.is_concern(_said(line))


_PROPOSAL = "T: Hi Dana, Sam from Acme coffee. Could I bring a machine over Thursday at ten?"


@pytest.mark.parametrize(
    "reply",
    [
        "C: My boss would have to sign off on it.",
        # agreement words around the stall: the visit still waits on the boss
        "C: Okay, the owner would have to okay it.",
    ],
)
def test_a_stall_about_the_boss_after_a_proposal_is_no_commitment(reply: str) -> None:
    result = grade(_PROPOSAL, reply, "T: Of course. Thanks, speak soon.")
    assert not result.commitment_secured
    assert result.verdict("closing", "commitment") != "passed"
    # the stall is a concern left unhandled
    assert result.verdict("objection_handling", "acknowledges_concern") == "failed"


def test_a_sign_off_mentioned_beside_a_yes_leaves_the_yes() -> None:
    result = grade(
        _PROPOSAL,
        "C: My boss would have to sign off on it, but Thursday at ten is fine for the trial.",
        "T: Great, Thursday at ten it is.",
    )
    assert result.commitment_secured
