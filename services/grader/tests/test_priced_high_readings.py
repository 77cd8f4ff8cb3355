"""The offer's cost judged too big, with no word of worry, is an objection: a word of size
or degree said of the price, by its name ("the fee you quoted is very high") or as "that"
or "it", what was just put to the customer ("that's very high for us", "it's a lot of money
for a small shop", "that's on the dear side"), or the ask itself ("that's a big ask"). Praise
with the same words ("the quality's very high"), the customer's own figures ("we turn over
a lot of money in summer") and a judgement that goes on to something else ("it's a lot of
money we'd save") raise none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "The fee you quoted is very high.",
        "That's very high for us.",
        "It's a lot of money for a small shop.",
        # written for the rule, several Englishes
        "Nine hundred a month is a big ask for a café our size.",
        "Well, it's not cheap, is it?",
        "Sure that's on the dear side for us, so it is.",
        "Ooh, that's a fair whack of money.",
        "Those rates are really steep for a charity like ours.",
        "That is a lot of money, my brother.",
        "Crikey, that's a lot of dosh for a bit of software.",
        "The monthly charge is awfully high for a two-man band.",
        "That's serious money for a wee place like ours.",
        "Your fee seems extremely high.",
        "Sounds like a lot of money, that.",
        "It's a bit much for us, to be honest.",
        "The call-out fee's pretty stiff.",
        "That's a lot for us, mate.",
        "That's out of our league, I'm afraid.",
        "Hmm, seems a bit steep for a three-chair salon.",
        "The set-up fee isn't exactly cheap.",
    ],
)
def test_a_price_judged_too_big_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "The quality's very high, I'll give you that.",
        "Your reviews are very high, my friend told me.",
        "The standard of your work is really high.",
        "Our footfall's very high in summer.",
        "The ceilings are very high in here, mind.",
        "We turn over a lot of money in summer.",
        "We spend a lot of money on stock every month.",
        "We made a fair bit of money at the fair last weekend.",
        "The business is worth a lot of money now, thank God.",
        "It's a lot of money we'd save.",
        "That's high quality, that.",
        "It's very high on our list.",
        "That's very high praise.",
        "Wow, that's a lot.",
        "That's a lot for the money.",
        "That's a fair bit cheaper than ours.",
        "That's dear to my heart.",
        "It's a lot better than what we have.",
        "How much is the fee, roughly?",
        "It's cheap, isn't it?",
        "Sounds like a lot of fun.",
    ],
)
def test_the_same_words_of_something_else_raise_no_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 0


_OPENING = (
    "T: Hi, is that Gareth? It's Nia from Tidy Books, we do bookkeeping for small trades.",
    "C: Aye, speaking.",
    "T: How do you keep on top of the invoices at the moment?",
    "C: Shoebox and a spreadsheet, mostly.",
    "T: We'd do the lot for you for a hundred and twenty pounds a month.",
    "C: That's very high for us.",
)


def test_a_price_judged_too_big_and_ignored_is_an_objection_unhandled() -> None:
    result = grade(*_OPENING, "T: Our software is the best on the market. Shall I sign you up?")
    assert result.verdict("objection_handling", "acknowledges_concern") == "failed"


def test_a_price_judged_too_big_and_taken_up_is_acknowledged() -> None:
    result = grade(
        *_OPENING,
        "T: That's fair, a hundred and twenty is real money for a one-man business. "
        "What does the shoebox cost you in evenings at the moment?",
        "C: Two or three evenings a month, easily.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"
    assert result.verdict("objection_handling", "explores_concern") == "passed"


# ------------------------------------------------ someone else's price set below it


@pytest.mark.parametrize(
    ("line", "concern"),
    [
        ("Another firm quoted us a grand less.", True),
        ("Someone down the road will do it for half that.", True),
        ("We had a quote for two hundred less from Kelly's.", True),
        ("The other lot said they'd do it cheaper.", True),
        # less of something else than money, and the offer found cheaper
        ("We do less trade in the winter months.", False),
        ("Yours is cheaper than I expected, actually.", False),
    ],
)
def test_a_rivals_lower_price_is_a_cost_concern(line: str, concern: bool) -> None:
    u = customer_said(line)
    assert (d.concern_level(u) == 2) is concern
    assert d.worries_cost(u) is concern


def test_a_rivals_lower_price_met_with_a_staged_payment_is_handled() -> None:
    result = grade(
        "T: Hi, Jo from Keyright Locksmiths, you asked about new locks for the shop.",
        "C: Another firm quoted us a grand less for the whole lot.",
        "T: A thousand pounds is real money for a small shop, I get why that stings. What "
        "did their quote include? "
        "Ours has insurance-grade cylinders, and we can split the bill over three months.",
        "C: Right, that changes things. Three months I can manage.",
    )
    for check in ("acknowledges_concern", "explores_concern", "answers_concern"):
        assert result.verdict("objection_handling", check) == "passed", check
