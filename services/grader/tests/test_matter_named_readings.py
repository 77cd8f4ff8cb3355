"""A reaction that names the concern's matter ("the price", "the cost") only to take the
answer up ("Right, so the price covers the lot then.") does not say the concern again:
nothing in it worries, judges the size, negates, contrasts or keeps the concern on."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_VETS = (
    "T: Hello Mr Duarte, Fen from Pawsure, about the health plan for your two spaniels.",
    "C: Hi. Honestly the price worries me, thirty pounds a month feels steep for two dogs.",
    "T: Thirty a month for two dogs is a fair chunk, I understand. It covers both dogs' "
    "vaccinations, flea treatment and two check-ups a year, which on their own cost you "
    "about forty a month.",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: Right, so the price covers both of them then.", True),
        ("C: Oh, the price makes more sense now.", True),
        # near misses: the concern kept on, judged or worried over again
        ("C: The price still seems steep to me.", False),
        ("C: I'm still worried about the price.", False),
        ("C: Thirty pounds is thirty pounds though.", False),
    ],
)
def test_the_matter_named_to_take_up_the_answer_is_no_concern_again(
    reaction: str, eased: bool
) -> None:
    result = grade(*_VETS, reaction, "T: Shall I sign both dogs up from Monday?", "C: Go on then.")
    verdict = result.verdict("objection_handling", "customer_reassured")
    assert verdict == ("passed" if eased else "failed")
