"""Readings of a stock feeling ("You poor thing.", "Lucky you!") by what the turn does
with the customer's line around it: pity after the turn has already taken up their
trouble ("No way, three days? You poor thing.") is warm; envy or approval said to bad
news is sarcasm, whatever words of theirs it names."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = "T: Good morning, Rhea from Copperleaf Accounting, we do the books for small firms."
_TAXMAN = "We had the taxman in last week, three days of questions, it was grim."


@pytest.mark.parametrize(
    ("told", "reply", "courteous"),
    [
        (_TAXMAN, "No way, three days? You poor thing.", True),
        (_TAXMAN, "Three days of it, honestly. Poor you.", True),
        (_TAXMAN, "Three days with the taxman, poor you, that sounds grim.", True),
        # pity set aside, or envy at the trouble
        (_TAXMAN, "Poor you. Anyway, our fees are fixed.", False),
        (_TAXMAN, "Three days with the taxman, lucky you.", False),
        (_TAXMAN, "Three days of questions? Good for you.", False),
        # envy at good news is warm
        (
            "We close at three on Fridays, it's a tradition here.",
            "Three on Fridays, lucky you!",
            True,
        ),
    ],
)
def test_a_stock_feeling_is_read_by_the_turn_around_it(
    told: str, reply: str, courteous: bool
) -> None:
    result = grade(
        _OPEN,
        f"C: {told}",
        f"T: {reply}",
        "C: Anyway, what did you want?",
        "T: Could I send you a short proposal on Friday?",
        "C: Yes, Friday is fine.",
    )
    assert (result.verdict("rapport", "courteous") == "passed") is courteous
