"""A question asking the customer's leave for a step of the seller's own proposes that
step ("Are you happy for me to send the contract?", "Is it okay if I pop the forms in the
post?", "Do you mind if we bring a demo unit?"): the customer's yes is the commitment, and
to "do you mind" that yes is a "no" ("No, not at all."). Leave asked for anything but the
seller's step (to ask a question, to record the call) or the customer's own lot asked
after ("Are you happy with your current van?") proposes nothing."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "T: Morning, it's Ruth from Kerbside Linen. How's the week treating you at the salon?",
    "C: Manic. The towels keep coming back from the laundry still damp.",
    "T: Damp towels, on a busy day?",
    "C: Every Saturday, the girls end up drying them on the radiators.",
)


def _closing(proposal: str, reply: str) -> tuple[str, bool]:
    result = grade(*_OPEN, f"T: {proposal}", f"C: {reply}", "T: Thanks, speak soon.")
    return result.verdict("closing", "proposes_next_step"), result.commitment_secured


@pytest.mark.parametrize(
    ("proposal", "reply", "agrees"),
    [
        ("Are you happy for me to send the contract over?", "Happy for you to send it, yes.", True),
        ("Are you happy for me to send the contract over?", "Not really, no.", False),
        ("Is it okay if I send the contract over?", "Yes, go ahead.", True),
        ("Is it alright to email you the price list?", "Yes, that's fine.", True),
        ("Are you alright with me booking the collection for Tuesday?", "Yes, fine.", True),
        ("Do you mind if I pop the paperwork in the post?", "No, that's fine.", True),
        ("Do you mind if I pop the paperwork in the post?", "Not at all.", True),
        ("Would you mind if we bring a sample bale round?", "I don't mind.", True),
        ("Do you mind if I pop the paperwork in the post?", "I do, actually.", False),
        ("Do you mind me sending the forms over?", "No, but I'll have to ask the owner.", False),
        # a "no" that is a word of the sentence, not an answer of its own
        ("Do you mind me sending the forms over?", "No time for forms this week.", False),
    ],
)
def test_leave_asked_for_the_sellers_step_proposes_it(
    proposal: str, reply: str, agrees: bool
) -> None:
    assert _closing(proposal, reply) == ("passed", agrees)


def test_a_no_to_whether_the_customer_minds_grants_a_timed_step() -> None:
    # (read as a proposal before, by its modal: the "no" had been read as a refusal)
    result = grade(
        *_OPEN,
        "T: Would you mind if I came by on Friday at two?",
        "C: No, not at all.",
        "T: Friday at two, then.",
    )
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured


@pytest.mark.parametrize(
    "question",
    [
        "Are you happy with your current laundry?",
        "Are you happy with our delivery times?",
        "Do you mind if I ask what you pay now?",
        "Is it okay if I ask who handles delivery?",
        "Is it alright if we record the call for training?",
        "Are you happy for the girls to send the towels back?",
        "Are you okay with me asking about the delivery side?",
    ],
)
def test_leave_for_anything_else_proposes_nothing(question: str) -> None:
    (s,) = sentences(question)
    assert not s.is_proposal
    assert _closing(question, "Yes, fine.")[0] != "passed"
