"""Helplessness put on at a worry ("whatever shall we do", "how will you ever sleep
again") is mockery: the line earns no rapport or handling credit, and the call no more
than answering plainly. A question about how the customer will cope with their business,
or granting that a hidden fault is hard to see, is not."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_WORRY = (
    "T: Hi Ros, Jo from Brightside Heating.",
    "C: I'm worried the new boiler will be noisy, the bedroom's right above it.",
)
_ANSWER = "The boiler runs at thirty-eight decibels, quieter than a fridge."


def _call(opener: str) -> tuple[str, ...]:
    return (*_WORRY, f"T: {opener} {_ANSWER}".strip(), "C: Hm, okay.")


@pytest.mark.parametrize(
    "opener",
    [
        "Oh no, not the precious bedroom, whatever shall we do.",
        "A hum upstairs, how will you ever sleep again?",
        "Whatever will you do.",
        "Goodness, how could anyone possibly cope.",
    ],
)
def test_helplessness_put_on_at_a_worry_earns_nothing(opener: str) -> None:
    plain = grade(*_call(""))
    result = grade(*_call(opener))
    assert result.verdict("rapport", "courteous") == "failed"
    assert not any(
        f.kind == "strength" and f.criterion in ("rapport", "objection_handling")
        for f in result.feedback
    )
    assert result.objection_handling_score <= plain.objection_handling_score


@pytest.mark.parametrize(
    "opener",
    [
        "Noise over a bedroom is a fair worry. How will you cope while it's fitted?",
        "A noisy boiler under a bedroom, how would you ever rest?  I'd worry too.",
        "Hidden rattles, how would you ever know?",
    ],
)
def test_sincere_questions_of_coping_stay_courteous(opener: str) -> None:
    assert grade(*_call(opener)).verdict("rapport", "courteous") == "passed"
