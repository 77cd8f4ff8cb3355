"""Readings of delight at the customer's good news in an exclamation of the trainee's own
("Ah go way, that's brilliant!", "Fifty years together, what a thing to celebrate!"): it
takes the news up though it shares no word with it. The same exclamation at bad news is
cheer at it, and one that denies is no delight."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Hello, it's Femi from Orchard Catering, you sent us an enquiry."
_GOOD = "C: Yes! Our little bakery just won best bread in the county, we're over the moon."
_BAD = "C: Yes, sorry, our oven caught fire on Monday, so we're closed for a week."
_NEXT = "How many guests are you expecting at the party?"


@pytest.mark.parametrize(
    "delight",
    [
        "Ah go way, that's brilliant!",
        "Best in the county, what a thing to be proud of!",
        "Wow, how exciting!",
        "That is a huge achievement for a little bakery!",
    ],
)
def test_delight_at_good_news_takes_it_up(delight: str) -> None:
    result = grade(_OPEN, _GOOD, f"T: {delight} {_NEXT}", "C: About forty.")
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert result.verdict("rapport", "responsive") == "passed"


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        (_BAD, "Ah, that's brilliant!"),  # cheer at bad news
        (_GOOD, "Well, that's not what I rang about!"),
    ],
)
def test_an_exclamation_at_bad_news_or_a_denial_takes_nothing_up(said: str, reply: str) -> None:
    result = grade(_OPEN, said, f"T: {reply} {_NEXT}", "C: About forty.")
    assert result.verdict("rapport", "acknowledges") != "passed"
