"""A trial named in an idiom ("give it a go", "take it for a spin", "give the new one a
whirl") names a step as much as the word "trial" does: an offer that asks the customer to
try it, a conditional trial close among them ("If I put one in free for a month, would
you give it a go?"), proposes it. The idiom in a question about the past, or asking the
customer's view, proposes nothing."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "T: Hello, it's Femi from Pressright Laundry Kit. How's the launderette doing?",
    "C: Steady. The big dryer's on its last legs though.",
    "T: What's it doing?",
    "C: Takes three cycles to dry a duvet, customers grumble.",
)


def _closing(proposal: str, reply: str) -> tuple[str, bool]:
    result = grade(*_OPEN, f"T: {proposal}", f"C: {reply}", "T: Thanks, speak soon.")
    return result.verdict("closing", "proposes_next_step"), result.commitment_secured


@pytest.mark.parametrize(
    ("proposal", "reply", "agrees"),
    [
        (
            "If I put a dryer in free for a month, would you give it a go?",
            "Yeah, I'd give that a go.",
            True,
        ),
        ("If I put a dryer in free for a month, would you give it a go?", "No thanks.", False),
        ("Would you take the new model for a spin?", "Go on then.", True),
        ("Could we give our heat pump dryer a whirl in your back room?", "Sure.", True),
        ("Would you like to have a go on it at our showroom?", "Lovely, yes.", True),
    ],
)
def test_a_trial_named_in_an_idiom_is_proposed(proposal: str, reply: str, agrees: bool) -> None:
    assert _closing(proposal, reply) == ("passed", agrees)


@pytest.mark.parametrize(
    "question",
    [
        "What made you give it a go last time?",
        "Would you say the staff gave it a fair go?",
        "Did you give the old one a go before it broke?",
        "Could you give the engineer a shout when it jams?",
        "Shall we go through the numbers?",
    ],
)
def test_the_idiom_about_the_past_or_the_customers_view_proposes_nothing(question: str) -> None:
    (s,) = sentences(question)
    assert not s.is_proposal


def test_a_conditional_offer_to_show_something_stays_a_proposal() -> None:
    # The condition names a step of the seller's (showing the savings) and the question
    # asks whether the customer wants it: an offer of that step, as "Would you like me to
    # show you the savings?" is, and a yes to it takes the step up.
    assert _closing(
        "If I could show you savings, would that be of interest?", "Yes, it would."
    ) == (
        "passed",
        True,
    )
