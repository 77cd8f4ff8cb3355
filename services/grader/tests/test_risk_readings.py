"""A risk put as a question — what becomes of the customer if the offer fails them ("What
if it breaks down over a weekend?") — is an objection, though asked: the condition names
a failure or a loss. A question about the offer's terms or options ("What if we want a
second site later?") or about the day ("What if it rains?") is none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "What if it breaks down and we're stuck?",
        # written for the rule, several trades
        "What happens if the van breaks down and we've no cover?",
        "Suppose the till software crashes on a Saturday, what then?",
        "What if the machine packs up in the middle of service?",
        "What if the tiles crack and we're left with the mess?",
        "What happens if your engineer can't get here for a week?",
        "And if it all goes pear-shaped?",
        "Suppose it doesn't take, what then?",
        "What if the lads don't turn up?",
        "What if the crew don't roll up on the day?",
    ],
)
def test_a_risk_asked_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "What if we want to add a second site later?",
        "What happens if I need extra deliveries?",
        "What if we like it?",
        "What happens next?",
        "What if it rains on the day?",
        "Say we go for the bigger one, how long does it take?",
        "What if I'm not in when you deliver?",
        "What happens to the old boiler?",
        "What if we paid yearly, is it cheaper?",
    ],
)
def test_a_question_about_the_offer_raises_no_concern(line: str) -> None:
    assert not d.is_concern(customer_said(line))


_OPENING = (
    "C: Hello, Patel's Pharmacy.",
    "T: Hi, it's Jo from CoolSafe. We supply vaccine fridges with remote alarms. "
    "Could I tell you about them?",
    "C: What if it breaks down over a bank holiday and we lose the whole stock?",
)


def test_a_risk_asked_and_left_is_an_objection_unhandled() -> None:
    result = grade(*_OPENING, "T: Our fridges are the best on the market. Shall I book a demo?")
    assert result.verdict("objection_handling", "acknowledges_concern") == "failed"


def test_a_risk_asked_and_taken_up_is_acknowledged() -> None:
    result = grade(
        *_OPENING,
        "T: That's a fair worry, losing the stock would be awful. How long are you "
        "usually closed over a bank holiday?",
        "C: Three days at most.",
    )
    assert result.verdict("objection_handling", "acknowledges_concern") == "passed"
    assert result.verdict("objection_handling", "explores_concern") == "passed"
