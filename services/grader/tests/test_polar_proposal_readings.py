"""A yes/no question that puts a day or time to the customer proposes it, whether its
auxiliary is do, is, are or have, or left out: the customer's yes to it is the commitment
and the trainee's read-back after the yes is the confirmation. A yes/no question with a
time that asks about the customer's own week proposes nothing."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit


def _call(question: str, answer: str = "C: Thursday at ten, fine.") -> list[str]:
    return [
        "T: Hi Marco, Priya from Lintwise Laundry. Have you a moment?",
        "C: A moment, go on.",
        "T: How do you handle the kitchen linen at the moment?",
        "C: We wash it ourselves, and the tea towels come out grey.",
        f"T: Grey tea towels in a busy kitchen, that's no fun. Our weekly pick-up takes that "
        f"off your hands. {question}",
        answer,
        "T: Lovely, I'll put Thursday at ten in the diary.",
    ]


@pytest.mark.parametrize(
    "question",
    [
        "Does Thursday at ten work for a quick chat?",
        "Is Thursday at ten alright for a short visit?",
        "Is Thursday at ten any use to you?",
        "Are you free Thursday at ten?",
        "Have you got half an hour Thursday at ten for me to drop by?",
        "Thursday at ten any good for a chat?",
        "Any chance of Thursday at ten for a quick visit?",
        "Are you okay with Thursday at ten for a first collection?",
    ],
)
def test_a_yes_no_question_putting_a_slot_is_the_close(question: str) -> None:
    result = grade(*_call(question))
    closing = {c.id: c for d in result.details if d.criterion == "closing" for c in d.checks}
    assert (closing["proposes_next_step"].verdict, closing["proposes_next_step"].seqs) == (
        "passed",
        [5],
    )
    assert (closing["specific_time"].verdict, closing["specific_time"].seqs) == ("passed", [5])
    assert (closing["commitment"].verdict, closing["commitment"].seqs) == ("passed", [6])
    # the read-back after the yes confirms it; it does not become the proposal
    assert (closing["confirms"].verdict, closing["confirms"].seqs) == ("passed", [7])
    assert result.commitment_secured


@pytest.mark.parametrize(
    "question",
    [
        # someone else as the subject
        "Does the linen van come Thursday at ten?",
        # a description of the day, not its fit
        "Is Thursday your busiest day?",
        # a clause about the customer's week
        "Is Thursday at ten when the lunch prep starts?",
        # the customer's staffing, and their habit
        "Do you have staff in on Thursday mornings?",
        "Is Thursday usually good for deliveries?",
        # the day so far
        "Is today going alright?",
    ],
)
def test_a_yes_no_question_about_the_customers_week_proposes_nothing(question: str) -> None:
    result = grade(*_call(question, "C: Yes, Thursday at ten."))
    closing = {c.id: c for d in result.details if d.criterion == "closing" for c in d.checks}
    assert 5 not in closing["proposes_next_step"].seqs
    assert closing["commitment"].verdict != "passed"
    assert not result.commitment_secured


@pytest.mark.parametrize(
    ("text", "proposes"),
    [
        ("Does noon on Friday suit you?", True),
        ("Is 2pm Monday okay for the install?", True),
        ("You free tomorrow at nine?", True),
        ("Do you fancy a tasting on Friday at four?", True),
        ("Is it okay if I call in Monday at eleven?", True),
        ("Is there a slot Wednesday at three for a walkthrough?", True),
        ("Are you free this afternoon for a demo?", True),
        ("Was Tuesday at noon okay for the delivery?", False),
        ("Does Friday at noon not work for you?", False),
        ("Are you busy on Friday at lunchtime?", False),
        ("Do you close early on Friday?", False),
        ("Is this week treating you okay?", False),
        # leave to go on talking today, no step named: an opener's "Go on then" agrees to
        # nothing
        ("Have you got a few minutes this morning?", False),
        ("Is this afternoon still a good time to talk?", False),
        ("Do you have time today?", False),
    ],
)
def test_a_slot_is_put_by_the_form_of_the_question(text: str, proposes: bool) -> None:
    assert sentences(text)[0].is_proposal is proposes
