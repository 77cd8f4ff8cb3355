"""What the customer answers to a question put about their concern belongs to that concern.

"The wine list is my head chef's decision." "What does he look for?" "Price per bottle,
and that it goes with lamb.": the answer names the price, and by its words alone reads
as a concern of its own, but it tells more of the one the question was about. The
handling graded is that of the first concern, whose reply recognised it and asked about
it; the trainee is not told they failed to acknowledge or ask about what was their own
question's answer. An answer that says a worry of its own ("Two years ago. And I'm nervous
about ladders") and a concern raised after a reply that asked nothing are still concerns
of their own. Written for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.evaluation.schemas import transcript

from .support import GRADER, claims, grade

pytestmark = pytest.mark.unit

WINE_LIST = (
    "T: Hi Marco, Jo from Vine Street Wines, about your house red.",
    "C: The wine list is my head chef's decision, not mine.",
)


def test_the_answer_to_a_question_about_the_concern_is_no_concern_of_its_own() -> None:
    result = grade(
        *WINE_LIST,
        "T: Fair enough, it should sit with whoever cooks the food. What does he look for "
        "in a house red?",
        "C: Price per bottle, and that it goes with lamb.",
        "T: I'll bring three reds under nine pounds a bottle on Thursday for him to taste "
        "with the lamb.",
        "C: He'd like that.",
    )
    for check in ("acknowledges_concern", "explores_concern", "answers_concern"):
        assert result.verdict("objection_handling", check) == "passed"
        assert not claims(result, "objection_handling", check)


def test_a_concern_raised_after_a_reply_that_asked_nothing_is_graded() -> None:
    lines = [
        *WINE_LIST,
        "T: We supply forty restaurants across the city.",
        "C: Honestly, the price per bottle is too high for us anyway.",
        "T: Our house red is eight pounds a bottle, cheaper than most.",
        "C: Hmm, I doubt it.",
    ]
    answer = GRADER.assess(transcript(lines)).answers[("objection_handling", "explores_concern")]
    assert answer.verdict == "failed"
    assert answer.improvement is not None
    assert "line 4" in answer.improvement
