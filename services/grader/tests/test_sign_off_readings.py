"""A goodbye that closes a yes: the customer agrees, says back when they will see the
seller, and rings off ("Monday at eight's fine, thanks, bye."). The farewell ends the call
on the arrangement, not on a no. Assent alone before a farewell, however warm, hurries the
caller off, and a farewell after a put-off or a refusal leaves them as they were."""

from __future__ import annotations

import pytest

from .support import WINDOWS_PROPOSAL, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("reply", "agrees"),
    [
        ("Monday at eight's fine, thanks, bye.", True),
        ("Okay, see you Monday then, bye!", True),
        ("Eight on Monday suits, cheers, goodbye.", True),
        ("Yes, see you then. Bye bye.", True),
        # near misses: a bare or stacked assent, a put-off, a refusal, a wish to be rid
        ("Fine, bye.", False),
        ("Yep, yep, great, bye.", False),
        ("Sounds good, gotta dash, bye.", False),
        ("Monday? I'll think about it, thanks, bye.", False),
        ("Not interested, thanks, bye.", False),
        ("No thanks, not Monday, bye.", False),
        ("Sure, see you never, bye.", False),
    ],
)
def test_a_farewell_after_a_yes_keeps_the_yes(reply: str, agrees: bool) -> None:
    result = grade(*WINDOWS_PROPOSAL, f"C: {reply}", "T: Thanks, speak soon.")
    assert result.commitment_secured is agrees
    assert (result.verdict("closing", "commitment") == "passed") is agrees
