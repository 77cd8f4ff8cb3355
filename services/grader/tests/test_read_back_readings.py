"""The agreed step read back as a question for a yes ("So I'll come by Thursday at ten to
measure up, yes?", "…, is that right?") confirms it: it names the agreed day or time and
no other. A question that moves the step to another time, or asks about something else,
confirms nothing; the commitment is counted once either way."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_AGREED = (
    "T: Morning Mr Adeyemi, it's Freya from Brightstone Patios. How's the old patio?",
    "C: Cracked slabs everywhere, the kids keep tripping.",
    "T: Could I come by Thursday at ten to measure up?",
    "C: Thursday at ten is fine.",
)


@pytest.mark.parametrize(
    "read_back",
    [
        # the lead's
        "T: So I'll come by Thursday at ten to measure up, yes?",
        # written after the rule
        "T: Lovely, so I'll measure up on Thursday at ten, is that right?",
        "T: Thursday at ten, then?",
        "T: Just checking, our surveyor comes Thursday at ten, okay?",
    ],
)
def test_a_read_back_question_confirms_the_step(read_back: str) -> None:
    result = grade(*_AGREED, read_back, "C: Yes, see you then.")
    assert result.verdict("closing", "confirms") == "passed"
    assert result.verdict("closing", "commitment") == "passed"
    plain = grade(*_AGREED, "T: Great, Thursday at ten then.", "C: Yes, see you then.")
    assert result.commitment_secured
    assert result.closing_score == plain.closing_score


@pytest.mark.parametrize(
    "question",
    [
        "T: Actually, could we make it Friday at nine instead?",
        "T: Do you have a side gate we could use?",
        "T: Could I bring the slab samples on Friday too?",
    ],
)
def test_a_question_that_moves_the_step_or_asks_else_confirms_nothing(question: str) -> None:
    result = grade(*_AGREED, question, "C: Fine.")
    assert result.verdict("closing", "confirms") == "failed"
