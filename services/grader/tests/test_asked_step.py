"""A customer who says yes and books the step themselves ("Put me down for a trial
month."), the trainee setting it down as the call's last word, gave the commitment: no
claim that "I couldn't find a next step that the customer agreed to"."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import claims, grade

pytestmark = pytest.mark.unit

_START = (
    "T: Hi Mr Grant, it's Lucy from Evergreen Lawn Care, following up on the quote.",
    "C: Yes, I got it. Ninety a month is more than I wanted to spend.",
    "T: That's fair. We feed and weed as well as mow, and we're insured if a stone cracks a "
    "window. Most folk who switch save on the weedkiller alone.",
    "C: Hm. I do spend a fortune on weedkiller.",
    "T: Does that make the ninety feel more reasonable?",
)


def _closing(result: GradeResult, check: str) -> str:
    closing = next(d for d in result.details if d.criterion == "closing")
    return next(c for c in closing.checks if c.id == check).verdict


@pytest.mark.parametrize(
    "books", ["It does, actually. Put me down for a trial month.", "Go on then, sign us up."]
)
def test_the_customer_booking_the_step_is_the_commitment(books: str) -> None:
    result = grade(
        *_START,
        f"C: {books}",
        "T: Brilliant. I'll book the first visit for Tuesday morning and send the details tonight.",
    )
    assert result.commitment_secured
    assert _closing(result, "commitment") == "passed"
    assert not claims(result, "closing", "commitment")


def test_asking_to_be_sent_the_details_commits_to_nothing() -> None:
    result = grade(
        *_START,
        "C: Maybe. Send me the price in writing, I'll show my wife.",
        "T: I'll email it today.",
    )
    assert not result.commitment_secured
