"""A risk called unlikely and left there brushes the concern off: "That's really very
unlikely, mate."

Calling the customer's fear unlikely, with degree words but no reason and nothing done
about it, makes it small; it is no recognition and no answer, and the trainee is told it
brushes the concern off. "Unlikely with crawl boards" says why, and "unlikely, but if a
tile ever cracks we replace it" goes on to meet the risk: neither is told it dismissed
the concern. Written for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.evaluation.schemas import transcript

from .support import GRADER, grade

pytestmark = pytest.mark.unit

TILES_WORRY = (
    "T: G'day Mick, Shaz from Top Deck Roofing, calling about the gutter job.",
    "C: My worry is your blokes cracking half my tiles getting up there.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "Nah, that's really very unlikely mate, our lads are up on roofs every day.",
        "Honestly, that's highly unlikely. We've been doing this twenty years.",
    ],
)
def test_a_risk_called_unlikely_is_brushed_off(reply: str) -> None:
    result = grade(*TILES_WORRY, f"T: {reply}", "C: Hmm.")
    assert result.verdict("objection_handling", "answers_concern") != "passed"
    answers = GRADER.assess(transcript([*TILES_WORRY, f"T: {reply}", "C: Hmm."])).answers
    told = answers[("objection_handling", "acknowledges_concern")]
    assert told.verdict == "failed"
    assert "brushes it off" in (told.improvement or "")


@pytest.mark.parametrize(
    "reply",
    [
        "That's very unlikely, but if a tile ever cracks we replace it at our cost.",
        "It's unlikely with crawl boards. Are they the old terracotta ones?",
    ],
)
def test_unlikely_with_a_reason_or_a_remedy_is_not_called_a_brush_off(reply: str) -> None:
    answers = GRADER.assess(transcript([*TILES_WORRY, f"T: {reply}", "C: Hmm."])).answers
    for check in ("acknowledges_concern", "answers_concern"):
        improvement = answers[("objection_handling", check)].improvement or ""
        assert "brushes it off" not in improvement
        assert "dismisses it" not in improvement
