"""Readings of exasperation put in a stage direction: a trainee who "*sighs*" or "(groans)"
before granting the customer's concern says it at the customer's expense, however its
words read, just as one who rolls their eyes or scoffs."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


def _call(ack: str) -> tuple[str, ...]:
    return (
        "T: Morning Mrs Quill, Tobias from Lanternfield Skips, about the skip for the barn "
        "clear-out.",
        "C: The quote's nearly double what the council charges for a bulky pickup.",
        f"T: {ack}",
        "C: It's a lot of money for a skip.",
        "T: How many loads would the council need for a whole barn?",
        "C: Probably four or five, now you mention it.",
        "T: One eight-yard skip takes all of it in a single visit, so it works out cheaper.",
        "C: Oh. Put like that, fine.",
    )


@pytest.mark.parametrize(
    "ack",
    [
        "*sighs* Yes, yes, the council. I understand your concern.",
        "[sighs heavily] Fine. I get that it's more than the council.",
        "(groans) Right, the council price. I hear you.",
        "*tuts* The council, of course. That makes sense.",
    ],
)
def test_an_exasperated_stage_direction_acknowledges_nothing(ack: str) -> None:
    sincere = grade(*_call("That's fair, nearly double the council price is a big gap."))
    result = grade(*_call(ack))
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"
    assert result.verdict("rapport", "courteous") == "failed"
    assert result.objection_handling_score < sincere.objection_handling_score


@pytest.mark.parametrize(
    "ack",
    [
        "(nods) That's fair, nearly double the council price is a big gap.",
        "*smiles* That's fair, nearly double the council price is a big gap.",
        "I know, I'd sigh at that price too. Nearly double the council is a big gap.",
    ],
)
def test_a_friendly_direction_or_a_sigh_in_the_words_still_acknowledges(ack: str) -> None:
    result = grade(*_call(ack))
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"
    assert result.verdict("rapport", "courteous") == "passed"
