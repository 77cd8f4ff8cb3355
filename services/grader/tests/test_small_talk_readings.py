"""Small talk about the customer's own time read by its form: a question or a wish about
how their morning, week or weekend is going or went names that time as theirs, not as a
time put to them for a step. It proposes nothing, and the customer's answer to it ("Fine,
busy") accepts nothing. A time put to them for something to do together, in the same
words about their day, stays a proposal."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences
from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit

_CLOSING = ("proposes_next_step", "specific_time", "commitment", "confirms")

# what follows the opening: a plain answer, then discovery, and no step put to anyone
_AFTER = (
    "C: Not bad, run off my feet. Who's this?",
    "T: We service commercial dishwashers. How old is the one in your kitchen?",
    "C: Eight years, it leaks on a Friday night when we're slammed.",
)


def _nothing_agreed(result: GradeResult) -> None:
    for check in _CLOSING:
        assert result.verdict("closing", check) != "passed", check
    assert not result.commitment_secured
    assert result.virtual_earnings == 0
    assert not [f for f in result.feedback if f.kind == "strength" and f.check in _CLOSING]


@pytest.mark.parametrize(
    "opening",
    [
        "T: Hi Marek, Jude from Steamline Services, how's your morning been?",
        # a greeting's time of day and the customer's in one sentence
        "T: Good evening Mrs Kowal, Jude from Steamline Services, how's your evening going?",
        "T: Evening Marek, Jude at Steamline, how's the evening treating you?",
        "T: Jude from Steamline here. How did the weekend go?",
        "T: Hiya Marek, it's Jude at Steamline, how's your Tuesday shaping up so far?",
        "T: Marek, Jude from Steamline, how are you finding this afternoon?",
        "T: How ya keeping this morning, Marek? Jude from Steamline.",
        # yes or no, and a bare day lived one way: no slot, nothing offered before it
        "T: Hi Marek, Jude from Steamline. Quiet Sunday?",
        "T: Hi Marek, Jude from Steamline, had a decent weekend?",
        "T: Hi Marek, Jude from Steamline, hope the weekend was kind to you.",
    ],
)
def test_asking_how_the_customers_time_is_going_proposes_nothing(opening: str) -> None:
    _nothing_agreed(grade(opening, *_AFTER))


@pytest.mark.parametrize(
    "said",
    [
        "Hi Marek, how's your morning been?",
        "Good evening Mrs Kowal, how's your evening going?",
        "How you keeping this morning?",
        "Quiet Sunday?",
        "Hope the weekend was kind to you.",
    ],
)
def test_the_customers_own_time_is_no_time_for_a_step(said: str) -> None:
    (s,) = sentences(said)
    assert not s.is_proposal
    assert not s.has_time


_OPEN = (
    "T: Hi Marek, Jude from Steamline Services, we look after commercial dishwashers.",
    "C: Ours leaks every Friday night, right when we're slammed.",
)


@pytest.mark.parametrize(
    "offer",
    [
        pytest.param("T: How's Wednesday morning for our engineer to look at it?", id="slot"),
        pytest.param(
            "T: How does your afternoon look on Monday? Our engineer could call in at three.",
            id="your-afternoon-on-a-day",
        ),
        pytest.param(
            "T: What's your morning like tomorrow? I could send our engineer at nine.",
            id="your-morning-tomorrow",
        ),
        pytest.param("T: How's your Wednesday morning?", id="your-named-day"),
        pytest.param(
            "T: How's your morning going? Could our engineer call in at eleven?",
            id="small-talk-then-a-slot",
        ),
    ],
)
def test_a_time_put_to_the_customer_for_a_step_is_still_a_proposal(offer: str) -> None:
    result = grade(*_OPEN, offer, "C: Yes, that works, see you then.")
    assert result.verdict("closing", "proposes_next_step") == "passed"
    assert result.verdict("closing", "specific_time") == "passed"
    assert result.commitment_secured


def test_a_wish_for_the_weekend_leaves_the_time_of_the_step() -> None:
    (s,) = sentences("Enjoy the weekend, and I'll drop the quote round on Monday at nine.")
    assert s.is_proposal
    assert s.has_time


def test_a_proposal_after_small_talk_is_the_one_credited() -> None:
    result = grade(
        "T: Hi Marek, Jude from Steamline Services, how's your morning been?",
        *_AFTER,
        "T: Could our engineer fit new seals on Thursday at ten?",
        "C: Thursday at ten is fine.",
        "T: Lovely, Thursday at ten then.",
    )
    assert result.commitment_secured
    (praise,) = [
        f for f in result.feedback if f.kind == "strength" and f.check == "proposes_next_step"
    ]
    assert "Thursday at ten" in praise.text
