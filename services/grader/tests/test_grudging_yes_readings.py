"""A grudging yes to a proposal is a yes: "I suppose so.", "I guess so.", "If we must.",
said as a sentence of its own with nothing after it, commits the customer as "Go on then."
does. The same words with something after them that withholds the yes (a condition, a
stall, a refusal) or says something else, and "I suppose not", commit nobody."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_CALL = (
    "T: Hi, it's Tariq from Brightbin Skips. How's the build going?",
    "C: Slowly. The old skip firm keeps missing collections.",
    "T: What happens when they miss one?",
    "C: Rubble piles up on the pavement and the council moans.",
    "T: Can I get you booked in for a swap on Thursday?",
)


def _commits(reply: str) -> bool:
    result = grade(*_CALL, f"C: {reply}", "T: Thanks, speak soon.")
    assert result.verdict("closing", "proposes_next_step") == "passed"
    return result.commitment_secured


@pytest.mark.parametrize(
    "reply",
    [
        "I suppose so.",
        "I guess so.",
        "Suppose that's fine.",
        "If we must.",
        "Oh, I suppose we could.",
        "Might as well.",
        "I suppose, if you must.",
        # (read as a yes before)
        "Go on then.",
        "Yeah, why not.",
    ],
)
def test_a_grudging_yes_commits_the_customer(reply: str) -> None:
    assert _commits(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "I suppose I could ask my manager.",
        "I suppose so, if the boss agrees.",
        "I suppose so. If the boss agrees.",
        "I guess we'll see.",
        "I suppose not.",
        "I suppose it's been a bad month.",
        "I guess so. Actually no, the site manager would kill me.",
    ],
)
def test_what_follows_the_grudging_words_can_withhold_the_yes(reply: str) -> None:
    assert not _commits(reply)


def test_a_grudging_word_in_reply_to_no_proposal_commits_nobody() -> None:
    result = grade(
        *_CALL[:4],
        "T: Has it been a slow month for the trade generally?",
        "C: I suppose so.",
        "T: Thanks, speak soon.",
    )
    assert not result.commitment_secured
    assert result.verdict("closing", "proposes_next_step") != "passed"
