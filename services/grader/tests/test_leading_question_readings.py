"""A leading question puts the trainee's view for the customer's yes ("Wouldn't you agree
…", "Surely …", "You'd want …, wouldn't you?"): it finds nothing out, so it is no
question about the customer's situation and builds on no answer, whatever words of the
answer it borrows."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_CALL = (
    "T: Morning Petra, it's Jon from Kilnworks, about servicing for your pottery kilns.",
    "C: Go on. Our big kiln cracked two shelves last month during a glaze firing.",
)
_END = ("C: Possibly, send the details.",)


@pytest.mark.parametrize(
    "question",
    [
        "T: Two cracked shelves in a glaze firing, wouldn't you agree servicing would stop that?",
        "T: Cracked shelves in a glaze firing, surely a service plan is the answer there?",
        "T: You'd want those glaze firings protected from cracked shelves, wouldn't you?",
    ],
)
def test_a_leading_question_builds_on_no_answer(question: str) -> None:
    result = grade(*_CALL, question, *_END)
    assert result.verdict("discovery", "follows_up") != "passed"


@pytest.mark.parametrize(
    "question",
    [
        # open, asking for their view
        "T: Two cracked shelves in a glaze firing, what do you think caused that?",
        # a negative question asking a fact, no view of the trainee's
        "T: Cracked shelves in a glaze firing, don't you have spare shelves for the kiln?",
        # a check of what they said, with a tag
        "T: So the shelves cracked during the glaze firing, right?",
    ],
)
def test_a_question_asking_their_side_still_builds_on_the_answer(question: str) -> None:
    result = grade(*_CALL, question, *_END)
    assert result.verdict("discovery", "follows_up") == "passed"
