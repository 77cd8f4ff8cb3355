"""Readings of the customer's stock idioms that wave a worry away ("No worries then.",
"Nae bother.", "No dramas.", "That's grand."): relief at the answer, not a new concern
nor a refusal; a worry said in so many words ("What worries me is the noise") stays one."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import TYRES_CALL, customer_said, grade

pytestmark = pytest.mark.unit

_WINDOWS = (
    "T: Morning, Omar from Glint Window Cleaning, we do shopfronts on the high street.",
    "C: The last lot left streaks all over the glass.",
    "T: That's annoying. Which windows were worst? We finish with purified water so it "
    "dries clear, and if you spot a streak we come back free that week.",
)


@pytest.mark.parametrize(
    ("call", "reaction", "eased"),
    [
        (TYRES_CALL, "No worries then.", True),
        (_WINDOWS, "Ah no worries, that's fine.", True),
        (TYRES_CALL, "Nae bother, that's fine.", True),
        (_WINDOWS, "No dramas, mate.", True),
        (TYRES_CALL, "No, no, that's grand.", True),
        (_WINDOWS, "No bother at all then.", True),
        # a worry in so many words, a refusal
        (TYRES_CALL, "What worries me is the noise from the compressor though.", False),
        (_WINDOWS, "What worries me is the streaks coming back in a month.", False),
        (_WINDOWS, "No, that's not good enough.", False),
    ],
)
def test_a_worry_waved_away_is_relief(call: tuple[str, ...], reaction: str, eased: bool) -> None:
    result = grade(*call, f"C: {reaction}", "T: Thanks, I'll email the details this afternoon.")
    verdict = result.verdict("objection_handling", "customer_reassured")
    assert (verdict == "passed") is eased


@pytest.mark.parametrize(
    ("line", "concern"),
    [
        ("No worries then.", False),
        ("No worries, what's this about?", False),
        ("No worries about the price, it's the fitting I mind.", True),
        ("What worries me is the noise.", True),
        ("My only worry is the noise.", True),
    ],
)
def test_no_worries_is_no_concern(line: str, concern: bool) -> None:
    assert (d.concern_level(customer_said(line)) > 0) is concern
