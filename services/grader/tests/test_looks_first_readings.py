"""A customer who asks to be sent the papers and says they will look at them first has
decided nothing ("Send it over and I'll have a look."): no commitment, whatever agreement
words come with it. Someone else's look, a look at something named, and a look at what
the seller offered to show keep the yes."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "C: Fernside Nursery, Moira.",
    "T: Hi Moira, Idris from Greenlock Irrigation. How are the polytunnels watered now?",
    "C: By hand, two of us, every morning before opening.",
)
_SIGN = "T: I can email the supply agreement over today for you to sign, is that alright?"
_SHOW = "T: Could I show you the drip kit running at a nursery near you?"


@pytest.mark.parametrize(
    ("proposal", "reply", "agrees"),
    [
        (_SIGN, "Send it over and I'll have a look.", False),
        (_SIGN, "Yeah, email it and I'll give it a read.", False),
        (_SIGN, "Sure, pop it in the post, we'll look it over.", False),
        # near misses: someone else looks, a named thing is looked at, or the step is a
        # showing
        (_SIGN, "Yes, send it, our manager can have a look and sign.", True),
        (_SIGN, "Fine, I'll have a look at the diary and sign it tonight.", True),
        (_SHOW, "Go on then, I'll have a look.", True),
    ],
)
def test_a_look_of_the_customers_own_first_is_no_commitment(
    proposal: str, reply: str, agrees: bool
) -> None:
    result = grade(*_OPEN, proposal, f"C: {reply}", "T: Thanks, speak soon.")
    assert result.commitment_secured is agrees
    assert (result.verdict("closing", "commitment") == "passed") is agrees
