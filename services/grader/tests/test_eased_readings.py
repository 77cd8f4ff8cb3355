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
