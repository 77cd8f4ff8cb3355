"""A "no" that answers no question of the trainee's and opens agreement waves the
customer's own doubt away ("No, that's fine then"), whether it opens the line or a later
sentence of it after a backchannel or a musing ("Okay. No, that sounds fine.")."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_BAKERY = (
    "T: Hello Mr Lindqvist, Amara from Crumbline, about supplying bread rolls to your deli.",
    "C: Hi. Honestly I'm worried the rolls would turn up stale by lunchtime.",
    "T: Stale rolls at lunch would lose you customers, I understand. We bake at four and "
    "deliver by seven, and anything left unsold at two we credit back.",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: Okay. No, that's fine then.", True),
        ("C: Well, if you put it like that. No, that sounds fine.", True),
        ("C: Right. Nah, that makes sense.", True),
        # near misses: the "no" goes on to resist, or what came before it already did
        ("C: Okay. No, that's not soon enough for us.", False),
        ("C: That's too early for my staff. No, that's fine, we'll stay as we are.", False),
        ("C: Right. No.", False),
    ],
)
def test_a_no_opening_a_later_sentence_of_agreement_eases(reaction: str, eased: bool) -> None:
    result = grade(*_BAKERY, reaction, "T: Shall I drop a sample tray in on Friday?", "C: Sure.")
    verdict = result.verdict("objection_handling", "customer_reassured")
    assert (verdict == "passed") is eased


def test_a_no_after_a_proposal_question_is_still_an_answer_to_it() -> None:
    result = grade(
        *_BAKERY,
        "C: Okay, that sounds fair.",
        "T: Shall I start deliveries next Monday?",
        "C: Hmm. No, that's fine, I'll think about it.",
        "T: No problem, I'll call you next week.",
    )
    assert result.verdict("closing", "commitment") != "passed"
