"""How long or how much the offer would bind the customer to, held against it — "twelve
months is a long time to commit to", "that's a big commitment for a little shop", "a long
while to be locked in" — is a concern in so many words. Their own dates and terms told,
a commitment of theirs to something else, and thanks are none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        "Twelve months is a long time to commit to.",
        "That's a big commitment for a little shop like ours.",
        "It's quite a commitment, two years.",
        "Eighteen months is a long stretch to be tied to one firm.",
        "That would be a serious commitment for a village hall.",
    ],
)
def test_the_length_of_the_tie_held_against_the_offer_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "We've been open twelve months now.",
        "Thanks, that's a big help.",
        "The lease is three years.",
        "We're committed to going green this year.",
        "It's a commitment to quality, I like that.",
    ],
)
def test_terms_told_and_commitments_of_their_own_raise_no_concern(line: str) -> None:
    assert not d.is_concern(customer_said(line))
