"""A saying granted as the customer's reason recognises it: "Family is family, I respect
that."

A tautology at the customer's news is read as a shrug ("A van is a van."), and a
capitalised word before "is" as a company telling what it is, so "Family is family, I
respect that." to a customer who would not leave their cousin the broker was told it
brushed the concern off. The saying followed by the speaker granting it ("I respect
that", "I understand that") recognises it. The saying left as a shrug, or granted on the
way to a pivot ("…, I respect that. Anyway, our rates are low."), still is not. Written
for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

BROKER = (
    "T: Good afternoon madam, Chidi from SafeHaven Insurance, please do you have a minute?",
    "C: My cousin is my broker, I cannot leave him.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "Family is family, I respect that. Does he do your shop cover too?",
        "Family's family, I understand that. Does he do your shop cover too?",
    ],
)
def test_a_saying_granted_recognises_the_concern(reply: str) -> None:
    result = grade(*BROKER, f"T: {reply}", "C: Only the car.")
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "Family is family. Does he do your shop cover too?",
        "Family is family, I respect that. Anyway, our rates are the lowest in Lagos.",
    ],
)
def test_a_saying_left_as_a_shrug_or_pivoted_past_does_not(reply: str) -> None:
    result = grade(*BROKER, f"T: {reply}", "C: Only the car.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"
