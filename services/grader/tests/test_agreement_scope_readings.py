"""Agreement words whose scope something later in the customer's turn cuts: the step left
for an open later time or a later word of the customer's own. None of them commits the
customer to the proposed step; a yes with a time of its own, or with a later plan for
something else, still does."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_VINES = (
    "T: Hi Marco, it's Jess from Vinecare Irrigation.",
    "C: Hi Jess.",
    "T: How's the drip line coping with the dry spell?",
    "C: Half the emitters on the top block are clogged.",
    "T: Could I send a technician to flush the lines on Friday at two?",
)
_DEPOT = (
    "T: Morning Mr Botha, Thandi from Roadwise Trackers.",
    "C: Morning.",
    "T: How do you keep tabs on the bakkies at the moment?",
    "C: Phone calls, and half the time the drivers don't answer.",
    "T: Can I come demo the tracker at your depot on Monday at eight?",
)
_SPRING = (
    *_VINES[:4],
    "T: Could I send a technician to replace the lines in the spring, before budburst?",
)


def _commits(call: tuple[str, ...], reply: str) -> bool:
    result = grade(*call, f"C: {reply}", "T: Great, I'll text you the details.")
    assert result.verdict("closing", "proposes_next_step") == "passed"
    return result.commitment_secured and result.verdict("closing", "commitment") == "passed"


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        pytest.param(_DEPOT, "Ok boss, next time.", id="next-time"),
        pytest.param(_DEPOT, "Ja, sure. Maybe in the new year, hey.", id="new-year"),
        pytest.param(
            _VINES, "Sounds great in principle. Ask me again after vintage.", id="vintage"
        ),
        pytest.param(
            _VINES, "No worries, but hold that thought till after harvest.", id="hold-thought"
        ),
        pytest.param(
            _VINES, "Sounds good, eh. Call me back in a couple of months.", id="call-back-months"
        ),
        pytest.param(_VINES, "Yeah fab, give us a bell after the summer.", id="bell-summer"),
        pytest.param(_DEPOT, "Yes, in another life maybe.", id="another-life"),
        pytest.param(_DEPOT, "Perfect, I'll keep you posted.", id="keep-posted"),
        pytest.param(_DEPOT, "Yes, definitely, we'll revert.", id="revert"),
        pytest.param(_DEPOT, "Sounds fab. I'll keep your number.", id="keep-number"),
        pytest.param(_DEPOT, "Yes, totally. I'll bear it in mind.", id="bear-in-mind"),
        pytest.param(_DEPOT, "Sure, sure, I'll contact you when we're ready.", id="when-ready"),
    ],
)
def test_agreement_that_leaves_the_step_for_later_commits_nobody(
    call: tuple[str, ...], reply: str
) -> None:
    assert not _commits(call, reply)


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        pytest.param(_DEPOT, "Yes, but make it next week.", id="changed-time"),
        pytest.param(_DEPOT, "Yes please, and next time bring a spare unit.", id="next-time-do"),
        pytest.param(_DEPOT, "Sure, I'll call you when I'm on my way in.", id="on-my-way"),
        pytest.param(_DEPOT, "Fine, I'll call you if anything changes.", id="if-changes"),
        pytest.param(
            _DEPOT,
            "Sounds good. I'll bear it in mind that he needs parking, I'll clear a space.",
            id="bear-detail",
        ),
        pytest.param(
            _VINES, "Sure, and in a few months we'll talk about the bottom block.", id="other-later"
        ),
        pytest.param(
            _VINES, "Yes, Friday at two. We'll do the lower block in the spring.", id="time-kept"
        ),
        pytest.param(_SPRING, "Yes, in the spring, before budburst.", id="proposal-spring"),
        pytest.param(_SPRING, "Sure, come the spring then.", id="proposal-spring-come"),
    ],
)
def test_a_yes_with_a_later_word_of_its_own_stays_a_yes(call: tuple[str, ...], reply: str) -> None:
    assert _commits(call, reply)


# --------------------------------------------------------------------------- something else

_OVEN = (
    "T: Hello Mrs Adeyemi, Kofi from Brightoven Servicing.",
    "C: Hello, yes?",
    "T: How are the deck ovens holding up?",
    "C: The middle one burns the bottom of every loaf.",
    "T: That sounds like a failing element. Can our engineer come and test it on Tuesday at nine?",
)
_SEND_LIST = (*_OVEN[:4], "T: Shall I email you our price list for new elements?")


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        pytest.param(_OVEN, "Happy to hear more, by email, not a visit.", id="not-a-visit"),
        pytest.param(
            _OVEN, "Happy to hear more. Send me an email rather than coming out.", id="rather-than"
        ),
        pytest.param(_OVEN, "Yes, send me a brochure instead.", id="brochure-instead"),
        pytest.param(_OVEN, "Yes please, just email me the price list.", id="price-list"),
        pytest.param(
            _OVEN, "Absolutely, love that. Can you just post me a sample instead?", id="sample"
        ),
        pytest.param(_DEPOT, "Okay, kindly share the quotation on mail.", id="quotation-on-mail"),
        pytest.param(_DEPOT, "Yes, do the needful and send the brochure.", id="needful"),
    ],
)
def test_agreement_to_something_else_in_place_of_the_step_commits_nobody(
    call: tuple[str, ...], reply: str
) -> None:
    assert not _commits(call, reply)


@pytest.mark.parametrize(
    ("call", "reply"),
    [
        pytest.param(_OVEN, "Yes, that's fine. Just email me a confirmation.", id="confirmation"),
        pytest.param(_OVEN, "Yes, Tuesday at nine. Send me the engineer's name.", id="name"),
        pytest.param(_OVEN, "Sure, and send me the brochure too.", id="as-well"),
        pytest.param(_OVEN, "Sounds good. Send me a text when he's on his way.", id="text-on-way"),
        pytest.param(_OVEN, "Yes please. Email me to confirm.", id="email-to-confirm"),
        pytest.param(_DEPOT, "Okay, come, not a problem.", id="not-a-problem"),
        pytest.param(_SEND_LIST, "Yes please, just email me the price list.", id="sending-step"),
    ],
)
def test_a_yes_with_the_bookings_paperwork_stays_a_yes(call: tuple[str, ...], reply: str) -> None:
    assert _commits(call, reply)


# --------------------------------------------------------------------------- the next line


def _commits_then(call: tuple[str, ...], trainee: str, after: str) -> bool:
    result = grade(*call, "C: Sounds good.", trainee, f"C: {after}")
    return result.commitment_secured and result.verdict("closing", "commitment") == "passed"


_SET_DOWN = "T: Great, Monday at eight, see you at the depot."
_ASKS = "T: Great, Monday at eight. Is there anything else I can help with?"


@pytest.mark.parametrize(
    ("trainee", "after"),
    [
        pytest.param(_SET_DOWN, "Actually, no, let's leave it for now.", id="actually-no"),
        pytest.param(_SET_DOWN, "On second thoughts, I'll let you know.", id="second-thoughts"),
        pytest.param(_SET_DOWN, "Maybe some other time, though.", id="other-time"),
        pytest.param(_SET_DOWN, "Actually just email me the prices, no visit.", id="email-instead"),
        pytest.param(
            _SET_DOWN, "Come to think of it, I'll need to ask the owner first.", id="ask-owner"
        ),
        pytest.param(_ASKS, "Actually mate, give us a bell after the audit instead.", id="asked"),
    ],
)
def test_a_yes_taken_back_in_the_next_line_commits_nobody(trainee: str, after: str) -> None:
    assert not _commits_then(_DEPOT, trainee, after)


@pytest.mark.parametrize(
    ("trainee", "after"),
    [
        pytest.param(_SET_DOWN, "Actually, can he come in through the side gate?", id="gate"),
        pytest.param(_SET_DOWN, "Actually, I'll be at the back depot, not the front.", id="back"),
        pytest.param(_SET_DOWN, "I'll let you know if he can't get in.", id="if-cannot"),
        pytest.param(
            _SET_DOWN, "Actually, one thing: no parking out front, use the lane.", id="parking"
        ),
        pytest.param(_ASKS, "Actually, no, that's all, thanks.", id="answers-question"),
        pytest.param(_ASKS, "No, that's everything.", id="no-more"),
    ],
)
def test_a_practical_next_line_keeps_the_yes(trainee: str, after: str) -> None:
    assert _commits_then(_DEPOT, trainee, after)
