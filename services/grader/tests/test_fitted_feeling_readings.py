"""Readings of a reply that feels with the customer in words of its own: the news judged
for what it is to them ("That's horrible", "What a blow"), the speaker's feeling for them
("I'm gutted for you"), or theirs named ("You must be over the moon", "that must hurt").
Each takes the news up though it shares no word with it. The same words put to the
seller's own ends ("I'm happy for you to send it", "you'll be pleased to know our …")
feel nothing."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import empathic, sentences

from .support import claims, grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hi, it's Aled from Greystone Aquatics, is that Mrs Bright?"
_HERON = "C: Yes. Sorry, I'm a bit low, we lost all the koi in the pond to a heron last week."
_KEYS = "C: Yes! Sorry, I'm buzzing, we just got the keys to our first house this morning!"
_ON = ("C: Thanks. Anyway, what's this about?", "T: We could come Tuesday at ten. Would that suit?")


@pytest.mark.parametrize(
    ("news", "reply"),
    [
        (_HERON, "That's horrible, all of them in one go. Were they very old?"),
        (_HERON, "What a blow, after all the care you put into them."),
        (_HERON, "Oh, what a nightmare. How are you holding up?"),
        (_HERON, "I'm gutted for you, losing them like that."),
        (_HERON, "That must hurt, after all those years. Had you had them long?"),
        (_KEYS, "You must be over the moon. When do you move in?"),
        (_KEYS, "I'm so happy for you both. When do you move in?"),
        (_KEYS, "You must be so proud. Is there a garden?"),
    ],
)
def test_a_feeling_fitted_to_the_news_takes_it_up(news: str, reply: str) -> None:
    result = grade(_OPEN, news, f"T: {reply}", *_ON)
    assert empathic(sentences(reply)[0])
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert not claims(result, "rapport", "responsive")


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm happy for you to send the photos over first.",
        "You'll be pleased to know our nets are half price.",
        "You must be the new owner then.",
        "What a pond you've got there, how many gallons?",
        "We're here for the pumps, mainly.",
    ],
)
def test_the_words_of_feeling_put_to_other_ends_feel_nothing(sentence: str) -> None:
    assert not empathic(sentences(sentence)[0])
