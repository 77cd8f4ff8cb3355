"""A reply that argues the concern away in its own words neither recognises nor answers it.

"It's not costly at all", "that's very unlikely, we hardly ever crack a tile", "honestly,
a leak is nothing to worry about": a negation or a word of rarity put before the
customer's own word for what they fear denies or shrinks it. Such a sentence earns no
acknowledgement, and no answer unless it gives a figure (the next statement may still say
why). A negation that takes the customer's side ("You don't want a leak over the bedroom")
or says back what the customer denied themselves is no argument. Written for these tests,
not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from .support import SOLAR_WORRY, grade

pytestmark = pytest.mark.unit

CLEANING_PRICE = (
    "T: Good morning, Bisi from SparkleClean, about the office cleaning quote.",
    "C: Your price is too costly for us, honestly.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "Honestly, a leak is nothing to worry about, panels hardly ever leak.",
        "Nah, that's very unlikely, our panels hardly ever leak.",
    ],
)
def test_a_leak_argued_away_is_neither_recognised_nor_answered(reply: str) -> None:
    result = grade(*SOLAR_WORRY, f"T: {reply}", "C: Hmm.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"
    assert result.verdict("objection_handling", "answers_concern") != "passed"


def test_a_price_denied_in_the_customers_word_is_not_recognised() -> None:
    result = grade(
        *CLEANING_PRICE, "T: It is not costly at all, our price is very fair.", "C: Hmm."
    )
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"
    assert result.verdict("objection_handling", "answers_concern") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "A leak over the bedroom is the last thing you want with an old roof.",
        "You don't want a leak over the bedroom, fair enough.",
        "Leaks are a real worry with an old roof, I get that.",
    ],
)
def test_a_negation_on_the_customers_side_still_recognises_it(reply: str) -> None:
    result = grade(*SOLAR_WORRY, f"T: {reply}", "C: Okay.")
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


def test_a_price_denied_with_a_figure_still_answers() -> None:
    result = grade(
        *CLEANING_PRICE,
        "T: It's not that costly spread out, it comes to forty pounds a month over two years.",
        "C: Okay.",
    )
    assert result.verdict("objection_handling", "answers_concern") == "passed"


# ------------------------------------------ the fear made small, in the customer's word

_NURSERY_WORRY = (
    "T: Hi, Mel from Little Acorns Nursery, about a place for your daughter.",
    "C: I'm worried about the risk of her catching every bug going off the other children.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "The risk really is tiny, honestly.",
        "Honestly, the risk's negligible at her age.",
        "It's a tiny risk, I promise.",
        "The chances of that risk are slim, and the risk is minimal anyway.",
    ],
)
def test_the_customers_fear_called_small_is_not_recognised(reply: str) -> None:
    result = grade(*_NURSERY_WORRY, f"T: {reply}", "C: Hmm.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"
    assert result.verdict("objection_handling", "answers_concern") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        # a size the customer said first is theirs said back, not the fear shrunk
        "T: The small print on those plans does trip people up, I get why you're wary.",
        # small said of something else than what they fear
        "T: Bugs going round the children is a real worry, so we keep the groups small.",
    ],
)
def test_a_size_word_not_said_of_the_fear_still_recognises_it(reply: str) -> None:
    concern = (
        "C: I'm worried the small print on these plans catches people out."
        if "print" in reply
        else _NURSERY_WORRY[1]
    )
    result = grade(_NURSERY_WORRY[0], concern, reply, "C: Okay.")
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


def test_the_fear_called_small_with_a_figure_still_answers() -> None:
    result = grade(
        *_NURSERY_WORRY,
        "T: The risk is low, only 2 of our 40 children caught a bug last winter.",
        "C: Okay.",
    )
    assert result.verdict("objection_handling", "answers_concern") == "passed"


# ------------------------------------- stock sympathy, then the concern argued away

_PLAN_WORRY = (
    "T: Hi Mr Osei, Lou from Brightsmile Dental Plans, about cover for the family.",
    "C: I'm not sure, the small print on these plans always catches people out.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "T: I understand your concern. Honestly the print is standard stuff, don't worry about it.",
        "T: I hear you. That's really very unlikely, mate.",
        "T: Fair enough. Never mind the print, the plan is what matters.",
    ],
)
def test_stock_sympathy_then_the_concern_argued_away_recognises_nothing(reply: str) -> None:
    result = grade(*_PLAN_WORRY, reply, "C: Hmm, we'll see.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Fair enough. Getting caught out by small print is no joke.",
        # a negation on the customer's side
        "T: I understand. It's not nice being caught out by small print you never saw.",
    ],
)
def test_stock_sympathy_then_meeting_the_concern_still_recognises_it(reply: str) -> None:
    result = grade(*_PLAN_WORRY, reply, "C: Okay.")
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


# ------------------------------------------- the customer's matter called lesser

_LEASE_WORRY = (
    "T: Hi, Ana from Crestline Leasing, about the lease on your two vans.",
    "C: I'm worried about the cancellation clauses in your contract.",
)
_WORKTOP_WORRY = (
    "T: Hi, Jo from Fernwood Kitchens, about the new worktops.",
    "C: I've always had wooden worktops and I'm nervous about going to quartz.",
)


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        (_LEASE_WORRY, "T: Those clauses are mostly boilerplate, nobody ever enforces them."),
        (_LEASE_WORRY, "T: Honestly the cancellation clauses are basically standard wording."),
        (_WORKTOP_WORRY, "T: Wooden worktops are a bit old-fashioned now, quartz is in."),
        (_WORKTOP_WORRY, "T: Wooden worktops are rather outdated these days."),
    ],
)
def test_the_customers_matter_called_lesser_is_not_recognised(
    call: tuple[str, str], reply: str
) -> None:
    result = grade(*call, reply, "C: Hmm, we'll see.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        (_LEASE_WORRY, "T: Checking the cancellation clauses first is only natural."),
        (_WORKTOP_WORRY, "T: Wooden worktops are lovely, I can see why you'd hesitate."),
    ],
)
def test_the_customers_matter_granted_still_recognises_it(
    call: tuple[str, str], reply: str
) -> None:
    result = grade(*call, reply, "C: Okay.")
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


# ----------------------------------------------- the customer's fear called rare

_ROOF_WORRY = (
    "T: Hi, Raj from Greenfix Roofing, about your flat roof.",
    "C: I'm worried the new membrane will crack in a hard frost like the last one did.",
)


@pytest.mark.parametrize(
    "reply",
    [
        "T: Look, frost damage is pretty rare these days.",
        "T: Honestly, a membrane cracking is really uncommon now.",
    ],
)
def test_the_customers_fear_called_rare_is_not_recognised(reply: str) -> None:
    result = grade(*_ROOF_WORRY, reply, "C: Hmm, we'll see.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"


def test_a_frost_crack_said_back_is_still_recognised() -> None:
    result = grade(
        *_ROOF_WORRY,
        "T: A roof cracking after one hard frost is a rotten thing to go through.",
        "C: It was.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


# ---------------------------------------- a grant taken back by "but" and a pitch


@pytest.mark.parametrize(
    "reply",
    [
        "T: I get that, but our membranes are the best on the market.",
        "T: I hear you, but we offer the leading membrane in the country.",
    ],
)
def test_a_grant_taken_back_for_a_pitch_recognises_nothing(reply: str) -> None:
    result = grade(*_ROOF_WORRY, reply, "C: Hmm, we'll see.")
    assert result.verdict("objection_handling", "acknowledges_concern") != "passed"


def test_a_grant_then_an_answer_to_the_frost_still_recognises_it() -> None:
    result = grade(
        *_ROOF_WORRY,
        "T: I get that, but the membrane is rated to minus thirty, so a hard frost won't touch it.",
        "C: Okay.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"


# ---------------------------------------------- a grade for the product is no answer


@pytest.mark.parametrize(
    ("reply", "answers"),
    [
        ("T: A cracked roof is miserable. Our membrane is great in frost, honestly.", False),
        ("T: A cracked roof is miserable. It's a superb membrane for a hard frost.", False),
        ("T: A cracked roof is miserable. The membrane is rated to minus thirty.", True),
        ("T: A cracked roof is miserable. If it cracks in a frost we replace it free.", True),
    ],
)
def test_a_word_of_praise_for_the_product_answers_nothing(reply: str, answers: bool) -> None:
    result = grade(*_ROOF_WORRY, reply, "C: Hmm.")
    assert (result.verdict("objection_handling", "answers_concern") == "passed") is answers
