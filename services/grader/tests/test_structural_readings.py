"""Readings decided by the structure of the call rather than by its wording: what a reply
answers, whom a line addresses, what a question is about."""

from __future__ import annotations

import pytest

from sessionhub.grader.evaluation.schemas import transcript
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import GradeResult

pytestmark = pytest.mark.unit

GRADER = OfflineGrader()


def grade(*lines: str) -> GradeResult:
    return GRADER.grade(transcript(list(lines)))


def claims(result: GradeResult, criterion: str, check: str) -> list[str]:
    return [
        f.text
        for f in result.feedback
        if f.kind == "improvement" and f.criterion == criterion and f.check == check
    ]


# --------------------------------------------------------------------------- "anything else?"

_CONCERN_HANDLED = (
    "T: Morning Mrs Halvorsen, Dev from Brightline Glazing.",
    "C: My worry is the fitting disturbing my lodgers during the day.",
    "T: That's a fair worry with people living there. We can fit after eight in the evening, "
    "and the work is signed off by your building insurer.",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Is there any other worry you have about it?",
            "C: No. If it's done after dark and the insurer's content, then I'm fine with it.",
        ),
        (
            "Anything else on your mind?",
            "C: None really. Evenings and the insurer's sign-off, the lodgers will wear that.",
        ),
        # written after the rule: the relief in an idiom no list holds
        (
            "Any other doubts at all?",
            "C: Nothing else. Fitting after eight with the insurer behind it, that lifts a "
            "stone off me.",
        ),
    ],
)
def test_a_no_to_anything_else_denies_further_worries_and_the_rest_decides(
    question: str, answer: str
) -> None:
    result = grade(
        *_CONCERN_HANDLED, f"T: {question}", answer, "T: Lovely. Shall I pencil in Thursday?"
    )
    assert result.verdict("objection_handling", "customer_reassured") == "passed"
    assert result.verdict("rapport", "courteous") != "failed"
    assert not claims(result, "objection_handling", "customer_reassured")


@pytest.mark.parametrize(
    "answer",
    [
        "C: No. But the noise in the evenings still bothers me.",
        "C: No, the price is what worries me now.",
        "C: No.",
    ],
)
def test_a_no_to_anything_else_followed_by_a_worry_or_nothing_is_not_relief(
    answer: str,
) -> None:
    result = grade(*_CONCERN_HANDLED, "T: Anything else on your mind?", answer)
    assert result.verdict("objection_handling", "customer_reassured") != "passed"


def test_a_no_to_whether_the_answer_helped_is_still_resistance() -> None:
    result = grade(*_CONCERN_HANDLED, "T: Does that help?", "C: No, not really.")
    assert result.verdict("objection_handling", "customer_reassured") == "failed"


def test_a_no_to_an_either_or_question_restating_a_detail_is_no_relief() -> None:
    result = grade(
        "T: Hi Pia, Ravi from Dunmore Boilers, about the service plan.",
        "C: I'm not sure about it, the last engineer kept cancelling on us.",
        "T: Was it the cancellations or the timing of the visits that hurt most?",
        "C: No, the timing of the visits mostly.",
    )
    assert result.verdict("objection_handling", "customer_reassured") != "passed"
