"""A customer line after the answer that shares a word with the concern says the concern
again only when it holds to it: a worry in so many words, or a negated statement kept on
("still", "even so"). A negated statement that only names the matter muses on it or takes
the answer in ("Oh right, so there wouldn't be a single bolt through the roof."): no plain
sign either way, so the check is undecided, not a claim that the customer resisted."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_SOLAR = (
    "T: Hi, it's Sam from BrightPanel, have you got a minute?",
    "C: Go on then, quickly.",
    "T: We fit solar on farm sheds. What's your power bill like over winter?",
    "C: Grim. But honestly my worry is the roof, it's old and I don't want it leaking.",
    "T: That's fair, an old roof is the first thing I'd worry about too. What's it made of?",
    "C: Corrugated iron, about thirty years old.",
    "T: Then we survey it first, and our rails clamp to the ridges, so nothing pierces the "
    "sheets and there's no new way for water in.",
)


@pytest.mark.parametrize(
    ("reaction", "verdict"),
    [
        ("C: Okay. The roof has never had anyone up on it before.", "undecided"),
        ("C: Oh right, so there wouldn't be a single bolt through the roof.", "undecided"),
        ("C: I never thought about the ridges on the roof like that.", "undecided"),
        ("C: Hm, the old roof isn't in great shape.", "undecided"),
        # near misses: the concern held to, in so many words or kept on
        ("C: The roof still isn't in great shape.", "failed"),
        ("C: The roof's still my main worry.", "failed"),
        ("C: Even so, I don't want anyone on that roof.", "failed"),
        ("C: I still don't want holes in my roof.", "failed"),
    ],
)
def test_a_negated_line_on_the_matter_is_no_plain_resistance(reaction: str, verdict: str) -> None:
    result = grade(
        *_SOLAR,
        reaction,
        "T: Could I book the survey for Tuesday at ten?",
        "C: Tuesday at ten works.",
        "T: Great, see you then.",
    )
    assert result.verdict("objection_handling", "customer_reassured") == verdict
