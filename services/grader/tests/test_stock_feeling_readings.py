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


# ------------------------------------------- the customer's lot called enviable or fun

_FINED = "C: Our last scaffolders left poles all over the pavement and the council fined us."
_SCAFFOLD = "We put a scaffold up in a day and take every pole away at night."


def _after_fine(reply: str) -> tuple[str, ...]:
    return (
        "T: Hi Gina, Paul from Steadyline Scaffolding.",
        _FINED,
        f"T: {reply} {_SCAFFOLD}",
        "C: Right.",
    )


@pytest.mark.parametrize(
    "mock",
    [
        "Aren't you the lucky one.",
        "What a treat for you.",
        "Sounds like a real highlight of your year.",
        "Ooh, how exciting for you.",
        "Bet that was a barrel of laughs.",
        "Living the dream, eh.",
    ],
)
def test_bad_news_called_enviable_or_fun_is_sarcasm(mock: str) -> None:
    warm = grade(*_after_fine("A fine for someone else's poles, that's rotten luck."))
    result = grade(*_after_fine(mock))
    assert result.verdict("rapport", "courteous") == "failed"
    assert not any(f.kind == "strength" and f.criterion == "rapport" for f in result.feedback)
    assert result.rapport_score < warm.rapport_score


@pytest.mark.parametrize(
    "reply",
    [
        # the same words negated are sympathy; praise of what they did is praise
        "A council fine, that can't have been fun.",
        "A fine on top of the mess, not exactly a barrel of laughs.",
        "Good on you for ringing round early, a fine like that stings.",
        "Good for you for fighting the fine, it wasn't your mess.",
    ],
)
def test_the_same_words_negated_or_praising_an_act_stay_courteous(reply: str) -> None:
    assert grade(*_after_fine(reply)).verdict("rapport", "courteous") == "passed"


@pytest.mark.parametrize(
    "reply", ["A second shop, how exciting for you!", "Opening day, what a treat for you."]
)
def test_good_news_called_a_treat_is_warm(reply: str) -> None:
    result = grade(
        "T: Hi Bruno, Ada from Pixelcraft Signage.",
        "C: We just opened our second shop last month and it's going really well.",
        f"T: {reply} We make shopfront signs.",
        "C: Oh, thanks.",
    )
    assert result.verdict("rapport", "courteous") == "passed"
