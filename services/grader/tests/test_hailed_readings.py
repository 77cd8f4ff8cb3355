"""Agreement said in a word of approval at the head of the reply to a proposed step, in the
customer's own English ("Grand.", "Sound as a pound.", "Och aye, that's champion.", "Sweet
as, bro.", "That'd be deadly, so.", "I'm in."), is a commitment. The word said of a thing
("grand weather", "cracking idea, but not for us"), or followed by "but" and a refusal or a
stall ("Sound, but Monday's no good", "Grand, I'll get back to you"), is none."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_PROPOSED = (
    "T: Hi, it's Morven from Stockwise. How are things in the shop?",
    "C: Busy, the stock's all over the place.",
    "T: Our app keeps the stock counts right for you. Could I come round on Monday at ten "
    "to set it up?",
)


@pytest.mark.parametrize(
    "reply",
    [
        "Grand.",
        "Aye, grand.",
        "Sound.",
        "Sound as a pound.",
        "Och aye, that's champion.",
        "Lush.",
        "Ace.",
        "Sweet as, bro.",
        "Bang on.",
        "Cracking.",
        "Smashing.",
        "Tickety-boo.",
        "That'd be deadly, so.",
        "I'm in.",
        "Spot on.",
        "Cushty.",
        "Nice one.",
        "Right you are.",
        "Sorted.",
    ],
)
def test_a_word_of_approval_at_the_head_of_the_reply_commits(reply: str) -> None:
    assert grade(*_PROPOSED, f"C: {reply}").commitment_secured


@pytest.mark.parametrize(
    "reply",
    [
        "Grand, but not this month.",
        "Sound, I'll think about it.",
        "Champion idea, but I need to ask the wife first.",
        "Sweet as, but we're away that week.",
        "Ace, but no, not right now.",
        "Grand, I'll get back to you.",
        "Sound, but Monday's no good.",
        "Cracking idea, but not for us.",
        "Lush, but I'd need to talk to my partner.",
        "Monday's not grand.",
        "Grand weather we're having.",
        "The shop's sound, no need.",
        "I'm in Spain that week.",
        "That'd be deadly if we weren't shut.",
        "Brilliant question. Not Monday though.",
    ],
)
def test_the_word_of_something_else_or_scoped_away_commits_nothing(reply: str) -> None:
    assert not grade(*_PROPOSED, f"C: {reply}").commitment_secured
